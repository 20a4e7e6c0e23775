"""Opening a PDF with pypdfium2, for the text-layer and the scan readers alike."""
from __future__ import annotations

from ..errors import TablextractError

MAX_PAGES = 5000  # pages read from one PDF: more is refused before any page is parsed


def open_pdf(data: bytes, max_pages: int = MAX_PAGES):
    """The pdfium document, or ``encrypted`` / ``corrupt`` / ``too_large``, one line each.

    Data after ``%%EOF`` (incremental updates, trailing bytes) is fine; a file with no
    ``%%EOF`` anywhere was cut short, and pdfium would silently read what is left of it.
    """
    import pypdfium2 as pdfium

    if b"%%EOF" not in data:
        raise TablextractError("corrupt", "PDF is truncated (no %%EOF marker)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise TablextractError("encrypted", "PDF is encrypted with a password") from None
        raise TablextractError("corrupt", f"not a readable PDF ({msg[:80]})") from None
    try:
        n = len(pdf)
    except Exception:
        pdf.close()
        raise TablextractError("corrupt", "PDF page tree is unreadable") from None
    if n > max_pages:
        pdf.close()
        raise TablextractError("too_large", f"PDF has {n} pages, over the limit of {max_pages}")
    return pdf
