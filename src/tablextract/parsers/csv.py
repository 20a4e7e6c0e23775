"""Reader for CSV files: delimiter sniffed (comma, tab, semicolon), quotes and
embedded line breaks handled by the csv module, encoding as for text exports.
One-cell rows that look like a title or a 备注 line become paragraphs, so a
sheet saved as CSV splits into its tables like any other format."""
from __future__ import annotations

import csv
import io

from ..grid import GridCell, Paragraph, SourceGrid, TableGrid
from ..options import ExtractOptions
from .text import decode

_TITLE = __import__("re").compile(r"(绩效|目标|自评|预算|指标).*表$")
_NOTE = __import__("re").compile(r"^\s*(备注|備註|注|说明|說明)\s*[:：]|^\s*\d+\s*[.．、]")


def read_csv(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    text = decode(data, options.encoding if options else None)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    blocks: list = []
    current: list[GridCell] = []
    for r, fields in enumerate(csv.reader(io.StringIO(text), dialect)):
        filled = [(k, f.strip()) for k, f in enumerate(fields) if f.strip()]
        if not filled:
            continue
        if len(filled) == 1 and filled[0][0] == 0 and (_TITLE.search(filled[0][1]) or _NOTE.match(filled[0][1])):
            if current:
                blocks.append(TableGrid(current, exact=False, one_based=True))
                current = []
            heading = 2 if _TITLE.search(filled[0][1]) else None
            blocks.append(Paragraph(text=filled[0][1], row=r, heading_level=heading))
            continue
        current.extend(GridCell(text=t, row=r, col=k) for k, t in filled)
    if current:
        blocks.append(TableGrid(current, exact=False, one_based=True))
    return SourceGrid(blocks=blocks, format="csv")
