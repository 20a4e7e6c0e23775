"""The review page of an input: extract it, render its pages, and hand both to the renderer.

The rendering itself is pure (:mod:`tablextract.writers.review`); this module gathers what it
needs — the reader's grid (text and bbox of every cell), page images as ``data:`` URIs and
``validate``'s findings.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
from html import escape
from pathlib import Path
from typing import Optional

from .grid import SourceGrid, TableGrid
from .models import Document
from .options import ExtractOptions
from .validate import check_document
from .writers.review import PageImage, review_html

_SCALE = 1.5  # PDF pages rendered at 1.5× (108 dpi): readable, and a 10-page PDF stays well under 5 MB
_MAX_IMAGE_WIDTH = 1400  # page images (scans) are shrunk to this width in the page


def _jpeg_uri(img) -> str:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, format="JPEG", quality=70, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _max_x(grid: SourceGrid, page: int) -> float:
    return max((c.bbox[2] for b in grid.blocks if isinstance(b, TableGrid) for c in b.cells
                if c.page == page and c.bbox), default=0.0)


def pdf_page_images(data: bytes, grid: SourceGrid) -> dict[int, PageImage]:
    """Each PDF page rendered; the coordinate space is the page in points, or the scan's pixels for a
    page the OCR reader read in pixels (its cells reach beyond the page's width in points)."""
    from .parsers.ocr import pdf_page_image
    from .parsers.pdfdoc import open_pdf

    pdf = open_pdf(data)
    out: dict[int, PageImage] = {}
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            w, h = page.get_width(), page.get_height()
            img = page.render(scale=_SCALE).to_pil()
            page.close()
            if grid.ocr and _max_x(grid, i + 1) > w * 1.05:
                shape = pdf_page_image(pdf, i).shape
                w, h = float(shape[1]), float(shape[0])
            out[i + 1] = PageImage(_jpeg_uri(img), w, h)
    finally:
        pdf.close()
    return out


def image_page(data: bytes) -> dict[int, PageImage]:
    """A page image (scan) as page 1; its bboxes are in the image's own pixels."""
    from PIL import Image

    img = Image.open(io.BytesIO(data))
    w, h = img.size
    if w > _MAX_IMAGE_WIDTH:
        img = img.resize((_MAX_IMAGE_WIDTH, round(h * _MAX_IMAGE_WIDTH / w)))
    return {1: PageImage(_jpeg_uri(img), float(w), float(h))}


def review_page(path: str, options: Optional[ExtractOptions] = None) -> str:
    """Extract ``path`` and return its review page (HTML). Raises TablextractError as ``extract`` does."""
    from .api import extract_with_source

    doc, grid, data = extract_with_source(path, options or ExtractOptions())
    return render(doc, grid, data)


def render(doc: Document, grid: Optional[SourceGrid], data: Optional[bytes]) -> str:
    """The review page of ``doc`` with its grid and the source's bytes (for page images) when known."""
    images: dict[int, PageImage] = {}
    if data is not None and grid is not None:
        if doc.source.format == "pdf":
            images = pdf_page_images(data, grid)
        elif doc.source.format == "image":
            images = image_page(data)
    return review_html(doc, grid, images, check_document(doc))


class Review:
    """A review page for notebooks: shown inline (in an iframe, so its styles stay inside)."""

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{escape(self.html)}" style="width:100%;height:800px;border:1px solid #ccc">'
                "</iframe>")

    def save(self, path: str) -> None:
        """Write the page to ``path`` (atomically)."""
        from .writers.atomic import write_text

        write_text(path, self.html)


def document_review(doc: Document, options: Optional[ExtractOptions] = None) -> Review:
    """``doc``'s review page; the source is re-read for its cells and pages when it is still there
    unchanged (same sha256), otherwise only the cells the records name are shown."""
    from .api import extract_with_source

    p = doc.source.path
    if os.path.isfile(p):
        data = Path(p).read_bytes()
        if hashlib.sha256(data).hexdigest() == doc.source.sha256:
            _doc, grid, data = extract_with_source(p, options or ExtractOptions())
            return Review(render(doc, grid, data))
    return Review(render(doc, None, None))
