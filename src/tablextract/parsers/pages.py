"""Page layouts shared by the PDF and OCR readers: table pieces and paragraphs per page,
assembled into blocks in reading order, with tables that continue over a page break joined."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional

from ..grid import GridCell, Paragraph, TableGrid
from ..models import Issue, Location


@dataclass
class TablePart:
    """One page's piece of a table."""

    page: int
    bbox: tuple[float, float, float, float]
    xs: list[float]
    cells: list[GridCell]
    nrows: int
    tol: float = 2.0  # how far column edges may move between pages and still be the same table


@dataclass
class PageLayout:
    page: int
    items: list = field(default_factory=list)  # (top, Paragraph | TablePart)


def nearest_edge(edges: list[float], v: float) -> int:
    """Index of the edge nearest to v."""
    i = bisect_right(edges, v)
    if i > 0 and (i == len(edges) or v - edges[i - 1] <= edges[i] - v):
        return i - 1
    return i


def _same_columns(a: list[float], b: list[float], tol: float) -> bool:
    if abs(a[0] - b[0]) > tol or abs(a[-1] - b[-1]) > tol:
        return False
    inner_a, inner_b = a[1:-1], b[1:-1]
    return all(any(abs(x - y) <= tol for y in inner_a) for x in inner_b) or \
        all(any(abs(x - y) <= tol for y in inner_b) for x in inner_a)


def _texts_of_row(cells: list[GridCell], row: int) -> list[str]:
    return ["".join(c.text.split()) for c in sorted((c for c in cells if c.row == row), key=lambda c: c.col)]


def assemble(pages: list[PageLayout]) -> tuple[list, list[Issue]]:
    """Blocks in reading order; table parts continuing over a page break joined into one grid."""
    blocks: list = []
    warnings: list[Issue] = []
    row_base = 0
    last_grid: Optional[TableGrid] = None
    last_part: Optional[TablePart] = None
    grid_xs: list[float] = []  # column edges of the grid's first part: continuations map onto them
    header_texts: Optional[list[str]] = None
    for pl in pages:
        items = sorted(pl.items, key=lambda it: it[0])
        for pos, (_top, item) in enumerate(items):
            if isinstance(item, Paragraph):
                item.row = row_base
                row_base += 1
                blocks.append(item)
                last_grid = None
                continue
            part: TablePart = item
            continues = (pos == 0 and last_grid is not None and last_part is not None
                         and last_part.page == part.page - 1 and _same_columns(last_part.xs, part.xs, part.tol))
            if continues:
                offset = last_grid.last_row + 1 - min(c.row for c in part.cells)
                first_row = min(c.row for c in part.cells)
                if header_texts and _texts_of_row(part.cells, first_row) == header_texts:
                    part.cells = [c for c in part.cells if c.row != first_row]
                    offset -= 1
                    warnings.append(Issue(code="repeated_header", severity="info",
                                          message="header row repeated after a page break was dropped",
                                          location=Location(page=part.page, row=first_row)))
                # Columns of the continuation map onto the first part's columns by x position.
                for c in part.cells:
                    x0, x1 = part.xs[c.col], part.xs[c.col + c.colspan]
                    c0, c1 = nearest_edge(grid_xs, x0), nearest_edge(grid_xs, x1)
                    c.row += offset
                    c.col, c.colspan = c0, max(1, c1 - c0)
                last_grid.cells.extend(part.cells)
                last_grid.reindex()
                last_part = part
                continue
            for c in part.cells:
                c.row += row_base
            grid = TableGrid(part.cells)
            grid_xs = part.xs
            header_texts = _find_header(part.cells)
            row_base += part.nrows
            blocks.append(grid)
            last_grid, last_part = grid, part
        row_base += 1
    return blocks, warnings


def _find_header(cells: list[GridCell]) -> Optional[list[str]]:
    """The texts of the indicator header row (一级指标 … 指标值), to spot its repetition."""
    rows = sorted({c.row for c in cells})
    for r in rows:
        texts = _texts_of_row(cells, r)
        if any("一级指标" in t for t in texts) and any("指标" in t and "值" in t for t in texts):
            return texts
    return None


