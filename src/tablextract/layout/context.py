"""Shared state of interpreting one table: the grid, the vocabulary, the cells
used so far, warnings and provenance helpers."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..grid import GridCell, TableGrid, compact
from ..models import Issue, Location, RecordProvenance, Value
from ..normalizers.dates import year_in
from ..normalizers.values import ValueContext, parse_value_checked
from ..vocabulary import Vocabulary, key, strip_echoes


@dataclass
class TableContext:
    grid: TableGrid
    vocab: Vocabulary
    table_index: int
    year: Optional[int] = None
    money_unit: Optional[str] = None  # the table's ``单位：万元`` caption, for amounts that state no unit
    used: set[tuple[int, int]] = field(default_factory=set)  # positions of cells read
    warnings: list[Issue] = field(default_factory=list)

    # -- cells ---------------------------------------------------------------
    def use(self, *cells: Optional[GridCell]) -> None:
        for c in cells:
            if c is not None:
                self.used.add(c.pos)

    def origin_cells(self, row: int) -> list[GridCell]:
        """Cells starting on ``row`` that hold text, left to right."""
        return [c for c in self.grid.row_cells(row) if c.text.strip()]

    def slot_text(self, row: int, col: int) -> str:
        c = self.grid.slot(row, col)
        return c.text.strip() if c is not None else ""

    # -- locations -------------------------------------------------------------
    def src_row(self, row: int) -> int:
        """Row as provenance reports it (1-based line numbers for text exports)."""
        return self.grid.source_row(row)

    def coord(self, cell: GridCell) -> list[int]:
        return self.grid.coord(cell)

    def provenance(self, *cells: Optional[GridCell]) -> RecordProvenance:
        """Where a budget line or task came from (its cells that exist)."""
        found = [c for c in cells if c is not None]
        confs = [c.confidence for c in found if c.confidence is not None]
        return RecordProvenance(pages=sorted({c.page for c in found if c.page is not None}),
                                row=self.src_row(min(c.row for c in found)) if found else None,
                                cells=[self.coord(c) for c in found], confidence=min(confs) if confs else None)

    def location(self, row: Optional[int] = None, col: Optional[int] = None, cell: Optional[GridCell] = None) -> Location:
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
                        col=self.grid.source_col(col) if col is not None else None)

    def warn(self, code: str, message: str, *, row: Optional[int] = None, col: Optional[int] = None,
             cell: Optional[GridCell] = None, severity: str = "warning") -> None:
        self.warnings.append(Issue(code=code, severity=severity, message=message,
                                   location=self.location(row, col, cell)))

    # -- values ----------------------------------------------------------------
    def value(self, cell: Optional[GridCell], *, unit_hint: Optional[str] = None, name: Optional[str] = None,
              text: Optional[str] = None, header: Optional[str] = None) -> Value:
        """Type a value cell (empty Value for a missing cell), warning when it cannot be read.

        ``name``/``header``: the indicator name and the labels above the value (level labels, column
        header), which tell the grammar whether the row is money or a deadline."""
        raw = text if text is not None else (cell.text.strip() if cell is not None else "")
        v, issue = parse_value_checked(raw, ValueContext(year=self.year, name=name, header=header),
                                       unit_hint=unit_hint)
        if issue:
            what = "looks damaged or glued" if issue == "suspect_value" else "could not be typed"
            self.warn(issue, f"value “{raw}” {what}; kept as unparsed", cell=cell)
        return v


def table_year(ctx: TableContext, title: str, paragraphs: Iterable[str] = ()) -> Optional[int]:
    """The table's year, for values written without one: a 起始年度/年度/预算年度 field, else a line
    that is only a year (``（2023年度）``) in the grid or in ``paragraphs``, else the title's year."""
    year_fields = ctx.vocab.block_words("year_field_keys")
    lines: list[str] = []
    for r in ctx.grid.rows():
        cells = ctx.origin_cells(r)
        if len(cells) == 1:
            lines.append(cells[0].text)
        for c in cells:
            if key(c.text) in year_fields:
                nxt = ctx.grid.slot(r, c.col + c.colspan)
                y = year_in(nxt.text.strip() + "年") if nxt is not None else None
                if y:
                    return y
    for text in [*lines, *paragraphs]:
        y = year_in(text, whole=True)
        if y:
            return y
    named = Counter(y for r in ctx.grid.rows() for c in ctx.origin_cells(r) if (y := year_in(c.text)))
    # Else the title's year, else the year the table's own dates name most.
    return year_in(title) or (named.most_common(1)[0][0] if named else None)


def label(text: str) -> str:
    """A label or key as the contract wants it: stripped, inner whitespace and pinyin echoes removed."""
    return compact(strip_echoes(text))


def field_key(vocab: Vocabulary, text: str) -> str:
    """A ``fields``/``goals`` key or budget item (contract 1.1): whitespace, pinyin echoes, a leading ``*``
    or numbering and a trailing colon removed."""
    return vocab.header_pattern("key_marks").sub("", label(text))
