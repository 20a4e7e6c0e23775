"""Benchmarks (not tests): `make bench` or `python bench/run.py [values|pdf|batch|ocr|dask ...]`.

Each benchmark prints its figures and writes them to bench/results/<name>.json.
"""
from __future__ import annotations

import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "bench"))


def _save(name: str, data: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"== {name}: " + ", ".join(f"{k}={v}" for k, v in data.items()))


def bench_values() -> dict:
    """Values/s on one core: unseen strings (digit runs randomised) and the plain set with the cache."""
    from tablextract.normalizers import values as V

    rows = [ln.split("\t") for ln in (ROOT / "tests" / "data" / "values.tsv").read_text("utf-8").splitlines()
            if ln and not ln.startswith("#")]
    plain = [(r[0] if r[0] != "<empty>" else "") for r in rows]
    rng = random.Random(42)
    n_target = 200_000
    unseen = []
    while len(unseen) < n_target:
        for s in plain:
            unseen.append(re.sub(r"\d+", lambda m: str(rng.randint(1, 99999)), s))
    unseen = unseen[:n_target]
    import statistics

    runs_unc, runs_c = [], []
    loop = plain * (n_target // len(plain))
    for _ in range(3):  # this machine's timings wander; report the median of three runs
        V._parse.cache_clear()
        t = time.perf_counter()
        for s in unseen:
            V.parse_value(s)
        runs_unc.append(len(unseen) / (time.perf_counter() - t))
        V._parse.cache_clear()
        t = time.perf_counter()
        for s in loop:
            V.parse_value(s)
        runs_c.append(len(loop) / (time.perf_counter() - t))
    return {"uncached_values_per_s_median": round(statistics.median(runs_unc)),
            "uncached_values_per_s_runs": [round(x) for x in runs_unc],
            "cached_values_per_s_median": round(statistics.median(runs_c)),
            "strings": len(unseen), "distinct_unseen": len(set(unseen))}


def bench_pdf() -> dict:
    """Pages/s on seed.pdf repeated to 54 pages: tablextract vs pdfplumber's bare extract_tables()."""
    import io

    import pdfplumber
    import pypdfium2 as pdfium

    from tablextract.api import extract_bytes

    src = pdfium.PdfDocument(str(FIX / "seed" / "seed.pdf"))
    dst = pdfium.PdfDocument.new()
    for _ in range(6):
        dst.import_pages(src)
    buf = io.BytesIO()
    dst.save(buf)
    data = buf.getvalue()
    pages = len(dst)
    t = time.perf_counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for p in pdf.pages:
            p.extract_tables()
    plumber = pages / (time.perf_counter() - t)
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        doc = extract_bytes(data, "seed54.pdf")
        best = max(best, pages / (time.perf_counter() - t))
    assert len(doc.tables) == 42
    return {"pages": pages, "tablextract_pages_per_s": round(best, 1), "pdfplumber_extract_tables_pages_per_s":
            round(plumber, 1), "ratio": round(best / plumber, 2)}


BENCHES = {"values": bench_values, "pdf": bench_pdf}


def main(argv: list[str]) -> int:
    try:
        import batch_bench  # noqa: F401  (registers batch/ocr/dask benchmarks when present)
        BENCHES.update(batch_bench.BENCHES)
    except ImportError:
        pass
    names = argv or list(BENCHES)
    for name in names:
        if name not in BENCHES:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHES)}")
            return 2
        _save(name, BENCHES[name]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
