"""Limits for zip containers (DOCX, XLSX): refuse bombs before any XML is parsed."""
from __future__ import annotations

import io
import zipfile

from ..errors import TablextractError

MAX_MEMBERS = 10_000
MAX_RATIO = 200  # deflate rarely beats ~100:1 on real office XML


def check_zip(data: bytes, max_unzipped: int) -> None:
    """Raise ``too_large`` when the members would inflate beyond ``max_unzipped`` bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise TablextractError("corrupt", "damaged zip container") from None
    if len(infos) > MAX_MEMBERS:
        raise TablextractError("too_large", f"zip container has {len(infos)} members")
    for i in infos:
        if i.flag_bits & 0x1:
            raise TablextractError("encrypted", f"zip member {i.filename} is encrypted")
        if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise TablextractError("corrupt", f"zip member {i.filename} uses compression method {i.compress_type}, "
                                              "which no DOCX/XLSX uses")
    total = sum(i.file_size for i in infos)
    if total > max_unzipped:
        raise TablextractError("too_large", f"members inflate to {total} bytes, over the limit of {max_unzipped}")
    for i in infos:
        if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 10_000_000:
            raise TablextractError("too_large", f"member {i.filename} inflates {i.file_size // i.compress_size}:1 "
                                                "(zip bomb?)")
