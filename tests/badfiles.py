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
    """Copy a zip container to ``dest``, letting ``write(data, fh)`` produce the new content of ``member``."""
    dest.write_bytes(rewritten(src, member, write))
    return dest


def rewritten(src: bytes, member: str, write) -> bytes:
    """A zip container's bytes with ``member`` produced by ``write(data, fh)`` instead."""
    zin = zipfile.ZipFile(io.BytesIO(src))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                with z.open(info.filename, "w", force_zip64=True) as fh:
                    write(data, fh)
            else:
                z.writestr(info, data)
    return out.getvalue()


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


# -- hostile inputs of the readers (issue 15): tiny files that would make a reader spin or eat memory

def docx_bytes(table_xml: str) -> bytes:
    """A DOCX whose body is one ``w:tbl`` given as XML (``w:`` prefix bound)."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("项目支出绩效目标表")
    buf = io.BytesIO()
    doc.save(buf)

    def write(data: bytes, fh) -> None:
        fh.write(data.decode().replace("<w:sectPr", table_xml + "<w:sectPr", 1).encode())

    return rewritten(buf.getvalue(), "word/document.xml", write)


def docx_row(cells: str, tr_pr: str = "") -> str:
    return f"<w:tbl><w:tr>{tr_pr}{cells}</w:tr></w:tbl>"


def docx_cell(text: str, tc_pr: str = "") -> str:
    return f"<w:tc><w:tcPr>{tc_pr}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def xlsx_sheet_bytes(edit) -> bytes:
    """The small workbook with its sheet XML passed through ``edit(text) -> text``."""

    def write(data: bytes, fh) -> None:
        fh.write(edit(data.decode()).encode())

    return rewritten(_workbook_bytes("甲项目"), "xl/worksheets/sheet1.xml", write)


def xlsx_add_to_sheet(xml: str, before: str = "</worksheet>"):
    """An edit adding ``xml`` before a tag of the sheet (merges, columns, extra cells)."""
    return lambda text: text.replace(before, xml + before, 1)


def xlsx_without(member: str) -> bytes:
    src = _workbook_bytes("甲项目")
    zin = zipfile.ZipFile(io.BytesIO(src))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            if info.filename != member:
                z.writestr(info, zin.read(info.filename))
    return buf.getvalue()


def zip_with_bad_deflate(src: bytes, member: str) -> bytes:
    """A copy of a zip container whose ``member`` has its compressed bytes damaged (zlib error)."""
    zin = zipfile.ZipFile(io.BytesIO(src))
    info = zin.getinfo(member)
    out = bytearray(src)
    name_len, extra_len = int.from_bytes(src[info.header_offset + 26:info.header_offset + 28], "little"), \
        int.from_bytes(src[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + 2, start + min(info.compress_size, 40)):
        out[i] = 0xFF
    return bytes(out)


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels (the image data is one tiny row)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + \
        chunk(b"IEND", b"")


def encrypted_ooxml() -> bytes:
    """An OLE compound file (CFB v3) holding ``EncryptionInfo`` and ``EncryptedPackage`` streams,
    the shape Office gives a password-protected DOCX/XLSX (stream contents are filler here)."""
    import struct

    free, end, fatsect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    stream = 4096  # at the mini-stream cutoff: stored in regular sectors
    n = stream // 512
    fat = [fatsect, end] + [i + 1 for i in range(2, 2 + n - 1)] + [end] + \
        [i + 1 for i in range(2 + n, 2 + 2 * n - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\x00" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return struct.pack("<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, left, right, child, b"\x00" * 16, 0, 0, 0,
                           start, size)

    directory = entry("Root Entry", 5, free, free, 1, end, 0) + \
        entry("EncryptionInfo", 2, free, 2, free, 2, stream) + \
        entry("EncryptedPackage", 2, free, free, free, 2 + n, stream) + entry("", 0, free, free, free, 0, 0)
    return header + struct.pack("<128I", *fat) + directory + b"\x04\x00\x04\x00" + b"\x00" * (stream - 4) + \
        b"\x00" * stream
