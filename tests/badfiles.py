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
    src = zipfile.ZipFile(SEED / "seed.docx")
    p = d / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                continue
            z.writestr(info, src.read(info.filename))
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            chunk = b" " * (1 << 20)
            for _ in range(inflated // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return p


def xlsx_million_styled_rows(d: Path, rows: int = 1_000_000) -> Path:
    """An XLSX whose one sheet has a tiny table and then ``rows`` empty rows that carry a style."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "项目名称"
    ws["B1"] = "样式行测试"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    p = d / "styled-rows.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                head, _, tail = text.partition("</sheetData>")
                head = head.replace('<dimension ref="A1:B1"/>', f'<dimension ref="A1:B{rows + 1}"/>')
                with z.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(head.encode())
                    block = "".join(f'<row r="{r}" s="1" customFormat="1" ht="15" customHeight="1"/>'
                                    for r in range(2, 10002)).encode()
                    fh.write(block)
                    for start in range(10002, rows + 2, 10000):
                        fh.write("".join(f'<row r="{r}" s="1" customFormat="1" ht="15" customHeight="1"/>'
                                         for r in range(start, min(start + 10000, rows + 2))).encode())
                    fh.write(b"</sheetData>" + tail.encode())
            else:
                z.writestr(info, data)
    return p


XXE_PAYLOAD = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'


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
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    p = d / "xxe.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode()
                decl_end = text.index("?>") + 2
                text = text[:decl_end] + XXE_PAYLOAD + text[decl_end:]
                text = text.replace("XXEMARK", "&xxe;")
                data = text.encode()
            z.writestr(info, data)
    return p


def xlsx_with_xxe(d: Path) -> Path:
    """An XLSX whose sheet XML declares an external entity and uses it in a cell."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "项目名称"
    wb.active["B1"] = "XXEMARK"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    p = d / "xxe.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                if text.startswith("<?xml"):
                    text = text[text.index("?>") + 2:]
                text = ('<?xml version="1.0" encoding="UTF-8"?>'
                        '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>' + text)
                data = text.replace("XXEMARK", "&xxe;").encode()
            z.writestr(info, data)
    return p


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
