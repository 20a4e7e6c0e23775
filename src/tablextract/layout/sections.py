"""Header sections of a target table: key–value fields, the budget matrix,
goals and the 年度重点工作任务 list.  Each handler reads rows of the grid and
fills the Table; indicator blocks live in :mod:`.indicators`."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..grid import GridCell
from ..models import BudgetLine, Table, Task
from ..normalizers.values import parse_value
from .context import TableContext, field_key, label
from ..vocabulary import Vocabulary, fold, key, strip_echoes

_HTML_TAG = re.compile(r"</?\s*(p|br|span|div|strong|b|i|em)\b[^>]*>", re.I)  # markup, not domain words


def clean_goal(text: str) -> str:
    """Goal text without HTML fragments such as ``<p>`` or pinyin echoes (績(jī)效)."""
    return strip_echoes(_HTML_TAG.sub("", text)).strip()


def header_unit(vocab: Vocabulary, text: str) -> Optional[str]:
    """``预算金额(万元)`` → ``万元``."""
    m = vocab.header_pattern("unit_in_header").search(fold(text))
    return m.group(1) if m else None


# --------------------------------------------------------------------------- fields

def is_money_key(ctx: TableContext, k: str) -> bool:
    return key(k) in ctx.vocab.money_keys or bool(ctx.vocab.header_pattern("money_key").search(key(k)))


def _is_money_text(ctx: TableContext, v: str) -> bool:
    return bool(ctx.vocab.header_pattern("money_value").fullmatch(fold(v)))


_AMOUNT_KINDS = ("number", "range", "empty", "change")


@dataclass
class _Pair:
    """One key and its value, from two cells or from one ``key：amount`` cell."""

    key_cell: GridCell
    value_cell: Optional[GridCell]
    key: str
    value: str


def _pairs(ctx: TableContext, cells: list[GridCell]) -> tuple[Optional[GridCell], list[_Pair]]:
    """A fields row → its group label (if any) and its key/value pairs, read by position.

    Empty cells count: ``其他资金 | (blank)`` is a key with an empty value, not a key that takes the next
    row's text.  A cell holding ``其中：财政拨款：80万元`` is a pair by itself.
    """
    vocab = ctx.vocab
    in_cell = vocab.header_pattern("pair_in_cell")
    texts = [c.text.strip() for c in cells]
    known = [key(t) in vocab.field_keys for t in texts]
    filled = [i for i, t in enumerate(texts) if t]
    group = None
    start = 0
    if filled and (key(texts[filled[0]]) in vocab.field_groups
                   or (len(cells) % 2 == 1 and len(cells) > 1 and known[1] and not known[0])):
        group, start = cells[filled[0]], filled[0] + 1
    pairs: list[_Pair] = []
    i = start
    in_cells = [in_cell.match(t) if t and not known[n] else None for n, t in enumerate(texts)]
    while i < len(cells):
        c, t = cells[i], texts[i]
        if not t:
            i += 1
            continue
        m = in_cells[i]
        if m:
            pairs.append(_Pair(c, c, m.group("key"), m.group("value").strip()))
            i += 1
            continue
        if i + 1 < len(cells) and in_cells[i + 1]:
            if group is None and not pairs:  # 年度预算 | 其中：一般公共预算：1873.66万元 | …
                group = c
            else:
                pairs.append(_Pair(c, None, t, ""))
            i += 1
            continue
        v = cells[i + 1] if i + 1 < len(cells) and not known[i + 1] else None
        # On an exact grid, blank slots after a key are its (empty) value, whether or not the format
        # holds a cell there; a text export's columns may be shifted, so there the next text is the value.
        gap = ctx.grid.exact and (i + 1 >= len(cells) or cells[i + 1].col > c.col + c.colspan)
        if gap:
            pairs.append(_Pair(c, c, t, ""))  # key with an empty value
            i += 1
            continue
        pairs.append(_Pair(c, v, t, texts[i + 1] if v is not None else ""))
        i += 2 if v is not None else 1
    return group, pairs


def read_fields_row(ctx: TableContext, table: Table, cells: list[GridCell], *, group: str = "",
                    unit: Optional[str] = None, money_block: bool = False) -> None:
    """``label | value | label | value`` (optionally after a group label such as 实施期限).

    Every pair goes to ``fields``; a money pair (its key, its value, or the block it stands in says so)
    also gives a BudgetLine whose unit comes from the key's own ``(万元)``, else the block's, else the
    table's ``单位：万元`` caption.
    """
    cells = [c for c in cells if c.text.strip()] if not ctx.grid.exact else cells
    g_cell, pairs = _pairs(ctx, cells)
    if g_cell is not None:
        group = label(g_cell.text)
        ctx.use(g_cell)
    for p in pairs:
        k = field_key(ctx.vocab, p.key)
        table.fields[k] = p.value
        ctx.use(p.key_cell, p.value_cell)
        if p.value_cell is None and not money_block:
            continue
        if not (money_block or is_money_key(ctx, p.key) or _is_money_text(ctx, p.value)):
            continue
        hint = header_unit(ctx.vocab, p.key) or unit or ctx.money_unit
        if not money_block and parse_value(p.value, unit_hint=hint).kind not in _AMOUNT_KINDS:
            continue  # 专项资金名称 | 县级储备粮: a money word in the key, but no amount
        # Inside a money block every value is an amount, a damaged one too (unparsed, with its warning).
        table.budget.append(BudgetLine(group=group, item=k,
                                       amount=ctx.value(p.value_cell, unit_hint=hint, text=p.value),
                                       provenance=ctx.provenance(p.key_cell, p.value_cell)))


# --------------------------------------------------------------------------- budget matrix

@dataclass
class BudgetMatrix:
    """A budget block: a matrix (预算整体情况; a self-evaluation 预算执行 block) or key/value rows.

    A matrix has a header row — (group, amount header) pairs, or one column per figure (年初预算数 |
    全年预算数 | 全年执行数 | 分值 | 执行率 | 得分) — and item rows below; a block without such a row
    (``资金情况(万元) | 年度资金总额： | 10`` over ``其中：财政拨款 | 10``) is read as key/value pairs.
    """

    groups: list[tuple[int, str, int, Optional[str]]] = field(default_factory=list)  # (col, group, amount col, unit)
    lines: dict[tuple[int, int], list[BudgetLine]] = field(default_factory=dict)
    block: int = -1
    label: str = ""                     # the block label: 资金情况(万元)
    unit: Optional[str] = None          # from the block label: 项目资金(万元)
    columns: list[tuple[int, str]] = field(default_factory=list)  # execution matrix: (col, header)

    def start(self, ctx: TableContext, table: Table, label_cell: GridCell, rest: list[GridCell]) -> None:
        """A row whose first cell names the block; the rest is a header row or the first pairs."""
        ctx.use(label_cell)
        self.label = label(label_cell.text)
        self.unit = header_unit(ctx.vocab, label_cell.text)
        self.groups, self.columns = [], []
        self.row(ctx, table, rest)

    def row(self, ctx: TableContext, table: Table, cells: list[GridCell]) -> None:
        """A row inside the block: a (further) header row, an item row of the matrix, or pairs."""
        if not [c for c in cells if c.text.strip()]:
            return
        if self.header_row(ctx, cells):
            return
        if self.groups or self.columns:
            self.item_row(ctx, cells[0].row)
        else:
            read_fields_row(ctx, table, cells, group=self.label, unit=self.unit, money_block=True)

    def header_row(self, ctx: TableContext, cells: list[GridCell]) -> bool:
        execs = [c for c in cells if ctx.vocab.header_pattern("execution_header").match(key(c.text))]
        if len(execs) >= 2:
            self.block += 1
            self.groups = []
            self.columns = [(c.col, label(c.text)) for c in execs]
            corner = [c for c in cells if c.col < execs[0].col and c.text.strip()]
            for c in corner:  # 预算资金（万元） standing in the header row itself
                self.unit = header_unit(ctx.vocab, c.text) or self.unit
            ctx.use(*execs, *corner)
            return True
        heads = [c for c in cells if ctx.vocab.is_amount_header(c.text)]
        if not heads:
            return False
        self.block += 1
        self.groups = []
        for h in heads:
            left = [c for c in cells if c.col < h.col and c not in heads and c.text.strip()]
            g = left[-1] if left else None
            if g is not None:
                cells = [c for c in cells if c is not g]
            self.groups.append((g.col if g else h.col, label(g.text) if g else "", h.col,
                                header_unit(ctx.vocab, h.text)))
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
                if c is not None and (c.row != row or c is item):
                    continue  # a merged cell from above
                ctx.use(c)
                # An empty or placeholder cell is a line too (a format may hold no cell there at all).
                not_money = ctx.vocab.header_pattern("not_money_header").search(header)
                hint = None if not_money else (header_unit(ctx.vocab, header) or self.unit or ctx.money_unit)
                line = BudgetLine(group=header, item=field_key(ctx.vocab, item.text) if item else "",
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
            line = BudgetLine(group=group, item=field_key(ctx.vocab, item.text) if item else "",
                              amount=ctx.value(amount, unit_hint=unit or self.unit or ctx.money_unit),
                              provenance=ctx.provenance(item, amount))
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
        subs = [c for c in cells if len(key(c.text)) <= 30 and ctx.vocab.header_pattern("goal_label").search(key(c.text))]
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
                cols[role] = (c.col, header_unit(ctx.vocab, c.text))
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
