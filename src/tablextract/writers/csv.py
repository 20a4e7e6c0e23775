"""CSV writers: UTF-8 with BOM (Excel opens Chinese text), CRLF, empty for null."""
from __future__ import annotations

import csv
import os
from typing import Iterable

from .atomic import atomic_open
from .flat import COLUMNS, cell_text


def write_csv(path: str | os.PathLike, kind: str, rows: Iterable[dict]) -> int:
    """Write rows of one flat kind atomically; returns the number of rows."""
    cols = COLUMNS[kind]
    n = 0
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([cell_text(r.get(c)) for c in cols])
            n += 1
    return n
