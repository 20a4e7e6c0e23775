"""Bad inputs, made for real (no mocks): each a file a batch may meet."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from conftest import FIXTURES

SEED = FIXTURES / "seed"


def zero_byte(d: Path) -> Path:
    p = d / "zero.txt"
    p.write_bytes(b"")
    return p


def random_bytes(d: Path, name: str) -> Path:
    p = d / name
    p.write_bytes(os.urandom(4096))
    return p


def truncated_pdf(d: Path) -> Path:
    data = (SEED / "seed.pdf").read_bytes()
    p = d / "truncated.pdf"
    p.write_bytes(data[: len(data) // 2])
    return p


def encrypted_pdf(d: Path, password: str) -> Path:
    from pypdf import PdfWriter

    w = PdfWriter(clone_from=str(SEED / "seed.pdf"))
    w.encrypt(user_password=password, owner_password="owner-secret", algorithm="AES-128")
    p = d / f"encrypted-{'empty' if not password else 'password'}.pdf"
    with open(p, "wb") as fh:
        w.write(fh)
    return p


def docx_zip_bomb(d: Path, inflated: int = 1 << 30) -> Path:
    """A DOCX whose word/document.xml inflates to ``inflated`` bytes (1 GiB by default)."""

    def write(_data: bytes, fh) -> None:
        fh.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                 b'wordprocessingml/2006/main"><w:body>')
        chunk = b" " * (1 << 20)
        for _ in range(inflated // len(chunk)):
            fh.write(chunk)
        fh.write(b"</w:body></w:document>")

    return _rewrite_member((SEED / "seed.docx").read_bytes(), d / "bomb.docx", "word/document.xml", write)


def _rewrite_member(src: bytes, dest: Path, member: str, write) -> Path:
    """Copy a zip container, letting ``write(data, fh)`` produce the new content of ``member``."""
    zin = zipfile.ZipFile(io.BytesIO(src))
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                with z.open(info.filename, "w", force_zip64=True) as fh:
                    write(data, fh)
            else:
                z.writestr(info, data)
    return dest


def _workbook_bytes(b1: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "项目名称"
    wb.active["B1"] = b1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_million_styled_rows(d: Path, rows: int = 1_000_000) -> Path:
    """An XLSX whose one sheet has a tiny table and then ``rows`` empty rows that carry a style."""

    def write(data: bytes, fh) -> None:
        head, _, tail = data.decode().partition("</sheetData>")
        fh.write(head.replace('<dimension ref="A1:B1"/>', f'<dimension ref="A1:B{rows + 1}"/>').encode())
        for start in range(2, rows + 2, 10000):
            fh.write("".join(f'<row r="{r}" s="1" customFormat="1" ht="15" customHeight="1"/>'
                             for r in range(start, min(start + 10000, rows + 2))).encode())
        fh.write(b"</sheetData>" + tail.encode())

    return _rewrite_member(_workbook_bytes("样式行测试"), d / "styled-rows.xlsx", "xl/worksheets/sheet1.xml", write)


XXE_ENTITY = '<!ENTITY xxe SYSTEM "file:///etc/hostname">'


def _with_entity(root: str):
    """A writer that declares the external entity before ``root`` and uses it where XXEMARK stood."""

    def write(data: bytes, fh) -> None:
        text = data.decode()
        if text.startswith("<?xml"):
            text = text[text.index("?>") + 2:]
        text = f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE {root} [{XXE_ENTITY}]>' + text
        fh.write(text.replace("XXEMARK", "&xxe;").encode())

    return write


def docx_with_xxe(d: Path) -> Path:
    """A DOCX whose document.xml declares an external entity and uses it in a table cell."""
    import docx

    doc = docx.Document()
    doc.add_heading("项目支出绩效目标表", 2)
    t = doc.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "项目名称"
    t.cell(0, 1).text = "XXEMARK"
    buf = io.BytesIO()
    doc.save(buf)
    return _rewrite_member(buf.getvalue(), d / "xxe.docx", "word/document.xml", _with_entity("w:document"))


def xlsx_with_xxe(d: Path) -> Path:
    """An XLSX whose sheet XML declares an external entity and uses it in a cell."""
    return _rewrite_member(_workbook_bytes("XXEMARK"), d / "xxe.xlsx", "xl/worksheets/sheet1.xml",
                           _with_entity("worksheet"))


def deep_html(d: Path, depth: int = 20_000) -> Path:
    p = d / "deep.html"
    p.write_bytes(b"<html><body>" + b"<div>" * depth + b"deep" + b"</div>" * depth + b"</body></html>")
    return p


def no_table(d: Path) -> Path:
    p = d / "no-table.txt"
    p.write_text("这是一份说明文字，没有任何绩效目标表。\n", encoding="utf-8")
    return p


def dangling_symlink(d: Path) -> Path:
    p = d / "dangling.pdf"
    os.symlink(d / "does-not-exist.pdf", p)
    return p


def dir_named_pdf(d: Path) -> Path:
    p = d / "x.pdf"
    p.mkdir()
    return p
