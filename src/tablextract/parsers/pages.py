"""Page assembly shared by the PDF and OCR readers: the lines of a cell joined into its
text, lines outside tables into headings and paragraphs, and each page's table pieces and
paragraphs into blocks in reading order, with tables that continue over a page break joined."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from ..grid import GridCell, Paragraph, TableGrid
from ..models import Issue, Location
from ..vocabulary import Vocabulary, blocks

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’、，。；：（）《》【】]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def join_lines(lines: list[tuple[str, float]], right_edge: Optional[float], char_w: float) -> str:
    """Lines of one cell (text, right end) → text: wrapped lines joined, early-ending lines keep their break.

    A space is put back only where an ASCII word meets the break (``资料`` + ``and 开展``,
    ``and`` + ``开展``); CJK and digits join directly (never ``增长 7%``).
    """
    out = ""
    pending_space = False
    for i, (raw, x1) in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        if out:
            prev_end = lines[i - 1][1]
            early = right_edge is not None and right_edge - prev_end > 3.5 * char_w
            if early:
                out += "\n"
            elif pending_space or raw[:1].isspace() or (
                    _ASCII_LETTER.match(out[-1]) and (_ASCII_LETTER.match(text[0]) or CJK.match(text[0]))) or (
                    CJK.match(out[-1]) and _ASCII_LETTER.match(text[0])):
                out += " "  # the source has a space at the break, or an ASCII word meets the break
        out += text
        pending_space = raw[-1:].isspace()
    return out


class PageLine(NamedTuple):
    """One text line outside tables: its text, box (page units, top down), type size, and
    the recognition confidence of a scanned line."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    confidence: Optional[float] = None


def paragraphs(lines: list[PageLine], page_no: int, body: float, *, heading_ratio: float,
               max_gap: float) -> list[tuple[PageLine, Paragraph]]:
    """Lines outside tables, top to bottom → headings and paragraphs, each with its first line.

    A line ``heading_ratio`` times the body size is a heading; a line that follows a body
    line less than ``max_gap`` body sizes below it continues that paragraph, unless it
    starts a note or a numbered item.
    """
    out: list[tuple[PageLine, Paragraph]] = []
    patterns = blocks()
    prev: Optional[tuple[PageLine, Paragraph]] = None  # the last line read and its paragraph
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        heading = 1 if ln.size >= heading_ratio * body else None
        if prev is not None and heading is None and prev[1].heading_level is None and \
                ln.top - prev[0].bottom < max_gap * body and not patterns.starts_paragraph(text):
            p = prev[1]
            p.text = join_lines([(p.text, prev[0].x1), (text, ln.x1)], None, body)
            prev = (ln, p)
            continue
        p = Paragraph(text=text, row=0, page=page_no, heading_level=heading,
                      bbox=[round(float(v), 2) for v in (ln.x0, ln.top, ln.x1, ln.bottom)])
        out.append((ln, p))
        prev = (ln, p)
    return out


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
    vocab = Vocabulary.load()
    rows = sorted({c.row for c in cells})
    for r in rows:
        texts = _texts_of_row(cells, r)
        roles = {vocab.indicator_role(t) for t in texts}
        if "level1" in roles and roles & {"value", "annual_value"}:
            return texts
    return None


