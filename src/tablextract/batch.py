"""Batch extraction: many inputs → per-file JSON + combined exports.

Each input is extracted (in a worker process when ``jobs > 1``), its JSON is
written atomically by the worker and only a small summary travels back, so
memory stays flat however long the batch.  The combined CSV/JSONL/XLSX files
are rebuilt at the end from every per-file output of the run.
"""
from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

from . import storage
from .errors import TablextractError
from .models import Document
from .options import ExtractOptions

log = logging.getLogger("tablextract")

LOCK_NAME = ".tablextract.lock"
DEFAULT_TIMEOUT = 300.0  # seconds one file may take in a batch before it is stopped (kind ``timeout``)
FORMATS = ("json", "jsonl", "csv", "xlsx")
DOC_SUFFIXES = {".txt", ".tsv", ".csv", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".et", ".html", ".htm", ".pdf",
                ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}


@dataclass(frozen=True)
class InputFile:
    """One input: where it is and its name relative to the root it was found under."""

    path: str
    rel: str
    outside: bool = False  # a link out of the input folder it was found in: refused, never read


def collect_inputs(paths: Iterable[str], follow_links: bool = False,
                   suffixes: Optional[frozenset[str]] = None) -> list[InputFile]:
    """Files as given, folders recursively (sorted), globs expanded; missing paths kept (they fail later).

    Inside a folder, symbolic links pointing out of it are not followed unless ``follow_links``
    (they are reported as failed inputs); FIFOs, devices and sockets are kept so that they fail
    as ``unreadable`` (they are never opened).  Two inputs with the same relative name (``a/x.txt``
    and ``b/x.txt`` given on the command line) get names relative to their common folder, so
    their outputs never collide, whatever the order they are given in.  ``suffixes`` are the
    names taken in folders (default: the document suffixes).
    """
    out: list[InputFile] = []
    seen: set[str] = set()

    def add(path: str, rel: str, outside: bool = False) -> None:
        if path not in seen:
            seen.add(path)
            out.append(InputFile(path, rel, outside))

    for raw in paths:
        raw = storage.local(str(raw))
        if storage.is_remote(raw):
            _collect_remote(raw, add)
            continue
        p = Path(raw)
        if p.is_dir():
            for f, outside in _walk(p, follow_links, suffixes or DOC_SUFFIXES):
                add(str(f), f.relative_to(p).as_posix(), outside)
            continue
        if not p.exists() and not p.is_symlink() and any(ch in raw for ch in "*?["):
            matches = sorted(glob.glob(raw, recursive=True))
            root = Path(glob.escape(raw).split("*")[0]).parent if matches else None
            for m in matches:
                mp = Path(m)
                if mp.is_file():
                    add(m, mp.relative_to(root).as_posix() if root else mp.name)
            if matches:
                continue
        add(str(p), p.name)
    return _distinct_names(out)


def _walk(root: Path, follow_links: bool, suffixes) -> Iterator[tuple[Path, bool]]:
    """``(file, links out of root)`` under ``root``, sorted; hidden and non-document names skipped."""
    real_root = root.resolve()
    found: list[Path] = []
    for d, dirs, files in os.walk(root, followlinks=follow_links):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        base = Path(d)
        # In folders only document-like names are taken (a notebook or a README beside the tables
        # is not an input); a folder named like a document (x.pdf/) is reported as a failed input.
        for name in files + [x for x in dirs if Path(x).suffix.lower() in suffixes]:
            suffix = Path(name).suffix.lower()
            if name.startswith(".") or (suffix and suffix not in suffixes):
                continue
            found.append(base / name)
    for f in sorted(found):
        outside = f.is_symlink() and not follow_links and not _inside(f.resolve(), real_root)
        yield f, outside


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _distinct_names(items: list[InputFile]) -> list[InputFile]:
    """Give inputs that share a relative name their path relative to the colliding files' common folder."""
    by_rel: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        by_rel.setdefault(it.rel, []).append(i)
    for rel, idx in by_rel.items():
        if len(idx) < 2:
            continue
        paths = [items[i].path for i in idx]
        if all(not storage.is_remote(p) for p in paths):
            full = [os.path.abspath(p) for p in paths]
            common = os.path.commonpath([os.path.dirname(p) for p in full])
            names = [Path(os.path.relpath(p, common)).as_posix() for p in full]
        else:
            common = os.path.commonpath([p.split("://", 1)[-1].rsplit("/", 1)[0] for p in paths])
            names = [p.split("://", 1)[-1][len(common):].lstrip("/") for p in paths]
        for i, name in zip(idx, names):
            items[i] = InputFile(items[i].path, name, items[i].outside)
    return items


def _collect_remote(url: str, add) -> None:
    """Files under a remote folder (or matching a remote glob), relative to it."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    proto = url.split("://", 1)[0]
    if any(ch in root for ch in "*?["):
        base = root.split("*")[0].rsplit("/", 1)[0]
        found = sorted(fs.glob(root))
    elif fs.isdir(root):
        base = root.rstrip("/")
        found = sorted(fs.find(root))
    else:
        add(url, url.rsplit("/", 1)[-1])
        return
    for f in found:
        rel = f[len(base):].lstrip("/")
        add(f"{proto}://{f}" if not f.startswith(f"{proto}://") else f, rel)


def output_path(outdir: Union[str, Path], item: InputFile) -> str:
    """Where one input's JSON goes: ``OUTDIR/<path relative to its input root>.json``.

    Never outside ``outdir``: empty, ``.`` and absolute parts of the name are dropped and ``..``
    becomes ``__`` (a remote key may hold any of them)."""
    return storage.join(str(outdir), f"{safe_rel(item.rel)}.json")


def safe_rel(rel: str) -> str:
    """A relative name that stays below the folder it is joined to."""
    parts = [("__" if x == ".." else x) for x in rel.replace("\\", "/").split("/") if x not in ("", ".")]
    return "/".join(parts) or "_"


def _sha256(path: str) -> Optional[str]:
    try:
        if storage.is_remote(path):
            return hashlib.sha256(storage.read_bytes(path)).hexdigest()
        h = hashlib.sha256()
        with open(storage.local(path), "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def _existing_sha(out: str) -> Optional[str]:
    try:
        head = storage.read_text(out)[:4096]
        i = head.find('"sha256"')
        if i < 0:
            return None
        return json.loads("{" + head[i:].split(",", 1)[0] + "}")["sha256"]
    except (OSError, ValueError, KeyError):
        return None


def summarize(doc: Document) -> dict:
    """The counts of one Document a batch adds up."""
    return {
        "tables": len(doc.tables),
        "indicators": sum(len(t.indicators) for t in doc.tables),
        "warnings": len(doc.warnings),
        "unparsed": sum(1 for t in doc.tables for i in t.indicators
                        for v in (i.value, i.annual_value, i.actual) if v is not None and v.kind == "unparsed"),
        "unplaced": len(doc.unplaced),
    }


def process_one(item: InputFile, outdir: Optional[str], options: ExtractOptions, resume: bool = False) -> dict:
    """Extract one input and write its JSON (when ``outdir``); never raises, returns a summary."""
    from .api import extract, extract_bytes
    from .writers.jsonl import document_json

    result = {"path": item.path, "rel": item.rel, "ok": False, "skipped": False}
    if item.outside:
        result.update(kind="unreadable", message="symbolic link out of the input folder, not followed "
                                                 "(--follow-links follows it)")
        return result
    try:
        out = output_path(outdir, item) if outdir else None
        if resume and out is not None and storage.exists(out):
            sha = _sha256(item.path)
            if sha is not None and sha == _existing_sha(out):
                # Reused: the counts are those of the output kept, so the summary tells what the run holds.
                try:
                    kept = summarize(Document.model_validate_json(storage.read_text(out)))
                except (OSError, ValueError):
                    kept = None  # an unreadable output is extracted again
                if kept is not None:
                    result.update(ok=True, skipped=True, **kept)
                    return result
        if storage.is_remote(item.path):
            doc = extract_bytes(storage.read_bytes(item.path), item.path.rsplit("/", 1)[-1], options,
                                display_path=item.path)
        else:
            doc = extract(storage.local(item.path), options)
        if out is not None:
            try:
                storage.write_text(out, document_json(doc))
            except OSError as e:  # the output side (full disk, read-only folder) stops the batch
                result.update(kind="unwritable", fatal=True,
                              message=f"cannot write {out}: {e.strerror or e}")
                return result
        result.update(ok=True, **summarize(doc))
    except TablextractError as e:
        result.update(kind=e.kind, message=e.message)
    except Exception as e:  # a bug must fail one file, never the batch
        result.update(kind="internal", message=f"{type(e).__name__}: {e}", traceback=traceback.format_exc())
    return result


def _ocr_threads_unless_set(options: ExtractOptions, threads: int) -> ExtractOptions:
    """``options`` with ``ocr_threads`` defaulted to ``threads`` (a caller's choice stands)."""
    if options.ocr_threads is not None:
        return options
    return options.model_copy(update={"ocr_threads": threads})


def _share_cores(options: ExtractOptions, workers: int) -> ExtractOptions:
    """Options for one of ``workers`` processes: OCR threads share the cores out, unless set."""
    if workers <= 1:
        return options
    return _ocr_threads_unless_set(options, max(1, (os.cpu_count() or 1) // workers))


def extract_many(paths: Sequence[Union[str, os.PathLike]], jobs: int = 1,
                 options: Optional[ExtractOptions] = None, engine: str = "local",
                 client=None, timeout: Optional[float] = DEFAULT_TIMEOUT) -> Iterator[tuple[str, Union[Document, TablextractError]]]:
    """Yield ``(path, Document | TablextractError)`` for each input, in input order.

    ``engine="dask"`` with ``client`` (a ``dask.distributed.Client`` a notebook already holds)
    runs one task per file on that cluster; a file running longer than ``timeout`` seconds
    is stopped and yields an error of kind ``timeout``.
    """
    options = options or ExtractOptions()
    items = [str(p) for p in paths]
    if engine == "dask":
        if client is None:
            raise ValueError("engine='dask' needs a dask.distributed.Client (client=...)")
        from .dask_engine import dask_extract

        # A Dask worker runs one file per thread: OCR lines one at a time unless the caller says otherwise.
        yield from dask_extract(client, items, _ocr_threads_unless_set(options, 1), timeout=timeout)
        return

    if jobs <= 1:
        for p in items:
            yield p, _extract_or_error(p, options)
        return
    from .pool import run_pool

    options = _share_cores(options, jobs)
    got: dict[int, object] = {}
    nxt = 0
    for i, r in run_pool(_indexed, [(i, p, options) for i, p in enumerate(items)], jobs, timeout,
                         lambda i, kind, message: (i, TablextractError(kind, message, items[i]))):
        got[i] = r
        while nxt in got:  # in input order, as soon as the next one is there
            yield items[nxt], got.pop(nxt)
            nxt += 1


def _indexed(i: int, path: str, options: ExtractOptions) -> tuple[int, object]:
    return i, _extract_or_error(path, options)


def _extract_or_error(path: str, options: ExtractOptions):
    """A Document, or the TablextractError the file gave (a bug becomes kind ``internal``)."""
    from .api import extract

    try:
        return extract(path, options)
    except TablextractError as e:
        return e
    except Exception as e:
        return TablextractError("internal", f"{type(e).__name__}: {e}", path)


@dataclass
class BatchSummary:
    files: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    with_warnings: int = 0
    tables: int = 0
    indicators: int = 0
    unparsed: int = 0
    unplaced: int = 0
    no_table: int = 0  # files read fine that hold no target table
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)

    def add(self, r: dict) -> None:
        self.files += 1
        if r["ok"]:
            self.ok += 1
            self.skipped += int(r.get("skipped", False))
            self.tables += r.get("tables", 0)
            self.indicators += r.get("indicators", 0)
            self.unparsed += r.get("unparsed", 0)
            self.unplaced += r.get("unplaced", 0)
            self.with_warnings += int(r.get("warnings", 0) > 0)
            self.no_table += int(r.get("tables", 0) == 0)
        else:
            self.failed += 1
            self.errors.append({"path": r["path"], "kind": r["kind"], "message": r["message"]})


def run_batch(items: Sequence[InputFile], outdir: str, *, formats: Sequence[str] = ("json", "csv"), jobs: int = 1,
              resume: bool = False, options: Optional[ExtractOptions] = None,
              on_result: Optional[Callable[[dict], None]] = None, engine: str = "local",
              scheduler: Optional[str] = None, client=None, process: Optional[Callable] = None,
              timeout: Optional[float] = DEFAULT_TIMEOUT) -> BatchSummary:
    """Extract ``items`` into ``outdir`` and rebuild the combined exports; one bad file never stops the batch.

    ``engine="dask"`` runs one task per file on a Dask cluster (``scheduler`` address, or
    ``client``, or a LocalCluster of ``jobs`` workers); outputs are identical to a local run.
    ``process`` replaces :func:`process_one` (a hook for extensions and tests).  A file running
    longer than ``timeout`` seconds is stopped (its worker replaced) and fails with kind ``timeout``.
    What stops the batch as a whole raises :class:`TablextractError`: an output folder that cannot be
    written (``unwritable``, also a full disk: the file in progress is removed), one another batch
    is writing to (``locked``), a cluster without workers (``no_workers``).
    """
    options = options or ExtractOptions()
    fn = process or process_one
    t0 = time.perf_counter()
    summary = BatchSummary()
    outdir = storage.local(outdir)
    with _output_lock(outdir):
        _run(items, outdir, formats, jobs, resume, options, on_result, engine, scheduler, client, process,
             timeout, fn, summary)
    summary.seconds = time.perf_counter() - t0
    return summary


@contextmanager
def _output_lock(outdir: str) -> Iterator[None]:
    """Create ``outdir`` and hold its lock file for the batch: a second batch on it refuses.

    The lock is an ``flock`` on ``OUTDIR/.tablextract.lock``: the kernel releases it when the
    process ends however it ends, so a killed run never leaves a stale lock.
    """
    if storage.is_remote(outdir):
        yield
        return
    try:
        Path(outdir).mkdir(parents=True, exist_ok=True)
        fh = open(Path(outdir) / LOCK_NAME, "a+")
    except OSError as e:
        why = "not a folder" if isinstance(e, (FileExistsError, NotADirectoryError)) else (e.strerror or str(e))
        raise TablextractError("unwritable", f"cannot use the output folder ({why})", outdir) from None
    try:
        import fcntl

        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise TablextractError("locked", "another tablextract batch is writing to this output folder "
                                             f"(lock {LOCK_NAME}); wait for it or choose another -o",
                                   outdir) from None
        yield
    finally:
        fh.close()


def _run(items, outdir, formats, jobs, resume, options, on_result, engine, scheduler, client, process, timeout,
         fn, summary) -> None:
    """The body of :func:`run_batch`, under the output folder's lock."""
    from .writers.jsonl import write_jsonl

    if engine == "dask":
        from .dask_engine import dask_results

        options = _ocr_threads_unless_set(options, 1)  # as in extract_many: one file per worker thread
        _consume(dask_results(items, outdir, options, resume, scheduler=scheduler, workers=jobs, client=client,
                              process=process, timeout=timeout), summary, on_result)
    elif engine != "local":
        raise ValueError(f"unknown engine {engine!r}")
    elif jobs <= 1 and timeout is None:  # in this process (an in-memory fsspec store stays visible)
        _consume((fn(it, outdir, options, resume) for it in items), summary, on_result)
    else:
        from .pool import run_pool

        options = _share_cores(options, jobs)

        def failed(i: int, kind: str, message: str) -> dict:
            _remove_partial(outdir, items[i])
            return {"path": items[i].path, "rel": items[i].rel, "ok": False, "skipped": False, "kind": kind,
                    "message": message}

        _consume(run_pool(fn, [(it, outdir, options, resume) for it in items], jobs, timeout, failed),
                 summary, on_result)
    # Errors in input order whatever the engine's completion order: the same bytes every run.
    order = {it.path: i for i, it in enumerate(items)}
    summary.errors.sort(key=lambda e: order.get(e["path"], len(order)))
    if storage.is_remote(outdir):
        import tempfile

        with tempfile.TemporaryDirectory(prefix="tablextract-combined-") as tmp:
            write_jsonl(Path(tmp) / "errors.jsonl", summary.errors)
            write_combined(items, outdir, formats, to=tmp)
            storage.upload_dir(tmp, outdir)
    else:
        try:
            write_jsonl(Path(outdir) / "errors.jsonl", summary.errors)
            write_combined(items, outdir, formats)
        except OSError as e:
            raise TablextractError("unwritable", f"cannot write the combined outputs ({e.strerror or e})",
                                   outdir) from None


def _remove_partial(outdir: str, item: InputFile) -> None:
    """Delete the temp file a killed worker may have left beside the output it was writing."""
    if storage.is_remote(outdir):
        return
    out = Path(output_path(outdir, item))
    for tmp in out.parent.glob(f".{glob.escape(out.name)}.*.part"):
        tmp.unlink(missing_ok=True)


def _consume(results: Iterable[dict], summary: BatchSummary, on_result) -> None:
    for r in results:
        if r.get("fatal"):  # the output side failed: every further file would too
            raise TablextractError(r["kind"], r["message"], r["path"])
        summary.add(r)
        if not r["ok"]:
            log.error("%s: %s (%s)", r["path"], r["message"], r["kind"])
            if r.get("traceback"):
                log.debug(r["traceback"])
        if on_result:
            on_result(r)


def iter_outputs(items: Sequence[InputFile], outdir: str) -> Iterator[tuple[InputFile, Document]]:
    """Per-file Documents of a run, read back from ``outdir`` in input order."""
    for it in items:
        out = output_path(outdir, it)
        if storage.exists(out):
            try:
                yield it, Document.model_validate_json(storage.read_text(out))
            except ValueError as e:
                log.error("%s: unreadable output %s (%s)", it.path, out, e)


def write_combined(items: Sequence[InputFile], outdir: str, formats: Sequence[str], to: Optional[str] = None) -> None:
    """(Re)build the combined exports from every per-file JSON of the run, reading each once."""
    from .writers.combined import write_combined as _write

    _write(((it.rel, d) for it, d in iter_outputs(items, outdir)), to or outdir, formats)
