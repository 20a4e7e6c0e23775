"""Where inputs and outputs live: local paths, ``file://`` URLs, or any fsspec URL
(``s3://…``, ``gs://…``, ``memory://…``) when fsspec is installed (the ``dask`` extra).

Local paths keep the atomic temp-file-and-rename writes; object stores write each
object in one put, which is atomic there.
"""
from __future__ import annotations

from pathlib import Path


def is_url(path: str) -> bool:
    return "://" in str(path)


def local(path: str) -> str:
    """``file:///x`` → ``/x``; other strings unchanged."""
    p = str(path)
    return p[len("file://"):] if p.startswith("file://") else p


def is_remote(path: str) -> bool:
    return is_url(local(path))


def join(base: str, rel: str) -> str:
    return f"{str(base).rstrip('/')}/{rel}" if is_remote(base) else str(Path(local(base)) / rel)


def _fs(url: str):
    import fsspec

    return fsspec.core.url_to_fs(url)


def read_bytes(url: str) -> bytes:
    fs, p = _fs(url)
    with fs.open(p, "rb") as fh:
        return fh.read()


def exists(url: str) -> bool:
    if not is_remote(url):
        return Path(local(url)).exists()
    fs, p = _fs(url)
    return fs.exists(p)


def write_text(url: str, text: str) -> None:
    if not is_remote(url):
        from .writers.atomic import write_text as atomic_write

        atomic_write(local(url), text)
        return
    fs, p = _fs(url)
    parent = p.rsplit("/", 1)[0]
    if parent and parent != p:
        fs.makedirs(parent, exist_ok=True)
    with fs.open(p, "w", encoding="utf-8") as fh:
        fh.write(text)


def read_text(url: str) -> str:
    if not is_remote(url):
        return Path(local(url)).read_text("utf-8")
    return read_bytes(url).decode("utf-8")


def upload_dir(local_dir: str, url: str) -> None:
    """Copy the files of a local folder to a remote folder (combined outputs)."""
    fs, p = _fs(url)
    fs.makedirs(p, exist_ok=True)
    for f in Path(local_dir).iterdir():
        if f.is_file():
            fs.put_file(str(f), f"{p.rstrip('/')}/{f.name}")
