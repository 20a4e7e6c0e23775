"""Reader for PDFs with a text layer.

pypdfium2 reads each page's glyphs and ruling-line paths once; pdfplumber's
lattice functions (through :mod:`.lattice`) turn the ruling lines into tables of cell boxes; each cell's
row/column span comes from where its box starts and ends among the table's
distinct x and y edges.  Each page's characters are read once and bucketed
into cells by their centre.  Wrapped lines inside a cell are joined without
inventing spaces (``本年全市新增工业企`` + ``业上规模数量(个)``), a line that ends
well short of the cell's right edge keeps its line break (:mod:`.pages`).  Tables that run on
over a page break are joined (a repeated header row is dropped); text outside
tables becomes headings (larger type) and paragraphs, so titles and 备注 are
found as in every other format.
"""
from __future__ import annotations

import statistics
from bisect import bisect_right

from ..errors import TablextractError
from ..grid import GridCell, SourceGrid
from ..options import ExtractOptions
from .lattice import find_tables, h_edge, v_edge
from .pages import CJK as _CJK, PageLayout, PageLine, TablePart, assemble, join_lines, nearest_edge, paragraphs
from .pdfdoc import open_pdf
from .registry import Probe, Reader


def _cluster(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _lines(chars: list[dict]) -> list[PageLine]:
    """Characters → lines, top to bottom; spaces only where the PDF has them."""
    if not chars:
        return []
    chars = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    rows: list[list[dict]] = []
    for c in chars:
        mid = (c["top"] + c["bottom"]) / 2
        if rows:
            last = rows[-1]
            lmid = (last[0]["top"] + last[0]["bottom"]) / 2
            if abs(mid - lmid) <= max(2.0, 0.45 * float(last[0].get("size") or 10)):
                last.append(c)
                continue
        rows.append([c])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text = ""
        prev = None
        for c in row:
            if prev is not None:
                gap = c["x0"] - prev["x1"]
                size = float(c.get("size") or 10)
                if gap > 0.35 * size and not (_CJK.match(c["text"]) or _CJK.match(prev["text"])) \
                        and not text.endswith(" ") and c["text"] != " ":
                    text += " "
            text += c["text"]
            prev = c
        size = float(row[0].get("size") or 10)
        out.append(PageLine(text, row[0]["x0"], row[0]["top"], row[-1]["x1"], row[0]["top"] + size, size))
    return out


def _table_part(boxes: list, bbox: tuple, page_no: int, chars: list[dict]) -> TablePart:
    boxes = [b for b in boxes if b is not None]
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    slots: dict[tuple[int, int], int] = {}
    cells: list[GridCell] = []
    for b in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = nearest_edge(xs, b[0]), nearest_edge(xs, b[2])
        r0, r1 = nearest_edge(ys, b[1]), nearest_edge(ys, b[3])
        if c1 <= c0 or r1 <= r0 or (r0, c0) in slots:
            continue
        cell = GridCell(text="", page=page_no, row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0,
                    bbox=[round(float(v), 2) for v in b])
        for r in range(r0, r1):
            for k in range(c0, c1):
                slots.setdefault((r, k), len(cells))
        cells.append(cell)
    buckets: dict[int, list[dict]] = {}
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        k = bisect_right(xs, cx) - 1
        r = bisect_right(ys, cy) - 1
        idx = slots.get((r, k))
        if idx is not None:
            buckets.setdefault(idx, []).append(ch)
    for idx, chs in buckets.items():
        cell = cells[idx]
        lines = _lines(chs)
        sizes = [ln.size for ln in lines]
        char_w = statistics.median(sizes) if sizes else 10.0
        right = cell.bbox[2] - 0.4 * char_w if cell.bbox else None
        cell.text = join_lines([(ln.text, ln.x1) for ln in lines], right, char_w)
    return TablePart(page=page_no, bbox=tuple(bbox), xs=xs, cells=cells, nrows=len(ys) - 1)


def _page_chars(page, height: float) -> list[dict]:
    """Every real glyph of a page (pdfium): text, x extent, a line box from the baseline, size."""
    import ctypes

    import pypdfium2.raw as raw

    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        out = []
        x, y = ctypes.c_double(), ctypes.c_double()
        left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        fs = raw.FS_RECTF()
        for i in range(n):
            u = raw.FPDFText_GetUnicode(tp.raw, i)
            if u in (0, 0x0D, 0x0A, 0xFFFE, 0xFFFF):
                continue
            generated = raw.FPDFText_IsGenerated(tp.raw, i) == 1
            if generated and u != 0x20:
                continue
            size = raw.FPDFText_GetFontSize(tp.raw, i) or 10.0
            raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
            if raw.FPDFText_GetLooseCharBox(tp.raw, i, fs):
                x0, x1 = fs.left, fs.right
            else:
                raw.FPDFText_GetCharBox(tp.raw, i, left, right, bottom, top)
                x0, x1 = left.value, right.value
            base = height - y.value
            out.append({"text": chr(u), "x0": x0, "x1": max(x1, x0), "top": base - 0.85 * size,
                        "bottom": base + 0.15 * size, "size": size, "generated": generated})
        return _real_spaces(out)
    finally:
        tp.close()


def _real_spaces(chars: list[dict]) -> list[dict]:
    """pdfium reports even a PDF's own space glyphs as generated; keep a generated space only
    where its neighbours on the line stand a space apart (so ``增长7%`` never gains one)."""
    out = []
    for i, c in enumerate(chars):
        if c.get("generated"):
            prev = chars[i - 1] if i > 0 else None
            nxt = chars[i + 1] if i + 1 < len(chars) else None
            if prev is None or nxt is None or abs(prev["top"] - nxt["top"]) > 0.5 * c["size"]:
                continue
            gap = nxt["x0"] - prev["x1"]
            # Word processors space CJK from Latin text by ~0.2 em without a space glyph
            # (LibreOffice's autospace: 增长7%, 任务1:); a real space is wider.
            transition = bool(_CJK.match(prev["text"])) != bool(_CJK.match(nxt["text"]))
            if gap < (0.25 if transition else 0.1) * max(prev["size"], nxt["size"]):
                continue
            c = {**c, "x1": max(c["x1"], nxt["x0"])}
        out.append(c)
    return out


def _page_edges(page, height: float) -> tuple[list[dict], int]:
    """Axis-aligned line segments of the page's path objects (ruling lines), and its image count."""
    import ctypes

    import pypdfium2.raw as raw

    edges: list[dict] = []
    images = 0
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        m = obj.get_matrix()
        pts: list[tuple[float, float]] = []
        start = None
        segs: list[tuple[tuple[float, float], tuple[float, float]]] = []
        for i in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, i)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = m.on_point(x.value, y.value)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO or not pts:
                pts = [(px, py)]
                start = (px, py)
            else:
                segs.append((pts[-1], (px, py)))
                pts.append((px, py))
            if raw.FPDFPathSegment_GetClose(seg) and start is not None and pts[-1] != start:
                segs.append((pts[-1], start))
        for (ax, ay), (bx, by) in segs:
            ta, tb = height - ay, height - by
            if abs(ay - by) < 0.5 and abs(ax - bx) >= 1:
                x0, x1 = min(ax, bx), max(ax, bx)
                edges.append(h_edge(x0, x1, ta))
            elif abs(ax - bx) < 0.5 and abs(ay - by) >= 1:
                t0, t1 = min(ta, tb), max(ta, tb)
                edges.append(v_edge(ax, t0, t1))
    return edges, images


def read_pdf(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    """Read a PDF with a text layer (pypdfium2 for glyphs and ruling lines, pdfplumber's table
    algorithm on them); pages without one go to OCR (or fail with ``needs_ocr``)."""
    options = options or ExtractOptions()
    pdf = open_pdf(data)
    layouts: list[PageLayout] = []
    no_text: list[int] = []
    try:
        n_pages = len(pdf)
        for page_no in range(1, n_pages + 1):
            page = pdf[page_no - 1]
            try:
                height = page.get_height()
                chars = _page_chars(page, height)
                edges, images = _page_edges(page, height)
            finally:
                page.close()
            pl = PageLayout(page=page_no)
            layouts.append(pl)
            if not any(c["text"].strip() for c in chars):
                if images:  # a scanned page; a blank page is just skipped
                    no_text.append(page_no)
                continue
            tables = find_tables(edges)
            boxes = [(min(b[0] for b in t), min(b[1] for b in t), max(b[2] for b in t), max(b[3] for b in t))
                     for t in tables]
            per_table: list[list[dict]] = [[] for _ in tables]
            outside: list[dict] = []
            for ch in chars:
                cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                for i, (x0, t0, x1, b1) in enumerate(boxes):
                    if x0 <= cx <= x1 and t0 <= cy <= b1:
                        per_table[i].append(ch)
                        break
                else:
                    outside.append(ch)
            for cells, bbox, tchars in zip(tables, boxes, per_table):
                part = _table_part(cells, bbox, page_no, tchars)
                if part.cells:
                    pl.items.append((bbox[1], part))
            sizes = [c["size"] for c in chars]
            body = statistics.median(sizes) if sizes else 10.0
            pl.items.extend((first.top, p) for first, p in
                            paragraphs(_lines(outside), page_no, body, heading_ratio=1.2, max_gap=0.6))
    except TablextractError:
        raise
    except Exception as e:
        raise TablextractError("corrupt", f"PDF could not be read ({type(e).__name__}: {str(e)[:80]})") from None
    finally:
        pdf.close()
    if options.ocr == "always":  # the user distrusts the text layer: every page is read from its image
        no_text = list(range(1, n_pages + 1))
    if no_text:
        return _with_ocr(data, options, layouts, no_text, n_pages)
    blocks, warnings = assemble(layouts)
    g = SourceGrid(blocks=blocks, format="pdf", pages=n_pages)
    g.warnings.extend(warnings)
    return g


def _ocr_available() -> bool:
    try:
        from . import ocr  # noqa: F401

        return ocr.engine_available()
    except Exception:
        return False


def _with_ocr(data: bytes, options: ExtractOptions, layouts: list[PageLayout], no_text: list[int],
              n_pages: int) -> SourceGrid:
    """Scanned pages by OCR: the whole PDF when no page has text, else page by page (mixed PDFs)."""
    if not (options.ocr != "never" and _ocr_available()):
        which = f"any of its {n_pages} pages" if len(no_text) == n_pages else f"pages {', '.join(map(str, no_text))}"
        raise TablextractError("needs_ocr", f"PDF has no text layer on {which} (scanned); "
                                            "install the OCR extra: pip install 'tablextract[ocr]'")
    if not any(pl.items for pl in layouts):
        from .ocr import read_scanned_pdf

        return read_scanned_pdf(data, options=options)
    from .ocr import ocr_pdf_page_items

    ocr_warnings: list = []
    for pl in layouts:
        if pl.page in no_text:
            pl.items = ocr_pdf_page_items(data, pl.page, options, ocr_warnings)
    blocks, warnings = assemble(layouts)
    g = SourceGrid(blocks=blocks, format="pdf", pages=n_pages, ocr=True)
    g.warnings.extend(ocr_warnings + warnings)
    return g


def _is_pdf(probe: Probe) -> bool:
    return probe.head.startswith(b"%PDF") or b"%PDF-" in probe.head[:1024]


READERS = (Reader("pdf", _is_pdf, read_pdf),)
