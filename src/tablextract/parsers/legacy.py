"""Legacy Office formats (.doc, .xls, .wps, .et) converted with LibreOffice when installed."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import TablextractError
from .registry import Probe, Reader

_TARGET = {"doc": "docx", "wps": "docx", "xls": "xlsx", "et": "xlsx"}


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


CONVERT_SECONDS = 180


def _run_killable(cmd: list[str], seconds: float, env: dict, original: str) -> None:
    """Run LibreOffice in a process group of its own; on timeout the whole group is killed
    (soffice starts helper processes that would otherwise live on)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            env=env, start_new_session=True)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        raise TablextractError("corrupt", f"LibreOffice timed out converting .{original} "
                                          f"(after {seconds:.0f} s)") from None
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # helpers left in the group, also after a normal exit
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()


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
        _run_killable(cmd, CONVERT_SECONDS, {**os.environ, "HOME": tmp}, original)
        out = Path(tmp) / f"input.{target}"
        if not out.exists():
            raise TablextractError("corrupt", f"LibreOffice could not convert this .{original} file")
        return out.read_bytes(), target, original


# An encrypted DOCX/XLSX is an OLE compound file holding these streams (MS-OFFCRYPTO);
# their names sit UTF-16 encoded in the file's directory.
_ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


def _is_encrypted_ooxml(probe: Probe) -> bool:
    return probe.is_ole and all(s in probe.data for s in _ENCRYPTED_STREAMS)


def _refuse_encrypted(_data: bytes, _name: str, _options) -> tuple[bytes, str, str]:
    raise TablextractError("encrypted", "encrypted (password-protected) DOCX/XLSX; save it without a password")


def _is_ole(probe: Probe, spreadsheet: bool) -> bool:
    return probe.is_ole and (probe.ext in ("xls", "et")) == spreadsheet


READERS = (
    Reader("encrypted", _is_encrypted_ooxml, converts=_refuse_encrypted),
    Reader("xls", lambda probe: _is_ole(probe, True), converts=lambda data, name, _o: convert_legacy(data, name, "xls")),
    Reader("doc", lambda probe: _is_ole(probe, False), converts=lambda data, name, _o: convert_legacy(data, name, "doc")),
)
