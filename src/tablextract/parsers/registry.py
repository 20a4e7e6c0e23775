"""The reader interface: each format module declares what it detects and how it reads.

A :class:`Reader` names its format, a ``detects(probe)`` test on the content (magic
bytes, zip members, markup — never the extension alone) and a ``read`` function giving
a :class:`~tablextract.grid.SourceGrid`.  Legacy formats declare a ``converts`` step
instead, and the converted bytes are read by the reader of the format they became.
Format modules list their readers in ``READERS``; :data:`MODULES` gives the order in
which they are asked.
"""
from __future__ import annotations

import importlib
import io
import zipfile
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Optional

from ..errors import TablextractError
from ..grid import SourceGrid
from ..options import ExtractOptions

# Asked in this order: containers with magic bytes first, plain text last.
MODULES = ("pdf", "docx", "xlsx", "legacy", "ocr", "html", "csv", "text")

_DOC_EXTS = {"pdf", "docx", "xlsx", "doc", "xls", "wps", "et", "html", "htm", "csv", "txt", "png", "jpg", "jpeg",
             "tif", "tiff"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Names whose content is never plain text: such a name on text is mislabelled, not a text export.
# (.xls/.doc files that are really tab-separated text or HTML are common and are read as such.)
CONTAINER_EXTS = {"pdf", "docx", "xlsx", "png", "jpg", "jpeg", "tif", "tiff", "bmp"}


class Probe:
    """What detection may look at: the bytes, the name, and facts derived from them once."""

    def __init__(self, data: bytes, name: str = ""):
        self.data = data
        self.name = name
        self.head = data[:2048]

    @cached_property
    def ext(self) -> str:
        low = self.name.lower()
        return low.rsplit(".", 1)[-1] if "." in low.rsplit("/", 1)[-1] else ""

    @cached_property
    def is_zip(self) -> bool:
        return self.head.startswith((b"PK\x03\x04", b"PK\x05\x06"))

    @cached_property
    def is_ole(self) -> bool:
        return self.head.startswith(OLE_MAGIC)

    @cached_property
    def zip_names(self) -> frozenset[str]:
        """Member names of a zip container (empty when not a zip); ``corrupt`` when damaged."""
        if not self.is_zip:
            return frozenset()
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as z:
                return frozenset(z.namelist())
        except (zipfile.BadZipFile, ValueError, EOFError, OSError):
            raise TablextractError("corrupt", "damaged zip container (DOCX/XLSX)") from None

    @cached_property
    def is_binary(self) -> bool:
        """Not text: NUL bytes, or lines that decode in none of UTF-8, GB18030, Big5 (a few
        bad bytes, a character cut at the end, or lines in two encodings are still text)."""
        head = self.head
        if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
            return False
        if b"\x00" in head:
            return True
        bad = chars = 0
        lines = head.split(b"\n")
        for i, line in enumerate(lines):
            cut = i == len(lines) - 1 and len(self.data) > len(head)  # may end inside a character
            for enc, k in ((e, k) for e in ("utf-8", "gb18030", "big5") for k in (range(4) if cut else (0,))):
                try:
                    text = line[:len(line) - k].decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                text = line.decode("utf-8", "replace")
            chars += len(text)
            bad += sum(ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\f\v") for ch in text)
        return bad > max(4, chars // 20)

    @property
    def named_container(self) -> bool:
        """The name promises a container format (PDF, DOCX, XLSX, an image)."""
        return self.ext in CONTAINER_EXTS

    @property
    def plain(self) -> bool:
        """Text: neither a container nor binary."""
        return not (self.is_zip or self.is_ole or self.is_binary)


@dataclass(frozen=True)
class Reader:
    """One input format: how to recognise it and how to read it."""

    format: str
    detects: Callable[[Probe], bool]
    read: Optional[Callable[..., SourceGrid]] = None  # read(data, *, options) → SourceGrid
    converts: Optional[Callable[[bytes, str, ExtractOptions], tuple[bytes, str, str]]] = None
    # converts(data, name, options) → (new bytes, new format, original format)


def readers() -> list[Reader]:
    """Every reader, in the order they are asked."""
    out: list[Reader] = []
    for mod in MODULES:
        out.extend(importlib.import_module(f"{__package__}.{mod}").READERS)
    return out


def _refuse(probe: Probe) -> TablextractError:
    if probe.is_zip:
        probe.zip_names  # a damaged zip says so  # noqa: B018
        return TablextractError("unsupported_format", "zip file is neither DOCX nor XLSX")
    if probe.ext in _DOC_EXTS:
        return TablextractError("corrupt", f"content is not a valid .{probe.ext} file (damaged or mislabelled)")
    return TablextractError("unsupported_format", "binary file of an unknown format")


def detect(probe: Probe) -> Reader:
    """The reader for this content, or the error saying why there is none."""
    if not probe.data:
        raise TablextractError("empty", "file is empty")
    for r in readers():
        if r.detects(probe):
            return r
    raise _refuse(probe)


def reader_for(fmt: str) -> Reader:
    """The reader of a named format."""
    for r in readers():
        if r.format == fmt and r.read is not None:
            return r
    raise TablextractError("unsupported_format", f"no reader for format {fmt!r}")


def _damage_errors() -> tuple[type[BaseException], ...]:
    """What the libraries the readers use raise on damaged content (not on our own bugs)."""
    import struct
    import zlib
    from decimal import InvalidOperation

    errors: list[type[BaseException]] = [zlib.error, EOFError, zipfile.BadZipFile, zipfile.LargeZipFile,
                                         struct.error, InvalidOperation, KeyError, ValueError, OverflowError,
                                         SyntaxError]  # lxml's XMLSyntaxError is a SyntaxError
    try:
        from lxml import etree

        errors.append(etree.LxmlError)
    except ImportError:  # pragma: no cover
        pass
    try:
        from docx.opc.exceptions import OpcError

        errors.append(OpcError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


_DAMAGE = _damage_errors()


def _read_one(reader: Reader, data: bytes, options: ExtractOptions) -> SourceGrid:
    """One reader on one input; what damaged content makes a library raise becomes ``corrupt``."""
    try:
        return reader.read(data, options=options)
    except TablextractError:
        raise
    except MemoryError:
        raise TablextractError("too_large", f"ran out of memory reading this {reader.format} file") from None
    except RecursionError:
        raise TablextractError("corrupt", f"{reader.format} structure nested too deeply") from None
    except _DAMAGE as e:
        raise TablextractError("corrupt", f"damaged {reader.format} file ({type(e).__name__}: {str(e)[:80]})") from None


def read(data: bytes, name: str, options: ExtractOptions) -> SourceGrid:
    """Detect the format of ``data`` and read it (converting legacy formats first)."""
    reader = detect(Probe(data, name))
    if reader.converts is not None:
        data, fmt, original = reader.converts(data, name, options)
        grid = _read_one(reader_for(fmt), data, options)
        grid.converted_from = original
        return grid
    return _read_one(reader, data, options)
