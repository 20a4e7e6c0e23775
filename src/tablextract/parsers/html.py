"""Reader for HTML pages (lxml): ``rowspan``/``colspan``, ``<br>``/``<p>`` in cells,
several tables per page, headings before tables, GBK/GB2312 pages decoded by
their declared charset.  Traversal is iterative, so deeply nested markup cannot
exhaust the stack.
"""
from __future__ import annotations

import codecs
import re

from ..errors import TablextractError
from ..grid import GridBudget, GridCell, Paragraph, SourceGrid, TableGrid
from ..options import ExtractOptions
from .registry import Probe, Reader

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre"}
_HEADINGS = {f"h{i}": i for i in range(1, 7)}


# Codecs Python knows that no page is written in: they fail or misread whole pages.
_NOT_PAGE_CHARSETS = {"idna", "punycode", "undefined", "unicode_escape", "raw_unicode_escape", "unicode-escape",
                      "raw-unicode-escape", "utf-7", "utf7", "mbcs", "oem"}


def decode_html(data: bytes) -> str:
    """Decode by BOM, then the declared charset (GBK/GB2312 read as GB18030), then UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    m = _CHARSET.search(data[:4096])
    if m:
        cs = m.group(1).decode("ascii", "ignore").lower()
        if cs in ("gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "gb18030"):
            cs = "gb18030"
        try:
            info = codecs.lookup(cs)
            if info._is_text_encoding and not {cs, info.name} & _NOT_PAGE_CHARSETS:
                return data.decode(cs, "replace")
        except (LookupError, UnicodeError, TypeError, ValueError):
            pass  # an unknown or special charset name (idna, undefined, rot13): decide from the bytes
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def _tag(el) -> str:
    t = el.tag
    return t.lower() if isinstance(t, str) else ""


def _text_of(el, skip_tables: bool = True) -> str:
    """Text with ``<br>`` and block boundaries as line breaks; nested tables left out."""
    out: list[str] = []
    stack = [(el, False)]
    while stack:
        node, closing = stack.pop()
        tag = _tag(node)
        if closing:
            if tag in _BLOCK:
                out.append("\n")
            if node is not el and node.tail:
                out.append(node.tail)
            continue
        if node is not el and tag == "table" and skip_tables:
            if node.tail:
                out.append(node.tail)
            continue
        if tag == "br":
            out.append("\n")
        elif tag in _BLOCK and node is not el:
            out.append("\n")
        if tag in ("script", "style"):
            if node.tail and node is not el:
                out.append(node.tail)
            continue
        if node.text and tag:
            out.append(node.text)
        stack.append((node, True))
        for child in reversed(list(node)):
            stack.append((child, False))
    text = "".join(out).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _grid(table, row0: int, budget: GridBudget) -> tuple[list[GridCell], int]:
    """Cells of one ``<table>`` from grid row ``row0`` (each counted against ``budget``
    before its slots are marked); returns (cells, rows)."""
    budget.next_grid()
    cells: list[GridCell] = []
    taken: set[tuple[int, int]] = set()
    r = row0
    rows = [tr for tr in table.iter("tr") if _nearest_table(tr) is table]
    for tr in rows:
        col = 0
        for td in tr:
            if _tag(td) not in ("td", "th"):
                continue
            while (r, col) in taken:
                col += 1
            rs = _span(td.get("rowspan"))
            cs = _span(td.get("colspan"))
            budget.cell(r - row0, col, rs, cs)
            cells.append(GridCell(text=_text_of(td), row=r, col=col, rowspan=rs, colspan=cs))
            for i in range(r, r + rs):
                for k in range(col, col + cs):
                    taken.add((i, k))
            col += cs
        r += 1
    return cells, max(r - row0, 1)


def _span(v) -> int:
    try:
        return max(1, min(int(str(v).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _nearest_table(el):
    for a in el.iterancestors():
        if _tag(a) == "table":
            return a
    return None


def read_html(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    """Read headings, paragraphs and tables of an HTML page in document order."""
    from lxml import etree, html

    text = _XML_DECL.sub("", decode_html(data))
    try:
        parser = html.HTMLParser(no_network=True, remove_comments=True, huge_tree=False)
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise TablextractError("corrupt", f"not readable HTML ({e})") from None
    blocks: list = []
    budget = GridBudget((options or ExtractOptions()).max_cells)
    row = 0
    for el in root.iter():
        tag = _tag(el)
        if tag == "table":
            cells, n = _grid(el, row, budget)
            if cells:
                blocks.append(TableGrid(cells))
            row += n
            continue
        in_table = _nearest_table(el) is not None if tag in _HEADINGS or tag in ("p", "div", "li") else True
        if in_table:
            continue
        if tag in _HEADINGS:
            t = _text_of(el)
            if t:
                blocks.append(Paragraph(text=t, row=row, heading_level=_HEADINGS[tag]))
                row += 1
        elif tag in ("p", "li") or (tag == "div" and not any(_tag(c) in _BLOCK or _tag(c) == "table" for c in el)):
            t = _text_of(el)
            if t:
                blocks.append(Paragraph(text=t, row=row))
                row += 1
    return SourceGrid(blocks=blocks, format="html")


_MARKUP_START = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body", b"<?xml")


def _is_html(probe: Probe) -> bool:
    if probe.is_zip or probe.is_ole:
        return False
    sniff = probe.head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return sniff.startswith(_MARKUP_START) or b"<table" in probe.data[:65536].lower()


READERS = (Reader("html", _is_html, read_html),)
