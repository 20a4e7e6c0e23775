"""XLSX writer: one sheet per flat export, same columns as the CSVs."""
from __future__ import annotations

import os
from typing import Iterable, Mapping

from .atomic import atomic_open
from .flat import COLUMNS


def write_xlsx(path: str | os.PathLike, sheets: Mapping[str, Iterable[dict]]) -> None:
    """Write ``{kind: rows}`` to one workbook (write-only mode: bounded memory)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for kind, rows in sheets.items():
        ws = wb.create_sheet(kind)
        cols = COLUMNS[kind]
        ws.append(cols)
        for r in rows:
            ws.append([_xl(r.get(c)) for c in cols])
    with atomic_open(path, "wb") as fh:
        wb.save(fh)


def _xl(x):
    if x is None:
        return None
    if isinstance(x, str) and x[:1] in ("=", "+", "-", "@") and len(x) > 1:
        return "'" + x  # never let a cell text become a formula in Excel
    return x
