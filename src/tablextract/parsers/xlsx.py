"""Reader for Excel ``.xlsx``: one streaming pass over each sheet's XML.

openpyxl's read-only worksheets keep every parsed ``<row>`` element alive
(≈0.5 GB for a sheet with a million empty styled rows), and they expose
neither merged ranges nor hidden rows.  So the sheet XML is streamed here with
lxml ``iterparse`` (entities never resolved, no DTD, no network), elements are
freed as they are read, and openpyxl's public helpers give the built-in number
formats and Excel date conversion.  Values are read as shown: a cell formatted
``0%`` holding 0.95 gives ``95%``, ``0.00`` gives ``13.80``.  Each sheet with
text becomes one grid; ``page`` is the sheet number.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Iterator, Optional

from ..errors import TablextractError
from ..grid import GridBudget, GridCell, SourceGrid, TableGrid
from ..models import Issue, Location
from ..options import ExtractOptions
from ._zip import check_zip
from .attrs import int_attr
from .registry import Reader

_REF = re.compile(r"([A-Z]{1,10})(\d{1,15})$")  # longer is no cell reference
MAX_COLS = 16384  # Excel's last column, XFD
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _parser_kwargs() -> dict:
    # Never resolve entities, never load a DTD, never touch the network (XXE-safe).
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _iter(fh, tags: tuple[str, ...]) -> Iterator:
    """Stream the end events of ``tags`` (local names), freeing each element once read."""
    from lxml import etree

    wanted = {f"{{http://schemas.openxmlformats.org/spreadsheetml/2006/main}}{t}" for t in tags}
    for _ev, el in etree.iterparse(fh, events=("end",), tag=wanted, **_parser_kwargs()):
        yield el
        el.clear(keep_tail=False)
        parent = el.getparent()
        if parent is not None:
            while el.getprevious() is not None:
                del parent[0]


def display_text(value, number_format: Optional[str]) -> str:
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
        decimals = min(len(m.group(1)), 30) if m else 0
        d = value if isinstance(value, Decimal) else Decimal(str(value))
        if not d.is_finite() or abs(d.adjusted()) > 308:  # INF, NaN, beyond a double: as stored
            return str(value)
        if "%" in fmt_clean:
            return f"{d * 100:.{decimals}f}%"
        if fmt_clean == "General" or not re.search(r"[0#]", fmt_clean):
            if d == d.to_integral_value():
                return format(d.to_integral_value(), "f")
            return format(d.normalize(), "f")
        comma = "," if "," in fmt_clean else ""
        return f"{d:{comma}.{decimals}f}"
    return str(value).strip()


class _Book:
    """Workbook parts a sheet needs: shared strings, number formats per style, sheet paths."""

    def __init__(self, z: zipfile.ZipFile):
        from lxml import etree

        self.z = z
        names = set(z.namelist())
        parser = etree.XMLParser(**_parser_kwargs())
        wb = etree.fromstring(z.read("xl/workbook.xml"), parser)
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"), parser)
        target = {r.get("Id"): r.get("Target", "") for r in rels}
        self.sheets: list[tuple[str, str, str]] = []  # (name, member, state)
        for s in wb.iter("{*}sheet"):
            t = target.get(s.get(_NS_REL), "").lstrip("/")
            member = t if t.startswith("xl/") else f"xl/{t}"
            if member in names:
                self.sheets.append((s.get("name", ""), member, s.get("state", "visible")))
        self.date1904 = any(p.get("date1904") in ("1", "true") for p in wb.iter("{*}workbookPr"))
        self.strings: list[str] = []
        if "xl/sharedStrings.xml" in names:
            with z.open("xl/sharedStrings.xml") as fh:
                for si in _iter(fh, ("si",)):
                    self.strings.append("".join(t.text or "" for t in si.iter("{*}t")
                                                if t.getparent().tag.rsplit("}", 1)[-1] != "rPh"))
        self.formats: list[Optional[str]] = []
        if "xl/styles.xml" in names:
            from openpyxl.styles.numbers import BUILTIN_FORMATS

            st = etree.fromstring(z.read("xl/styles.xml"), parser)
            custom = {int(f.get("numFmtId")): f.get("formatCode") for f in st.iter("{*}numFmt")}
            xfs = st.find("{*}cellXfs")
            for xf in (xfs if xfs is not None else []):
                fid = int(xf.get("numFmtId", "0"))
                self.formats.append(custom.get(fid) or BUILTIN_FORMATS.get(fid))

    def value(self, c) -> Optional[str]:
        """Display text of one ``<c>`` element."""
        t = c.get("t", "n")
        v = c.find("{*}v")
        raw = v.text if v is not None else None
        if t == "inlineStr":
            is_ = c.find("{*}is")
            return "".join(x.text or "" for x in is_.iter("{*}t")) if is_ is not None else None
        if raw is None:
            return None
        if t == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                return None
        if t in ("str", "e"):
            return raw
        if t == "b":
            return "TRUE" if raw.strip() == "1" else "FALSE"
        fmt = None
        s = c.get("s")
        if s is not None and s.isdigit() and int(s) < len(self.formats):
            fmt = self.formats[int(s)]
        try:
            num = Decimal(raw)
        except InvalidOperation:
            return raw
        if not num.is_finite():
            return raw  # INF, NaN: as stored
        if fmt:
            from openpyxl.styles.numbers import is_date_format

            if is_date_format(fmt):
                from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

                try:
                    return display_text(from_excel(float(num), CALENDAR_MAC_1904 if self.date1904
                                                   else CALENDAR_WINDOWS_1900), fmt)
                except (ValueError, OverflowError):
                    return raw
        return display_text(num, fmt)


def _read_sheet(book: _Book, member: str, sheet_no: int, title: str, options: ExtractOptions,
                warnings: list[Issue], budget: GridBudget) -> Optional[TableGrid]:
    budget.next_grid()
    cells: dict[tuple[int, int], GridCell] = {}
    merges: list[tuple[int, int, int, int]] = []
    hidden_rows: set[int] = set()
    hidden_cols: set[int] = set()
    with book.z.open(member) as fh:
        for el in _iter(fh, ("row", "mergeCell", "col")):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "row":
                r = int_attr(el.get("r"), 0, "row number") - 1
                if el.get("hidden") in ("1", "true"):
                    hidden_rows.add(r)
                for k_guess, c in enumerate(el.iterchildren("{*}c")):
                    text = book.value(c)
                    if text is None or not text.strip():
                        continue
                    m = _REF.match(c.get("r", ""))
                    row, col = (int(m.group(2)) - 1, _col_index(m.group(1))) if m else (r, k_guess)
                    budget.cell(row, col)
                    cells[(row, col)] = GridCell(text=text.strip(), page=sheet_no, row=row, col=col)
            elif tag == "mergeCell":
                a, _, b = el.get("ref", "").partition(":")
                ma, mb = _REF.match(a), _REF.match(b or a)
                if ma and mb:
                    ra, rb = sorted((int(ma.group(2)) - 1, int(mb.group(2)) - 1))
                    ca, cb = sorted((_col_index(ma.group(1)), _col_index(mb.group(1))))
                    merges.append((ra, ca, rb, cb))
            elif tag == "col" and el.get("hidden") in ("1", "true"):
                lo = int_attr(el.get("min"), 1, "column range", low=1)
                hidden_cols.update(range(lo - 1, min(int_attr(el.get("max"), lo, "column range"), MAX_COLS)))
    if not cells:
        return None
    for r0, c0, r1, c1 in merges:
        origin = cells.get((r0, c0))
        if origin is not None:
            budget.cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1)
            origin.rowspan, origin.colspan = r1 - r0 + 1, c1 - c0 + 1
    for (r, k), c in cells.items():
        if r in hidden_rows or k in hidden_cols:
            what = "row" if r in hidden_rows else "column"
            warnings.append(Issue(code=f"hidden_{what}", message=f"cell “{c.text[:30]}” is in a hidden {what} "
                                  f"of sheet “{title}”", location=Location(page=sheet_no, row=r, col=k)))
    return TableGrid(sorted(cells.values(), key=lambda c: (c.row, c.col)))


def read_xlsx(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    """Read every sheet with text into a grid."""
    from lxml import etree

    options = options or ExtractOptions()
    check_zip(data, options.max_unzipped_bytes)
    blocks: list = []
    warnings: list[Issue] = []
    budget = GridBudget(options.max_cells)
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        book = _Book(z)
        for sheet_no, (title, member, state) in enumerate(book.sheets, start=1):
            grid = _read_sheet(book, member, sheet_no, title, options, warnings, budget)
            if grid is None:
                continue
            if state != "visible":
                warnings.append(Issue(code="hidden_sheet", message=f"sheet “{title}” is hidden",
                                      location=Location(page=sheet_no)))
            blocks.append(grid)
    except TablextractError:
        raise
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError) as e:
        raise TablextractError("corrupt", f"not a readable XLSX ({type(e).__name__}: {str(e)[:80]})") from None
    g = SourceGrid(blocks=blocks, format="xlsx")
    g.warnings.extend(warnings)
    return g


READERS = (Reader("xlsx", lambda probe: "xl/workbook.xml" in probe.zip_names, read_xlsx),)
