"""One table region → one :class:`~tablextract.models.Table`.

Rows are read top to bottom.  A label in the first column starts a section
(fields, budget matrix, goals, tasks, indicators); rows whose first column is
blank or covered by a merged label continue the current section.  An indicator
header row switches to the indicator block for the rest of the table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..grid import GridCell as Cell
from ..models import Table
from .columns import header_by_content, is_header
from .context import TableContext, label, table_year
from .indicators import IndicatorBlock
from .rows import AFTER_BLOCK, COLUMN_NUMBERS, PLACEHOLDER, TOTAL, row_kind
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


@dataclass
class _TableReader:
    """Reads one table's rows top to bottom; each kind of row has its named step."""

    ctx: TableContext
    table: Table
    rows: list[int]
    mode: Optional[str] = None
    budget: BudgetMatrix = field(default_factory=BudgetMatrix)
    goals: Goals = field(default_factory=Goals)
    tasks: Tasks = field(default_factory=Tasks)
    block: IndicatorBlock = field(default_factory=IndicatorBlock)
    skip: set[int] = field(default_factory=set)

    def read(self) -> None:
        for pos, row in enumerate(self.rows):
            if row in self.skip:
                continue
            cells = self.ctx.origin_cells(row)
            below = self.ctx.origin_cells(self.rows[pos + 1]) if pos + 1 < len(self.rows) else []
            if self.block_label_row(cells, below) or self.header_row(pos, cells, below):
                continue
            if self.mode == "indicators" and self.indicator_row(row, cells):
                continue
            if self.mode == "after" and self.after_block_row(cells):
                continue
            if not self.section_row(pos, row, cells, below):
                self.continuation_row(row, cells)
        if self.mode == "budget":
            self.budget.flush(self.table)

    def block_label_row(self, cells: list[Cell], below: list[Cell]) -> bool:
        """中期目标 | 年度目标 over side-by-side indicator blocks."""
        ctx = self.ctx
        if (below and is_header(ctx, below) and not is_header(ctx, cells) and len(cells) > 1
                and all(ctx.vocab.pattern("block_label").search(key(c.text)) for c in cells)):
            ctx.use(*cells)
            return True
        return False

    def header_row(self, pos: int, cells: list[Cell], below: list[Cell]) -> bool:
        """An indicator header, by its words or (outside a block) by the block below it."""
        ctx = self.ctx
        if not is_header(ctx, cells):
            if self.mode == "indicators" or header_by_content(ctx, self.rows, pos) is None:
                return False
        if self.mode == "budget":
            self.budget.flush(self.table)
        # A second header in the block starts another block (长期/年度绩效指标) and restarts carry-down.
        self.mode = "indicators"
        above = ctx.origin_cells(self.rows[pos - 1]) if pos > 0 else []
        if self.block.read_header(ctx, cells, below, self.rows[pos + 1:], above) and pos + 1 < len(self.rows):
            self.skip.add(self.rows[pos + 1])
        return True

    def indicator_row(self, row: int, cells: list[Cell]) -> bool:
        """A row of the indicator block; False when the block has ended (template rows after it)."""
        ctx, block = self.ctx, self.block
        only = cells[0] if len(cells) == 1 else None
        if only is not None and ctx.vocab.section_of(only.text) == "indicators" and \
                ctx.vocab.indicator_role(only.text) is None:
            ctx.use(only)  # a block label on its own row: 年度绩效指标
            block.block_label = label(only.text)
            return True
        kind = row_kind(ctx, block.cols, cells)
        if kind == AFTER_BLOCK:
            self.mode = "after"
            return self.after_block_row(cells)
        if kind == TOTAL:
            ctx.warn("total_row", f"row {ctx.src_row(row)} is a total row, not an indicator", row=row,
                     severity="info")
        elif kind in (PLACEHOLDER, COLUMN_NUMBERS):
            ctx.use(*cells)
        else:
            block.read_row(ctx, self.table, row)
        return True

    def after_block_row(self, cells: list[Cell]) -> bool:
        """Template rows after the block: a sign-off line left blank (审核意见 | (盖章), or the label alone)
        gives no record; False for the others, read as fields."""
        vocab = self.ctx.vocab
        if row_kind(self.ctx, self.block.cols, cells) == TOTAL:
            return True  # 总分 | 100 | 96 below the template rows: still no record (cells stay unplaced)
        stamp, head = vocab.pattern("stamp_placeholder"), key(cells[0].text).rstrip(":")
        bare_label = head in vocab.block_words("after_block_labels") or vocab.pattern("after_block_label").search(head)
        if (cells[1:] or bare_label) and all(stamp.match(key(c.text)) for c in cells[1:]):
            self.ctx.use(*cells)
            return True
        return False

    def section_row(self, pos: int, row: int, cells: list[Cell], below: list[Cell]) -> bool:
        """A label in the first column starts a section (budget, goals, tasks, indicators, fields)."""
        ctx, vocab, table = self.ctx, self.ctx.vocab, self.table
        first = ctx.grid.slot(row, 0)
        if first is None or first.row != row or first.text.strip() == "":
            return False
        section = vocab.section_of(first.text)
        rest = [c for c in cells if c is not first]
        if self.mode == "budget" and section != "budget":
            self.budget.flush(table)
        if section == "budget":
            self.mode = "budget"
            self.budget.start(ctx, table, first, [c for c in ctx.grid.row_cells(row) if c is not first])
        elif section == "goals":
            self.mode = "goals"
            self.goals.start(ctx, table, first, rest)
        elif section == "tasks":
            self.mode = "tasks"
            ctx.use(first)
            if not self.tasks.header(ctx, rest):
                ctx.warn("unmapped_header", f"task header “{'|'.join(c.text for c in rest)}” not recognised", row=row)
        elif section == "indicators":
            self.mode = "indicators"
            ctx.use(first)
            if key(first.text) not in vocab.block_words("plain_indicator_labels"):
                self.block.block_label = label(first.text)
            if rest and is_header(ctx, rest):
                if self.block.read_header(ctx, rest, below, self.rows[pos + 1:]) and pos + 1 < len(self.rows):
                    self.skip.add(self.rows[pos + 1])
        else:
            if self.mode != "after":  # template rows after the block stay "after" (totals, sign-offs)
                self.mode = "fields"
            read_fields_row(ctx, table, ctx.grid.row_cells(row))
        return True

    def continuation_row(self, row: int, cells: list[Cell]) -> None:
        """A row whose first column is blank or covered continues the current section."""
        ctx = self.ctx
        if self.mode == "budget":
            self.budget.row(ctx, self.table, ctx.grid.row_cells(row))
        elif self.mode == "goals":
            self.goals.add_text(ctx, self.table, cells)
        elif self.mode == "tasks":
            self.tasks.row(ctx, self.table, row)
        else:
            read_fields_row(ctx, self.table, ctx.grid.row_cells(row))


def _finish(region: TableRegion, ctx: TableContext, table: Table, block: IndicatorBlock) -> None:
    """Kind, the unknown-table fallback, notes and provenance."""
    grid = ctx.grid
    has_actual = "actual" in block.roles.values()
    table.kind = classify(ctx, table.title, table.fields, has_actual)  # type: ignore[assignment]
    if table.kind == "unknown" and not (table.indicators or table.tasks or table.goals):
        # Nothing here maps onto a target table: keep every cell in unplaced, say which headers.
        first = next((r for r in grid.rows() if ctx.origin_cells(r)), grid.first_row)
        heads = [c.text.strip() for c in ctx.origin_cells(first)]
        ctx.warn("unmapped_header", f"table “{table.title}” not recognised; headers “{'|'.join(heads)}” unmapped",
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


def interpret_table(region: TableRegion, ctx: TableContext) -> list[Table]:
    """Read one region's grid into Tables — one, or one per project of a wide sheet."""
    title = region.title.text.strip() if region.title else ""
    ctx.year = table_year(ctx, title, [p.text for p in (*region.captions, *region.notes)])
    table = Table(kind="unknown", title=title)
    unit = ctx.money_unit = money_unit(ctx) or caption_unit(region, ctx.vocab)
    reader = _TableReader(ctx, table, [r for r in ctx.grid.rows() if ctx.origin_cells(r)])
    reader.read()
    _finish(region, ctx, table, reader.block)
    return split_by_project(table, reader.block, ctx, unit)
