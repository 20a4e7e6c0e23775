"""Readers: one module per input format, each turning bytes into a SourceGrid.

:func:`detect_format` looks at content (magic bytes, zip members), never at the
extension alone; :func:`read_source` dispatches to the reader.
"""
from __future__ import annotations

import io
import zipfile
from typing import Callable

from ..errors import TablextractError
from ..grid import SourceGrid
from ..options import ExtractOptions


_DOC_EXTS = {"pdf", "docx", "xlsx", "doc", "xls", "wps", "et", "html", "htm", "csv", "txt", "png", "jpg", "jpeg",
             "tif", "tiff"}


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    if b"\x00" in head:
        return True
    try:
        head.decode("utf-8")
        return False
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 4:
            return False  # a character cut at the end of the sniffed block
    try:
        head.decode("gb18030")
        return False
    except UnicodeDecodeError as e:
        return e.start < len(head) - 4


def detect_format(data: bytes, name: str = "") -> str:
    """``text``, ``csv``, ``docx``, ``xlsx``, ``html``, ``pdf``, ``image``, ``doc``/``xls`` (OLE) or raise."""
    head = data[:2048]
    if not data:
        raise TablextractError("empty", "file is empty")
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            raise TablextractError("corrupt", "damaged zip container (DOCX/XLSX)") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise TablextractError("unsupported_format", "zip file is neither DOCX nor XLSX")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        low = name.lower()
        return "xls" if low.endswith((".xls", ".et")) else "doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")) or head[8:12] == b"WEBP":
        return "image"
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniff.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body", b"<?xml")) or b"<table" in data[:65536].lower():
        return "html"
    if _looks_binary(head):
        ext = name.lower().rsplit(".", 1)[-1] if "." in name else ""
        if ext in _DOC_EXTS:
            raise TablextractError("corrupt", f"content is not a valid .{ext} file (damaged or mislabelled)")
        raise TablextractError("unsupported_format", "binary file of an unknown format")
    low = name.lower()
    if low.endswith(".csv"):
        return "csv"
    return "text"


def _reader(fmt: str) -> Callable[..., SourceGrid]:
    if fmt == "text":
        from .text import read_text
        return read_text
    if fmt == "csv":
        from .csv import read_csv
        return read_csv
    if fmt == "docx":
        from .docx import read_docx
        return read_docx
    if fmt == "xlsx":
        from .xlsx import read_xlsx
        return read_xlsx
    if fmt == "html":
        from .html import read_html
        return read_html
    if fmt == "pdf":
        from .pdf import read_pdf
        return read_pdf
    if fmt == "image":
        from .ocr import read_images
        return read_images
    raise TablextractError("unsupported_format", f"no reader for format {fmt!r}")


def read_source(data: bytes, name: str, options: ExtractOptions) -> SourceGrid:
    """Detect the format of ``data`` and read it into a SourceGrid."""
    fmt = detect_format(data, name)
    if fmt in ("doc", "xls"):
        from .legacy import convert_legacy

        data, fmt, original = convert_legacy(data, name, fmt)
        grid = _reader(fmt)(data, options=options)
        grid.converted_from = original
        return grid
    return _reader(fmt)(data, options=options)
