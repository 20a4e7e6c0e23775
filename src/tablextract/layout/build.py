"""The Indicator builder: the cells picked for one indicator → an :class:`Indicator` with typed values."""
from __future__ import annotations

from typing import Optional

from ..grid import GridCell as Cell
from ..models import Indicator, IndicatorProvenance
from ..normalizers.values import comparator_read_as_digits, unit_from_name
from .columns import VALUE_ROLES, Columns
from .context import TableContext, label
from ..vocabulary import key, strip_echoes


def split_number(ctx: TableContext, text: str) -> tuple[str, Optional[int]]:
    """``指标1: 工业增加值`` → (``工业增加值``, 1)."""
    m = ctx.vocab.pattern("indicator_number").match(text)
    if not m:
        return text.strip(), None
    return text[m.end():].strip(), int(m.group(1))


def build_indicator(ctx: TableContext, cols: Columns, row: int, picked: dict[str, Cell],
                    levels: tuple[Optional[Cell], Optional[Cell]], realigned: bool,
                    block_label: Optional[str]) -> Indicator:
    """One Indicator from its picked cells (role → cell; ``extra:<col>`` for other columns)."""
    level1, level2 = levels
    name_cell = picked.get("name")
    name, number = split_number(ctx, strip_echoes(name_cell.text)) if name_cell else ("", None)
    hint = _unit_hint(ctx, cols, row, name)
    l1 = level1.text.strip() if level1 else ""
    l2 = level2.text.strip() if level2 else ""
    ind = Indicator(
        level1=label(l1), level2=label(l2),
        level1_canonical=ctx.vocab.level1_canonical(l1), level2_canonical=ctx.vocab.level2_canonical(l2),
        name=name, number=number,
    )
    cells_prov: dict[str, list[list[int]]] = {}
    for role, c in (("level1", level1), ("level2", level2)):
        if c is not None:
            cells_prov[role] = [ctx.coord(c)]
    for role, c in picked.items():
        ctx.use(c)
        cells_prov[role.split(":")[0] if role.startswith("extra") else role] = [ctx.coord(c)]
        if role == "name":
            continue
        head = cols.header(c.col, role)
        if role.startswith("twin_"):
            primary = {"twin_level1": l1, "twin_level2": l2, "twin_name": name_cell.text if name_cell else ""}
            if label(c.text) != label(primary[role]):
                ind.extra[head] = c.text.strip()
            continue
        if role in VALUE_ROLES:
            # The comparator and unit columns stand with the target; an actual is read as written.
            target = role != "actual"
            own = hint if target else (unit_from_name(name) if name else None)
            setattr(ind, role, _value(ctx, cols, row, c, own, name, levels, target))
        elif role == "weight" or role == "score":
            v = ctx.value(c)
            setattr(ind, role, v.value if v.kind == "number" else None)
            if v.kind != "number":
                ind.extra[head] = c.text.strip()
        elif role == "direction":
            ind.direction = ctx.vocab.direction_of(c.text)  # type: ignore[assignment]
            ind.extra[head] = c.text.strip()
        else:
            ind.extra[head] = c.text.strip()
    has_columns = set(cols.roles.values())
    for role in VALUE_ROLES:
        if role in has_columns and getattr(ind, role) is None:
            setattr(ind, role, ctx.value(None))
    for role, other in (("value", "annual_value"), ("annual_value", "value")):
        a, b = getattr(ind, role), getattr(ind, other)
        if a is not None and b is not None and comparator_read_as_digits(a, b):
            ctx.warn("suspect_value", f"value “{a.raw}” may be “{b.raw}”'s comparator read as digits "
                                      "(OCR); kept as read", cell=picked.get(role))
    if block_label:
        ind.extra["指标类别"] = block_label
    pages = sorted({c.page for c in picked.values() if c.page is not None})
    confs = [c.confidence for c in picked.values() if c.confidence is not None]
    ind.provenance = IndicatorProvenance(pages=pages, row=ctx.src_row(row), cells=cells_prov,
                                         realigned=realigned, confidence=min(confs) if confs else None)
    return ind


def _unit_hint(ctx: TableContext, cols: Columns, row: int, name: str) -> Optional[str]:
    unit_col = cols.col_of("unit")
    if unit_col is not None:
        t = ctx.slot_text(row, unit_col)
        if t:
            return t
    return unit_from_name(name) if name else None


def _value(ctx: TableContext, cols: Columns, row: int, c: Cell, hint: Optional[str], name: str,
           levels: tuple[Optional[Cell], Optional[Cell]] = (None, None), with_comparator: bool = True):
    comp_col = cols.col_of("comparator") if with_comparator else None
    text = c.text.strip()
    if comp_col is not None:
        comp = ctx.slot_text(row, comp_col)
        if comp and key(comp) not in ctx.vocab.block_words("comparator_kinds") and not text.startswith(comp):
            text = comp + text
    labels = [x.text for x in levels if x is not None] + [cols.header(c.col, "")]
    v = ctx.value(c, unit_hint=hint, name=name, text=text, header=" ".join(labels))
    if text != c.text.strip():
        v = v.model_copy(update={"raw": c.text.strip()})
    return v
