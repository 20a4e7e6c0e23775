"""Reader for CSV files: delimiter sniffed (comma, tab, semicolon), quotes and
embedded line breaks handled by the csv module, encoding as for text exports.
One-cell rows that are a title, a 备注 line or a numbered item after it become
paragraphs, so a sheet saved as CSV splits into its tables like any other format."""
from __future__ import annotations

import csv
import io

from ..grid import GridBudget, GridCell, Paragraph, SourceGrid, TableGrid
from ..options import ExtractOptions
from ..vocabulary import blocks
from ..errors import TablextractError
from .encoding import decode_text
from .registry import Reader


def read_csv(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    """Read a CSV file into one grid per run of table rows, with titles and notes between them."""
    options = options or ExtractOptions()
    text, warnings = decode_text(data, options.encoding)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    patterns = blocks()
    blocks_out: list = []
    current: list[GridCell] = []
    in_notes = False
    budget = GridBudget(options.max_cells)
    try:
        rows = list(enumerate(csv.reader(io.StringIO(text), dialect)))
    except csv.Error as e:  # a field over the csv module's size limit, a NUL byte
        kind = "too_large" if "larger than field limit" in str(e) else "corrupt"
        raise TablextractError(kind, f"CSV not readable: {e}") from None
    for r, fields in rows:
        filled = [(k, f.strip()) for k, f in enumerate(fields) if f.strip()]
        if not filled:
            continue
        only = filled[0][1] if len(filled) == 1 and filled[0][0] == 0 else None
        title = only is not None and patterns.is_title(only)
        in_notes = only is not None and (patterns.is_note_start(only) or (in_notes and patterns.is_note_item(only)))
        if title or in_notes:
            if current:
                blocks_out.append(TableGrid(current, exact=False, one_based=True))
                current = []
                budget.next_grid()
            blocks_out.append(Paragraph(text=only, row=r, heading_level=2 if title else None))
            continue
        for k, t in filled:
            budget.cell(r, k)
            current.append(GridCell(text=t, row=r, col=k))
    if current:
        blocks_out.append(TableGrid(current, exact=False, one_based=True))
    return SourceGrid(blocks=blocks_out, format="csv", warnings=warnings)


READERS = (Reader("csv", lambda probe: probe.plain and probe.ext == "csv", read_csv),)
