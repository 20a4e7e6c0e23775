"""Reader for Excel ``.xlsx`` (openpyxl in read-only mode: bounded memory).

Values are read as they are shown: a cell formatted ``0%`` holding 0.95 gives
``95%``, ``0.00`` gives ``13.80``.  Merged ranges and hidden rows/columns are
read from the sheet XML in one streaming pass (read-only worksheets do not
expose them).  Each sheet with text becomes one grid; ``page`` is the sheet
number.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from typing import Optional

from ..errors import TablextractError
from ..grid import SourceGrid, TableGrid
from ..models import Cell, Issue, Location
from ..options import ExtractOptions
from ._zip import check_zip

_REF = re.compile(r"([A-Z]+)(\d+)")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def display_text(value, number_format: str | None) -> str:
    """The text Excel shows for a cell value under its number format (the common formats)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        fmt = (number_format or "General").split(";")[0]
        fmt_clean = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt)
        m = re.search(r"0\.(0+)", fmt_clean)
        decimals = len(m.group(1)) if m else 0
        if "%" in fmt_clean:
            return f"{Decimal(str(value)) * 100:.{decimals}f}%"
        if fmt_clean == "General" or not re.search(r"[0#]", fmt_clean):
            if isinstance(value, float) and value.is_integer():
                return str(int(value))
            return repr(value) if isinstance(value, float) else str(value)
        comma = "," if "," in fmt_clean else ""
        return f"{Decimal(str(value)):{comma}.{decimals}f}"
    return str(value).strip()


def _sheet_layout(z: zipfile.ZipFile, member: str) -> tuple[list[tuple[int, int, int, int]], set[int], set[int]]:
    """Merged ranges (r0, c0, r1, c1), hidden rows and hidden columns of one sheet, streamed."""
    from lxml import etree

    merges, hidden_rows, hidden_cols = [], set(), set()
    with z.open(member) as fh:
        for _ev, el in etree.iterparse(fh, events=("end",), resolve_entities=False, no_network=True,
                                       huge_tree=False, load_dtd=False):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "mergeCell":
                a, _, b = el.get("ref", "").partition(":")
                ma, mb = _REF.match(a), _REF.match(b or a)
                if ma and mb:
                    merges.append((int(ma.group(2)) - 1, _col_index(ma.group(1)),
                                   int(mb.group(2)) - 1, _col_index(mb.group(1))))
            elif tag == "row":
                if el.get("hidden") in ("1", "true"):
                    hidden_rows.add(int(el.get("r", "0")) - 1)
                el.clear()
            elif tag == "col" and el.get("hidden") in ("1", "true"):
                hidden_cols.update(range(int(el.get("min", "1")) - 1, int(el.get("max", "1"))))
            elif tag == "c":
                el.clear()
    return merges, hidden_rows, hidden_cols


def _sheet_members(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip member path, from workbook.xml and its relationships."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    wb = etree.fromstring(z.read("xl/workbook.xml"), parser)
    rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"), parser)
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for s in wb.iter("{*}sheet"):
        rid = s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        t = target.get(rid, "")
        t = t.lstrip("/")
        out[s.get("name")] = t if t.startswith("xl/") else f"xl/{t}"
    return out


def read_xlsx(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    """Read every sheet with text into a grid."""
    options = options or ExtractOptions()
    check_zip(data, options.max_unzipped_bytes)
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        z = zipfile.ZipFile(io.BytesIO(data))
        members = _sheet_members(z)
    except TablextractError:
        raise
    except Exception as e:
        raise TablextractError("corrupt", f"not a readable XLSX ({type(e).__name__}: {str(e)[:80]})") from None
    blocks: list = []
    warnings: list[Issue] = []
    n_cells = 0
    try:
        for sheet_no, ws in enumerate(wb.worksheets, start=1):
            if getattr(ws, "sheet_state", "visible") != "visible":
                pass
            cells: dict[tuple[int, int], Cell] = {}
            for row in ws.iter_rows():
                for c in row:
                    v = getattr(c, "value", None)
                    if v is None:
                        continue
                    text = display_text(v, getattr(c, "number_format", None))
                    if not text:
                        continue
                    r, k = c.row - 1, c.column - 1
                    cells[(r, k)] = Cell(text=text, page=sheet_no, row=r, col=k)
                    n_cells += 1
                    if n_cells > options.max_cells:
                        raise TablextractError("too_large", f"more than {options.max_cells} cells with text")
            if not cells:
                continue
            member = members.get(ws.title)
            merges, hidden_rows, hidden_cols = _sheet_layout(z, member) if member in z.namelist() else ([], set(), set())
            for r0, c0, r1, c1 in merges:
                origin = cells.get((r0, c0))
                if origin is None:
                    continue
                origin.rowspan, origin.colspan = r1 - r0 + 1, c1 - c0 + 1
            for (r, k), c in cells.items():
                if r in hidden_rows or k in hidden_cols:
                    what = "row" if r in hidden_rows else "column"
                    warnings.append(Issue(code=f"hidden_{what}", message=f"cell “{c.text[:30]}” is in a hidden {what} "
                                          f"of sheet “{ws.title}”", location=Location(page=sheet_no, row=r, col=k)))
            blocks.append(TableGrid(sorted(cells.values(), key=lambda c: (c.row, c.col))))
    finally:
        wb.close()
    g = SourceGrid(blocks=blocks, format="xlsx")
    g.warnings.extend(warnings)
    return g
