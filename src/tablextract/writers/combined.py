"""The combined exports of a batch, written in one pass over its documents.

Each document is read once and its rows go to every requested output at the
same time (CSV files, JSONL files, the XLSX workbook), each written atomically.
"""
from __future__ import annotations

import csv
import json
from contextlib import ExitStack
from pathlib import Path
from typing import Iterable, Sequence

from ..models import Document
from .atomic import atomic_open
from .flat import COLUMNS, cell_text, neutralised, rows

KINDS = ("indicators", "tables", "tasks", "budget")


def write_combined(docs: Iterable[tuple[str, Document]], outdir: str | Path, formats: Sequence[str]) -> None:
    """``docs`` yields (document name, Document); writes the combined files for ``formats``."""
    out = Path(outdir)
    with ExitStack() as stack:
        csv_writers = {}
        if "csv" in formats:
            for kind in KINDS:
                fh = stack.enter_context(atomic_open(out / f"{kind}.csv", "w", encoding="utf-8-sig", newline=""))
                w = csv.writer(fh, lineterminator="\r\n")
                w.writerow(COLUMNS[kind])
                csv_writers[kind] = w
        docs_fh = ind_fh = None
        if "jsonl" in formats:
            docs_fh = stack.enter_context(atomic_open(out / "documents.jsonl", "w", encoding="utf-8", newline="\n"))
            ind_fh = stack.enter_context(atomic_open(out / "indicators.jsonl", "w", encoding="utf-8", newline="\n"))
        wb = sheets = None
        if "xlsx" in formats:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            sheets = {}
            for kind in KINDS:
                ws = wb.create_sheet(kind)
                ws.append(COLUMNS[kind])
                sheets[kind] = ws
        for name, doc in docs:
            for kind in KINDS:
                if not (csv_writers or sheets or (kind == "indicators" and ind_fh)):
                    break
                cols = COLUMNS[kind]
                for r in rows(doc, kind, name):
                    if kind in csv_writers:
                        csv_writers[kind].writerow([cell_text(neutralised(r.get(c))) for c in cols])
                    if sheets is not None:
                        sheets[kind].append([neutralised(r.get(c)) for c in cols])
                    if kind == "indicators" and ind_fh is not None:
                        ind_fh.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
            if docs_fh is not None:
                docs_fh.write(doc.model_dump_json() + "\n")
        if wb is not None:
            with atomic_open(out / "tablextract.xlsx", "wb") as fh:
                wb.save(fh)
