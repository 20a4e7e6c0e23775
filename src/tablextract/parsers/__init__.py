"""Readers: one module per input format, each turning bytes into a SourceGrid.

Each format module declares its :class:`~.registry.Reader` (what it detects, how it
reads) in ``READERS``; :func:`detect_format` asks them in turn by content (magic bytes,
zip members), never by the extension alone, and :func:`read_source` reads with the one
that claimed the input.
"""
from __future__ import annotations

from ..grid import SourceGrid
from ..options import ExtractOptions
from .registry import Probe, Reader, detect, read, readers

__all__ = ["Probe", "Reader", "detect_format", "read_source", "readers"]


def detect_format(data: bytes, name: str = "") -> str:
    """``text``, ``csv``, ``docx``, ``xlsx``, ``html``, ``pdf``, ``image``, ``doc``/``xls`` (OLE) or raise."""
    return detect(Probe(data, name)).format


def read_source(data: bytes, name: str, options: ExtractOptions) -> SourceGrid:
    """Detect the format of ``data`` and read it into a SourceGrid."""
    return read(data, name, options)
