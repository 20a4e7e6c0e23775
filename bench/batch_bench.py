"""Batch benchmarks: files/s and peak memory of `tablextract extract` on a folder of seed copies."""
from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed"
FORMATS = [SEED.parent.parent / "fixtures" / "seed" / "wuchuan-2024-performance-targets.txt",
           SEED / "seed.docx", SEED / "seed.xlsx", SEED / "seed.html", SEED / "seed.pdf"]


def make_folder(n: int, root: Path) -> Path:
    d = root / f"in{n}"
    d.mkdir()
    for i in range(n):
        src = FORMATS[i % len(FORMATS)]
        sub = d / f"{i // 100:03d}"
        sub.mkdir(exist_ok=True)
        shutil.copy(src, sub / f"{i:05d}-{src.name}")
    return d


def run(folder: Path, out: Path, jobs: int, extra: list[str] | None = None) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "tablextract", "extract", str(folder), "-o", str(out),
                           "--jobs", str(jobs), "--format", "json,csv", *(extra or [])],
                          capture_output=True, text=True)
    secs = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    n = sum(1 for _ in folder.rglob("*") if _.is_file())
    return {"files": n, "seconds": round(secs, 1), "files_per_s": round(n / secs, 1),
            "peak_rss_mb_max_process": round(max(peak, before) / 1024)}


def bench_batch() -> dict:
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small, big = make_folder(250, tmp), make_folder(1000, tmp)
        for jobs in (1, 2):
            r250 = run(small, tmp / f"o250-{jobs}", jobs)
            r1000 = run(big, tmp / f"o1000-{jobs}", jobs)
            out[f"jobs{jobs}_1000_files_per_s"] = r1000["files_per_s"]
            out[f"jobs{jobs}_1000_seconds"] = r1000["seconds"]
            out[f"jobs{jobs}_peak_rss_mb_250_files"] = r250["peak_rss_mb_max_process"]
            out[f"jobs{jobs}_peak_rss_mb_1000_files"] = r1000["peak_rss_mb_max_process"]
    return out


BENCHES = {"batch": bench_batch}


def bench_dask() -> dict:
    """Files/s for local --jobs 2 vs Dask with 2 workers on the same 1,000-file batch."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = make_folder(1000, tmp)
        local = run(folder, tmp / "local", 2)
        dask = run(folder, tmp / "dask", 2, ["--engine", "dask", "--workers", "2"])
    per_file_overhead_ms = (dask["seconds"] - local["seconds"]) / local["files"] * 1000
    return {"local_jobs2_files_per_s": local["files_per_s"], "dask_2workers_files_per_s": dask["files_per_s"],
            "local_seconds": local["seconds"], "dask_seconds": dask["seconds"],
            "dask_overhead_ms_per_file": round(per_file_overhead_ms, 1)}


def bench_ocr() -> dict:
    """Seconds per page and peak memory for the seed scan (a fresh process each, engine load
    included), with OCR threads on all cores and with one."""
    out: dict = {}
    for label, threads in (("", None), ("_1thread", 1)):
        code = ("import time, resource, tablextract; from tablextract.options import ExtractOptions; "
                "from tablextract.parsers import ocr; t=time.perf_counter(); "
                "ocr.engine(); load=time.perf_counter()-t; t=time.perf_counter(); "
                f"d=tablextract.extract({str(SEED / 'seed-scan.pdf')!r}, ExtractOptions(ocr_threads={threads})); "
                "s=time.perf_counter()-t; "
                "print(load, s, d.source.pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        load, secs, pages, rss = proc.stdout.split()
        out.update({"pages": int(pages), f"seconds_per_page{label}": round(float(secs) / int(pages), 2),
                    f"engine_load_s{label}": round(float(load), 2), f"peak_rss_mb{label}": round(int(rss) / 1024)})
    return out


BENCHES.update({"dask": bench_dask, "ocr": bench_ocr})
