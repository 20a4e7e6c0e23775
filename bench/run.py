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
    """Values/s on one core, three ways: the test table's strings with their digit runs randomised
    ("digits"), a realistic mix of fresh strings (Chinese numerals, ranges, dates and spans, compound
    units, frequencies: ``bench/value_mix.py``) with the grammar's cache switched off ("realistic"),
    and the plain test strings through the cache ("cached")."""
    import statistics

    from tablextract.normalizers import values as V
    from value_mix import realistic_mix

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
    mix = realistic_mix(n_target)
    loop = plain * (n_target // len(plain))

    def rate(strings: list[str], cached: bool = True) -> float:
        V._parse.cache_clear()
        cache = V._parse
        if not cached:
            V._parse = V._read  # every string read afresh: the grammar's own speed
        try:
            t = time.perf_counter()
            for s in strings:
                V.parse_value(s)
            return len(strings) / (time.perf_counter() - t)
        finally:
            V._parse = cache

    runs: dict[str, list[float]] = {"digits": [], "realistic": [], "cached": []}
    for _ in range(3):  # this machine's timings wander; report the median of three runs
        runs["digits"].append(rate(unseen))
        runs["realistic"].append(rate(mix, cached=False))
        runs["cached"].append(rate(loop))
    out: dict = {}
    for name, r in runs.items():
        out[f"{name}_values_per_s_median"] = round(statistics.median(r))
        out[f"{name}_values_per_s_runs"] = [round(x) for x in r]
    out.update(strings=n_target, distinct_digits=len(set(unseen)), distinct_realistic=len(set(mix)))
    return out


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
