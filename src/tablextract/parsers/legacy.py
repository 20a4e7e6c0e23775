"""Legacy Office formats (.doc, .xls, .wps, .et) converted with LibreOffice when installed."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import TablextractError
from .registry import Probe, Reader

_TARGET = {"doc": "docx", "wps": "docx", "xls": "xlsx", "et": "xlsx"}


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_legacy(data: bytes, name: str, fmt: str) -> tuple[bytes, str, str]:
    """Convert with ``soffice --headless --convert-to``; returns (new bytes, new format, original format)."""
    suffix = Path(name).suffix.lower().lstrip(".")
    original = suffix if suffix in _TARGET else fmt
    target = _TARGET.get(original, "docx" if fmt == "doc" else "xlsx")
    exe = soffice_path()
    if exe is None:
        raise TablextractError("unsupported_format", f"legacy .{original} needs LibreOffice to convert it; "
                                                     "install it (apt-get install libreoffice-writer-nogui "
                                                     "libreoffice-calc-nogui) or save the file as .docx/.xlsx")
    with tempfile.TemporaryDirectory(prefix="tablextract-lo-") as tmp:
        src = Path(tmp) / f"input.{original}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=180, check=False,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise TablextractError("corrupt", f"LibreOffice timed out converting .{original}") from None
        out = Path(tmp) / f"input.{target}"
        if not out.exists():
            raise TablextractError("corrupt", f"LibreOffice could not convert this .{original} file")
        return out.read_bytes(), target, original


def _is_ole(probe: Probe, spreadsheet: bool) -> bool:
    return probe.is_ole and (probe.ext in ("xls", "et")) == spreadsheet


READERS = (
    Reader("xls", lambda probe: _is_ole(probe, True), converts=lambda data, name, _o: convert_legacy(data, name, "xls")),
    Reader("doc", lambda probe: _is_ole(probe, False), converts=lambda data, name, _o: convert_legacy(data, name, "doc")),
)
