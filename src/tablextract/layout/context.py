"""Shared state of interpreting one table: the grid, the vocabulary, the cells
used so far, warnings and provenance helpers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..grid import TableGrid, compact
from ..models import Cell, Issue, Location, RecordProvenance, Value
from ..normalizers.values import parse_value_checked
from ..vocabulary import Vocabulary


@dataclass
class TableContext:
    grid: TableGrid
    vocab: Vocabulary
    table_index: int
    year: Optional[int] = None
    used: set[int] = field(default_factory=set)
    warnings: list[Issue] = field(default_factory=list)

    # -- cells ---------------------------------------------------------------
    def use(self, *cells: Optional[Cell]) -> None:
        for c in cells:
            if c is not None:
                self.used.add(id(c))

    def origin_cells(self, row: int) -> list[Cell]:
        """Cells starting on ``row`` that hold text, left to right."""
        return [c for c in self.grid.row_cells(row) if c.text.strip()]

    def slot_text(self, row: int, col: int) -> str:
        c = self.grid.slot(row, col)
        return c.text.strip() if c is not None else ""

    # -- locations -------------------------------------------------------------
    def src_row(self, row: int) -> int:
        """Row as provenance reports it (1-based line numbers for text exports)."""
        return row + 1 if self.grid.one_based else row

    def coord(self, cell: Cell) -> list[int]:
        base = 1 if self.grid.one_based else 0
        if cell.page is not None:
            return [cell.page, cell.row + base, cell.col + base]
        return [cell.row + base, cell.col + base]

    def provenance(self, *cells: Optional[Cell]) -> RecordProvenance:
        """Where a budget line or task came from (its cells that exist)."""
        found = [c for c in cells if c is not None]
        confs = [c.confidence for c in found if c.confidence is not None]
        return RecordProvenance(pages=sorted({c.page for c in found if c.page is not None}),
                                row=self.src_row(min(c.row for c in found)) if found else None,
                                cells=[self.coord(c) for c in found], confidence=min(confs) if confs else None)

    def location(self, row: Optional[int] = None, col: Optional[int] = None, cell: Optional[Cell] = None) -> Location:
        if cell is not None:
            row, col = cell.row, cell.col
        page = cell.page if cell is not None else None
        if page is None and row is not None:
            for c in self.grid.row_cells(row):
                if c.page is not None:
                    page = c.page
                    break
        return Location(table_index=self.table_index, page=page,
                        row=self.src_row(row) if row is not None else None,
                        col=(col + (1 if self.grid.one_based else 0)) if col is not None else None)

    def warn(self, code: str, message: str, *, row: Optional[int] = None, col: Optional[int] = None,
             cell: Optional[Cell] = None, severity: str = "warning") -> None:
        self.warnings.append(Issue(code=code, severity=severity, message=message,
                                   location=self.location(row, col, cell)))

    # -- values ----------------------------------------------------------------
    def value(self, cell: Optional[Cell], *, unit_hint: Optional[str] = None, name: Optional[str] = None,
              text: Optional[str] = None) -> Value:
        """Type a value cell (empty Value for a missing cell), warning when it cannot be read."""
        raw = text if text is not None else (cell.text.strip() if cell is not None else "")
        v, issue = parse_value_checked(raw, unit_hint=unit_hint, year=self.year, name=name)
        if issue:
            what = "looks damaged or glued" if issue == "suspect_value" else "could not be typed"
            self.warn(issue, f"value “{raw}” {what}; kept as unparsed", cell=cell)
        return v


def label(text: str) -> str:
    """A label or key as the contract wants it: stripped, inner whitespace removed."""
    return compact(text)
