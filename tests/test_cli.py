"""The batch command line on a folder of good and bad inputs: outputs, errors, exit codes."""
from __future__ import annotations

import csv
import os
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import badfiles as B
from conftest import FIXTURES, SEED_TXT, gold_diffs

SEEDS = {"seed.txt": SEED_TXT, "seed.docx": FIXTURES / "seed" / "seed.docx",
         "seed.xlsx": FIXTURES / "seed" / "seed.xlsx", "seed.html": FIXTURES / "seed" / "seed.html",
         "seed.pdf": FIXTURES / "seed" / "seed.pdf"}
EXPECTED_ERRORS = {
    "bad/zero.txt": "empty", "bad/random.pdf": "corrupt", "bad/random.docx": "corrupt",
    "bad/random.xlsx": "corrupt", "bad/truncated.pdf": "corrupt", "bad/encrypted-password.pdf": "encrypted",
    "bad/bomb.docx": "too_large", "bad/dangling.pdf": "not_found", "bad/x.pdf": "unreadable",
    "bad/text-named.pdf": "corrupt",
}
OK_BAD = ["bad/encrypted-empty.pdf", "bad/styled-rows.xlsx", "bad/deep.html", "bad/no-table.txt",
          "bad/xxe.docx", "bad/xxe.xlsx"]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tablextract", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    inputs = root / "inputs"
    (inputs / "bad").mkdir(parents=True)
    for name, src in SEEDS.items():
        shutil.copy(src, inputs / name)
    bad = inputs / "bad"
    B.zero_byte(bad)
    for n in ("random.pdf", "random.docx", "random.xlsx"):
        B.random_bytes(bad, n)
    B.truncated_pdf(bad)
    B.encrypted_pdf(bad, "")
    B.encrypted_pdf(bad, "secret")
    B.docx_zip_bomb(bad)
    B.xlsx_million_styled_rows(bad)
    B.deep_html(bad)
    B.no_table(bad)
    B.dangling_symlink(bad)
    B.dir_named_pdf(bad)
    B.docx_with_xxe(bad)
    B.xlsx_with_xxe(bad)
    (bad / "text-named.pdf").write_text("项目名称\t甲\n这不是PDF。\n", encoding="utf-8")
    out = root / "out"
    proc = run_cli("extract", str(inputs), str(root / "missing.pdf"), "-o", str(out),
                   "--format", "json,jsonl,csv,xlsx", "--jobs", "2")
    return root, out, proc


def test_exit_code_is_one_when_some_files_fail(batch):
    _root, _out, proc = batch
    assert proc.returncode == 1, proc.stderr


def test_errors_jsonl_names_each_bad_file_with_its_kind(batch):
    root, out, _ = batch
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    got = {str(Path(e["path"]).relative_to(root / "inputs")) if "inputs" in e["path"] else Path(e["path"]).name:
           e["kind"] for e in errors}
    want = dict(EXPECTED_ERRORS)
    want["missing.pdf"] = "not_found"
    assert got == want
    for e in errors:
        assert set(e) == {"path", "kind", "message"} and "\n" not in e["message"] and e["message"]


def test_each_failure_is_one_line_naming_the_file(batch):
    _root, _out, proc = batch
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert "Traceback" not in proc.stderr
    for bad in EXPECTED_ERRORS:
        hits = [ln for ln in lines if Path(bad).name in ln and "[" not in ln[:1]]
        assert hits, bad


def test_per_file_outputs_mirror_the_input_tree(batch):
    root, out, _ = batch
    for name in SEEDS:
        assert (out / f"{name}.json").is_file()
    for name in OK_BAD:
        assert (out / f"{name}.json").is_file(), name
    for name in EXPECTED_ERRORS:
        assert not (out / f"{name}.json").exists()
    assert not list(out.rglob("*.part")) and not list(out.rglob(".*.part"))


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_seed_format_gives_the_gold(batch, name):
    _root, out, _ = batch
    doc = json.loads((out / f"{name}.json").read_text("utf-8"))
    diffs, _ = gold_diffs(doc)
    assert diffs == [] and doc["unplaced"] == []


def test_combined_indicators_csv_matches_gold_for_each_format(batch):
    _root, out, _ = batch
    raw = (out / "indicators.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    gold = list(csv.reader(io.StringIO((FIXTURES / "gold" / "seed-indicators.csv").read_text("utf-8-sig"))))
    assert rows[0] == gold[0]
    cols = gold[0]
    skip = {cols.index(c) for c in ("document", "page", "row")}

    def strip(r):
        return [x for i, x in enumerate(r) if i not in skip]

    gold_body = [strip(r) for r in gold[1:]]
    for name in SEEDS:
        mine = [strip(r) for r in rows[1:] if r[0] == name]
        assert mine == gold_body, name


def test_combined_outputs_exist_and_agree(batch):
    _root, out, _ = batch
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text("utf-8").splitlines()]
    n_ok = len(SEEDS) + len(OK_BAD)
    assert len(docs) == n_ok
    inds = (out / "indicators.jsonl").read_text("utf-8").splitlines()
    assert len(inds) == 65 * (len(SEEDS) + 1)  # + the seed PDF encrypted with an empty password
    for f in ("tables.csv", "tasks.csv", "budget.csv", "tablextract.xlsx"):
        assert (out / f).stat().st_size > 0
    from openpyxl import load_workbook

    wb = load_workbook(out / "tablextract.xlsx", read_only=True)
    assert wb.sheetnames == ["indicators", "tables", "tasks", "budget"]


def test_xxe_entities_never_resolved(batch):
    _root, out, _ = batch
    host = Path("/etc/hostname").read_text().strip()
    for name in ("bad/xxe.docx", "bad/xxe.xlsx"):
        text = (out / f"{name}.json").read_text("utf-8")
        assert host not in text


def test_no_table_document_is_not_an_error(batch):
    _root, out, _ = batch
    doc = json.loads((out / "bad/no-table.txt.json").read_text("utf-8"))
    assert doc["tables"] == [] and any(w["code"] == "no_tables" for w in doc["warnings"])


def test_resume_skips_unchanged_and_rebuilds_combined(batch, tmp_path):
    root, out, _ = batch
    # Copy the outputs, then resume the seed folder only: nothing is re-extracted, CSVs rebuilt.
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    (out2 / "indicators.csv").unlink()
    seeds = root / "seeds-only"
    seeds.mkdir()
    for name in SEEDS:
        shutil.copy(root / "inputs" / name, seeds / name)
    before = {p: p.stat().st_mtime_ns for p in out2.glob("seed.*.json")}
    proc = run_cli("extract", str(seeds), "-o", str(out2), "--resume", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    # The counts are those of the outputs the run holds, reused ones included.
    assert "5 reused unchanged" in proc.stderr
    assert f"tables {7 * len(SEEDS)}, indicators {65 * len(SEEDS)}," in proc.stderr
    assert {p: p.stat().st_mtime_ns for p in out2.glob("seed.*.json")} == before
    rows = (out2 / "indicators.csv").read_text("utf-8-sig").splitlines()
    assert len(rows) == 1 + 65 * len(SEEDS)


def test_exit_code_zero_and_usage_errors(tmp_path):
    proc = run_cli("extract", str(SEED_TXT), "-o", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o" / "wuchuan-2024-performance-targets.txt.json").is_file()
    assert run_cli("extract", str(SEED_TXT), "-o", str(tmp_path / "o"), "--format", "pdf").returncode == 2
    assert run_cli("extract", "-o", str(tmp_path / "o")).returncode == 2
    assert run_cli("--version").stdout.startswith("tablextract")


def test_glob_input(tmp_path):
    d = tmp_path / "in" / "sub"
    d.mkdir(parents=True)
    shutil.copy(SEED_TXT, d / "a.txt")
    proc = run_cli("extract", str(tmp_path / "in" / "**" / "*.txt"), "-o", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    assert list((tmp_path / "o").rglob("a.txt.json"))


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"level1": {"产出指标": "数量指标"}}',
                                     '{"levell": {}}'])
def test_broken_vocab_is_usage_error_before_any_work(tmp_path, content):
    bad = tmp_path / "v.json"
    bad.write_text(content)
    proc = run_cli("extract", str(SEED_TXT), "-o", str(tmp_path / "o"), "--vocab", str(bad))
    assert proc.returncode == 2 and str(bad) in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()  # refused before any input was read or output written
    import os

    env = {**os.environ, "TABLEXTRACT_VOCAB": str(bad)}
    proc = subprocess.run([sys.executable, "-m", "tablextract", "extract", str(SEED_TXT), "-o", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 2 and "TABLEXTRACT_VOCAB" in proc.stderr and not (tmp_path / "o").exists()


def test_files_without_target_table_are_counted(batch):
    _root, out, proc = batch
    empty = [p for p in out.rglob("*.json") if json.loads(p.read_text("utf-8")).get("tables") == []]
    assert empty and f"{len(empty)} had no target table" in proc.stderr


def test_folder_walk_takes_document_files_only(tmp_path):
    from tablextract.batch import collect_inputs

    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / "README.md").write_text("x")
    shutil.copy(SEED_TXT, tmp_path / "seed.txt")
    (tmp_path / "noext").write_text("项目名称\t甲")
    names = sorted(i.rel for i in collect_inputs([str(tmp_path)]))
    assert names == ["noext", "seed.txt"]
    assert [i.rel for i in collect_inputs([str(tmp_path / "a.ipynb")])] == ["a.ipynb"]


def test_summary_lists_each_output(batch):
    _root, out, _ = batch
    proc = run_cli("summary", str(out))
    assert proc.returncode == 0
    assert "seed.docx" in proc.stdout and "65" in proc.stdout
    assert "failed: " in proc.stdout and "(not_found)" in proc.stdout


def hang_on_pdf_die_on_docx(item, outdir, options, resume):
    """A reader stuck in a loop on the PDF, a native crash on the DOCX, the others as usual."""
    import time

    from tablextract.batch import process_one

    if item.rel.endswith(".pdf"):
        time.sleep(3600)
    if item.rel.endswith(".docx"):
        os._exit(3)
    return process_one(item, outdir, options, resume)


@pytest.mark.parametrize("jobs", [1, 2])
def test_file_over_timeout_is_stopped_and_batch_goes_on(tmp_path, jobs):
    import time

    from tablextract.batch import collect_inputs, run_batch

    for name in ("seed.pdf", "seed.txt", "seed.html", "seed.docx"):
        shutil.copy(SEEDS[name], tmp_path / name)
    items = collect_inputs([str(tmp_path / n) for n in ("seed.pdf", "seed.txt", "seed.docx", "seed.html")])
    t0 = time.monotonic()
    s = run_batch(items, str(tmp_path / "o"), jobs=jobs, timeout=3, process=hang_on_pdf_die_on_docx)
    assert time.monotonic() - t0 < 90
    assert (s.ok, s.failed) == (2, 2)
    kinds = {Path(e["path"]).name: e["kind"] for e in s.errors}
    assert kinds == {"seed.pdf": "timeout", "seed.docx": "internal"}
    assert (tmp_path / "o" / "seed.html.json").is_file() and not list((tmp_path / "o").glob(".*.part"))


def test_timeout_option_on_the_command_line(tmp_path):
    proc = run_cli("extract", "--help")
    assert "--timeout" in proc.stdout
    proc = run_cli("extract", str(SEED_TXT), "-o", str(tmp_path / "o"), "--timeout", "0")
    assert proc.returncode == 2


def test_workers_do_not_outlive_a_killed_cli(tmp_path):
    """SIGKILL the CLI while its workers are busy: the workers go too (no orphans)."""
    import signal
    import time

    slow = tmp_path / "in"
    slow.mkdir()
    for i in range(40):
        shutil.copy(SEEDS["seed.pdf"], slow / f"s{i}.pdf")
    proc = subprocess.Popen([sys.executable, "-m", "tablextract", "extract", str(slow), "-o", str(tmp_path / "o"),
                             "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(children) < 2:
        time.sleep(0.2)
        try:
            children = [int(x) for x in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        except OSError:
            break
    assert children, "the CLI started no worker processes"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(Path(f"/proc/{c}").exists() and
                                              "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]
                                              for c in children if Path(f"/proc/{c}").exists()):
        time.sleep(0.2)
    alive = [c for c in children if Path(f"/proc/{c}").exists()
             and Path(f"/proc/{c}/stat").read_text().split()[2] != "Z"]
    assert alive == []


def test_same_name_from_two_folders_gives_two_outputs(tmp_path):
    """a/report.txt b/report.txt (as an unquoted glob gives): two outputs, stable under --resume."""
    for d, src in (("a", SEED_TXT), ("b", SEEDS["seed.html"])):
        (tmp_path / d).mkdir()
        shutil.copy(src, tmp_path / d / "report.txt")
    out = tmp_path / "o"
    args = [str(tmp_path / "a" / "report.txt"), str(tmp_path / "b" / "report.txt"), "-o", str(out), "--jobs", "1"]
    assert run_cli("extract", *args).returncode == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == ["a/report.txt.json",
                                                                                "b/report.txt.json"]
    rows = (out / "indicators.csv").read_text("utf-8-sig").splitlines()
    assert len(rows) == 1 + 2 * 65 and len(set(rows)) == len(rows)
    proc = run_cli("extract", *reversed(args[:2]), *args[2:], "--resume")
    assert proc.returncode == 0 and "2 reused unchanged" in proc.stderr


def test_remote_keys_never_write_outside_the_output_folder():
    from tablextract.batch import InputFile, output_path

    for rel in ("../../etc/x.txt", "/abs/x.txt", "a/./../x.txt", ".."):
        out = output_path("/tmp/out", InputFile("memory://k", rel))
        assert out.startswith("/tmp/out/") and "/../" not in out and Path(out).resolve().is_relative_to("/tmp/out")


def test_links_out_of_a_folder_and_special_files(tmp_path):
    import time

    inside, outside = tmp_path / "in", tmp_path / "elsewhere"
    inside.mkdir()
    outside.mkdir()
    shutil.copy(SEED_TXT, outside / "secret.txt")
    shutil.copy(SEED_TXT, inside / "ok.txt")
    os.symlink(outside / "secret.txt", inside / "out-link.txt")
    os.symlink(inside / "ok.txt", inside / "in-link.txt")
    os.mkfifo(inside / "pipe.txt")
    os.symlink(inside / "pipe.txt", inside / "to-pipe.pdf")
    os.symlink("/dev/zero", inside / "zero.txt")
    t0 = time.monotonic()
    proc = run_cli("extract", str(inside), "-o", str(tmp_path / "o"), "--jobs", "1", "--timeout", "60")
    assert time.monotonic() - t0 < 60 and proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = {Path(e["path"]).name: e for e in map(json.loads, (tmp_path / "o" / "errors.jsonl").read_text().splitlines())}
    assert {k: e["kind"] for k, e in errors.items()} == {"out-link.txt": "unreadable", "pipe.txt": "unreadable",
                                                         "to-pipe.pdf": "unreadable", "zero.txt": "unreadable"}
    assert "--follow-links" in errors["out-link.txt"]["message"] and "FIFO" in errors["pipe.txt"]["message"]
    assert (tmp_path / "o" / "in-link.txt.json").is_file()
    proc = run_cli("extract", str(inside / "out-link.txt"), str(inside), "-o", str(tmp_path / "o2"), "--follow-links")
    assert (tmp_path / "o2" / "out-link.txt.json").is_file()


def test_output_json_file_and_stdout_for_one_input(tmp_path):
    proc = run_cli("extract", str(SEED_TXT), "-o", str(tmp_path / "r.json"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["tables"] and not (tmp_path / "r.json").is_dir()
    proc = run_cli("extract", str(SEEDS["seed.html"]), "-o", "-")
    assert proc.returncode == 0 and len(json.loads(proc.stdout)["tables"]) == 7
    proc = run_cli("extract", str(SEED_TXT), str(SEEDS["seed.html"]), "-o", str(tmp_path / "two.json"))
    assert proc.returncode == 2 and "exactly one input" in proc.stderr and not (tmp_path / "two.json").exists()


def test_unusable_output_folder_is_one_line_exit_1(tmp_path):
    (tmp_path / "file").write_text("x")
    proc = run_cli("extract", str(SEED_TXT), "-o", str(tmp_path / "file" / "out"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "unwritable" in proc.stderr
    # A write failing mid-batch (here a file where a sub-folder must go; a full disk goes the same
    # way) stops the batch with one line, leaving no temp file behind.
    (tmp_path / "in" / "a").mkdir(parents=True)
    shutil.copy(SEED_TXT, tmp_path / "in" / "a" / "x.txt")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "a").write_text("in the way")
    proc = run_cli("extract", str(tmp_path / "in"), "-o", str(tmp_path / "o"), "--jobs", "1")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "cannot write" in proc.stderr
    assert not list((tmp_path / "o").rglob("*.part"))


def test_two_batches_on_one_output_folder_second_refuses(tmp_path):
    import fcntl

    out = tmp_path / "o"
    out.mkdir()
    with open(out / ".tablextract.lock", "a+") as fh:  # as a running batch holds it
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        proc = run_cli("extract", str(SEED_TXT), "-o", str(out))
    assert proc.returncode == 1 and "another tablextract batch" in proc.stderr and "Traceback" not in proc.stderr
    assert not list(out.glob("*.json"))
    assert run_cli("extract", str(SEED_TXT), "-o", str(out)).returncode == 0  # released: the next one runs


def test_ctrl_c_exits_130_with_nothing_half_written(tmp_path):
    import signal
    import time

    src = tmp_path / "in"
    src.mkdir()
    for i in range(30):
        shutil.copy(SEEDS["seed.pdf"], src / f"s{i}.pdf")
    out = tmp_path / "o"
    proc = subprocess.Popen([sys.executable, "-m", "tablextract", "extract", str(src), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*.json")):
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert not list(out.rglob("*.part"))
    for f in out.glob("*.pdf.json"):
        json.loads(f.read_text("utf-8"))  # every output there is whole


def test_glob_characters_in_real_file_names(tmp_path):
    name = "report[1]?.txt"
    shutil.copy(SEED_TXT, tmp_path / name)
    proc = run_cli("extract", str(tmp_path / name), "-o", str(tmp_path / "o"))
    assert proc.returncode == 0 and (tmp_path / "o" / f"{name}.json").is_file()
    proc = run_cli("extract", str(tmp_path), "-o", str(tmp_path / "o2"))
    assert proc.returncode == 0 and (tmp_path / "o2" / f"{name}.json").is_file()


def test_validate_takes_folders_and_globs(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(SEED_TXT, tmp_path / "in" / "a.txt")
    shutil.copy(SEEDS["seed.html"], tmp_path / "in" / "b.html")
    for target in (str(tmp_path / "in"), str(tmp_path / "in" / "*.txt")):
        proc = run_cli("validate", target)
        assert proc.returncode == 0 and proc.stdout.count("sum_mismatch") >= 1, proc.stderr
    proc = run_cli("validate", str(tmp_path / "in"))
    assert "a.txt" in proc.stdout and "b.html" in proc.stdout


@pytest.mark.parametrize("command", ["extract", "validate", "summary", "schema"])
def test_every_help_has_examples_and_exit_codes(command):
    proc = run_cli(command, "--help")
    assert proc.returncode == 0 and "Example" in proc.stdout and "Exit code" in proc.stdout


def test_csv_formula_injection_neutralised_numbers_kept(tmp_path):
    import tablextract
    from openpyxl import load_workbook

    from tablextract.writers.combined import write_combined

    doc = tablextract.extract(SEED_TXT)
    inds = doc.tables[0].indicators
    names = ["=HYPERLINK(\"http://x\")", "+1+2", "@SUM(A1)", "-5", "-0%", "+1,000.5", "-", "-甲"]
    for ind, name in zip(inds, names):
        ind.name = name
    write_combined([("x.txt", doc)], tmp_path, ["csv", "xlsx"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "indicators.csv").read_text("utf-8-sig"))))
    want = ["'=HYPERLINK(\"http://x\")", "'+1+2", "'@SUM(A1)", "-5", "-0%", "+1,000.5", "-", "'-甲"]
    assert [r["name"] for r in rows[:len(names)]] == want
    ws = load_workbook(tmp_path / "tablextract.xlsx", read_only=True)["indicators"]
    col = [c.value for c in next(ws.iter_rows(max_row=1))].index("name")
    assert [r[col].value for r in ws.iter_rows(min_row=2, max_row=1 + len(names))] == want


def test_progress_bar_prints_log_lines_above_it_and_names_the_file():
    import logging

    from rich.console import Console

    from tablextract.cli import _Progress

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=100)
    with _Progress(2, console=console) as p:
        p.update({"path": "/x/a.txt", "rel": "a.txt", "ok": True})
        logging.getLogger("tablextract").error("/x/b.pdf: file is empty (empty)")
        p._bar.refresh()
        p.update({"path": "/x/b.pdf", "rel": "b.pdf", "ok": False})
        p._bar.refresh()
    out = buf.getvalue()
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out).replace("\r", "\n")
    lines = [ln.strip() for ln in plain.split("\n") if ln.strip()]
    assert "/x/b.pdf: file is empty (empty)" in lines  # a line of its own, not glued to the bar
    assert any("a.txt" in ln and "1/2" in ln for ln in lines)


@pytest.mark.timeout(600)  # one page OCR'd on a shared machine
def test_ocr_option_auto_always_never(tmp_path):
    import pypdfium2 as pdfium

    from tablextract.parsers import ocr

    proc = run_cli("extract", str(FIXTURES / "seed" / "seed-scan-p1.png"), "-o", "-", "--ocr", "never")
    assert proc.returncode == 1 and "needs_ocr" in proc.stderr
    one = pdfium.PdfDocument.new()
    one.import_pages(pdfium.PdfDocument(str(SEEDS["seed.pdf"])), [0])
    one.save(str(tmp_path / "p1.pdf"))
    auto = json.loads(run_cli("extract", str(tmp_path / "p1.pdf"), "-o", "-").stdout)
    assert auto["source"]["ocr"] is False
    if not ocr.engine_available():
        pytest.skip("OCR engine not installed")
    proc = run_cli("extract", str(tmp_path / "p1.pdf"), "-o", "-", "--ocr", "always")
    assert proc.returncode == 0, proc.stderr
    always = json.loads(proc.stdout)
    assert always["source"]["ocr"] is True and always["tables"]
