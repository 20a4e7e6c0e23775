"""Documents → pandas DataFrames with the CSV columns and proper dtypes."""
from __future__ import annotations

from typing import Iterable

from ..models import Document
from .flat import COLUMNS, rows

_FLOAT = {"value_value", "value_upper", "annual_value_value", "annual_value_upper", "actual_value", "actual_upper",
          "weight", "score", "amount_value"}
_INT = {"table_index", "number", "page", "row", "indicator_count", "warning_count"}
_BOOL = {"value_boolean", "annual_value_boolean", "actual_boolean"}


def frames(docs: Iterable[Document]) -> dict:
    """``{"indicators", "tables", "tasks", "budget"}`` → DataFrame for many documents."""
    import pandas as pd

    docs = list(docs)
    out = {}
    for kind, cols in COLUMNS.items():
        data = [r for d in docs for r in rows(d, kind)]
        df = pd.DataFrame(data, columns=cols)
        for c in cols:
            if c in _FLOAT:
                df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
            elif c in _INT:
                df[c] = pd.array(df[c].tolist(), dtype="Int64")
            elif c in _BOOL:
                df[c] = pd.array(df[c].tolist(), dtype="boolean")
            else:
                df[c] = df[c].astype("string")
        out[kind] = df
    return out


def document_frames(doc: Document) -> dict:
    return frames([doc])
