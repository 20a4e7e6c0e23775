"""The layout interpreter: grid → tables.  Knows nothing of file formats."""
from __future__ import annotations

from ..grid import SourceGrid, output_cell
from ..models import Cell, Issue, Location, Table
from .context import TableContext
from .segment import segment
from .table import interpret_table
from ..vocabulary import Vocabulary


def interpret(source: SourceGrid, vocab: Vocabulary) -> tuple[list[Table], list[Issue], list[Cell]]:
    """All tables of a source, the warnings raised, and every text cell left unused."""
    seg = segment(source, vocab)
    tables: list[Table] = []
    warnings: list[Issue] = list(source.warnings)
    unplaced: list[Cell] = []
    for region in seg.regions:
        ctx = TableContext(grid=region.grid, vocab=vocab, table_index=len(tables))
        tables.extend(interpret_table(region, ctx))
        warnings.extend(ctx.warnings)
        for c in region.grid.cells:
            if c.text.strip() and c.pos not in ctx.used:
                unplaced.append(output_cell(c))
    for p in seg.loose:
        if p.text.strip():
            unplaced.append(output_cell(p))
    if not tables:
        warnings.append(Issue(code="no_tables", severity="warning", message="no target table found",
                              location=Location()))
    return tables, warnings, unplaced


__all__ = ["interpret", "Vocabulary"]
