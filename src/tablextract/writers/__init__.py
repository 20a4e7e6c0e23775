"""Writers: JSON, JSONL, CSV, XLSX and DataFrames of Documents."""
from .atomic import atomic_open, write_text
from .combined import write_combined
from .flat import COLUMNS, rows
from .jsonl import document_json, write_document, write_jsonl

__all__ = ["atomic_open", "write_text", "write_combined", "COLUMNS", "rows", "document_json", "write_document",
           "write_jsonl"]
