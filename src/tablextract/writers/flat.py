"""Flat rows of a Document, with the column names the contract fixes.

Shared by the CSV, JSONL, XLSX and DataFrame writers so every flat export has
the same columns and text.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, Iterator, Optional

from ..models import Document, Indicator, Table, Value, number_out

VALUE_COLUMNS = ("raw", "kind", "op", "value", "upper", "unit", "period", "date", "date_end", "direction",
                 "baseline", "boolean", "text", "basis")
INDICATOR_COLUMNS = (
    ["document", "table_index", "table_kind", "table_title", "project_name", "level1", "level2",
     "level1_canonical", "level2_canonical", "name", "number"]
    + [f"{p}_{c}" for p in ("value", "annual_value", "actual") for c in VALUE_COLUMNS]
    + ["weight", "score", "direction", "extra", "page", "row"]
)
TABLE_COLUMNS = ["document", "table_index", "kind", "title", "project_name", "department_name", "fields", "goals",
                 "indicator_count", "warning_count", "pages"]
TASK_COLUMNS = ["document", "table_index", "name", "content", "amount_raw", "amount_value", "amount_unit", "expected"]
BUDGET_COLUMNS = ["document", "table_index", "group", "item", "amount_raw", "amount_kind", "amount_value",
                  "amount_unit"]
COLUMNS = {"indicators": INDICATOR_COLUMNS, "tables": TABLE_COLUMNS, "tasks": TASK_COLUMNS, "budget": BUDGET_COLUMNS}


def _num(x: Optional[Decimal]) -> Any:
    return number_out(x)


def _json_obj(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False, separators=(",", ":")) if d else ""


def _value_cells(prefix: str, v: Optional[Value]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in VALUE_COLUMNS:
        x = getattr(v, c) if v is not None else None
        out[f"{prefix}_{c}"] = _num(x) if c in ("value", "upper") else x
    return out


def indicator_row(document: str, ti: int, table: Table, ind: Indicator) -> dict[str, Any]:
    row: dict[str, Any] = {
        "document": document, "table_index": ti, "table_kind": table.kind, "table_title": table.title,
        "project_name": table.project_name, "level1": ind.level1, "level2": ind.level2,
        "level1_canonical": ind.level1_canonical, "level2_canonical": ind.level2_canonical,
        "name": ind.name, "number": ind.number,
    }
    for p in ("value", "annual_value", "actual"):
        row.update(_value_cells(p, getattr(ind, p)))
    row.update(weight=_num(ind.weight), score=_num(ind.score), direction=ind.direction,
               extra=_json_obj(ind.extra), page=ind.provenance.pages[0] if ind.provenance.pages else None,
               row=ind.provenance.row)
    return row


def rows(doc: Document, kind: str, document: Optional[str] = None) -> Iterator[dict[str, Any]]:
    """Flat rows of one kind (``indicators``, ``tables``, ``tasks``, ``budget``)."""
    name = document if document is not None else doc.source.path
    for ti, t in enumerate(doc.tables):
        if kind == "indicators":
            for ind in t.indicators:
                yield indicator_row(name, ti, t, ind)
        elif kind == "tables":
            n_warn = sum(1 for w in doc.warnings if w.location.table_index == ti)
            yield {"document": name, "table_index": ti, "kind": t.kind, "title": t.title,
                   "project_name": t.project_name, "department_name": t.department_name,
                   "fields": _json_obj(t.fields), "goals": _json_obj(t.goals),
                   "indicator_count": len(t.indicators), "warning_count": n_warn,
                   "pages": ",".join(str(p) for p in t.provenance.pages)}
        elif kind == "tasks":
            for task in t.tasks:
                a = task.amount
                yield {"document": name, "table_index": ti, "name": task.name, "content": task.content,
                       "amount_raw": a.raw if a else None, "amount_value": _num(a.value) if a else None,
                       "amount_unit": a.unit if a else None, "expected": task.expected}
        elif kind == "budget":
            for b in t.budget:
                yield {"document": name, "table_index": ti, "group": b.group, "item": b.item,
                       "amount_raw": b.amount.raw, "amount_kind": b.amount.kind,
                       "amount_value": _num(b.amount.value), "amount_unit": b.amount.unit}
        else:
            raise ValueError(f"unknown flat export {kind!r}")


_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)%?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(x: Any) -> Any:
    """Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a
    leading ``'``; numbers written as text (``-5``, ``-0%``, ``+1,000.5``) and one-character
    cells (``-``) stay as they are.  Used for CSV and XLSX alike."""
    if isinstance(x, str) and len(x) > 1 and x.startswith(_FORMULA_START) and not _NUMBER.fullmatch(x):
        return "'" + x
    return x


def cell_text(x: Any) -> str:
    """CSV text of a value: empty for null, true/false for booleans, numbers as in JSON."""
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, float):
        return json.dumps(x)
    return str(x)
