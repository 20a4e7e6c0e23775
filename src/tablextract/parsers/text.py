"""Reader for tab-separated text exports (the seed's ``.txt``).

``##``/``###`` lines are headings, lines with tabs are table rows (one grid per
run of tab lines, blank lines allowed inside), other lines are paragraphs
(``- `` bullets unmarked).  Rows keep their source line number, fields their
position, so provenance can point back at line and field.
"""
from __future__ import annotations

import re

from ..errors import TablextractError
from ..grid import GridCell, Paragraph, SourceGrid, TableGrid
from ..options import ExtractOptions
from .registry import Reader

_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*•]\s+")


def decode(data: bytes, encoding: str | None = None) -> str:
    """Bytes → text: the given encoding, else UTF-8 (BOM or not), UTF-16 by BOM, else GB18030."""
    if encoding:
        return data.decode(encoding)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise TablextractError("corrupt", f"cannot decode text (tried UTF-8 and GB18030): {e.reason}") from None


def split_lines(text: str) -> list[str]:
    """Lines on LF, CRLF or CR only (str.splitlines also splits on form feeds and U+2028)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_text(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    """Read a tab-separated text export into headings, paragraphs and one TableGrid per run of rows."""
    return read_delimited(decode(data, options.encoding if options else None), "\t", "text")


def read_delimited(text: str, delimiter: str, fmt: str) -> SourceGrid:
    """Lines → blocks; shared by the text and CSV readers."""
    lines = split_lines(text)
    blocks: list = []
    current: list[GridCell] = []

    def flush() -> None:
        if current:
            blocks.append(TableGrid(list(current), exact=False, one_based=True))
            current.clear()

    for idx, line in enumerate(lines):
        if delimiter in line:
            for col, field in enumerate(line.split(delimiter)):
                text = field.strip()
                if text:
                    current.append(GridCell(text=text, row=idx, col=col))
            continue
        if not line.strip():
            continue  # blank lines may sit inside a table
        flush()
        m = _HEADING.match(line)
        if m:
            blocks.append(Paragraph(text=m.group(2).strip(), row=idx, heading_level=len(m.group(1))))
        else:
            blocks.append(Paragraph(text=_BULLET.sub("", line).strip(), row=idx))
    flush()
    return SourceGrid(blocks=blocks, format=fmt)


READERS = (Reader("text", lambda probe: probe.plain and not probe.named_container, read_text),)
