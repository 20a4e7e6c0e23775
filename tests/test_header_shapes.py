"""Header fields, goals and budget lines in the shapes real tables use (issue 13), in several formats.

Each spec is a built fixture modelled on a corpus document (named in its comment); every format the
builder makes must give the same records.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

import tablextract
from tablextract.testing.builder import build
from conftest import require_tool

pytestmark = pytest.mark.timeout(300)
FORMATS = ["txt", "docx", "xlsx", "html", "pdf"]
EXACT = ["docx", "xlsx", "html", "pdf"]


def _table(spec, tmp_path, fmt):
    if fmt == "pdf":
        require_tool("soffice")
    doc = tablextract.extract(build(spec, tmp_path, "t", [fmt])[fmt])
    assert len(doc.tables) == 1
    return doc, doc.tables[0]


def _lines(t):
    return {(b.group, b.item): b.amount for b in t.budget}


# 申报表 money block without a header row (corpus 203, 205): block label over key/value rows.
BLOCK = {"tables": [{"title": "项目支出绩效目标申报表", "heading_level": 2, "before": ["（2021年度）"], "rows": [
    ["项目名称", {"text": "物业管理", "colspan": 4}],
    [{"text": "项目资金    (万元)", "rowspan": 3}, "年度资金总额:", {"text": "1125", "colspan": 3}],
    ["其中:财政拨款", {"text": "1125", "colspan": 3}],
    ["其他资金", {"text": "", "colspan": 3}],
    ["年度目标", {"text": "目标1:维护辖区各安置小区安全巡逻", "colspan": 4}],
    ["一级指标", "二级指标", "三级指标", {"text": "指标值", "colspan": 2}],
    ["产出指标", "数量指标", "安置小区物业费", {"text": "8个", "colspan": 2}],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_money_block_without_header_row_gives_fields_and_budget_lines(tmp_path, fmt):
    _, t = _table(BLOCK, tmp_path, fmt)
    assert t.fields["年度资金总额"] == "1125" and t.fields["其中:财政拨款"] == "1125"  # trailing colon dropped
    lines = _lines(t)
    assert lines[("项目资金(万元)", "年度资金总额")].value == Decimal(11250000)
    assert lines[("项目资金(万元)", "其中:财政拨款")].unit == "元"
    if fmt in EXACT:  # a text export's blank cell cannot be told from a shifted one
        assert t.fields["其他资金"] == "" and lines[("项目资金(万元)", "其他资金")].kind == "empty"
    assert t.goals == {"年度目标": "目标1:维护辖区各安置小区安全巡逻"}


# Self-evaluation 预算执行 matrix (corpus 206, 207, 341): label column with an empty header cell beside it,
# figure columns incl. 分值/执行率/得分, placeholders kept as empty lines.
MATRIX = {"tables": [{"title": "项目支出绩效自评表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "县级储备粮", "colspan": 6}],
    [{"text": "项目资金(万元)", "rowspan": 3}, {"text": "", "colspan": 2}, "全年预算数(A)", "全年执行数(B)", "分值",
     "执行率(B/A)", "得分"],
    [{"text": "年度资金总额:", "colspan": 2}, "194.9", "194.9", "10", "100%", "10"],
    [{"text": "其他资金", "colspan": 2}, "", "", "-", "", "-"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
    ["产出指标", "数量指标", "库存数量真实率", "100%", "100%", "90", "90", ""],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_execution_matrix_keeps_every_cell(tmp_path, fmt):
    _, t = _table(MATRIX, tmp_path, fmt)
    lines = _lines(t)
    assert len(t.budget) == 10  # 5 figure columns × 2 rows, none dropped
    assert lines[("全年预算数(A)", "年度资金总额")].value == Decimal(1949000)
    assert lines[("分值", "年度资金总额")].value == 10 and lines[("分值", "年度资金总额")].unit is None
    assert lines[("执行率(B/A)", "年度资金总额")].unit == "%"
    assert lines[("分值", "其他资金")].kind == "empty" and lines[("分值", "其他资金")].raw == "-"
    assert lines[("全年执行数(B)", "其他资金")].kind == "empty"


# Pairs in every arrangement: key：amount inside one cell, side-by-side pairs, a group label before pairs.
PAIRS = {"tables": [{"title": "部门整体支出绩效目标表", "heading_level": 2, "rows": [
    ["部门名称", {"text": "某某局", "colspan": 4}],
    ["年度预算", {"text": "其中：一般公共预算：1873.66万元", "colspan": 2}, {"text": "政府性基金：20万元", "colspan": 2}],
    ["预算数：", "2.38", "执行数：", {"text": "2.38万元", "colspan": 2}],
    ["一级指标", "二级指标", "三级指标", {"text": "指标值", "colspan": 2}],
    ["产出指标", "数量指标", "培训人次", {"text": "≥200人次", "colspan": 2}],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_pairs_inside_a_cell_and_side_by_side(tmp_path, fmt):
    _, t = _table(PAIRS, tmp_path, fmt)
    lines = {b.item: b.amount for b in t.budget}
    assert lines["其中：一般公共预算"].value == Decimal(18736600) and lines["其中：一般公共预算"].unit == "元"
    assert lines["政府性基金"].value == Decimal(200000)
    assert t.fields["预算数"] == "2.38" and lines["执行数"].value == Decimal(23800)


# Units of money from a caption line (corpus 204, 401): 单位：万元 under the title, and (万元) in a key (101).
CAPTION = {"tables": [{"title": "2023年项目支出绩效目标申报表", "heading_level": 2,
                       "before": ["填报单位:(盖章) 单位:万元"], "rows": [
    ["项目支出名称", "雾炮车降尘抑尘服务", "预算部门", "湘潭市环境卫生管理处"],
    ["年度本级 预算金额", "250", "该项目支出上级资金", "0"],
    ["项目预算金额 (元)", {"text": "5652", "colspan": 3}],
    ["一级指标", "二级指标", "三级指标", "指标值及单位"],
    ["产出指标", "数量指标", "配备车辆数", "10辆"],
]}], }


@pytest.mark.parametrize("fmt", FORMATS)
def test_money_unit_from_caption_and_key(tmp_path, fmt):
    doc, t = _table(CAPTION, tmp_path, fmt)
    lines = {b.item: b.amount for b in t.budget}
    assert lines["年度本级预算金额"].value == Decimal(2500000)  # the caption's 万元
    assert lines["该项目支出上级资金"].value == 0 and lines["该项目支出上级资金"].unit == "元"
    assert lines["项目预算金额(元)"].value == Decimal(5652)  # the key's own unit wins
    assert "填报单位:(盖章) 单位:万元" not in [c.text for c in doc.unplaced]  # read, so used


# Contract 1.1 keys: no *, numbering or trailing colon.
KEYS = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["*项目名称：", {"text": "某项目", "colspan": 3}],
    ["1.主管部门:", "某局", "（二）实施单位", "某中心"],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "培训人数", "≥100人"],
]}]}


@pytest.mark.parametrize("fmt", ["txt", "html", "xlsx"])
def test_field_keys_per_contract_1_1(tmp_path, fmt):
    _, t = _table(KEYS, tmp_path, fmt)
    assert t.fields == {"项目名称": "某项目", "主管部门": "某局", "实施单位": "某中心"}


# An XLSX keeps title, caption and signature lines as rows of the sheet: they are paragraphs there too.
SHEET = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "before": ["（2023年度）"], "rows": [
    ["项目名称", {"text": "某项目", "colspan": 3}],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "培训人数", "=100人"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
], "after": ["填表人：张三", "附件:"]}]}


def test_xlsx_paragraph_rows_give_the_records_of_the_docx(tmp_path):
    require_tool("soffice")
    paths = build(SHEET, tmp_path, "t", ["docx", "xlsx"])
    docx, xlsx = (tablextract.extract(paths[f]) for f in ("docx", "xlsx"))
    dump = lambda d: [t.model_dump(exclude={"provenance"}, mode="json") for t in d.tables]
    strip = lambda ts: [{k: v for k, v in t.items() if k != "indicators"} | {
        "indicators": [{k: v for k, v in i.items() if k != "provenance"} for i in t["indicators"]]} for t in ts]
    assert strip(dump(xlsx)) == strip(dump(docx))
    names = [i.name for i in xlsx.tables[0].indicators]
    assert names == ["培训人数", "群众满意度"]  # 填表人/附件 rows are not indicators
    assert xlsx.tables[0].indicators[0].value.raw == "=100人"  # a text cell starting with = stays text
    assert xlsx.tables[0].fields == {"项目名称": "某项目"}


# Labels recognised by their form, not a synonym list (corpus 105, 301): a money label carrying its unit
# (项目资金申请(万元)) opens a budget block; a short label ending in 目标 (当年绩效目标) is a goal.
BY_FORM = {"tables": [{"title": "项目支出目标申报表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "小学教育公用经费", "colspan": 3}],
    [{"text": "项目资金申请(万元)", "rowspan": 2}, "资金总额:", {"text": "438.768", "colspan": 2}],
    ["财政拨款:", {"text": "438.768", "colspan": 2}],
    ["当年绩效目标", {"text": "完成对符合规定的村居下设党支部书记发放补贴", "colspan": 3}],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "小学就读人数", "<=6962人"],
]}]}


@pytest.mark.parametrize("fmt", ["txt", "docx", "html"])
def test_labels_recognised_by_their_form(tmp_path, fmt):
    _, t = _table(BY_FORM, tmp_path, fmt)
    assert _lines(t)[("项目资金申请(万元)", "资金总额")].value == Decimal(4387680)
    assert t.goals == {"当年绩效目标": "完成对符合规定的村居下设党支部书记发放补贴"}
    assert "当年绩效目标" not in t.fields


# Corpus 208: a money block's glued amount (854万854万(…)) is still a budget line (typed as the grammar reads
# it, never as a number), not dropped, while a money word in a key outside a block (专项资金名称 | 县级储备粮) gives no line.
GLUED = {"tables": [{"title": "绩效目标申报表", "heading_level": 2, "rows": [
    ["专项资金名称", {"text": "县级储备粮", "colspan": 3}],
    [{"text": "资金情况(万元)", "rowspan": 2}, "年度资金总额:", {"text": "854万", "colspan": 2}],
    ["其中:财政拨款", {"text": "854万854万(高标准农田建设400万元)", "colspan": 2}],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "建设面积", "≥2万亩"],
]}]}


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_damaged_amount_in_a_money_block_is_kept(tmp_path, fmt):
    _, t = _table(GLUED, tmp_path, fmt)
    lines = _lines(t)
    assert lines[("资金情况(万元)", "年度资金总额")].value == Decimal(8540000)
    glued = lines[("资金情况(万元)", "其中:财政拨款")]
    assert glued.raw == "854万854万(高标准农田建设400万元)" and glued.kind != "number" and glued.value is None
    assert [b.item for b in t.budget if b.item == "专项资金名称"] == []
