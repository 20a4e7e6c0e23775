"""The library API: extract_many, validate, schema, DataFrames, notebook rendering."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import tablextract
from tablextract.batch import extract_many
from tablextract.errors import TablextractError
from tablextract.validate import check_document, target_met
from conftest import FIXTURES, GOLD, SEED_TXT


@pytest.fixture(scope="module")
def doc():
    return tablextract.extract(SEED_TXT)


def test_extract_many_yields_in_input_order_with_errors(tmp_path):
    missing = tmp_path / "missing.pdf"
    paths = [SEED_TXT, missing, FIXTURES / "seed" / "seed.html"]
    for jobs in (1, 2):
        got = list(extract_many(paths, jobs=jobs))
        assert [p for p, _ in got] == [str(p) for p in paths]
        assert isinstance(got[0][1], tablextract.Document)
        assert isinstance(got[1][1], TablextractError) and got[1][1].kind == "not_found"
        assert len(got[2][1].tables) == 7


def test_validate_reports_task_sum_and_nothing_false(doc):
    issues = check_document(doc)
    assert [(i.code, i.location.table_index) for i in issues] == [("sum_mismatch", 0)]
    assert "22.60万元" in issues[0].message and "31.10万元" in issues[0].message


def test_validate_cli_writes_json(tmp_path):
    out = tmp_path / "findings.json"
    proc = subprocess.run([sys.executable, "-m", "tablextract", "validate", str(SEED_TXT), "--json", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text("utf-8"))
    assert data[0]["issues"][0]["code"] == "sum_mismatch"
    assert "sum_mismatch" in proc.stdout


def test_validate_accepts_output_json(tmp_path, doc):
    p = tmp_path / "seed.txt.json"
    p.write_text(doc.to_json(), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tablextract", "validate", str(p)], capture_output=True, text=True)
    assert proc.returncode == 0 and "sum_mismatch" in proc.stdout


def test_validate_unit_mismatch_and_duplicates(doc):
    t = doc.tables[1].model_copy(deep=True)
    ind = t.indicators[-1]  # 电商企业服务对象满意度（%）
    ind.value = tablextract.parse_value("5个")
    t.indicators.append(t.indicators[0].model_copy(deep=True))
    d = doc.model_copy(update={"tables": [t]})
    codes = [i.code for i in check_document(d)]
    assert "unit_mismatch" in codes and "duplicate_indicator" in codes


def test_target_met_uses_comparator_unit_and_direction():
    pv = tablextract.parse_value
    assert target_met(pv("≥95%"), pv("96%")) is True
    assert target_met(pv("≥95%"), pv("90%")) is False
    assert target_met(pv("≤5%"), pv("6%")) is False
    assert target_met(pv("10次"), pv("12次")) is True
    assert target_met(pv("10次"), pv("12次"), "negative") is False
    assert target_met(pv("90%-100%"), pv("95%")) is True
    assert target_met(pv("≥95%"), pv("96个")) is None
    assert target_met(pv("有效提升"), pv("达成")) is True


def test_gold_validates_against_schema():
    import jsonschema

    proc = subprocess.run([sys.executable, "-m", "tablextract", "schema"], capture_output=True, text=True)
    schema = json.loads(proc.stdout)
    jsonschema.validate(json.loads(GOLD.read_text("utf-8")), schema)


def test_to_frames_counts_and_dtypes(doc):
    gold = json.loads(GOLD.read_text("utf-8"))
    f = doc.to_frames()
    assert set(f) == {"indicators", "tables", "tasks", "budget"}
    assert len(f["indicators"]) == sum(len(t["indicators"]) for t in gold["tables"]) == 65
    assert len(f["tables"]) == 7 and len(f["tasks"]) == 6 and len(f["budget"]) == 20
    ind = f["indicators"]
    assert str(ind["value_value"].dtype) == "float64"
    assert str(ind["number"].dtype) == "Int64" and str(ind["row"].dtype) == "Int64"
    assert str(ind["value_boolean"].dtype) == "boolean"
    assert str(f["budget"]["amount_value"].dtype) == "float64"
    assert ind["value_value"].iloc[0] == 0.0 and f["budget"]["amount_value"].iloc[0] == 8160800.0
    assert not any(str(t) == "object" for t in ind.dtypes)


def test_repr_html_shows_raw_beside_typed(doc):
    html = doc._repr_html_()
    assert "大于0%" in html and "&gt; 0 %" in html
    assert "每个季度" in html and "period P3M" in html
    assert "realigned_row" in html and "#fff3cd" in html  # warnings highlighted


def test_options_reject_unknown_keys():
    with pytest.raises(Exception):
        tablextract.ExtractOptions(nonsense=1)


def test_user_vocabulary_extends_recognition(tmp_path):
    vocab = tmp_path / "v.json"
    vocab.write_text(json.dumps({"level2": {"履职指标": ["履职指标"]}}, ensure_ascii=False), encoding="utf-8")
    text = "## 项目支出绩效目标表\n\n项目名称\t甲\n绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\t产出指标\t履职指标\t培训\t10次\n"
    p = tmp_path / "t.txt"
    p.write_text(text, encoding="utf-8")
    plain = tablextract.extract(p)
    assert plain.tables[0].indicators[0].level2_canonical is None
    ext = tablextract.extract(p, tablextract.ExtractOptions(vocab_files=[str(vocab)]))
    assert ext.tables[0].indicators[0].level2_canonical == "履职指标"


def test_sample_notebook_executes(tmp_path):
    import shutil

    import nbformat
    from nbclient import NotebookClient

    samples = FIXTURES.parent.parent / "samples"
    nb = nbformat.read(samples / "analyst-workflow.ipynb", as_version=4)
    for f in samples.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("大于0%" in h for h in html)
    last = nb.cells[-1].outputs[0]["data"]["text/plain"]
    assert last == "(True, 65)"


def test_repr_html_shows_the_whole_document(doc):
    """Fields, goals, budget, tasks, notes, warnings with reason and location, unplaced; long lists fold."""
    from tablextract.models import Cell

    t = doc.tables[0]
    html = doc._repr_html_()
    for key, value in list(t.fields.items())[:2] + list(t.goals.items())[:1]:
        assert key in html and value[:10] in html
    assert t.budget and t.budget[0].item in html and t.budget[0].amount.raw in html
    assert t.tasks and t.tasks[0].name in html
    assert t.notes and t.notes[0][:10] in html
    w = doc.warnings[0]
    assert f"<td>{w.code}</td>" in html and f"row {w.location.row}" in html
    assert "<details>" in html  # a list longer than 20 rows is folded
    d2 = doc.model_copy(update={"unplaced": [Cell(text="孤立单元格", row=3, col=1)]})
    assert "unplaced cells (1)" in d2._repr_html_() and "孤立单元格" in d2._repr_html_()


def test_repr_html_self_evaluation_shows_actual_weight_score(tmp_path):
    from tablextract.models import Document, Indicator, Source, Table

    ind = Indicator(name="补助养殖数量", value=tablextract.parse_value("192只"), actual=tablextract.parse_value("180只"),
                    weight=10, score=8)
    d = Document(source=Source(path="x", format="text", sha256="0"), tables=[Table(kind="self_evaluation",
                                                                                   indicators=[ind])])
    html = d._repr_html_()
    assert "actual raw" in html and "180只" in html and "<td>10</td>" in html and "<td>8</td>" in html
