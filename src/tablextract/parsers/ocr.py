"""Reader for scans: image-only PDFs, PNG/JPEG/TIFF pages, lists of page images.

Structure comes from the ruling lines (:mod:`.ruling`), text from RapidOCR's
recognition model run on each text line the grid gives (the detection pass is
skipped inside tables: the grid already says where the text is).  Text above
and below tables (title, 备注) is cut into lines the same way and recognised
too.  The result is the same cell grid as every other reader; tables that
continue on the next page are joined as in the PDF reader.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Sequence

from ..errors import TablextractError
from ..grid import GridCell, Paragraph, SourceGrid
from ..models import Issue, Location
from ..options import ExtractOptions
from ..vocabulary import blocks
from . import ruling as R
from .pages import PageLayout, PageLine, TablePart, assemble, join_lines, paragraphs
from .pdfdoc import open_pdf
from .rapid import RAPIDOCR_VERSION, decode, ctc_decoder, engine, engine_available, rec_model_path  # noqa: F401
from .registry import Probe, Reader

_CJK = r"\u3400-\u9fff\uff00-\uffef\u3000-\u303f"
_SPACE_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}\d%])|(?<=[\d%.])\s+(?=[{_CJK}%])|(?<=\d)\s+(?=[\d.%])")
_REC_SESSION = None
_LOCK = threading.Lock()


_QUOTES = re.compile(r"[“”\"]")
_EDGE_NOISE = re.compile(rf"^[=|_¦]+|[=|_¦]+$|^[-—](?=[{_CJK}])")


def clean_ocr_text(text: str) -> str:
    """Undo what OCR adds to one line: spaces between CJK characters and digits
    (``增长 7%``) and remnants of ruling lines read as characters at its edges."""
    text = _SPACE_CJK.sub("", text.strip())
    # Remnants of ruling lines read as characters at a cell's edge: = | _ and a dash before CJK.
    stripped = _EDGE_NOISE.sub("", text)
    return stripped or text


def pair_quotes(text: str) -> str:
    """Double quotes as opening/closing pairs in order: OCR cannot tell “ from ”.

    Applied to a whole cell or paragraph, since a quoted phrase often wraps onto
    the next line (``“清洁生`` / ``产”相关``).
    """
    if not _QUOTES.search(text):
        return text
    n = [0]

    def pair(_m: re.Match) -> str:
        n[0] += 1
        return "“" if n[0] % 2 else "”"

    return _QUOTES.sub(pair, text)


def _stretch(crop):
    """Contrast stretched so the paper is white and the ink black: grey, noisy scans read
    more reliably (measured on the seed scans)."""
    import numpy as np

    c = np.ascontiguousarray(crop).astype(np.float32)
    lo, hi = np.percentile(c, 2), np.percentile(c, 90)
    if hi - lo < 20:  # blank or flat: nothing to stretch
        return np.ascontiguousarray(crop)
    return np.clip((c - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)


def _rec_session():
    """Our own ONNX Runtime session on RapidOCR's recognition model, with one intra-op
    thread: lines run side by side instead (``ocr_threads``), so the cores a process
    uses are ours to choose — all of them alone, a share of them in a batch of several
    jobs.  On 2 cores, two lines side by side ran as fast as one line on both cores.

    Returns ``(session, input name, CTC decoder)``; the decoder is RapidOCR's own, with
    the model's character list.  Loaded once; later calls take no lock (it is per line).
    """
    global _REC_SESSION
    if _REC_SESSION is not None:
        return _REC_SESSION
    decoder = ctc_decoder()  # outside _LOCK: engine() takes its own lock
    with _LOCK:
        if _REC_SESSION is None:
            import onnxruntime as ort

            so = ort.SessionOptions()
            so.intra_op_num_threads = 1
            so.inter_op_num_threads = 1
            so.log_severity_level = 3
            sess = ort.InferenceSession(str(rec_model_path()), so, providers=["CPUExecutionProvider"])
            _REC_SESSION = (sess, sess.get_inputs()[0].name, decoder)
    return _REC_SESSION


def _read_line(gray, box: tuple[int, int, int, int], pad: float, height: int) -> tuple[str, float]:
    """One line box through the recognition model at its own width, scaled to ``height``.

    RapidOCR's batched call pads every crop with grey to the widest in its batch (at
    least 320 px), so a line's reading depended on its neighbours (``；`` became ``：``)
    and short cells cost as much as long ones; alone, each crop is read the same way
    every time, and batching saved nothing on this CPU (≈8 ms per 100 px of model
    input either way).  The model accepts any input height; its cost grows with the
    scaled width, so a smaller height is faster.
    """
    import math

    import cv2
    import numpy as np

    h, w = gray.shape
    x0, y0, x1, y1 = box
    p = max(2, int((y1 - y0) * pad))
    crop = _stretch(gray[max(0, y0 - p): min(h, y1 + p), max(0, x0 - p): min(w, x1 + p)])
    width = max(8, int(math.ceil(height * crop.shape[1] / crop.shape[0])))
    # The normalisation RapidOCR's own resize_norm_img applies: to [-1, 1], three channels.
    img = cv2.resize(crop, (width, height)).astype(np.float32) * (2 / 255.0) - 1.0
    batch = np.ascontiguousarray(np.broadcast_to(img, (1, 3, height, width)))
    sess, name, decoder = _rec_session()
    preds = sess.run(None, {name: batch})[0]
    return decode(decoder, preds, width / height)


FAST_HEIGHT = 40  # px: first reading, near a 200 dpi scan's own line height (≈36 px with the margin)
FULL_HEIGHT = 48  # px: the height the model was trained at, for second readings


def _read_again(gray, box: tuple[int, int, int, int], pad: float) -> tuple[str, float]:
    """The careful second reading of a line: full height, twice the margin."""
    return _read_line(gray, box, 2 * pad, FULL_HEIGHT)


# ；and ： differ by a tiny tail the model often misses at scan resolution.  A colon that
# only ends a label prefix (指标1： 备注：) is not worth a second look: either form reads the same.
_CONFUSABLE = blocks().confusable_colon


def ocr_threads(options: ExtractOptions) -> int:
    """How many text lines to recognise at once."""
    import os

    return options.ocr_threads or max(1, min(8, os.cpu_count() or 1))


def recognize(gray, boxes: list[tuple[int, int, int, int]], pad: float = 1 / 6,
              threads: int = 1) -> list[tuple[str, float]]:
    """Text and confidence of each line box, ``threads`` lines at a time.

    ``pad`` is the margin around each box, as a share of its height.  Lines are read at
    ``FAST_HEIGHT``: 15 % faster than the model's 48 px and as accurate on the seed scans,
    except for ；/：, so a line holding one is read again (:func:`_read_again`) and the
    more confident reading kept.
    """

    def read(box: tuple[int, int, int, int]) -> tuple[str, float]:
        text, score = _read_line(gray, box, pad, FAST_HEIGHT)
        if _CONFUSABLE.search(text):
            again = _read_again(gray, box, pad)
            if again[1] > score:
                text, score = again
        return clean_ocr_text(text), score

    if threads <= 1 or len(boxes) < 2:
        return [read(b) for b in boxes]
    from concurrent.futures import ThreadPoolExecutor

    _rec_session()  # load before the threads start
    with ThreadPoolExecutor(max_workers=threads) as ex:  # ONNX Runtime releases the GIL while it runs
        return list(ex.map(read, boxes))


def _unbalanced(texts: list[str]) -> bool:
    return sum(len(_QUOTES.findall(t)) for t in texts) % 2 == 1


def reread_unbalanced(gray, boxes: list[tuple[int, int, int, int]], results: list[tuple[str, float]],
                      groups: list[list[int]], pad: float = 1 / 6) -> list[tuple[str, float]]:
    """Quotes come in pairs: a cell (``groups`` of line indices) whose lines hold an odd
    number lost or gained one, so its lines are read again (:func:`_read_again`); the
    second reading is kept when it pairs the quotes."""
    out = list(results)
    for idx in groups:
        if not _unbalanced([out[i][0] for i in idx]):
            continue
        again = [_read_again(gray, boxes[i], pad) for i in idx]
        again = [(clean_ocr_text(t), s) for t, s in again]
        if not _unbalanced([t for t, _s in again]):
            for i, r in zip(idx, again):
                out[i] = r
    return out


def page_layout(gray, page_no: int, options: ExtractOptions, warnings: list[Issue]) -> PageLayout:
    """One page image → tables and paragraphs."""
    import cv2
    import numpy as np

    angle = R.skew_angle(R.binarize(gray))
    if angle:
        gray = R.rotate(gray, angle)
    bw = R.binarize(gray)
    hm, vm = R.line_masks(R.binarize(gray, contrast=10))
    tables = R.find_tables(hm, vm)
    text_bw = bw.copy()
    text_bw[np.nonzero(hm)] = 0
    text_bw[np.nonzero(vm)] = 0

    def bands_of(img):
        return {(ti, ci): R.text_lines(img, cell.box, min_height=2, merge=False)
                for ti, t in enumerate(tables) for ci, cell in enumerate(t.cells)}

    raw_bands = bands_of(text_bw)
    band_heights = sorted(b[3] - b[1] for bands in raw_bands.values() for b in bands) or [20]
    typical = band_heights[len(band_heights) // 2]
    # Specks far smaller than a full stop at this text size go (measured: a 。 at 28 px lines is ~30 px).
    text_bw = R.despeckle(text_bw, int((0.1 * typical) ** 2))
    raw_bands = bands_of(text_bw)
    boxes: list[tuple[int, int, int, int]] = []
    owners: list[tuple[int, int]] = []
    for owner, bands in raw_bands.items():
        for lb in R.merge_close_lines(bands, typical):
            if max(lb[2] - lb[0], lb[3] - lb[1]) < 0.35 * typical:
                continue  # a speck of dust or ruling debris, smaller than any mark worth reading
            boxes.append(lb)
            owners.append(owner)
    outside = text_bw.copy()
    for t in tables:
        x0, y0, x1, y1 = t.box
        outside[max(0, y0 - 4): y1 + 4, max(0, x0 - 4): x1 + 4] = 0
    h, w = gray.shape
    heights = sorted(b[3] - b[1] for b in boxes) or [20]
    body_h = heights[len(heights) // 2]
    # Lines outside tables: not the page border (scan edges, rotation fill), not thin streaks.
    edge = max(10, w // 80)
    para_boxes = [b for b in R.text_lines(outside, (edge, edge, w - edge, h - edge), inset=0)
                  if (b[2] - b[0]) > 8 and (b[3] - b[1]) >= 0.5 * body_h and (b[2] - b[0]) / (b[3] - b[1]) < 80]
    # Ruling lines painted out: a crop's margin often reaches the cell border, whose
    # remnants read as | = _ or hide a bracket next to it.
    rec_gray = gray.copy()
    rec_gray[np.nonzero(cv2.dilate(cv2.bitwise_or(hm, vm), np.ones((3, 3), np.uint8)))] = 255
    results = recognize(rec_gray, boxes + para_boxes, threads=ocr_threads(options))
    lines_of_cell: dict[tuple[int, int], list[int]] = {}
    for i, owner in enumerate(owners):
        lines_of_cell.setdefault(owner, []).append(i)
    # Quotes pair within a cell; outside tables, within a line (paragraph lines join later).
    groups = list(lines_of_cell.values()) + [[i] for i in range(len(boxes), len(results))]
    results = reread_unbalanced(rec_gray, boxes + para_boxes, results, groups)
    cell_lines: dict[tuple[int, int], list[tuple[str, float, tuple]]] = {}
    for owner, box, (text, score) in zip(owners, boxes, results):
        if text:
            cell_lines.setdefault(owner, []).append((text, score, box))
    pl = PageLayout(page=page_no)
    for ti, t in enumerate(tables):
        cells = []
        for ci, g in enumerate(t.cells):
            lines = cell_lines.get((ti, ci), [])
            text = pair_quotes(join_lines([(ln[0], ln[2][2]) for ln in lines], g.box[2] - 4, body_h)) if lines else ""
            conf = min((ln[1] for ln in lines), default=None)
            c = GridCell(text=text, page=page_no, row=g.row, col=g.col, rowspan=g.rowspan, colspan=g.colspan,
                     bbox=[float(v) for v in g.box], confidence=round(conf, 4) if conf is not None else None)
            if conf is not None and conf < options.ocr_min_confidence:
                warnings.append(Issue(code="low_ocr_confidence",
                                      message=f"OCR read “{text}” with confidence {conf:.2f}",
                                      location=Location(page=page_no, row=g.row, col=g.col)))
            cells.append(c)
        pl.items.append((t.box[1], TablePart(page=page_no, bbox=t.box, xs=[float(x) for x in t.xs], cells=cells,
                                             nrows=len(t.ys) - 1, tol=0.012 * w)))
    lines = [PageLine(text, *box, size=box[3] - box[1], confidence=score)
             for box, (text, score) in zip(para_boxes, results[len(boxes):]) if text]
    for first, p in paragraphs(lines, page_no, body_h, heading_ratio=1.25, max_gap=0.8):
        pl.items.append((first.top, p))
        if first.confidence < options.ocr_min_confidence:
            warnings.append(Issue(code="low_ocr_confidence",
                                  message=f"OCR read “{first.text}” with confidence {first.confidence:.2f}",
                                  location=Location(page=page_no)))
    for _top, item in pl.items:
        if isinstance(item, Paragraph):
            item.text = pair_quotes(item.text)
    return pl


def _gray(img):
    import cv2

    if img.ndim == 3:
        return cv2.cvtColor(img, cv2.COLOR_BGRA2GRAY if img.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    return img


MAX_PIXELS = 150_000_000  # all pages of one image file; a 600 dpi A4 scan is 35 million
MAX_PAGES_IMAGE = 500


def _check_pixels(data: bytes) -> None:
    """Refuse an image whose header claims more pixels than the budget, before decoding it."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with the OCR extra
        return
    import io
    import warnings as _w

    try:
        with _w.catch_warnings():
            _w.simplefilter("ignore")  # Pillow's own bomb warning: we decide below
            with Image.open(io.BytesIO(data)) as im:
                w, h = im.size
                frames = getattr(im, "n_frames", 1)
    except Image.DecompressionBombError:
        raise TablextractError("too_large", "image header claims far too many pixels") from None
    except Exception:  # noqa: BLE001 - a header Pillow cannot read: OpenCV decides below
        return
    if frames > MAX_PAGES_IMAGE:
        raise TablextractError("too_large", f"image file has {frames} pages, over the limit of {MAX_PAGES_IMAGE}")
    if w * h * frames > MAX_PIXELS:
        raise TablextractError("too_large", f"image of {w}×{h} pixels ×{frames} pages, over the limit of "
                                            f"{MAX_PIXELS} pixels")


def decode_images(data: bytes) -> list:
    """All pages of an image file (multi-page TIFF included) as greyscale arrays; pixels
    bounded before decoding, damaged images ``corrupt``."""
    import cv2
    import numpy as np

    _check_pixels(data)
    buf = np.frombuffer(data, dtype=np.uint8)
    try:
        ok, pages = cv2.imdecodemulti(buf, cv2.IMREAD_UNCHANGED)
        if not ok or not pages:
            img = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
            if img is None:
                raise TablextractError("corrupt", "image could not be decoded")
            pages = [img]
    except cv2.error as e:
        raise TablextractError("corrupt", f"image could not be decoded ({str(e).strip()[-80:]})") from None
    out = []
    for p in pages:
        if p.dtype != np.uint8:
            p = cv2.convertScaleAbs(p, alpha=255.0 / max(1, int(p.max())))
        out.append(_gray(p))
    return out


def _grid_from_pages(pages: list, options: ExtractOptions, fmt: str) -> SourceGrid:
    warnings: list[Issue] = []
    layouts = [page_layout(g, i, options, warnings) for i, g in enumerate(pages, start=1)]
    blocks, more = assemble(layouts)
    g = SourceGrid(blocks=blocks, format=fmt, pages=len(pages), ocr=True)
    g.warnings.extend(warnings + more)
    return g


def read_images(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    """An image file (one page, or a multi-page TIFF) read by OCR."""
    options = options or ExtractOptions()
    if options.ocr == "never":
        raise TablextractError("needs_ocr", "image input needs OCR, which is switched off (--ocr never)")
    _check_pixels(data)
    engine()
    return _grid_from_pages(decode_images(data), options, "image")


def pdf_page_image(pdf, index: int):
    """The page's embedded scan at native resolution, or a 200 dpi rendering when there is none."""
    import numpy as np
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        images = list(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3))
        if len(images) == 1:
            w, h = images[0].get_px_size()
            if w * h > MAX_PIXELS:
                raise TablextractError("too_large", f"page {index + 1} holds a {w}×{h} pixel image")
            try:
                bm = images[0].get_bitmap(render=False)
                arr = np.array(bm.to_numpy(), copy=True)
                if arr.size and min(arr.shape[:2]) > 500:
                    return _gray(arr) if arr.ndim == 3 else arr
            except Exception:
                pass
        scale = 200 / 72
        px = page.get_width() * page.get_height() * scale * scale
        if px > MAX_PIXELS:
            raise TablextractError("too_large", f"page {index + 1} would render to {px:.0f} pixels")
        bm = page.render(scale=scale, grayscale=True)
        arr = np.array(bm.to_numpy(), copy=True)
        return arr[:, :, 0] if arr.ndim == 3 else arr
    finally:
        page.close()


def read_scanned_pdf(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    """An image-only PDF read by OCR, page by page."""
    options = options or ExtractOptions()
    engine()
    pdf = open_pdf(data)
    try:
        pages = [pdf_page_image(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()
    return _grid_from_pages(pages, options, "pdf")


def ocr_pdf_page_items(data: bytes, page_no: int, options: ExtractOptions, warnings: list[Issue]) -> list:
    """Items of one scanned page of a mixed PDF (the other pages keep their text layer); the page's
    ``low_ocr_confidence`` warnings go to ``warnings``."""
    pdf = open_pdf(data)
    try:
        gray = pdf_page_image(pdf, page_no - 1)
        width_pt = pdf[page_no - 1].get_width()
    finally:
        pdf.close()
    items = page_layout(gray, page_no, options, warnings).items
    # Pixels → points, so a table running on from a text page lines up with this one.
    k = width_pt / gray.shape[1]
    for _top, item in items:
        if isinstance(item, TablePart):
            item.xs = [x * k for x in item.xs]
            item.tol *= k
            item.bbox = tuple(v * k for v in item.bbox)
            for c in item.cells:
                c.bbox = [round(v * k, 2) for v in c.bbox] if c.bbox else None
        elif item.bbox:
            item.bbox = [round(v * k, 2) for v in item.bbox]
    return [(top * k, item) for top, item in items]


def read_page_images(files: Sequence[tuple[str, bytes]], options: ExtractOptions) -> SourceGrid:
    """Several page images ``(path, bytes)``, in order, read as one document; errors name the page's file."""
    engine()
    pages = []
    for path, data in files:
        try:
            pages.extend(decode_images(data))
        except TablextractError as e:
            e.path = path
            raise
    return _grid_from_pages(pages, options, "image")


_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")


def _is_image(probe: Probe) -> bool:
    return probe.head.startswith(_IMAGE_MAGIC) or probe.head[8:12] == b"WEBP"


READERS = (Reader("image", _is_image, read_images),)
