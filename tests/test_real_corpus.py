"""The real corpus (tests/real, issue 11): well-formed documents, F1 floors per document × format,
and the evaluation tooling (scorer, renderer cache, real-file golds, floors that only rise)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, GOLD, IN_CI, require_tool
from tablextract.models import Table
from tablextract.testing import corpus, evaluate, score
from tablextract.testing.builder import FORMATS, layout_rows

REAL = Path(__file__).parent / "real"
CACHE = REAL / ".cache"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DOCS = corpus.load_corpus(REAL)
SCANS, FAST_SCANS = corpus.scan_list(REAL)
FAMILIES = {"department", "project", "declaration", "self_evaluation"}


def _floors() -> dict:
    return json.loads((REAL / "floors.json").read_text("utf-8"))


def _below_floor(results: list[evaluate.Result]) -> list[str]:
    floors = _floors()
    return [f"{r.doc} [{r.fmt}]: F1 {r.f1:.3f} < floor {floors[r.doc][r.fmt]:.2f}\n    " + "\n    ".join(r.diffs[:12])
            for r in results if r.f1 + 1e-9 < floors.get(r.doc, {}).get(r.fmt, 0.0)]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_corpus_document_is_well_formed(doc):
    meta = doc.meta
    missing = [k for k in corpus.META_KEYS if not meta.get(k)]
    assert not missing and meta.get("title"), f"source.md lacks {missing or ['# title']}"
    assert meta["family"] in FAMILIES, meta["family"]
    assert meta["year"].isdigit() and len(meta["year"]) == 4
    for t in doc.grid()["tables"]:
        cells, n_rows, n_cols = layout_rows(t["rows"])
        covered = [(r, c) for x in cells for r in range(x.row, x.row + x.rowspan)
                   for c in range(x.col, x.col + x.colspan)]
        assert len(covered) == len(set(covered)) == n_rows * n_cols, f"{t['title']}: rows are not an exact rectangle"
    gold = doc.gold()
    assert gold["schema_version"] == "1.1" and gold["tables"]
    for t in gold["tables"]:
        Table.model_validate(t)  # the contract's types: table kind, Value kinds, ops, directions …
        for i in t["indicators"]:
            for v in (i["value"], i["annual_value"], i["actual"]):
                assert v is None or set(v) >= set(score.VALUE_KEYS), f"{i['name']}: a Value lacks keys"


@pytest.mark.timeout(300)
def test_every_document_keeps_its_floor_in_every_format():
    """Cold cache: every document rendered (one LibreOffice call for all PDFs) and extracted in-process."""
    require_tool("soffice")
    results = evaluate.run_corpus(DOCS, CACHE, FORMATS)
    assert {(r.doc, r.fmt) for r in results} == {(d.id, f) for d in DOCS for f in FORMATS}
    failures = _below_floor(results)
    assert not failures, "\n".join(failures)


def _scan_results(ids: list[str]) -> list[evaluate.Result]:
    require_tool("soffice")
    from tablextract.parsers import ocr

    if not ocr.engine_available():
        if IN_CI:
            pytest.fail("OCR engine missing in CI")
        pytest.skip("OCR engine not installed")
    docs = [d for d in DOCS if d.id in ids]
    assert len(docs) == len(ids), f"scans.json names documents that are not in tests/real: {ids}"
    return evaluate.run_corpus(docs, CACHE, (corpus.SCAN,))


@pytest.mark.timeout(300)
def test_two_scanned_documents_keep_their_floor():
    assert len(FAST_SCANS) <= 2 and set(FAST_SCANS) <= set(SCANS)
    failures = _below_floor(_scan_results(FAST_SCANS))
    assert not failures, "\n".join(failures)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_scanned_documents_keep_their_floor():
    if os.environ.get("TABLEXTRACT_SKIP_SLOW") and not IN_CI:
        pytest.skip("slow OCR tests skipped (TABLEXTRACT_SKIP_SLOW)")
    failures = _below_floor(_scan_results([s for s in SCANS if s not in FAST_SCANS]))
    assert not failures, "\n".join(failures)


@pytest.mark.timeout(30)
def test_floors_name_known_documents_and_formats():
    floors = _floors()
    ids = {d.id for d in DOCS}
    assert set(floors) <= ids, set(floors) - ids
    assert all(set(f) <= set(evaluate.ALL_FORMATS) and all(0 <= x <= 1 for x in f.values()) for f in floors.values())


@pytest.mark.timeout(60)
def test_floors_are_only_raised(tmp_path):
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"401_x_y": {"txt": 0.8, "html": 0.5}}), "utf-8")
    counts = {c: [0, 0, 0] for c in score.CATS}
    counts["indicators"] = [7, 10, 10]  # F1 0.7
    results = [evaluate.Result("401_x_y", f, "project", counts, {}) for f in ("txt", "html", "pdf")]
    assert evaluate.raise_floors(results, path) == 2
    assert json.loads(path.read_text("utf-8")) == {"401_x_y": {"txt": 0.8, "html": 0.7, "pdf": 0.7}}


@pytest.mark.timeout(120)
def test_scorer_gives_the_shared_scorers_figures(tmp_path):
    """The project's scorer counts exactly as shared/tools/score_f1.py on a damaged output."""
    tool = SHARED / "tools" / "score_f1.py"
    if not tool.is_file():
        pytest.fail(f"{tool} missing") if IN_CI else pytest.skip(f"{tool} missing")
    import tablextract

    out = json.loads(tablextract.extract(FIXTURES / "seed" / "seed.html").to_json())
    t = out["tables"][1]
    t["fields"]["*联系人："] = "x"  # junk field: a key with a mark and a colon
    t["indicators"][0]["value"]["unit"] = "个"
    t["budget"].pop()
    del t["goals"][next(iter(t["goals"]))]
    out["tables"].append({"kind": "unknown", "indicators": t["indicators"][:2]})  # an unpaired table
    (tmp_path / "out.json").write_text(json.dumps(out, ensure_ascii=False), "utf-8")
    for flag in ([], ["--nfkc"]):
        shared = subprocess.run([sys.executable, str(tool), str(tmp_path / "out.json"), str(GOLD), *flag],
                                capture_output=True, text=True, timeout=60, check=True).stdout
        ours = subprocess.run([sys.executable, "-m", "tablextract.testing.score", str(tmp_path / "out.json"),
                               str(GOLD), *flag], capture_output=True, text=True, timeout=60, check=True).stdout
        assert ours == shared
        assert "F1=100.0%" not in shared.splitlines()[-1]


@pytest.mark.timeout(30)
def test_csv_gold_and_negatives_of_the_shared_real_files():
    folder = SHARED / "real-files"
    if not folder.is_dir():
        pytest.fail(f"{folder} missing") if IN_CI else pytest.skip(f"{folder} missing")
    files = {f.path.name[:3]: f for f in corpus.real_files(folder)}
    assert files["001"].rules == corpus.CSV_RULES and files["011"].rules == corpus.NEGATIVE_RULES
    assert sum(len(t["indicators"]) for t in files["002"].gold["tables"]) == 17
    assert [t["title"] for t in files["002"].gold["tables"]] == ["项目支出绩效目标执行监控表", "项目支出绩效自评表"]
    ind = files["001"].gold["tables"][0]["indicators"][2]
    assert (ind["name"], ind["value"]["op"], ind["value"]["value"], ind["value"]["unit"]) == ("项目完成及时率", ">=", 90, "%")
    assert {n for n, f in files.items() if f.family == "negative"} >= {"011", "016", "018"}
    # A negative: any indicator emitted is spurious, nothing else counts.
    spurious = {"tables": [{"kind": "project", "fields": {"a": "b"}, "indicators": [ind]}]}
    c = score.score_doc(spurious, files["011"].gold, rules=corpus.NEGATIVE_RULES)
    assert score.totals(c) == (0, 1, 0)


@pytest.mark.timeout(120)
def test_render_cache_renders_nothing_the_second_time(tmp_path):
    require_tool("soffice")
    root = tmp_path / "real"
    src = next(d for d in DOCS)
    shutil.copytree(src.path, root / src.id)
    docs = corpus.load_corpus(root)
    first = corpus.render(docs, root / ".cache", FORMATS)[src.id]
    assert set(first) == set(FORMATS) and all(p.stat().st_size for p in first.values())
    stamps = {f: p.stat().st_mtime_ns for f, p in first.items()}
    assert {f: p.stat().st_mtime_ns for f, p in corpus.render(docs, root / ".cache", FORMATS)[src.id].items()} == stamps
    # A changed grid is rendered anew and its old renderings are removed.
    grid = docs[0].grid()
    grid["tables"][0]["title"] += "（修订）"
    (root / src.id / "grid.json").write_text(json.dumps(grid, ensure_ascii=False), "utf-8")
    again = corpus.render(corpus.load_corpus(root), root / ".cache", ("txt",))[src.id]
    assert again["txt"] != first["txt"] and not first["txt"].exists()
    assert "（修订）" in again["txt"].read_text("utf-8")


@pytest.mark.timeout(30)
def test_cross_format_differences_name_the_record_and_formats():
    def res(fmt, names):
        out = {"tables": [{"kind": "project", "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": n}
                                                             for n in names]}]}
        return evaluate.Result("401_x_y", fmt, "project", score.empty_counts(), out)

    lines = evaluate.cross_format([res("txt", ["甲", "乙"]), res("html", ["甲", "乙"]), res("pdf", ["甲"])])
    assert lines[0].startswith("1 document(s)")
    assert any("in txt,html not in pdf" in x and "乙" in x for x in lines)


@pytest.mark.timeout(30)
def test_source_md_metadata_and_readme_counts(tmp_path):
    meta = corpus.parse_source_md("# 标题\n- url: http://x\n- family: project\n- layout: 一级指标 | 二级指标\n\n"
                                  "## Judgement calls\n- family: not metadata\n")
    assert meta == {"title": "标题", "url": "http://x", "family": "project", "layout": "一级指标 | 二级指标"}
    readme = tmp_path / "README.md"
    readme.write_text("# Corpus\n\nintro\n", "utf-8")
    evaluate.write_readme(readme, evaluate.counts_section(DOCS, SCANS))
    evaluate.write_readme(readme, evaluate.counts_section(DOCS, SCANS))  # replaced, not appended twice
    text = readme.read_text("utf-8")
    assert text.count(evaluate.COUNTS_BEGIN) == 1 and f"- documents: {len(DOCS)}" in text and "intro" in text
