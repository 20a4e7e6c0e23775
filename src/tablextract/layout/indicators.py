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
from ..models import Indicator, Table
from .build import build_indicator, split_number
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
    last: Optional[Indicator] = None                  # the indicator sub-rows continue
    last_name: Optional[tuple[int, int]] = None       # its name cell's position
    last_cells: set[tuple[int, int]] = field(default_factory=set)
    sub_rows: int = 1

    is_header = staticmethod(is_header)

    @property
    def roles(self) -> dict[int, str]:
        return self.cols.roles

    # -- header ---------------------------------------------------------------
    def read_header(self, ctx: TableContext, cells: list[Cell], below: Optional[list[Cell]] = None,
                    body: Optional[list[int]] = None, above: Optional[list[Cell]] = None) -> bool:
        """Map header columns to roles (``body``: the rows below, whose cells decide unknown columns);
        returns True when ``below`` was a sub-header row it read too.  Carry-down restarts here."""
        labels = self.cols.label_cols
        self.cols, consumed = read_header(ctx, cells, below, body, above)
        self.cols.label_cols |= {k for k in labels if k not in self.cols.roles}
        self.level1 = self.level2 = None
        return consumed

    # -- rows -----------------------------------------------------------------
    def read_row(self, ctx: TableContext, table: Table, row: int) -> None:
        """One data row: exact grids are read by position; only grids that may be shifted are repaired."""
        cells = [c for c in ctx.origin_cells(row)]
        if not cells:
            return
        if not ctx.grid.exact and misaligned(ctx, self.cols, cells):
            l1, l2, picked = realign(ctx, self.cols, row, cells)
            if l1 is not None:
                self._set_level(ctx, "level1", l1)
            if l2 is not None:
                self._set_level(ctx, "level2", l2)
            self._emit(ctx, table, row, picked, realigned=True, new_level=l1 is not None or l2 is not None)
        else:
            self._read_positional(ctx, table, row, cells)

    def _read_positional(self, ctx: TableContext, table: Table, row: int, cells: list[Cell]) -> None:
        grid = ctx.grid
        for c in cells:
            if c.col in self.cols.label_cols:
                ctx.use(c)
        picked: dict[str, Cell] = {}
        context: dict[str, Cell] = {}
        new_level = False
        name_slot = grid.slot(row, self.cols.col_of("name")) if self.cols.col_of("name") is not None else None
        name_rows = name_slot.rowspan if name_slot is not None and name_slot.text.strip() else 1
        for col, role in self.roles.items():
            c = grid.slot(row, col)
            if c is None or not c.text.strip():
                continue
            if role == "context":
                context[self.cols.headers.get(col, "")] = c
                continue
            if c.col != col:
                continue  # a cell merged in from the left belongs to its own column
            if role in ("level1", "level2"):
                if c.row == row:
                    self._set_level(ctx, role, c)
                    new_level = True
                continue
            if role in ("weight", "score") and c.rowspan > name_rows:
                continue  # points merged over several indicators are their section's, not one indicator's
            picked.setdefault(role, c) if role != "extra" else picked.setdefault(f"extra:{col}", c)
        if "name" not in picked and "twin_name" in picked:
            picked["name"] = picked.pop("twin_name")  # only the side-by-side block names this indicator
        if context and not any(r in picked for r in ("name", *VALUE_ROLES)) and \
                all(c.row == row for c in context.values()):
            # A subtotal row of a wide sheet (820-某某镇部门 | 8,827,620.53): budget, not an indicator.
            ctx.use(*context.values())
            self.subtotals.append((row, list(context.items())))
            return
        n = len(table.indicators)
        self._emit(ctx, table, row, picked, realigned=False, new_level=new_level)
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
        self.last = None  # a new level block: the rows below start new indicators

    def _emit(self, ctx: TableContext, table: Table, row: int, picked: dict[str, Cell], realigned: bool,
              new_level: bool) -> None:
        """One indicator per 三级 name cell; every emitted indicator has a name (precision by construction)."""
        name_cell = picked.get("name")
        if name_cell is not None and name_cell.row != row:
            # The name is merged over several rows: this row is a sub-row of its indicator.
            if self.last is not None and self.last_name == name_cell.pos:
                self._sub_row(ctx, row, picked)
            return
        if name_cell is None:
            if not any(r in picked for r in VALUE_ROLES):
                return  # a level heading with nothing after it gives no indicator
            if not ctx.grid.exact and not realigned and not new_level and self.last is not None:
                # Text exports print a merged name once: values below it continue its indicator.
                ctx.warn("continuation_row", f"row {ctx.src_row(row)} has no indicator name; read as a sub-row "
                                             f"of “{self.last.name}”", row=row)
                self._sub_row(ctx, row, picked)
                return
            ctx.warn("missing_name", f"row {ctx.src_row(row)} has values but no indicator name; left unplaced",
                     row=row)
            return
        name, _ = split_number(ctx, name_cell.text)
        if not name or ctx.vocab.pattern("placeholder").match(name):
            # A template slot (指标2:, 指标1:/ with / values): structure, not data.
            ctx.use(*picked.values())
            return
        ind = build_indicator(ctx, self.cols, row, picked, (self.level1, self.level2), realigned, self.block_label)
        table.indicators.append(ind)
        self.last, self.last_name, self.last_cells, self.sub_rows = ind, name_cell.pos, \
            {c.pos for c in picked.values()}, 1

    def _sub_row(self, ctx: TableContext, row: int, picked: dict[str, Cell]) -> None:
        """Cells of a sub-row that differ from its indicator's go to extra, keyed by header and sub-row."""
        assert self.last is not None
        self.sub_rows += 1
        for role, c in picked.items():
            if role == "name" or c.pos in self.last_cells:
                continue  # the merged cell itself, already read
            ctx.use(c)
            self.last_cells.add(c.pos)
            self.last.extra[f"{self.cols.header(c.col, role.split(':')[0])}({self.sub_rows})"] = c.text.strip()
