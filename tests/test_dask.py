"""The batch on a 2-worker Dask LocalCluster gives byte-identical outputs to a local run."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

import badfiles as B  # noqa: E402
from conftest import FIXTURES, SEED_TXT  # noqa: E402
from tablextract.batch import collect_inputs, process_one, run_batch  # noqa: E402

SEEDS = {"seed.txt": SEED_TXT, "seed.docx": FIXTURES / "seed" / "seed.docx",
         "seed.xlsx": FIXTURES / "seed" / "seed.xlsx", "seed.html": FIXTURES / "seed" / "seed.html",
         "seed.pdf": FIXTURES / "seed" / "seed.pdf"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask-in")
    for name, src in SEEDS.items():
        shutil.copy(src, root / name)
    bad = root / "bad"
    bad.mkdir()
    B.zero_byte(bad)
    B.random_bytes(bad, "random.pdf")
    B.truncated_pdf(bad)
    B.encrypted_pdf(bad, "secret")
    B.no_table(bad)
    B.dangling_symlink(bad)
    return root


def _cluster():
    import dask
    from distributed import Client, LocalCluster

    # As the engine configures its own clusters: a worker is sent only the files it runs (timeout clock).
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    c = Client(cluster)
    yield c
    c.close(timeout=30)
    cluster.close(timeout=30)


@pytest.fixture(scope="module")
def client():
    yield from _cluster()


@pytest.fixture
def own_client():
    """A cluster of its own for a test that kills workers (a nanny may fail to restart one)."""
    yield from _cluster()


def _files(out: Path) -> dict[str, bytes]:
    got = {}
    for p in sorted(out.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.name in ("indicators.csv", "tables.csv", "tasks.csv", "budget.csv", "documents.jsonl",
                          "indicators.jsonl", "errors.jsonl"):
                lines = data.splitlines()
                data = b"\n".join(lines[:1] + sorted(lines[1:])) if p.suffix == ".csv" else b"\n".join(sorted(lines))
            got[str(p.relative_to(out))] = data
    return got


def test_dask_outputs_identical_to_local(inputs, client, tmp_path):
    items = collect_inputs([str(inputs)])
    local = run_batch(items, str(tmp_path / "local"), formats=("json", "jsonl", "csv"), jobs=1)
    dask = run_batch(items, str(tmp_path / "dask"), formats=("json", "jsonl", "csv"), engine="dask", client=client)
    assert (local.ok, local.failed) == (dask.ok, dask.failed) == (6, 5)
    a, b = _files(tmp_path / "local"), _files(tmp_path / "dask")
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name
    # errors.jsonl is written in input order by both engines: identical without sorting too.
    assert (tmp_path / "local" / "errors.jsonl").read_bytes() == (tmp_path / "dask" / "errors.jsonl").read_bytes()


def test_resume_works_across_engines(inputs, client, tmp_path):
    items = collect_inputs([str(inputs)])
    run_batch(items, str(tmp_path / "o"), jobs=1)
    seen = []
    s = run_batch(items, str(tmp_path / "o"), engine="dask", client=client, resume=True, on_result=seen.append)
    assert s.skipped == 6 and s.failed == 5


def crash_first_time(item, outdir, options, resume):
    """Kills the worker process the first time it meets seed.docx (a marker file remembers)."""
    marker = Path(outdir) / ".crashed-once"
    if item.rel == "seed.docx" and not marker.exists():
        marker.write_text("x")
        os._exit(1)
    return process_one(item, outdir, options, resume)


def always_crash_on_pdf(item, outdir, options, resume):
    if item.rel == "seed.pdf":
        os._exit(1)
    return process_one(item, outdir, options, resume)


def test_worker_killed_mid_batch_task_rerun_elsewhere(inputs, own_client, tmp_path):
    client = own_client
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    items = collect_inputs([str(inputs)])
    s = run_batch(items, str(tmp_path / "o"), engine="dask", client=client, process=crash_first_time)
    assert (tmp_path / "o" / ".crashed-once").exists()
    assert s.files == len(items) and s.ok == 6 and s.failed == 5
    assert (tmp_path / "o" / "seed.docx.json").is_file()


@pytest.mark.timeout(600)  # six worker deaths and restarts; each restart is slow on a loaded machine
def test_file_that_kills_workers_repeatedly_is_internal_failure(inputs, own_client, tmp_path):
    client = own_client
    import json

    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    items = collect_inputs([str(inputs)])
    s = run_batch(items, str(tmp_path / "o"), engine="dask", client=client, process=always_crash_on_pdf)
    assert s.files == len(items) and s.failed == 6
    errors = [json.loads(x) for x in (tmp_path / "o" / "errors.jsonl").read_text().splitlines()]
    pdf = [e for e in errors if e["path"].endswith("/seed.pdf")]
    assert pdf and pdf[0]["kind"] == "internal"
    # Files that merely shared a dying worker with seed.pdf are re-run alone and succeed.
    assert [e["path"] for e in errors if e["kind"] == "internal"] == [pdf[0]["path"]]


def hang_on_pdf(item, outdir, options, resume):
    """A file that never finishes (a reader stuck in a loop)."""
    import time

    if item.rel == "seed.pdf":
        time.sleep(3600)
    return process_one(item, outdir, options, resume)


def test_file_over_timeout_on_dask_is_stopped_and_batch_goes_on(inputs, own_client, tmp_path):
    client = own_client
    import time

    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    items = [it for it in collect_inputs([str(inputs)]) if it.rel in ("seed.pdf", "seed.txt", "seed.html")]
    t0 = time.monotonic()
    s = run_batch(items, str(tmp_path / "o"), engine="dask", client=client, process=hang_on_pdf, timeout=3)
    assert time.monotonic() - t0 < 120
    assert (s.ok, s.failed) == (2, 1)
    assert s.errors[0]["kind"] == "timeout" and s.errors[0]["path"].endswith("seed.pdf")
    client.wait_for_workers(2, timeout=60)  # the stuck worker was replaced


def test_cluster_without_workers_is_an_error_not_a_hang(inputs, tmp_path):
    import time

    from distributed import Client, LocalCluster

    from tablextract.dask_engine import dask_results
    from tablextract.errors import TablextractError
    from tablextract.options import ExtractOptions

    items = collect_inputs([str(inputs / "seed.txt")])
    with LocalCluster(n_workers=0, dashboard_address=":0") as cluster, Client(cluster) as c:
        t0 = time.monotonic()
        with pytest.raises(TablextractError) as e:
            list(dask_results(items, str(tmp_path / "o"), ExtractOptions(), False, client=c, no_workers_wait=2))
        assert e.value.kind == "no_workers" and "no workers" in e.value.message
        assert time.monotonic() - t0 < 30


def test_extract_many_with_a_client(client):
    from tablextract.batch import extract_many

    got = list(extract_many([SEED_TXT, "/nonexistent.pdf"], engine="dask", client=client))
    assert len(got[0][1].tables) == 7
    assert got[1][1].kind == "not_found"


def test_cli_dask_engine(inputs, tmp_path):
    import subprocess

    proc = subprocess.run([sys.executable, "-m", "tablextract", "extract", str(inputs / "seed.txt"),
                           str(inputs / "seed.html"), "-o", str(tmp_path / "o"), "--engine", "dask",
                           "--workers", "2"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "dashboard" in proc.stderr.lower()
    assert (tmp_path / "o" / "seed.html.json").is_file()


def test_file_urls_on_dask(inputs, client, tmp_path):
    items = collect_inputs([f"file://{inputs}"])
    s = run_batch(items, f"file://{tmp_path / 'o'}", engine="dask", client=client)
    assert (s.ok, s.failed) == (6, 5)
    assert (tmp_path / "o" / "seed.pdf.json").is_file() and (tmp_path / "o" / "indicators.csv").is_file()


def test_fsspec_store_inputs_and_outputs():
    """Inputs and outputs in an fsspec store (the in-memory one: object stores go the same way)."""
    import fsspec

    fs = fsspec.filesystem("memory")
    for name in ("seed.txt", "seed.html"):
        fs.pipe(f"/in/{name}", SEEDS[name].read_bytes())
    items = collect_inputs(["memory://in"])
    assert sorted(i.rel for i in items) == ["seed.html", "seed.txt"]
    # timeout=None: in this process (a memory store is not shared with worker processes).
    s = run_batch(items, "memory://out", formats=("json", "csv"), jobs=1, timeout=None)
    assert s.ok == 2 and s.failed == 0
    assert fs.exists("/out/seed.txt.json") and fs.exists("/out/indicators.csv")
    rows = fs.cat("/out/indicators.csv").decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 2 * 65
    s2 = run_batch(items, "memory://out", jobs=1, resume=True, timeout=None)
    assert s2.skipped == 2


def report_ocr_threads(item, outdir, options, resume):
    """process_one, plus the OCR thread count the worker was given."""
    return {**process_one(item, outdir, options, resume), "ocr_threads": options.ocr_threads}


def test_ocr_threads_shared_out_among_workers(inputs, client, tmp_path):
    import cloudpickle

    from tablextract.options import ExtractOptions

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    items = [it for it in collect_inputs([str(inputs)]) if it.rel == "seed.txt"] * 2

    def threads(**kw) -> set:
        seen: list[dict] = []
        run_batch(items, str(tmp_path / "o"), process=report_ocr_threads, on_result=seen.append, **kw)
        return {r["ocr_threads"] for r in seen}

    cores = os.cpu_count() or 1
    assert threads(jobs=1) == {None}                      # one process: all cores (decided in the reader)
    assert threads(jobs=2) == {max(1, cores // 2)}        # two processes share them
    assert threads(engine="dask", client=client) == {1}   # one file per Dask worker thread
    assert threads(jobs=2, options=ExtractOptions(ocr_threads=3)) == {3}  # a caller's choice stands
