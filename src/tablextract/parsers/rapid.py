"""Adapter to RapidOCR: its bundled models, the engine, and its CTC decoder.

The OCR reader runs RapidOCR's recognition model in its own ONNX Runtime session and
decodes the output with RapidOCR's decoder (``engine().text_rec.postprocess_op``), an
internal; this module is the only place that reaches into RapidOCR, and
``tests/test_adapters.py`` checks the contract, so a new release that moves or changes
the decoder fails there instead of misreading text.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from ..errors import TablextractError

RAPIDOCR_VERSION = "3.4.2"  # the release whose wheel carries the PP-OCRv4 models (checked at start-up)
MODEL_FILES = ("ch_PP-OCRv4_rec_infer.onnx", "ch_PP-OCRv4_det_infer.onnx")
_ENGINE = None
_LOCK = threading.Lock()

Decoder = Callable[..., tuple[str, float]]


def model_dir() -> Path:
    """Where the RapidOCR wheel keeps its models."""
    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


def rec_model_path() -> Path:
    """The recognition model file."""
    return model_dir() / MODEL_FILES[0]


def engine_available() -> bool:
    """Whether the OCR engine and its bundled models are installed."""
    try:
        import cv2  # noqa: F401
        import onnxruntime  # noqa: F401
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return all((model_dir() / m).is_file() for m in MODEL_FILES)


def engine():
    """The RapidOCR engine, loaded once per process; a clear error when it cannot be."""
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            if not engine_available():
                raise TablextractError("needs_ocr", "OCR engine not installed: pip install 'tablextract[ocr]' "
                                                    f"(rapidocr=={RAPIDOCR_VERSION} with its bundled models)")
            import logging

            from rapidocr import RapidOCR

            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
            # The direction classifier flips short values (95% → %96): off.  font_path is only
            # used to draw results; naming one keeps RapidOCR from downloading a font.
            _ENGINE = RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error",
                                       "Global.font_path": str(model_dir() / "unused-visualisation-font.ttf")})
    return _ENGINE


def ctc_decoder() -> Callable:
    """RapidOCR's own CTC decoder with the recognition model's character list."""
    return engine().text_rec.postprocess_op


def decode(decoder: Callable, preds, ratio: float) -> tuple[str, float]:
    """Text and confidence of one line from the model output ``preds`` (batch of one, width/height ``ratio``)."""
    lines, _words = decoder(preds, False, wh_ratio_list=[ratio], max_wh_ratio=ratio)
    text, score = lines[0]
    return text or "", float(score)
