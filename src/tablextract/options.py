"""One validated options object for an extraction."""
from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ExtractOptions(BaseModel):
    """Settings of one extraction; unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    vocab_files: tuple[str, ...] = Field(default=(), description="extra vocabulary JSON files (merged)")
    encoding: Optional[str] = Field(default=None, description="force the encoding of text inputs")
    max_bytes: int = Field(default=200 * 1024 * 1024, gt=0, description="refuse inputs larger than this")
    max_unzipped_bytes: int = Field(default=300 * 1024 * 1024, gt=0,
                                    description="refuse DOCX/XLSX whose members inflate beyond this")
    max_cells: int = Field(default=2_000_000, gt=0, description="refuse grids with more cells than this")
    ocr: Literal["auto", "always", "never"] = Field(
        default="auto", description="auto: OCR pages without a text layer; always: OCR every PDF page, "
                                    "text layer or not; never: no OCR (a scan is needs_ocr). True/False "
                                    "mean auto/never")
    ocr_min_confidence: float = Field(default=0.80, ge=0, le=1)
    ocr_threads: Optional[int] = Field(default=None, ge=1, le=64,
                                       description="text lines recognised in parallel (default: CPU cores; "
                                                   "a batch with several jobs shares the cores out)")

    @field_validator("vocab_files", mode="before")
    @classmethod
    def _paths(cls, v):
        if isinstance(v, (str, Path)):
            v = (v,)
        out = []
        for p in v or ():
            if not Path(p).is_file():
                raise ValueError(f"vocabulary file not found: {p}")
            out.append(str(p))
        return tuple(out)

    @field_validator("ocr", mode="before")
    @classmethod
    def _ocr(cls, v):
        return {True: "auto", False: "never"}.get(v, v) if isinstance(v, bool) else v

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, v):
        if v is not None:
            import codecs

            codecs.lookup(v)
        return v
