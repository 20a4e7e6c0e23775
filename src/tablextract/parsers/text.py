"""Reader for tab-separated text exports (the seed's ``.txt``).

``##``/``###`` lines are headings, lines with tabs are table rows (one grid per
run of tab lines, blank lines allowed inside), other lines are paragraphs
(``- `` bullets unmarked).  Rows keep their source line number, fields their
position, so provenance can point back at line and field.
"""
from __future__ import annotations

import re

from ..errors import TablextractError
from ..grid import GridBudget, GridCell, Paragraph, SourceGrid, TableGrid
from ..options import ExtractOptions
from .encoding import decode_text
from .registry import Reader

MAX_LINE = 1_000_000  # characters in one line of a text export; a longer one is no table row

_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*•]\s+")


def split_lines(text: str) -> list[str]:
    """Lines on LF, CRLF or CR only (str.splitlines also splits on form feeds and U+2028)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_text(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    """Read a tab-separated text export into headings, paragraphs and one TableGrid per run of rows."""
    options = options or ExtractOptions()
    text, warnings = decode_text(data, options.encoding)
    lines = split_lines(text)
    budget = GridBudget(options.max_cells)
    blocks: list = []
    current: list[GridCell] = []

    def flush() -> None:
        if current:
            blocks.append(TableGrid(list(current), exact=False, one_based=True))
            current.clear()
            budget.next_grid()

    for idx, line in enumerate(lines):
        if len(line) > MAX_LINE:
            raise TablextractError("too_large", f"line {idx + 1} has {len(line)} characters, over {MAX_LINE}")
        if "\t" in line:
            for col, field in enumerate(line.split("\t")):
                text = field.strip()
                if text:
                    budget.cell(idx, col)
                    current.append(GridCell(text=text, row=idx, col=col))
            continue
        if not line.strip():
            continue  # blank lines may sit inside a table
        flush()
        m = _HEADING.match(line)
        if m:
            blocks.append(Paragraph(text=m.group(2).strip(), row=idx, heading_level=len(m.group(1))))
        else:
            blocks.append(Paragraph(text=_BULLET.sub("", line).strip(), row=idx))
    flush()
    return SourceGrid(blocks=blocks, format="text", warnings=warnings)


READERS = (Reader("text", lambda probe: probe.plain and not probe.named_container, read_text),)
