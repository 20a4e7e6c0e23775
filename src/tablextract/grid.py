"""The cell grid every reader produces and the layout interpreter consumes.

A reader turns its format into a :class:`SourceGrid`: an ordered list of
blocks, each either a :class:`Paragraph` (headings, notes, loose text) or a
:class:`TableGrid` (cells with row/column spans).  Nothing here knows about
file formats; nothing in the layout interpreter knows about them either.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional, Union

from .models import Cell


@dataclass
class Paragraph:
    """Text outside any table: a heading (``heading_level`` set) or a paragraph."""

    text: str
    row: int
    page: Optional[int] = None
    heading_level: Optional[int] = None
    bbox: Optional[list[float]] = None

    def as_cell(self) -> Cell:
        return Cell(text=self.text, page=self.page, row=self.row, col=0, bbox=self.bbox)


@dataclass
class TableGrid:
    """A rectangular grid of cells; merged cells are one cell with spans.

    ``cells`` hold their top-left position; :meth:`slot` answers which cell
    covers any position.  ``one_based`` marks grids whose rows/cols are source
    line/field numbers that provenance reports 1-based (text exports).
    """

    cells: list[Cell]
    one_based: bool = False
    _slots: dict[tuple[int, int], Cell] = field(default_factory=dict, repr=False)
    _by_row: dict[int, list[Cell]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the position indexes (call after changing ``cells``)."""
        self._slots = {}
        self._by_row = {}
        for c in self.cells:
            self._by_row.setdefault(c.row, []).append(c)
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    self._slots.setdefault((r, k), c)
        for row in self._by_row.values():
            row.sort(key=lambda c: c.col)
        self._first = min((c.row for c in self.cells), default=0)
        self._last = max((c.row + c.rowspan - 1 for c in self.cells), default=-1)
        self._ncols = max((c.col + c.colspan for c in self.cells), default=0)

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

    def slot(self, row: int, col: int) -> Optional[Cell]:
        """The cell covering ``(row, col)``, or None."""
        return self._slots.get((row, col))

    def row_cells(self, row: int) -> list[Cell]:
        """Cells whose top-left corner is on ``row``, left to right."""
        return list(self._by_row.get(row, ()))

    def rows(self) -> Iterator[int]:
        return iter(range(self.first_row, self.last_row + 1))


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


def compact(text: str) -> str:
    """A label or key as the contract wants it: all whitespace removed."""
    return "".join(text.split())
