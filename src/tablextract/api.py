"""The library entry points: extract one input into a Document."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

from .errors import TablextractError
from .grid import SourceGrid
from .layout import interpret
from .vocabulary import Vocabulary
from .models import Document, Source
from .options import ExtractOptions
from .parsers import read_source

PathLike = Union[str, os.PathLike]


def read_input(path: PathLike, options: ExtractOptions) -> bytes:
    """The bytes of one input, or a TablextractError saying clearly why not."""
    p = Path(path)
    if p.is_symlink() and not p.exists():
        raise TablextractError("not_found", "dangling symbolic link", str(path))
    if not p.exists():
        raise TablextractError("not_found", "no such file", str(path))
    if p.is_dir():
        raise TablextractError("unreadable", "is a directory, not a file", str(path))
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):  # never opened: a FIFO would block, /dev/zero never ends
            raise TablextractError("unreadable", f"is a {_special_kind(st.st_mode)}, not a regular file", str(path))
        size = st.st_size
        if size > options.max_bytes:
            raise TablextractError("too_large", f"file is {size} bytes, over the limit of {options.max_bytes}", str(path))
        data = p.read_bytes()
    except PermissionError:
        raise TablextractError("unreadable", "permission denied", str(path)) from None
    except OSError as e:
        raise TablextractError("unreadable", e.strerror or str(e), str(path)) from None
    if not data:
        raise TablextractError("empty", "file is empty", str(path))
    return data


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _document(read: Callable[[], SourceGrid], path: str, sha256: str, options: ExtractOptions) -> Document:
    """Read a source with ``read``, interpret it, and wrap it as a Document; errors name ``path``."""
    return _document_and_source(read, path, sha256, options)[0]


def _document_and_source(read: Callable[[], SourceGrid], path: str, sha256: str,
                         options: ExtractOptions) -> tuple[Document, SourceGrid]:
    """The Document and the reader's grid it was interpreted from (the review page draws both)."""
    try:
        source = read()
        tables, warnings, unplaced = interpret(source, Vocabulary.load(options.vocab_files))
    except TablextractError as e:
        e.path = e.path or path
        raise
    except MemoryError:
        raise TablextractError("too_large", "ran out of memory reading this file", path) from None
    except RecursionError:
        raise TablextractError("corrupt", "structure nested too deeply", path) from None
    return Document(
        source=Source(path=path, format=source.format, sha256=sha256, pages=source.pages, ocr=source.ocr,
                      converted_from=source.converted_from),
        tables=tables, warnings=warnings, unplaced=unplaced,
    ), source


def extract_bytes(data: bytes, name: str, options: Optional[ExtractOptions] = None,
                  display_path: Optional[str] = None) -> Document:
    """Extract from bytes already read; ``name`` only helps format detection."""
    options = options or ExtractOptions()
    path = display_path if display_path is not None else name
    return _document(lambda: read_source(data, name, options), path, hashlib.sha256(data).hexdigest(), options)


def extract_pages(paths: Sequence[PathLike], options: Optional[ExtractOptions] = None) -> Document:
    """Several page images, in order, read as one document (OCR)."""
    from .parsers.ocr import read_page_images

    options = options or ExtractOptions()
    if not paths:
        raise TablextractError("empty", "no page images given")
    files = [(str(p), read_input(p, options)) for p in paths]
    digest = hashlib.sha256()
    for _p, d in files:
        digest.update(d)
    return _document(lambda: read_page_images(files, options), str(paths[0]), digest.hexdigest(), options)


def extract_with_source(path: PathLike, options: Optional[ExtractOptions] = None) -> tuple[Document, SourceGrid, bytes]:
    """One input's Document, the grid it came from and the input's bytes (for the review page)."""
    options = options or ExtractOptions()
    data = read_input(path, options)
    doc, source = _document_and_source(lambda: read_source(data, Path(path).name, options), str(path),
                                       hashlib.sha256(data).hexdigest(), options)
    return doc, source, data


def extract(path: Union[PathLike, Sequence[PathLike]], options: Optional[ExtractOptions] = None) -> Document:
    """Extract every target table of one input file into a :class:`Document`.

    Raises :class:`TablextractError` (with a ``kind``) when the file cannot be read.
    A list of page images is read as one document.
    """
    options = options or ExtractOptions()
    if isinstance(path, (list, tuple)):
        return extract_pages(path, options)
    data = read_input(path, options)
    return extract_bytes(data, Path(path).name, options, display_path=str(path))
