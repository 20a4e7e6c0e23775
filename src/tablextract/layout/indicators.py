"""The indicator block: column roles (columns.py), then one Indicator per row.

Level-1/level-2 labels are carried down (merged cells cover the rows below;
text exports leave them blank).  Rows of a grid that may be shifted and whose
cells do not fit the header's columns are repaired by realign.py; the
Indicator itself is made by build.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..grid import GridCell as Cell
from ..models import Table
from .build import build_indicator
from .columns import VALUE_ROLES, Columns, is_header, read_header
from .context import TableContext, label
from .realign import misaligned, realign


@dataclass
class IndicatorBlock:
    """Column roles from the header row, and the level labels carried down."""

    cols: Columns = field(default_factory=Columns)
    context: dict[int, dict[str, Cell]] = field(default_factory=dict)  # id(indicator) → context cells
    subtotals: list[tuple[int, list]] = field(default_factory=list)    # (row, [(header, cell)])
    last_context: dict[str, Cell] = field(default_factory=dict)
    block_label: Optional[str] = None  # 长期绩效指标 / 年度绩效指标 when a table has several blocks
    level1: Optional[Cell] = None
    level2: Optional[Cell] = None

    is_header = staticmethod(is_header)

    @property
    def roles(self) -> dict[int, str]:
        return self.cols.roles

    # -- header ---------------------------------------------------------------
    def read_header(self, ctx: TableContext, cells: list[Cell], below: Optional[list[Cell]] = None) -> bool:
        """Map header columns to roles; returns True when ``below`` was a sub-header row it read too."""
        labels = self.cols.label_cols
        self.cols, consumed = read_header(ctx, cells, below)
        self.cols.label_cols |= labels
        return consumed

    # -- rows -----------------------------------------------------------------
    def read_row(self, ctx: TableContext, table: Table, row: int) -> None:
        cells = [c for c in ctx.origin_cells(row)]
        if not cells:
            return
        if misaligned(ctx, self.cols, cells):
            l1, l2, picked = realign(ctx, self.cols, row, cells)
            if l1 is not None:
                self._set_level(ctx, "level1", l1)
            if l2 is not None:
                self._set_level(ctx, "level2", l2)
            self._emit(ctx, table, row, picked, realigned=True)
        else:
            self._read_positional(ctx, table, row, cells)

    def _read_positional(self, ctx: TableContext, table: Table, row: int, cells: list[Cell]) -> None:
        grid = ctx.grid
        for c in cells:
            if c.col in self.cols.label_cols:
                ctx.use(c)
        picked: dict[str, Cell] = {}
        context: dict[str, Cell] = {}
        for col, role in self.roles.items():
            c = grid.slot(row, col)
            if c is None or not c.text.strip():
                continue
            if role == "context":
                context[self.cols.headers.get(col, "")] = c
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

    def _emit(self, ctx: TableContext, table: Table, row: int, picked: dict[str, Cell], realigned: bool) -> None:
        name_cell = picked.get("name")
        if name_cell is None and not any(r in picked for r in VALUE_ROLES):
            return  # a level-2 heading with nothing after it gives no indicator
        if name_cell is None:
            ctx.warn("missing_name", f"row {ctx.src_row(row)} has values but no indicator name", row=row)
        table.indicators.append(build_indicator(ctx, self.cols, row, picked, (self.level1, self.level2),
                                                realigned, self.block_label))
