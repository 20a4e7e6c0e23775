"""Header sections of a target table: key–value fields, the budget matrix,
goals and the 年度重点工作任务 list.  Each handler reads rows of the grid and
fills the Table; indicator blocks live in :mod:`.indicators`."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..grid import GridCell
from ..models import BudgetLine, Table, Task
from .context import TableContext, label
from ..vocabulary import fold, key

_HTML_TAG = re.compile(r"</?\s*(p|br|span|div|strong|b|i|em)\b[^>]*>", re.I)
_UNIT_IN_HEADER = re.compile(r"[(（]\s*(万元|元|千元|亿元|%|个|人|次)\s*[)）]")
_GOAL_LABEL = re.compile(r"(目标|完成情况|完成情况综述)(\(.*\))?$")
_EXEC_HEADER = re.compile(r"^(年初预算数|全年预算数|全年执行数|预算数|执行数|调整后预算数|实际支出数|分值|执行率|得分)")


def clean_goal(text: str) -> str:
    """Goal text without HTML fragments such as ``<p>``."""
    return _HTML_TAG.sub("", text).strip()


def header_unit(text: str) -> Optional[str]:
    """``预算金额(万元)`` → ``万元``."""
    m = _UNIT_IN_HEADER.search(fold(text))
    return m.group(1) if m else None


# --------------------------------------------------------------------------- fields

def is_money_key(ctx: TableContext, k: str) -> bool:
    return key(k) in ctx.vocab.money_keys or bool(re.search(r"金额|资金|预算数", key(k)))


def read_fields_row(ctx: TableContext, table: Table, cells: list[GridCell]) -> None:
    """``label | value | label | value`` (optionally after a group label such as 实施期限)."""
    vocab = ctx.vocab
    texts = [c.text.strip() for c in cells]
    group = ""
    i = 0
    known = [key(t) in vocab.field_keys for t in texts]
    if cells and (key(texts[0]) in vocab.field_groups
                  or (len(cells) % 2 == 1 and len(cells) > 1 and known[1])):
        group = label(texts[0])
        ctx.use(cells[0])
        i = 1
    while i < len(cells):
        k_cell = cells[i]
        v_cell = cells[i + 1] if i + 1 < len(cells) and not known[i + 1] else None
        k = label(k_cell.text)
        v = v_cell.text.strip() if v_cell is not None else ""
        table.fields[k] = v
        ctx.use(k_cell, v_cell)
        if v_cell is not None and (is_money_key(ctx, k) or _is_money_text(v)):
            table.budget.append(BudgetLine(group=group, item=k, amount=ctx.value(v_cell),
                                           provenance=ctx.provenance(k_cell, v_cell)))
        i += 2 if v_cell is not None else 1


def _is_money_text(v: str) -> bool:
    f = fold(v)
    return bool(re.fullmatch(r"[\d.,]+(万|亿|千)?元", f))


# --------------------------------------------------------------------------- budget matrix

@dataclass
class BudgetMatrix:
    """A 预算整体情况 block: sub-header rows of (group, amount header) pairs, item rows below."""

    groups: list[tuple[int, str, int, Optional[str]]] = field(default_factory=list)  # (col, group, amount col, unit)
    lines: dict[tuple[int, int], list[BudgetLine]] = field(default_factory=dict)
    block: int = -1
    unit: Optional[str] = None          # from the block label: 项目资金(万元)
    columns: list[tuple[int, str]] = field(default_factory=list)  # execution matrix: (col, header)

    def header_row(self, ctx: TableContext, cells: list[GridCell]) -> bool:
        execs = [c for c in cells if _EXEC_HEADER.match(key(c.text))]
        if len(execs) >= 2:
            # 预算执行 block: one column per figure (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分).
            self.block += 1
            self.groups = []
            self.columns = [(c.col, label(c.text)) for c in execs]
            ctx.use(*execs)
            return True
        heads = [c for c in cells if ctx.vocab.is_amount_header(c.text)]
        if not heads:
            return False
        self.block += 1
        self.groups = []
        for h in heads:
            left = [c for c in cells if c.col < h.col and c not in heads]
            g = left[-1] if left else None
            if g is not None:
                cells = [c for c in cells if c is not g]
            self.groups.append((g.col if g else h.col, label(g.text) if g else "", h.col, header_unit(h.text)))
            ctx.use(g, h)
        return True

    def item_row(self, ctx: TableContext, row: int) -> None:
        if self.columns:
            cells = ctx.origin_cells(row)
            first_col = min(c for c, _ in self.columns)
            items = [c for c in cells if c.col < first_col]
            item = items[-1] if items else None
            ctx.use(item)
            for gi, (col, header) in enumerate(self.columns):
                c = ctx.grid.slot(row, col)
                if c is None or c.row != row or c is item or not c.text.strip():
                    continue  # no figure in this column (a blank, or a merged cell from above)
                ctx.use(c)
                hint = None if re.search(r"分值|得分|率", header) else (header_unit(header) or self.unit)
                line = BudgetLine(group=header, item=label(item.text) if item else "",
                                  amount=ctx.value(c, unit_hint=hint), provenance=ctx.provenance(item, c))
                self.lines.setdefault((self.block, gi), []).append(line)
            return
        for gi, (gcol, group, acol, unit) in enumerate(self.groups):
            item = ctx.grid.slot(row, gcol)
            amount = ctx.grid.slot(row, acol)
            if item is not None and item.row != row:
                item = None
            if amount is not None and (amount.row != row or amount is item):
                amount = None
            if item is None and amount is None:
                continue
            if item is None:
                ctx.warn("orphan_amount", f"amount “{amount.text}” has no item label", cell=amount)
            ctx.use(item, amount)
            line = BudgetLine(group=group, item=label(item.text) if item else "",
                              amount=ctx.value(amount, unit_hint=unit), provenance=ctx.provenance(item, amount))
            self.lines.setdefault((self.block, gi), []).append(line)

    def flush(self, table: Table) -> None:
        for k in sorted(self.lines):
            table.budget.extend(self.lines[k])
        self.lines.clear()


# --------------------------------------------------------------------------- goals

@dataclass
class Goals:
    """总体绩效目标: text beside the label, or sub-labels with their texts in the row below."""

    label: str = ""
    sublabels: list[tuple[int, int, str]] = field(default_factory=list)  # (col, last col, label)

    def start(self, ctx: TableContext, table: Table, label_cell: GridCell, cells: list[GridCell]) -> None:
        self.label = label(label_cell.text)
        self.sublabels = []
        ctx.use(label_cell)
        subs = [c for c in cells if len(key(c.text)) <= 30 and _GOAL_LABEL.search(key(c.text))]
        if subs and len(subs) == len(cells):
            for c in subs:
                lab = label(c.text)
                self.sublabels.append((c.col, c.col + c.colspan - 1, lab))
                table.goals.setdefault(lab, "")
                ctx.use(c)
            return
        self.add_text(ctx, table, cells)

    def add_text(self, ctx: TableContext, table: Table, cells: list[GridCell]) -> None:
        for c in cells:
            target = self.label
            if self.sublabels:
                target = self._sublabel_for(c)
            text = clean_goal(c.text)
            prev = table.goals.get(target, "")
            table.goals[target] = f"{prev}\n{text}" if prev else text
            ctx.use(c)

    def _sublabel_for(self, c: GridCell) -> str:
        lo, hi = c.col, c.col + c.colspan - 1
        best = None
        for col, last, lab in self.sublabels:
            if col <= hi and lo <= last:  # overlapping columns
                return lab
            if col <= lo:
                best = lab
        return best or self.sublabels[0][2]


# --------------------------------------------------------------------------- tasks

@dataclass
class Tasks:
    """年度重点工作任务: a header row naming the columns, one task per row below."""

    columns: dict[str, tuple[int, Optional[str]]] = field(default_factory=dict)  # role → (col, unit)
    others: dict[int, str] = field(default_factory=dict)  # col → header of a column with no Task field

    def header(self, ctx: TableContext, cells: list[GridCell]) -> bool:
        cols = {}
        others = {}
        for c in cells:
            role = ctx.vocab.task_role(c.text)
            if role and role not in cols:
                cols[role] = (c.col, header_unit(c.text))
            else:
                others[c.col] = label(c.text)
        if "name" not in cols or len(cols) < 2:
            return False
        self.columns, self.others = cols, others
        ctx.use(*cells)
        return True

    def row(self, ctx: TableContext, table: Table, row: int) -> None:
        def get(role: str) -> Optional[GridCell]:
            if role not in self.columns:
                return None
            c = ctx.grid.slot(row, self.columns[role][0])
            return c if c is not None and c.row == row and c.text.strip() else None

        name = get("name")
        content, amount, expected = get("content"), get("amount"), get("expected")
        extra_cells = {h: ctx.grid.slot(row, col) for col, h in self.others.items()}
        extra = {h: c.text.strip() for h, c in extra_cells.items() if c is not None and c.text.strip()}
        if not any((name, content, amount, expected)):
            return
        ctx.use(name, content, amount, expected, *[c for c in extra_cells.values() if c is not None])
        unit = self.columns.get("amount", (0, None))[1]
        table.tasks.append(Task(
            name=name.text.strip() if name else "",
            content=content.text.strip() if content else "",
            amount=ctx.value(amount, unit_hint=unit) if "amount" in self.columns else None,
            expected=expected.text.strip() if expected else "",
            extra=extra,
            provenance=ctx.provenance(name, content, amount, expected),
        ))
