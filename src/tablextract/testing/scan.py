"""Print-and-scan simulation: a text PDF rendered to page images with a scanner's damage.

Each page is rendered in grey at ``dpi``, rotated by the next of ``angles`` (alternating pages),
dimmed to grey paper by ``paper``, given Gaussian noise of ``noise`` grey levels, blurred with a
``blur`` × ``blur`` kernel and JPEG-compressed at ``jpeg``; the pages go into one multi-page TIFF.
Used by the OCR tests and by the corpus evaluation (``tablextract.testing.corpus``), so both
scan the same way.  Needs the ``ocr`` extra (OpenCV) and pypdfium2.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence


def print_and_scan(pdf_path: str | os.PathLike, tif_path: str | os.PathLike, dpi: int = 150, *,
                   angles: Sequence[float] = (1.0, -1.0), paper: float = 0.9, noise: float = 8.0,
                   blur: int = 3, jpeg: int = 70, seed: int = 3) -> Path:
    """Render ``pdf_path`` as a damaged scan into the multi-page TIFF ``tif_path``; returns its path."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium

    from tablextract.parsers import ruling

    pdf = pdfium.PdfDocument(str(pdf_path))
    rng = np.random.default_rng(seed)
    frames = []
    try:
        for i in range(len(pdf)):
            img = pdf[i].render(scale=dpi / 72, grayscale=True).to_numpy()
            img = np.ascontiguousarray(img[:, :, 0] if img.ndim == 3 else img)
            img = ruling.rotate(img, angles[i % len(angles)])
            img = np.clip(img.astype(float) * paper + rng.normal(0, noise, img.shape), 0, 255).astype(np.uint8)
            if blur:
                img = cv2.GaussianBlur(img, (blur, blur), 0)
            _ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
            frames.append(cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE))
    finally:
        pdf.close()
    out = Path(tif_path)
    if not frames or not cv2.imwritemulti(str(out), frames):
        raise RuntimeError(f"could not write the scan {out}")
    return out
