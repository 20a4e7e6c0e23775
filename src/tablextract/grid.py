"""The cell grid every reader produces and the layout interpreter consumes.

A reader turns its format into a :class:`SourceGrid`: an ordered list of
blocks, each either a :class:`Paragraph` (headings, notes, loose text) or a
:class:`TableGrid` (cells with row/column spans).  The grid carries what the
source says about itself — whether its columns are exact, and how its
positions read back as provenance — so the layout interpreter never asks which
format it came from.  Cells here are light :class:`GridCell` records; the
output model :class:`~tablextract.models.Cell` is made from them only where a
cell leaves the pipeline (``unplaced``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional, Union

from .errors import TablextractError
from .models import Cell


@dataclass(slots=True)
class GridCell:
    """One cell of a source grid: top-left position, spans, and where it sits on the page."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: Optional[int] = None
    bbox: Optional[list[float]] = None
    confidence: Optional[float] = None

    @property
    def pos(self) -> tuple[int, int]:
        """The cell's top-left grid position: its identity within a grid."""
        return (self.row, self.col)

    @property
    def slots(self) -> int:
        """How many grid positions the cell covers (its share of the work budget)."""
        return self.rowspan * self.colspan


@dataclass
class Paragraph:
    """Text outside any table: a heading (``heading_level`` set) or a paragraph."""

    text: str
    row: int
    page: Optional[int] = None
    heading_level: Optional[int] = None
    bbox: Optional[list[float]] = None


@dataclass
class TableGrid:
    """A rectangular grid of cells; merged cells are one cell with spans.

    ``cells`` hold their top-left position; :meth:`slot` answers which cell
    covers any position.  The source's properties:

    * ``exact`` — the columns are the source's own (DOCX, XLSX, HTML, ruled PDF
      and scan tables); False where an export may have shifted cells out of
      their columns (tab-separated text, CSV, PDF tables without rulings).
    * ``one_based`` — rows/cols are source line and field numbers, which
      provenance reports counting from 1 (text exports); read them back through
      :meth:`source_row`, :meth:`source_col` and :meth:`coord`, never directly.
    """

    cells: list[GridCell]
    exact: bool = True
    one_based: bool = False
    _slots: dict[tuple[int, int], GridCell] = field(default_factory=dict, repr=False)
    _by_row: dict[int, list[GridCell]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the position indexes (call after changing ``cells``).

        Two cells starting at one position would share one identity; the later
        one's text joins the first (nothing lost) and the later one goes.
        """
        self._slots = {}
        self._by_row = {}
        origin: dict[tuple[int, int], GridCell] = {}
        kept: list[GridCell] = []
        for c in self.cells:
            first = origin.get(c.pos)
            if first is not None:
                if c.text.strip():
                    first.text = f"{first.text}\n{c.text}" if first.text.strip() else c.text
                continue
            origin[c.pos] = c
            kept.append(c)
            self._by_row.setdefault(c.row, []).append(c)
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    self._slots.setdefault((r, k), c)
        self.cells = kept
        for row in self._by_row.values():
            row.sort(key=lambda c: c.col)
        self._first = min((c.row for c in self.cells), default=0)
        self._last = max((c.row + c.rowspan - 1 for c in self.cells), default=-1)
        self._ncols = max((c.col + c.colspan for c in self.cells), default=0)

    def with_cells(self, cells: list[GridCell]) -> "TableGrid":
        """A grid of ``cells`` with this grid's source properties."""
        return TableGrid(cells, exact=self.exact, one_based=self.one_based)

    @property
    def first_row(self) -> int:
        return self._first

    @property
    def last_row(self) -> int:
        return self._last

    @property
    def n_cols(self) -> int:
        return self._ncols

    @property
    def pages(self) -> list[int]:
        return sorted({c.page for c in self.cells if c.page is not None})

    def slot(self, row: int, col: int) -> Optional[GridCell]:
        """The cell covering ``(row, col)``, or None."""
        return self._slots.get((row, col))

    def row_cells(self, row: int) -> list[GridCell]:
        """Cells whose top-left corner is on ``row``, left to right."""
        return list(self._by_row.get(row, ()))

    def rows(self) -> Iterator[int]:
        return iter(range(self.first_row, self.last_row + 1))

    # -- positions as provenance reports them ----------------------------------
    def source_row(self, row: int) -> int:
        """A grid row as provenance reports it (a 1-based line number for text exports)."""
        return row + 1 if self.one_based else row

    def source_col(self, col: int) -> int:
        """A grid column as provenance reports it (a 1-based field number for text exports)."""
        return col + 1 if self.one_based else col

    def coord(self, cell: GridCell) -> list[int]:
        """A cell's provenance coordinates: ``[page, row, col]``, or ``[row, col]`` without pages."""
        rc = [self.source_row(cell.row), self.source_col(cell.col)]
        return [cell.page, *rc] if cell.page is not None else rc


class GridBudget:
    """One work budget for every grid a reader builds from one input, checked before anything
    is allocated: the slots of each grid's rectangle (rows × columns it spans, merged cells
    counted per covered slot), summed over the input's grids.

    Readers call :meth:`cell` with each cell's position and spans as they meet it, and
    :meth:`next_grid` when a new grid starts; a cell that would take the total over the
    limit is ``too_large`` at once.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.spent = 0  # slots of the grids already closed
        self._r0: Optional[int] = None
        self._r1 = 0
        self._c1 = 0

    def next_grid(self) -> None:
        """Close the current grid: its slots stay spent."""
        self.spent += self.current
        self._r0, self._r1, self._c1 = None, 0, 0

    @property
    def current(self) -> int:
        """Slots of the grid being built."""
        return 0 if self._r0 is None else (self._r1 - self._r0) * self._c1

    def cell(self, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> None:
        """Count a cell at ``(row, col)`` with its spans; ``too_large`` past the limit."""
        if row < 0 or col < 0 or rowspan < 1 or colspan < 1:
            raise TablextractError("corrupt", f"cell at row {row}, column {col} has an impossible position "
                                              f"or span ({rowspan}×{colspan})")
        r0 = row if self._r0 is None else min(self._r0, row)
        r1, c1 = max(self._r1, row + rowspan), max(self._c1, col + colspan)
        if self.spent + (r1 - r0) * c1 > self.limit:
            raise TablextractError("too_large", f"table grid of more than {self.limit} cells (rows {r0 + 1}–{r1}, "
                                                f"{c1} columns; merged cells count every slot they cover)")
        self._r0, self._r1, self._c1 = r0, r1, c1


Block = Union[Paragraph, TableGrid]


@dataclass
class SourceGrid:
    """Everything a reader found in one input, in reading order."""

    blocks: list[Block]
    format: str
    pages: Optional[int] = None
    ocr: bool = False
    converted_from: Optional[str] = None
    warnings: list = field(default_factory=list)


def output_cell(c: Union[GridCell, Paragraph]) -> Cell:
    """The output model of a grid cell or paragraph (for ``unplaced``)."""
    if isinstance(c, Paragraph):
        return Cell(text=c.text, page=c.page, row=c.row, col=0, bbox=c.bbox)
    return Cell(text=c.text, page=c.page, row=c.row, col=c.col, rowspan=c.rowspan, colspan=c.colspan,
                bbox=c.bbox, confidence=c.confidence)


def compact(text: str) -> str:
    """A label or key as the contract wants it: all whitespace removed."""
    return "".join(text.split())
