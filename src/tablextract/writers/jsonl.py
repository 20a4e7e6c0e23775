"""JSON and JSON Lines writers."""
from __future__ import annotations

import json
import os
from typing import Iterable

from ..models import Document
from .atomic import atomic_open, write_text


def document_json(doc: Document) -> str:
    """The contract's JSON of one Document (indented, UTF-8, no clocks)."""
    return doc.model_dump_json(indent=2) + "\n"


def write_document(path: str | os.PathLike, doc: Document) -> None:
    write_text(path, document_json(doc))


def write_jsonl(path: str | os.PathLike, records: Iterable[dict | str]) -> int:
    """One JSON object per line; strings are written as already-serialised JSON."""
    n = 0
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False, separators=(",", ":")))
            fh.write("\n")
            n += 1
    return n
