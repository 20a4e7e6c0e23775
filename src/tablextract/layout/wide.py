"""Wide sheets: 单位名称 | 项目名称 | 预算数 | 年度目标 merged down beside the indicators.

Each indicator row carries its project's context; the table is split into one
Table per project (fields, goals and the 预算数 budget line from that context),
and subtotal rows (``820-某某镇部门 | 8,827,620.53``) become budget lines.
"""
from __future__ import annotations

from typing import Optional

from ..models import BudgetLine, Table
from .context import TableContext, label
from .indicators import IndicatorBlock
from ..vocabulary import key



def money_unit(ctx: TableContext) -> Optional[str]:
    """A table's ``金额单位：元`` line (a cell of its own), marked as used."""
    for r in ctx.grid.rows():
        for c in ctx.origin_cells(r):
            m = ctx.vocab.pattern("money_unit_note").match(key(c.text))
            if m:
                ctx.use(c)
                return m.group(2)
    return None


def split_by_project(table: Table, block: IndicatorBlock, ctx: TableContext, unit: Optional[str]) -> list[Table]:
    """One Table per project of a wide sheet; the table unchanged when it has no project column."""
    if not block.context and not block.subtotals:
        return [table]
    vocab = ctx.vocab
    project_keys = vocab.block_words("project_keys")
    money, not_money = vocab.pattern("money_key"), vocab.pattern("not_money_key")
    groups: list[tuple[tuple, dict]] = []
    index: dict[tuple, int] = {}
    members: list[list] = []
    for ind in table.indicators:
        cells = block.context.get(id(ind), {})
        ident = tuple((h, c.pos) for h, c in cells.items() if key(h) in project_keys) or (("", (0, 0)),)
        if ident not in index:
            index[ident] = len(groups)
            groups.append((ident, cells))
            members.append([])
        members[index[ident]].append(ind)
    tables = []
    first_rows = []
    for (ident, cells), inds in zip(groups, members):
        t = table.model_copy(deep=True)
        t.indicators = inds
        for header, c in cells.items():
            text = c.text.strip()
            k = label(header)
            if vocab.pattern("goal_key").search(k):
                t.goals[k] = text
            else:
                t.fields[k] = text
                if money.search(k) and not not_money.search(k):
                    t.budget.append(BudgetLine(group="", item=k, amount=ctx.value(c, unit_hint=unit),
                                               provenance=ctx.provenance(c)))
        t.provenance.first_row = min((i.provenance.row for i in inds if i.provenance.row is not None),
                                     default=t.provenance.first_row)
        first_rows.append(t.provenance.first_row or 0)
        tables.append(t)
    if not tables:  # subtotal rows but no indicator row: the one table keeps them as budget lines
        tables, first_rows = [table.model_copy(deep=True)], [table.provenance.first_row or 0]
    for row, items in block.subtotals:
        money_cells = [(h, c) for h, c in items if money.search(label(h)) and not not_money.search(label(h))]
        names = [c for h, c in items if (h, c) not in money_cells]
        item = label(names[0].text) if names else ""
        # The subtotal belongs to the first project listed after it (else the last one).
        target = next((t for t, r in zip(tables, first_rows) if r > ctx.src_row(row)), tables[-1])
        for h, c in money_cells:
            target.budget.append(BudgetLine(group=label(h), item=item, amount=ctx.value(c, unit_hint=unit),
                                            provenance=ctx.provenance(*names[:1], c)))
    return tables
