"""Writers: JSON, JSONL, CSV, XLSX and DataFrames of Documents."""
from .atomic import atomic_open, write_text
from .csv import write_csv
from .flat import COLUMNS, rows
from .jsonl import document_json, write_document, write_jsonl
from .xlsx import write_xlsx

__all__ = ["atomic_open", "write_text", "write_csv", "COLUMNS", "rows", "document_json", "write_document",
           "write_jsonl", "write_xlsx"]
