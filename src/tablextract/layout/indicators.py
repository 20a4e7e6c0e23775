"""The indicator block: header columns → roles, then one Indicator per row.

Level-1/level-2 labels are carried down (merged cells cover the rows below;
text exports leave them blank).  A row whose cells do not fit the header's
columns (shifted left or right by an export, or a label in the wrong column)
is realigned by reading its cells in order — level-1 name, level-2 name,
indicator name, then the value columns — and gets a ``realigned_row`` warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..grid import GridCell as Cell
from ..models import Indicator, IndicatorProvenance, Table
from ..normalizers.values import comparator_read_as_digits, parse_value, unit_from_name
from .context import TableContext, label
from ..vocabulary import key

_NUMBER_PREFIX = re.compile(r"^\s*指标\s*(\d+)\s*[:：]\s*")
VALUE_ROLES = ("value", "annual_value", "actual")
VALUE_LIKE = {"number", "range", "change", "period", "date", "deadline", "boolean"}
_GRADE = re.compile(r"^(优|良|中|差|优秀|良好|合格|不合格|一般|较好|较差|好|A|B|C|D)(\(.*\))?$")
_DIRECTION = {"正向指标": "positive", "正向": "positive", "反向指标": "negative", "反向": "negative"}


def split_number(text: str) -> tuple[str, Optional[int]]:
    """``指标1: 工业增加值`` → (``工业增加值``, 1)."""
    m = _NUMBER_PREFIX.match(text)
    if not m:
        return text.strip(), None
    return text[m.end():].strip(), int(m.group(1))


def _value_like(text: str) -> bool:
    return parse_value(text).kind in VALUE_LIKE


@dataclass
class IndicatorBlock:
    """Column roles from the header row, and the level labels carried down."""

    roles: dict[int, str] = field(default_factory=dict)      # col → role
    context: dict[int, dict[str, "Cell"]] = field(default_factory=dict)  # id(indicator) → context cells
    subtotals: list[tuple[int, list]] = field(default_factory=list)      # (row, [(header, cell)])
    last_context: dict[str, "Cell"] = field(default_factory=dict)
    block_label: Optional[str] = None  # 长期绩效指标 / 年度绩效指标 when a table has several blocks
    headers: dict[int, str] = field(default_factory=dict)    # col → header text as written
    label_cols: set[int] = field(default_factory=set)        # columns of section labels (绩效指标)
    level1: Optional[Cell] = None
    level2: Optional[Cell] = None

    # -- header ---------------------------------------------------------------
    @staticmethod
    def is_header(ctx: TableContext, cells: list[Cell]) -> bool:
        roles = [ctx.vocab.indicator_role(c.text) for c in cells]
        return "name" in roles and ("value" in roles or "level1" in roles or "annual_value" in roles)

    def read_header(self, ctx: TableContext, cells: list[Cell], below: Optional[list[Cell]] = None) -> bool:
        """Map header columns to roles; returns True when ``below`` was a sub-header row it read too."""
        roles: dict[int, str] = {}
        twin = False
        for c in cells:
            role = ctx.vocab.indicator_role(c.text)
            if ctx.vocab.section_of(c.text) == "indicators" and role is None:
                self.label_cols.update(range(c.col, c.col + c.colspan))
                ctx.use(c)
                continue
            self.headers[c.col] = label(c.text)
            ctx.use(c)
            if role == "level1" and "level1" in roles.values():
                twin = True  # a second block side by side (中期目标 | 年度目标)
            if twin and role in ("level1", "level2", "name"):
                roles[c.col] = f"twin_{role}"
            elif twin and role == "value":
                roles[c.col] = "annual_value"
            elif role is None:
                roles[c.col] = "extra"
            elif role == "context":
                roles[c.col] = role  # several context columns (单位名称, 项目名称, 预算数, 年度目标)
            elif role in roles.values() and role in ("value", "annual_value"):
                roles[c.col] = "annual_value" if role == "value" else "extra"
            elif role in roles.values():
                roles[c.col] = "extra"
            else:
                roles[c.col] = role
        # One value column per place (甲村 | 乙村 | 丙村) and no 指标值 header: the first is the value,
        # the others stay in extra.  Graded columns (优 | 良 | 中 | 差) are all extra.
        name_col = next((k for k, r in roles.items() if r == "name"), None)
        after = [k for k in sorted(roles) if name_col is not None and k > name_col]
        if name_col is not None and not any(roles[k] in VALUE_ROLES for k in after) and after \
                and roles[after[0]] == "extra" and not _GRADE.match(key(self.headers.get(after[0], ""))):
            roles[after[0]] = "value"
        self.roles = roles
        first = min(roles) if roles else 0
        self.label_cols.update(k for k in range(first) if k not in roles)
        return self._sub_header(ctx, cells, below or [])

    def _sub_header(self, ctx: TableContext, cells: list[Cell], below: list[Cell]) -> bool:
        """指标值 spanning two columns with ``2021年实际 | 2022年预期`` below: the expected one is the value."""
        if len(below) < 2:
            return False
        # A header's columns reach to the next header (text exports print a merged cell once).
        starts = sorted(c.col for c in cells)
        width = max(ctx.grid.n_cols, max((x.col + 1 for x in below), default=0))
        reach = {c.col: (starts[starts.index(c.col) + 1] if c is not cells[-1] and starts.index(c.col) + 1 < len(starts)
                         else width) for c in cells}
        spans = [c for c in cells if self.roles.get(c.col) in VALUE_ROLES and reach[c.col] - c.col > 1]
        if not spans:
            return False
        inside = lambda x: any(s.col <= x.col < reach[s.col] for s in spans)  # noqa: E731
        if not all(inside(x) for x in below):
            return False
        for s in spans:
            subs = [x for x in below if s.col <= x.col < reach[s.col]]
            target = [x for x in subs if re.search(r"预期|目标|计划|指标值|年度", key(x.text))] or subs[-1:]
            role = self.roles.pop(s.col)
            for x in subs:
                self.headers[x.col] = label(x.text)
                self.roles[x.col] = role if x is target[-1] else "extra"
            ctx.use(*subs)
        return True

    @property
    def value_cols(self) -> list[int]:
        name_col = self.col_of("name")
        return [k for k in sorted(self.roles) if name_col is not None and k > name_col]

    def col_of(self, role: str) -> Optional[int]:
        for k, r in self.roles.items():
            if r == role:
                return k
        return None

    # -- rows -----------------------------------------------------------------
    def _misaligned(self, ctx: TableContext, row: int, cells: list[Cell]) -> bool:
        vocab = ctx.vocab
        for c in cells:
            role = self.roles.get(c.col)
            text = c.text.strip()
            if role is None:
                if c.col in self.label_cols and vocab.section_of(text) == "indicators":
                    continue
                return True  # text outside the header's columns
            if vocab.section_of(text) == "indicators":
                return True  # 绩效指标 inside the block's columns: the row moved right
            if role.startswith("twin_") or role == "context":
                continue
            if role in ("level1", "level2"):
                if _NUMBER_PREFIX.match(text) or _value_like(text):
                    return True
                if role == "level1" and vocab.level2_canonical(text) and not vocab.level1_canonical(text):
                    return True
                if role == "level2" and vocab.level1_canonical(text) and not vocab.level2_canonical(text):
                    return True
            elif role == "name":
                # A full level name (…指标) is no indicator name; a bare 满意度 may well be one.
                if parse_value(text).kind in VALUE_LIKE | {"trend"} or (
                        vocab.is_level(text) and key(text).endswith("指标")):
                    return True
            elif role in VALUE_ROLES:
                if _NUMBER_PREFIX.match(text) or vocab.is_level(text):
                    return True
        # Shifted left by one: the name sits in the level-2 column, the value in the name
        # column, and the value columns are empty.
        name_col, l2_col = self.col_of("name"), self.col_of("level2")
        if name_col is not None and l2_col is not None:
            by_col = {c.col: c for c in cells}
            l2 = by_col.get(l2_col)
            values_empty = not any(c.col in self.value_cols for c in cells)
            if (values_empty and l2 is not None and name_col in by_col and max(by_col) == name_col
                    and not vocab.is_level(l2.text)):
                return True
        return False

    def read_row(self, ctx: TableContext, table: Table, row: int) -> None:
        cells = [c for c in ctx.origin_cells(row)]
        if not cells:
            return
        if self._misaligned(ctx, row, cells):
            self._read_realigned(ctx, table, row, cells)
        else:
            self._read_positional(ctx, table, row, cells)

    def _read_positional(self, ctx: TableContext, table: Table, row: int, cells: list[Cell]) -> None:
        grid = ctx.grid
        for c in cells:
            if c.col in self.label_cols:
                ctx.use(c)
        picked: dict[str, Cell] = {}
        context: dict[str, Cell] = {}
        for col, role in self.roles.items():
            c = grid.slot(row, col)
            if c is None or not c.text.strip():
                continue
            if role == "context":
                context[self.headers.get(col, "")] = c
                continue
            if role in ("level1", "level2"):
                if c.row == row and c.col == col:
                    self._set_level(ctx, role, c)
                continue
            if c.row != row and role == "name":
                continue  # a name merged over rows belongs to the first row only
            picked.setdefault(role, c) if role != "extra" else picked.setdefault(f"extra:{col}", c)
        if context and not any(r in picked for r in ("name", *VALUE_ROLES)) and \
                all(c.row == row for c in context.values()):
            # A subtotal row of a wide sheet (820-某某镇部门 | 8,827,620.53): budget, not an indicator.
            ctx.use(*context.values())
            self.subtotals.append((row, list(context.items())))
            return
        n = len(table.indicators)
        self._emit(ctx, table, row, picked, realigned=False)
        if len(table.indicators) > n and (context or self.last_context):
            ctx.use(*context.values())
            # Text exports leave merged context blank below its first row: carry it down.
            context = {**self.last_context, **context}
            self.last_context = context
            self.context[id(table.indicators[-1])] = context

    def _set_level(self, ctx: TableContext, role: str, c: Cell) -> None:
        ctx.use(c)
        if role == "level1":
            if self.level1 is None or label(self.level1.text) != label(c.text):
                self.level2 = None  # a new level-1 block starts without a level-2 name
            self.level1 = c
        else:
            self.level2 = c

    def _read_realigned(self, ctx: TableContext, table: Table, row: int, cells: list[Cell]) -> None:
        vocab = ctx.vocab
        seq = [c for c in cells if vocab.section_of(c.text) != "indicators"]
        ctx.use(*[c for c in cells if c not in seq])
        l1 = l2 = None
        name: Optional[Cell] = None
        i = 0
        while i < len(seq) and name is None:
            c = seq[i]
            t = c.text
            nxt = seq[i + 1].text if i + 1 < len(seq) else ""
            is1, is2 = vocab.level1_canonical(t) is not None, vocab.level2_canonical(t) is not None
            if _NUMBER_PREFIX.match(t):
                name = c
            elif is1 and l1 is None and l2 is None and (not is2 or vocab.is_level(nxt)):
                l1 = c
            elif is2 and l2 is None:
                l2 = c
            elif (l2 is not None and key(t) == key(l2.text)) or (l1 is not None and key(t) == key(l1.text)):
                ctx.use(c)  # the export repeated a merged label
            else:
                name = c
            i += 1
        if l1 is not None:
            self._set_level(ctx, "level1", l1)
        if l2 is not None:
            self._set_level(ctx, "level2", l2)
        picked: dict[str, Cell] = {}
        if name is not None:
            picked["name"] = name
        values = seq[i:]
        cols = self.value_cols
        for k, c in enumerate(values):
            if k < len(cols):
                role = self.roles[cols[k]]
                picked[role if role != "extra" else f"extra:{cols[k]}"] = c
            else:
                ctx.warn("unplaced_cell", f"cell “{c.text}” does not fit the indicator columns", cell=c)
        ctx.warn("realigned_row", f"row {ctx.src_row(row)}: cells shifted out of their columns were realigned",
                 row=row)
        self._emit(ctx, table, row, picked, realigned=True)

    def _emit(self, ctx: TableContext, table: Table, row: int, picked: dict[str, Cell], realigned: bool) -> None:
        name_cell = picked.get("name")
        has_values = any(r in picked for r in VALUE_ROLES)
        if name_cell is None and not has_values:
            return  # a level-2 heading with nothing after it gives no indicator
        if name_cell is None:
            ctx.warn("missing_name", f"row {ctx.src_row(row)} has values but no indicator name", row=row)
        name, number = split_number(name_cell.text) if name_cell else ("", None)
        hint = self._unit_hint(ctx, row, name)
        l1 = self.level1.text.strip() if self.level1 else ""
        l2 = self.level2.text.strip() if self.level2 else ""
        ind = Indicator(
            level1=label(l1), level2=label(l2),
            level1_canonical=ctx.vocab.level1_canonical(l1), level2_canonical=ctx.vocab.level2_canonical(l2),
            name=name, number=number,
        )
        cells_prov: dict[str, list[list[int]]] = {}
        for role, c in (("level1", self.level1), ("level2", self.level2)):
            if c is not None:
                cells_prov[role] = [ctx.coord(c)]
        has_columns = {r for r in self.roles.values()}
        for role, c in picked.items():
            ctx.use(c)
            cells_prov[role.split(":")[0] if role.startswith("extra") else role] = [ctx.coord(c)]
            if role == "name":
                continue
            if role.startswith("twin_"):
                primary = {"twin_level1": l1, "twin_level2": l2, "twin_name": name_cell.text if name_cell else ""}
                if label(c.text) != label(primary[role]):
                    ind.extra[self.headers.get(c.col, role)] = c.text.strip()
                continue
            if role in VALUE_ROLES:
                setattr(ind, role, self._value(ctx, row, c, hint, name))
            elif role == "weight" or role == "score":
                v = ctx.value(c)
                setattr(ind, role, v.value if v.kind == "number" else None)
                if v.kind != "number":
                    ind.extra[self.headers.get(c.col, role)] = c.text.strip()
            elif role == "direction":
                ind.direction = _DIRECTION.get(key(c.text))  # type: ignore[assignment]
                ind.extra[self.headers.get(c.col, role)] = c.text.strip()
            else:
                ind.extra[self.headers.get(c.col, role)] = c.text.strip()
        for role in VALUE_ROLES:
            if role in has_columns and getattr(ind, role) is None:
                setattr(ind, role, ctx.value(None))
        for role, other in (("value", "annual_value"), ("annual_value", "value")):
            a, b = getattr(ind, role), getattr(ind, other)
            if a is not None and b is not None and comparator_read_as_digits(a, b):
                ctx.warn("suspect_value", f"value “{a.raw}” may be “{b.raw}”'s comparator read as digits "
                                          "(OCR); kept as read", cell=picked.get(role))
        if self.block_label:
            ind.extra["指标类别"] = self.block_label
        pages = sorted({c.page for c in picked.values() if c.page is not None})
        confs = [c.confidence for c in picked.values() if c.confidence is not None]
        ind.provenance = IndicatorProvenance(pages=pages, row=ctx.src_row(row), cells=cells_prov,
                                             realigned=realigned, confidence=min(confs) if confs else None)
        table.indicators.append(ind)

    def _unit_hint(self, ctx: TableContext, row: int, name: str) -> Optional[str]:
        unit_col = self.col_of("unit")
        if unit_col is not None:
            t = ctx.slot_text(row, unit_col)
            if t:
                return t
        return unit_from_name(name) if name else None

    def _value(self, ctx: TableContext, row: int, c: Cell, hint: Optional[str], name: str):
        comp_col = self.col_of("comparator")
        text = c.text.strip()
        if comp_col is not None:
            comp = ctx.slot_text(row, comp_col)
            if comp and comp not in ("定性", "定量") and not text.startswith(comp):
                text = comp + text
        v = ctx.value(c, unit_hint=hint, name=name, text=text)
        if text != c.text.strip():
            v = v.model_copy(update={"raw": c.text.strip()})
        return v
