"""The real corpus of ``tests/real/`` (issue 11): documents, their renderings, and the shared real files.

A corpus document is a folder ``tests/real/<NNN>_<region>_<slug>/`` with ``source.md`` (metadata
lines, see CORPUS.md), ``grid.json`` (a fixture-builder spec) and ``gold.json`` (the expected
Document).  Every document is rendered by the fixture builder into each of :data:`FORMATS`, cached
under ``tests/real/.cache/<id>/`` by the grid's sha256 and the builder's version, so a second run
renders nothing; all missing PDFs are made by one LibreOffice call.  The documents listed in
``tests/real/scans.json`` are also printed and scanned (:mod:`tablextract.testing.scan`).

The real files of ``shared/real-files/`` are read in place, never copied: those with a hand-typed
gold CSV are scored on their indicators, the others are negatives (the right output is no indicator).
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .builder import FORMATS, build_many, builder_version
from .score import Rules

SCAN = "scan"
META_KEYS = ("url", "issuer", "region", "year", "family", "layout", "obtained", "damage", "shortened")
_DOC_DIR = re.compile(r"^\d{3}_[a-z0-9]+_[A-Za-z0-9_]+$")
_META_LINE = re.compile(r"^-\s*([a-z_]+):\s*(.*)$")
SCAN_DPI = 200
# Real files: indicators only, compared on what the hand-typed gold CSVs hold.
CSV_RULES = Rules(cats=("indicators",), full_indicators=False,
                  value_keys=("raw", "kind", "op", "value", "upper", "unit", "boolean"))
NEGATIVE_RULES = Rules(cats=("indicators",))


def repo_root(start: Optional[Path] = None) -> Path:
    """The project folder: the nearest parent of ``start`` (default: cwd) holding ``tests/real``."""
    here = (start or Path.cwd()).resolve()
    for p in (here, *here.parents):
        if (p / "tests" / "real").is_dir():
            return p
    return here


def parse_source_md(text: str) -> dict[str, str]:
    """The metadata of a source.md: ``title`` (the ``#`` line) and each ``- key: value`` line
    before the first ``##`` section."""
    meta: dict[str, str] = {}
    for ln in text.splitlines():
        if ln.startswith("## "):
            break
        if ln.startswith("# ") and "title" not in meta:
            meta["title"] = ln[2:].strip()
        m = _META_LINE.match(ln.strip())
        if m and m.group(1) in META_KEYS and m.group(1) not in meta:
            meta[m.group(1)] = m.group(2).strip()
    return meta


@dataclass(frozen=True)
class CorpusDoc:
    """One document of ``tests/real``."""

    id: str
    path: Path
    meta: dict[str, str] = field(hash=False, compare=False)
    grid_sha: str = ""

    @property
    def family(self) -> str:
        return self.meta.get("family", "?")

    def grid(self) -> dict:
        return json.loads((self.path / "grid.json").read_text("utf-8"))

    def gold(self) -> dict:
        return json.loads((self.path / "gold.json").read_text("utf-8"))


def load_corpus(root: Path, only: Optional[Iterable[str]] = None) -> list[CorpusDoc]:
    """Every complete document folder under ``root`` (source.md, grid.json, gold.json), in order.

    ``only``: document ids or their number prefixes (``401``) to keep.
    """
    wanted = set(only) if only else None
    docs = []
    for d in sorted(root.iterdir()) if root.is_dir() else []:
        if not (d.is_dir() and _DOC_DIR.match(d.name)):
            continue
        if wanted is not None and d.name not in wanted and d.name[:3] not in wanted:
            continue
        if not all((d / f).is_file() for f in ("source.md", "grid.json", "gold.json")):
            continue
        sha = hashlib.sha256((d / "grid.json").read_bytes()).hexdigest()
        docs.append(CorpusDoc(d.name, d, parse_source_md((d / "source.md").read_text("utf-8")), sha))
    return docs


def scan_list(root: Path) -> tuple[list[str], list[str]]:
    """``scans.json``: (documents also scanned, the few of them scanned in the default test run)."""
    p = root / "scans.json"
    if not p.is_file():
        return [], []
    data = json.loads(p.read_text("utf-8"))
    return list(data.get("scans", [])), list(data.get("fast", []))


# --------------------------------------------------------------------------- rendering

def _cache_key(doc: CorpusDoc) -> str:
    return f"{doc.grid_sha[:16]}-{builder_version()}"


def _scan_key(doc: CorpusDoc) -> str:
    from . import scan

    return f"{_cache_key(doc)}-{hashlib.sha256(Path(scan.__file__).read_bytes()).hexdigest()[:8]}-{SCAN_DPI}"


def render(docs: list[CorpusDoc], cache: Path, formats: Iterable[str] = FORMATS) -> dict[str, dict[str, Path]]:
    """Document id → format → rendered file, building only what the cache lacks.

    Files are built in a private folder and moved into the cache whole, so an interrupted run
    leaves no half-written file; a document's stale renderings (other keys) are removed.
    ``scan`` in ``formats`` also prints and scans the documents listed in ``scans.json`` (it needs
    their PDF, which is then rendered too).
    """
    formats = tuple(formats)
    want_scan = SCAN in formats
    plain = tuple(f for f in FORMATS if f in formats)
    scanned = set(scan_list(docs[0].path.parent)[0]) if docs and want_scan else set()
    out: dict[str, dict[str, Path]] = {d.id: {} for d in docs}
    missing: dict[tuple[str, ...], list[CorpusDoc]] = {}
    for d in docs:
        need = plain + (("pdf",) if d.id in scanned and "pdf" not in plain else ())
        lack = tuple(f for f in need if not (cache / d.id / f"{_cache_key(d)}.{f}").is_file())
        for f in need:
            out[d.id][f] = cache / d.id / f"{_cache_key(d)}.{f}"
        if lack:
            missing.setdefault(lack, []).append(d)
    if missing:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".render-", dir=cache) as tmp:
            for fmts, group in missing.items():
                build_many([(d.grid(), Path(tmp) / d.id, _cache_key(d)) for d in group], fmts)
                for d in group:
                    _prune(cache / d.id, _cache_key(d))
                    for f in fmts:
                        os.replace(Path(tmp) / d.id / f"{_cache_key(d)}.{f}", out[d.id][f])
    for d in docs:
        if d.id in scanned:
            out[d.id][SCAN] = _scanned(d, out[d.id]["pdf"], cache)
            if "pdf" not in plain:
                del out[d.id]["pdf"]
    return out


def _prune(folder: Path, key: str) -> None:
    """Remove a document's cached files of other keys (an older grid or builder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in folder.iterdir():
        if not p.name.startswith(key):
            p.unlink()


def _scanned(doc: CorpusDoc, pdf: Path, cache: Path) -> Path:
    from .scan import print_and_scan

    tif = cache / doc.id / f"{_scan_key(doc)}.tif"
    if not tif.is_file():
        tmp = tif.with_name(f".part-{tif.name}")  # keeps the .tif extension OpenCV needs
        print_and_scan(pdf, tmp, SCAN_DPI)
        os.replace(tmp, tif)
    return tif


def clear_cache(cache: Path) -> None:
    """Remove every rendering (e.g. to time a cold run)."""
    shutil.rmtree(cache, ignore_errors=True)


# --------------------------------------------------------------------------- shared real files

@dataclass(frozen=True)
class RealFile:
    """A file of ``shared/real-files`` with the gold it is scored against and the rules for it."""

    id: str
    path: Path
    gold: dict = field(hash=False, compare=False)
    rules: Rules = NEGATIVE_RULES
    family: str = "negative"


def csv_gold(path: Path) -> dict:
    """A hand-typed gold CSV (``table, level1, level2, name, value_raw, kind, op, value, upper, unit,
    boolean, note``) as a gold Document: one table per ``table`` name, in order of appearance."""
    tables: dict[str, dict] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            t = tables.setdefault(row["table"], {"title": row["table"], "indicators": []})
            t["indicators"].append({
                "level1": row["level1"], "level2": row["level2"], "name": row["name"],
                "value": {"raw": row["value_raw"], "kind": row["kind"] or None, "op": row["op"] or None,
                          "value": _number(row["value"]), "upper": _number(row["upper"]),
                          "unit": row["unit"] or None, "boolean": _boolean(row["boolean"])},
            })
    return {"tables": list(tables.values())}


def _number(s: str) -> Optional[float]:
    return float(s) if s.strip() else None


def _boolean(s: str) -> Optional[bool]:
    s = s.strip().lower()
    return {"true": True, "false": False, "1": True, "0": False}.get(s) if s else None


def real_files(folder: Path) -> list[RealFile]:
    """The real files in ``folder`` (``NNN_<name>.<ext>`` beside ``NNN_gold.csv``): a non-empty gold
    CSV gives an indicator gold; every other file is a negative (gold: no table)."""
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.iterdir()):
        m = re.match(r"^(\d{3})_.+\.(xls|xlsx|pdf|docx|doc|html|txt|csv)$", p.name)
        if not m or p.name.endswith("_gold.csv"):
            continue
        gold_csv = folder / f"{m.group(1)}_gold.csv"
        gold = csv_gold(gold_csv) if gold_csv.is_file() else {"tables": []}
        if gold["tables"]:
            out.append(RealFile(f"real_{p.name}", p, gold, CSV_RULES, "real-file"))
        else:
            out.append(RealFile(f"real_{p.name}", p, gold, NEGATIVE_RULES, "negative"))
    return out
