"""One table region → one :class:`~tablextract.models.Table`.

Rows are read top to bottom.  A label in the first column starts a section
(fields, budget matrix, goals, tasks, indicators); rows whose first column is
blank or covered by a merged label continue the current section.  An indicator
header row switches to the indicator block for the rest of the table.
"""
from __future__ import annotations

from typing import Optional

from ..models import Table
from .context import TableContext, label
from .indicators import IndicatorBlock
from .sections import BudgetMatrix, Goals, Tasks, read_fields_row
from .segment import TableRegion, caption_unit, note_text
from .wide import money_unit, split_by_project
from ..vocabulary import key



def classify(ctx: TableContext, title: str, fields: dict[str, str], has_actual: bool) -> str:
    """Table kind from its title, then from its fields (a table with actuals is a self-evaluation)."""
    kind = ctx.vocab.table_kind(title, ())
    if kind is None and has_actual:
        return "self_evaluation"
    return kind or ctx.vocab.table_kind("", fields) or "unknown"


def _table_year(ctx: TableContext, title: str) -> Optional[int]:
    year = ctx.vocab.pattern("table_year")
    year_keys = ctx.vocab.block_words("year_field_keys")
    for r in ctx.grid.rows():
        for c in ctx.origin_cells(r):
            if key(c.text) in year_keys:
                nxt = ctx.grid.slot(r, c.col + c.colspan)
                m = year.search(nxt.text + "年") if nxt is not None else None
                if m:
                    return int(m.group(1))
    m = year.search(title)
    return int(m.group(1)) if m else None


def interpret_table(region: TableRegion, ctx: TableContext) -> list[Table]:
    """Read one region's grid into Tables — one, or one per project of a wide sheet."""
    grid, vocab = ctx.grid, ctx.vocab
    title = region.title.text.strip() if region.title else ""
    ctx.year = _table_year(ctx, title)
    table = Table(kind="unknown", title=title)
    unit = money_unit(ctx)
    ctx.money_unit = unit or caption_unit(region, vocab)
    mode: Optional[str] = None
    budget, goals, tasks, block = BudgetMatrix(), Goals(), Tasks(), IndicatorBlock()
    rows = [r for r in grid.rows() if ctx.origin_cells(r)]
    skip: set[int] = set()
    for pos, row in enumerate(rows):
        if row in skip:
            continue
        cells = ctx.origin_cells(row)
        below = ctx.origin_cells(rows[pos + 1]) if pos + 1 < len(rows) else []
        if (below and IndicatorBlock.is_header(ctx, below) and not IndicatorBlock.is_header(ctx, cells)
                and all(vocab.pattern("block_label").search(key(c.text)) for c in cells) and len(cells) > 1):
            ctx.use(*cells)  # 中期目标 | 年度目标 over side-by-side indicator blocks
            continue
        if IndicatorBlock.is_header(ctx, cells):
            if mode == "budget":
                budget.flush(table)
            # A second header in the block starts another block (长期/年度绩效指标).
            mode = "indicators"
            if block.read_header(ctx, cells, below) and pos + 1 < len(rows):
                skip.add(rows[pos + 1])
            continue
        if mode == "indicators":
            only = cells[0] if len(cells) == 1 else None
            if only is not None and vocab.section_of(only.text) == "indicators" and \
                    vocab.indicator_role(only.text) is None:
                ctx.use(only)  # a block label on its own row: 年度绩效指标
                block.block_label = label(only.text)
                continue
            block.read_row(ctx, table, row)
            continue
        first = grid.slot(row, 0)
        new_label = first is not None and first.row == row and first.text.strip() != ""
        section = vocab.section_of(first.text) if new_label else None
        rest = [c for c in cells if c is not first] if new_label else cells
        if new_label:
            if mode == "budget" and section != "budget":
                budget.flush(table)
            if section == "budget":
                mode = "budget"
                budget.start(ctx, table, first, [c for c in ctx.grid.row_cells(row) if c is not first])
            elif section == "goals":
                mode = "goals"
                goals.start(ctx, table, first, rest)
            elif section == "tasks":
                mode = "tasks"
                ctx.use(first)
                if not tasks.header(ctx, rest):
                    ctx.warn("unmapped_header", f"task header “{'|'.join(c.text for c in rest)}” not recognised", row=row)
            elif section == "indicators":
                mode = "indicators"
                ctx.use(first)
                if key(first.text) not in vocab.block_words("plain_indicator_labels"):
                    block.block_label = label(first.text)
                if rest and IndicatorBlock.is_header(ctx, rest):
                    if block.read_header(ctx, rest, below) and pos + 1 < len(rows):
                        skip.add(rows[pos + 1])
            else:
                mode = "fields"
                read_fields_row(ctx, table, ctx.grid.row_cells(row))
            continue
        # Continuation of the current section.
        if mode == "budget":
            budget.row(ctx, table, ctx.grid.row_cells(row))
        elif mode == "goals":
            goals.add_text(ctx, table, cells)
        elif mode == "tasks":
            tasks.row(ctx, table, row)
        else:
            read_fields_row(ctx, table, ctx.grid.row_cells(row))
    if mode == "budget":
        budget.flush(table)
    has_actual = "actual" in block.roles.values()
    table.kind = classify(ctx, title, table.fields, has_actual)  # type: ignore[assignment]
    if table.kind == "unknown" and not (table.indicators or table.tasks or table.goals):
        # Nothing here maps onto a target table: keep every cell in unplaced, say which headers.
        first = next((r for r in grid.rows() if ctx.origin_cells(r)), grid.first_row)
        heads = [c.text.strip() for c in ctx.origin_cells(first)]
        ctx.warn("unmapped_header", f"table “{title}” not recognised; headers “{'|'.join(heads)}” unmapped",
                 row=first)
        ctx.used.clear()
        table.fields, table.budget = {}, []
    for p in region.notes:
        table.notes.extend(note_text(p))
    prov = table.provenance
    prov.pages = grid.pages
    prov.first_row = grid.source_row(grid.first_row)
    prov.last_row = grid.source_row(grid.last_row)
    if region.title is not None:
        prov.title_row = grid.source_row(region.title.row)
    prov.note_rows = [grid.source_row(p.row) for p in region.notes]
    if not table.indicators:
        ctx.warn("no_indicators", "table has no indicator rows", severity="info")
    return split_by_project(table, block, ctx, unit)
