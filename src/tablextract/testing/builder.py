"""Fixture builder: one table description → the same tables as txt, DOCX, XLSX, HTML and PDF.

The description is the grid spec of ``tests/fixtures/README.md``::

    {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2,
                 "before": ["paragraph between heading and table"],
                 "rows": [["项目名称", {"text": "商贸工作经费", "colspan": 5}], ...],
                 "after": ["备注：1. …"]}]}

Rows follow the HTML convention (covered slots skipped).  A cell may also carry
``"number"`` and ``"format"`` (XLSX: store 0.95 formatted ``0%``), and a table
``"header_rows": N`` (DOCX/PDF: repeat the first N rows on each page) and
``"page_break_before": false``.  PDFs are made by LibreOffice from the DOCX.
Used by tests and benchmarks so every layout is checked in every format.
"""
from __future__ import annotations

import html
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

FORMATS = ("txt", "docx", "xlsx", "html", "pdf")


@dataclass
class SpecCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    number: Optional[float] = None
    format: Optional[str] = None


def layout_rows(rows: list[list[Any]]) -> tuple[list[SpecCell], int, int]:
    """HTML-convention rows → positioned cells, number of rows and columns."""
    taken: set[tuple[int, int]] = set()
    cells: list[SpecCell] = []
    for r, row in enumerate(rows):
        col = 0
        for item in row:
            while (r, col) in taken:
                col += 1
            if isinstance(item, str):
                item = {"text": item}
            c = SpecCell(text=item.get("text", ""), row=r, col=col, rowspan=int(item.get("rowspan", 1)),
                         colspan=int(item.get("colspan", 1)), number=item.get("number"), format=item.get("format"))
            cells.append(c)
            for i in range(r, r + c.rowspan):
                for k in range(col, col + c.colspan):
                    taken.add((i, k))
            col += c.colspan
    n_rows = max((c.row + c.rowspan for c in cells), default=0)
    n_cols = max((c.col + c.colspan for c in cells), default=0)
    return cells, n_rows, n_cols


# --------------------------------------------------------------------------- txt

def to_txt(spec: dict) -> str:
    """A tab-separated export: ``##`` headings, merged cells printed once at their origin."""
    out: list[str] = ["", ""]
    for t in spec["tables"]:
        out += [f"{'#' * int(t.get('heading_level', 2))} {t['title']}", ""]
        out += list(t.get("before", []))
        cells, n_rows, n_cols = layout_rows(t["rows"])
        grid = [[""] * n_cols for _ in range(n_rows)]
        for c in cells:
            grid[c.row][c.col] = c.text.replace("\n", " ").replace("\t", " ")
        out += ["\t".join(row) for row in grid]
        out.append("")
        for p in t.get("after", []):
            out += [p, ""]
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- docx

def to_docx(spec: dict) -> bytes:
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.table import _Cell

    d = docx.Document()
    for ti, t in enumerate(spec["tables"]):
        if ti and t.get("page_break_before", True):
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        d.add_heading(t["title"], level=int(t.get("heading_level", 2)))
        for p in t.get("before", []):
            d.add_paragraph(p)
        cells, n_rows, n_cols = layout_rows(t["rows"])
        table = d.add_table(rows=n_rows, cols=n_cols)
        table.style = "Table Grid"
        for i, row in enumerate(table.rows):
            trpr = row._tr.get_or_add_trPr()
            cant = OxmlElement("w:cantSplit")
            trpr.append(cant)
            if i < int(t.get("header_rows", 0)):
                hdr = OxmlElement("w:tblHeader")
                trpr.append(hdr)
        # Cells looked up once before merging: table.cell() re-walks the whole table on every call
        # (quadratic); merged areas never overlap, so each looked-up cell is still in the tree.
        grid = [[_Cell(tc, table) for tc in row._tr.tc_lst] for row in table.rows]
        for c in cells:
            cell = grid[c.row][c.col]
            if c.rowspan > 1 or c.colspan > 1:
                cell = cell.merge(grid[c.row + c.rowspan - 1][c.col + c.colspan - 1])
            lines = c.text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for extra in lines[1:]:
                cell.add_paragraph(extra)
        for p in t.get("after", []):
            d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- xlsx

def _text_cell(cell: Any, text: Optional[str]) -> None:
    """Write text as text: openpyxl would store ``=10个`` (a real 指标值) as a formula."""
    cell.value = text
    if text is not None:
        cell.data_type = "s"


def to_xlsx(spec: dict) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for ti, t in enumerate(spec["tables"], start=1):
        ws = wb.create_sheet(f"{ti} {t.get('sheet', t['title'])}"[:31])
        ws.cell(row=1, column=1, value=t["title"])
        before = list(t.get("before", []))
        for i, p in enumerate(before):  # caption lines (填报单位 …, 单位：万元) between title and table
            _text_cell(ws.cell(row=2 + i, column=1), p)
        top = 2 + len(before)
        cells, n_rows, n_cols = layout_rows(t["rows"])
        for c in cells:
            x = ws.cell(row=c.row + top, column=c.col + 1)
            if c.number is not None:
                x.value = c.number
                x.number_format = c.format or "General"
            else:
                _text_cell(x, c.text if c.text else None)
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(start_row=c.row + top, start_column=c.col + 1,
                               end_row=c.row + top - 1 + c.rowspan, end_column=c.col + c.colspan)
        r = n_rows + top + 1
        for p in t.get("after", []):
            _text_cell(ws.cell(row=r, column=1), p)
            r += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- html

def to_html(spec: dict, charset: str = "utf-8") -> bytes:
    parts = [f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>tables</title></head><body>"]
    for t in spec["tables"]:
        lvl = int(t.get("heading_level", 2))
        parts.append(f"<h{lvl}>{html.escape(t['title'])}</h{lvl}>")
        for p in t.get("before", []):
            parts.append(f"<p>{html.escape(p)}</p>")
        cells, n_rows, _ = layout_rows(t["rows"])
        parts.append("<table border=\"1\">")
        for r in range(n_rows):
            parts.append("<tr>")
            for c in (c for c in cells if c.row == r):
                attrs = (f" rowspan=\"{c.rowspan}\"" if c.rowspan > 1 else "") + \
                        (f" colspan=\"{c.colspan}\"" if c.colspan > 1 else "")
                parts.append(f"<td{attrs}>{'<br>'.join(html.escape(x) for x in c.text.split(chr(10)))}</td>")
            parts.append("</tr>")
        parts.append("</table>")
        for p in t.get("after", []):
            parts.append(f"<p>{html.escape(p)}</p>")
    parts.append("</body></html>")
    return "".join(parts).encode(charset)


# --------------------------------------------------------------------------- pdf

def soffice() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


def builder_version() -> str:
    """A digest of this module's source: rendered files cached under it are stale once it changes."""
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def docx_to_pdf_batch(docx_paths: Iterable[str | os.PathLike], outdir: str | os.PathLike,
                      workers: Optional[int] = None) -> dict[Path, Path]:
    """Convert many DOCX files to PDF with LibreOffice (headless, private profiles).

    Returns DOCX path → PDF path (``outdir/<stem>.pdf``); the stems must differ.  Starting
    soffice costs seconds, so files are converted in one soffice call per worker (default: one,
    or two on a machine of two cores or more when there are 8 files or more), never one per file.
    """
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is needed to build PDF fixtures; `make test` installs it")
    srcs = [Path(p) for p in docx_paths]
    if not srcs:
        return {}
    if len({p.stem for p in srcs}) != len(srcs):
        raise ValueError("docx_to_pdf_batch: the DOCX files must have different names")
    if workers is None:
        workers = 2 if len(srcs) >= 8 and (os.cpu_count() or 1) >= 2 else 1
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    chunks = [srcs[i::workers] for i in range(max(1, min(workers, len(srcs))))]
    with tempfile.TemporaryDirectory(prefix="tablextract-fx-") as tmp:
        procs = []
        for n, chunk in enumerate(chunks):
            profile = Path(tmp) / f"profile{n}"  # one profile per process: soffice locks its profile
            procs.append(subprocess.Popen(
                [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(out), *map(str, chunk)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "HOME": tmp}))
        errors = []
        for proc, chunk in zip(procs, chunks):
            try:
                _out, err = proc.communicate(timeout=120 + 10 * len(chunk))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                errors.append(f"LibreOffice timed out converting {len(chunk)} file(s)")
                continue
            if proc.returncode:
                errors.append(f"LibreOffice failed ({proc.returncode}): {err.decode(errors='replace').strip()[:300]}")
    if errors:
        raise RuntimeError("; ".join(errors))
    pdfs = {src: out / f"{src.stem}.pdf" for src in srcs}
    missing = [str(src) for src, pdf in pdfs.items() if not pdf.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice made no PDF for {', '.join(missing)}")
    return pdfs


def docx_to_pdf(docx_bytes: bytes) -> bytes:
    """Convert a DOCX to PDF with LibreOffice (headless, private profile)."""
    with tempfile.TemporaryDirectory(prefix="tablextract-fx-") as tmp:
        src = Path(tmp) / "fixture.docx"
        src.write_bytes(docx_bytes)
        return docx_to_pdf_batch([src], tmp)[src].read_bytes()


def _write(spec: dict, out: Path, stem: str, formats: Iterable[str]) -> dict[str, Path]:
    """Write every format but PDF; a PDF's DOCX is written beside it for the converter."""
    paths: dict[str, Path] = {}
    docx_bytes: Optional[bytes] = None
    for fmt in formats:
        p = out / f"{stem}.{fmt}"
        if fmt == "txt":
            p.write_text(to_txt(spec), encoding="utf-8")
        elif fmt in ("docx", "pdf"):
            docx_bytes = docx_bytes or to_docx(spec)
            if fmt == "docx":
                p.write_bytes(docx_bytes)
        elif fmt == "xlsx":
            p.write_bytes(to_xlsx(spec))
        elif fmt == "html":
            p.write_bytes(to_html(spec))
        else:
            raise ValueError(f"unknown fixture format {fmt!r}")
        paths[fmt] = p
    return paths


def build_many(jobs: Iterable[tuple[dict, str | os.PathLike, str]],
               formats: Iterable[str] = FORMATS) -> list[dict[str, Path]]:
    """Build several specs, each ``(spec, outdir, stem)``, with one LibreOffice call for all PDFs."""
    formats = tuple(formats)
    built: list[dict[str, Path]] = []
    pending: list[tuple[Path, Path]] = []  # (docx made for the PDF, wanted PDF path)
    with tempfile.TemporaryDirectory(prefix="tablextract-fx-") as tmp:
        for n, (spec, outdir, stem) in enumerate(jobs):
            out = Path(outdir)
            out.mkdir(parents=True, exist_ok=True)
            paths = _write(spec, out, stem, formats)
            if "pdf" in formats:
                docx = paths.get("docx") if "docx" in formats else None
                src = Path(tmp) / f"{n}.docx"  # unique names for one --outdir
                if docx is not None:
                    shutil.copyfile(docx, src)
                else:
                    src.write_bytes(to_docx(spec))
                pending.append((src, paths["pdf"]))
            built.append(paths)
        if pending:
            made = docx_to_pdf_batch([src for src, _ in pending], Path(tmp) / "pdf")
            for src, dest in pending:
                shutil.move(str(made[src]), dest)
    return built


def build(spec: dict, outdir: str | os.PathLike, stem: str = "fixture",
          formats: Iterable[str] = FORMATS) -> dict[str, Path]:
    """Write ``stem.<fmt>`` for each format; returns format → path."""
    return build_many([(spec, outdir, stem)], formats)[0]
