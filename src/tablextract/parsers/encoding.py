"""Bytes of a text export or CSV → text, never mojibake and never lost.

UTF-8 first (BOM or not), UTF-16 by its BOM; otherwise the file's legacy encoding —
GB18030 unless charset-normalizer finds another (Big5 decodes "successfully" as
GB18030 into nonsense, so it must be detected, not tried).  A file mixing UTF-8 lines
with legacy ones is read line by line, each line in the encoding it is valid in; bytes
valid in neither are replaced (U+FFFD) and counted in a warning.
"""
from __future__ import annotations

from typing import Optional

from ..errors import TablextractError
from ..models import Issue, Location

_CANDIDATES = ["gb18030", "big5", "utf_8", "shift_jis", "euc_kr", "utf_16"]


def _legacy_encoding(sample: bytes) -> str:
    """The legacy encoding of non-UTF-8 bytes: what charset-normalizer finds, else GB18030."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return "gb18030"
    best = from_bytes(sample[:200_000], cp_isolation=_CANDIDATES).best()
    enc = best.encoding if best is not None else "gb18030"
    return "gb18030" if enc in ("utf_8", "gbk", "gb2312", "hz") else enc


def _plausible_utf8(line: str) -> bool:
    """A line that is valid UTF-8 but reads mostly as U+0080–U+07FF is legacy bytes that happen to
    form UTF-8 pairs (GBK ``C4 E3`` style), not real UTF-8 text."""
    wide = [ch for ch in line if ord(ch) > 0x7F]
    return not wide or sum(ord(ch) < 0x800 for ch in wide) * 2 < len(wide)


def decode_text(data: bytes, encoding: Optional[str] = None) -> tuple[str, list[Issue]]:
    """Text and the warnings of decoding it (mixed encodings, bytes replaced)."""
    if encoding:
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError as e:
            raise TablextractError("corrupt", f"not valid {encoding} at byte {e.start}: {e.reason}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
        return text, _replaced(text.count("\ufffd"), None, "UTF-16")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    utf8: list[Optional[str]] = []
    for raw in lines:
        try:
            text = raw.decode("utf-8")
            utf8.append(text if _plausible_utf8(text) else None)
        except UnicodeDecodeError:
            utf8.append(None)
    legacy = _legacy_encoding(b"\n".join(raw for raw, u in zip(lines, utf8) if u is None))
    mixed = any(u is not None and not u.isascii() for u in utf8)
    if not mixed:
        try:
            return data.decode(legacy), []
        except UnicodeDecodeError:
            pass
    out: list[str] = []
    replaced, first_bad = 0, None
    for n, (raw, u) in enumerate(zip(lines, utf8), start=1):
        if u is None:
            try:
                u = raw.decode(legacy)
            except UnicodeDecodeError:
                u = raw.decode(legacy, "replace")
                replaced += u.count("\ufffd")
                first_bad = first_bad or n
        out.append(u)
    warnings = _replaced(replaced, first_bad, legacy.upper())
    if mixed:
        k = sum(u is None for u in utf8)
        warnings.append(Issue(code="mixed_encoding", message=f"{k} lines in {legacy.upper()}, the others in UTF-8; "
                                                             "each line read in its own encoding"))
    return "\n".join(out), warnings


def _replaced(count: int, line: Optional[int], encoding: str) -> list[Issue]:
    if not count:
        return []
    where = f" (first on line {line})" if line else ""
    return [Issue(code="bytes_replaced", message=f"{count} undecodable byte sequences replaced by U+FFFD in "
                                                 f"{encoding} text{where}", location=Location(row=line))]
