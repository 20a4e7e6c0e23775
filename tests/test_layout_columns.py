"""Column roles from header words and cell content together (issue 12 item 1), in every fixture format."""
from __future__ import annotations

import pytest

from tablextract.vocabulary import Vocabulary
from conftest import extract_built

FORMATS = ["txt", "docx", "xlsx", "html", "pdf"]
pytestmark = pytest.mark.timeout(300)


_doc = extract_built


@pytest.mark.parametrize("header, role", [
    ("一级", "level1"),                       # cut short
    ("一级指\n标", "level1"),                 # broken over lines
    ("三 级 指 标", "name"),                  # spaced out
    ("績(jì)效指標(biāo)名称", "name"),      # traditional with pinyin echoes
    ("指标值（及单位）", "value"),            # full-width unit suffix
    ("指标值及单位", "value"),
    ("2024年度指标值(%)", "value"),           # year prefix and unit
    ("三级指际", "name"),                     # one OCR slip
    ("二级指标", "level2"),                   # exact beats one edit away from 一级指标
    ("指标", None),                           # cut to a word every role begins with: unknown
    ("年度绩效指标", None),                   # a section label, not a misspelt 年度绩效目标
])
def test_header_words_after_page_damage(header, role):
    assert Vocabulary.load().indicator_role(header) == role


# Headers that say nothing the vocabulary knows (评价指标 | 评价内容): the cells are level names.
UNKNOWN_LEVEL_HEADERS = {"tables": [{"title": "2019年度某县助学金项目绩效评价指标表", "heading_level": 2, "rows": [
    ["评价指标", "评价内容", "指标名称", "指标说明", "目标值", "分值", "备注"],
    [{"text": "项目年度绩效目标(定量指标)", "rowspan": 4}, "制度指标", "规章制度", "建立与否", "", "20", ""],
    [{"text": "产出数量指标", "rowspan": 2}, "享受资助人数", "达到预计值", "2100", "10", ""],
    ["资金支出率", "达到目标值", "95%", "10", ""],
    ["质量指标", "资助对象满意度", "达到目标值", "95%以上", "10", ""],
    [{"text": "总分", "colspan": 5}, "50", ""],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_headers_cells_decide_levels(tmp_path, fmt):
    doc = _doc(UNKNOWN_LEVEL_HEADERS, tmp_path, fmt)
    ind = doc.tables[0].indicators
    assert [(i.level1, i.level2, i.name) for i in ind] == [
        ("项目年度绩效目标(定量指标)", "制度指标", "规章制度"),
        ("项目年度绩效目标(定量指标)", "产出数量指标", "享受资助人数"),
        ("项目年度绩效目标(定量指标)", "产出数量指标", "资金支出率"),
        ("项目年度绩效目标(定量指标)", "质量指标", "资助对象满意度")]
    assert [i.value.raw for i in ind] == ["", "2100", "95%", "95%以上"]
    assert [i.weight for i in ind] == [20, 10, 10, 10]
    assert ind[1].extra == {"指标说明": "达到预计值"}
    assert any(w.code == "column_role_from_content" for w in doc.warnings)
    # The 总分 row is structure: no indicator, its cells kept in unplaced.
    assert {c.text for c in doc.unplaced} == {"总分", "50"}


# A traditional-character mirror page: header cut and echoed, the name column headed by a section word
# (績效指標), no value column at all (four grades instead).
ECHOED = {"tables": [{"title": "提前下達2019年困難群眾救助補助預算指標績(jī)效目標(biāo)表", "heading_level": 2, "rows": [
    ["績(jī)效目標(biāo)", {"text": "保障農村低保金的發放", "colspan": 7}],
    [{"text": "???jī)效指標(biāo)分類", "rowspan": 2}, {"text": "績(jī)效指標(biāo)", "rowspan": 2},
     {"text": "績(jī)效指標(biāo)描述", "rowspan": 2}, {"text": "績(jī)效指標(biāo)評(píng)價(jià)標(biāo)準(zhǔn)", "colspan": 4},
     {"text": "評價標準確定依據", "rowspan": 2}],
    ["優(yōu)", "良", "中", "差"],
    [{"text": "產(chǎn)出指標(biāo)", "rowspan": 2}, "救助覆蓋率", "是否應救盡救", "100%", "90%", "85%", "85%", "按臨時救助標準評價"],
    ["低保資金按標準發放的比率", "救助資金按標準發放的比率", "90%", "80%", "70%", "70%", "按臨時救助標準評價"],
    ["效果指標(biāo)", "救助工作滿意度(%)", "滿意的救助對象占比", "85%", "80%", "70%", "70%", "按滿意度評價"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_header_not_understood_content_makes_roles_clear(tmp_path, fmt):
    doc = _doc(ECHOED, tmp_path, fmt)
    t = doc.tables[0]
    assert t.kind == "project"
    assert t.goals == {"績效目標": "保障農村低保金的發放"}
    assert [(i.level1, i.name) for i in t.indicators] == [
        ("產出指標", "救助覆蓋率"), ("產出指標", "低保資金按標準發放的比率"), ("效果指標", "救助工作滿意度(%)")]
    first = t.indicators[0]
    assert first.level1_canonical == "产出指标" and first.value is None  # grades are no target
    assert first.extra["優"] == "100%" and first.extra["差"] == "85%"
    assert doc.unplaced == []


# Points columns whose header the vocabulary does not know (标准分 | 评定分): small numbers under
# points words are the weight, then the score; a value column right of the target is the actual.
POINTS = {"tables": [{"title": "项目支出绩效自评表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "某培训项目", "colspan": 6}],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "年终数", "标准分", "评定分"],
    ["产出指标", "数量指标", "培训人数", "≥100人", "96人", "20", "18"],
    ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", "10", "10"],
]}]}


@pytest.mark.parametrize("fmt", ["txt", "docx", "xlsx", "html"])
def test_points_and_actual_columns_by_content(tmp_path, fmt):
    ind = _doc(POINTS, tmp_path, fmt).tables[0].indicators
    assert [(i.value.raw, i.actual.raw, i.weight, i.score) for i in ind] == [
        ("≥100人", "96人", 20, 18), ("≥80%", "85%", 10, 10)]


@pytest.mark.parametrize("title, kind", [
    ("2022年部门(单位)整体绩效目标表", "department"),
    ("部门整体支出绩效目标表", "department"),
    ("项目支出绩效自评表", "self_evaluation"),
    ("提前下达2019年困难群众救助补助预算指标绩效目标表", "project"),
])
def test_table_kind_from_title(title, kind):
    assert Vocabulary.load().table_kind(title, ()) == kind


# Two value blocks side by side under one level-1 column (二级/三级/指标值 for 长期, then for 年度): the 长期
# half's value is the value, the 年度 half's the annual value, and the 年度 name names the indicator when
# the 长期 half leaves it blank.
HALVES = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "某基建项目", "colspan": 6}],
    ["一级指标", "二级指标(长期)", "三级指标(长期)", "指标值(长期)", "二级指标(年度)", "三级指标(年度)", "指标值(年度)"],
    ["产出指标", "数量指标", "", "", "数量指标", "工程安排数量", "2"],
    ["产出指标", "质量指标", "验收合格率", "100%", "质量指标", "验收合格率", "≥98%"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_side_by_side_halves_under_one_level1(tmp_path, fmt):
    ind = _doc(HALVES, tmp_path, fmt).tables[0].indicators
    assert [(i.level2, i.name, i.value.raw, i.annual_value.raw) for i in ind] == [
        ("数量指标", "工程安排数量", "", "2"), ("质量指标", "验收合格率", "100%", "≥98%")]
    assert [i.extra for i in ind] == [{}, {}]


# A two-row header: 年度指标值 spans 指标性质 | 指标值 | 度量单位 below it, while 实际完成值 | 分值 | 得分 stand
# in the row above, merged down.  The comparator and unit columns belong to the target, not the actual.
TWO_ROW_HEADER = {"tables": [{"title": "2022年度项目支出绩效自评表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "营养改善计划", "colspan": 8}],
    [{"text": "绩效指标", "colspan": 3}, {"text": "年度指标值", "colspan": 3}, {"text": "实际完成值", "rowspan": 2},
     {"text": "分值", "rowspan": 2}, {"text": "得分", "rowspan": 2}],
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
    [{"text": "产出指标", "rowspan": 2}, "数量指标", "受资助人数", "≥", "735", "人次", "735", "10", "10"],
    ["质量指标", "覆盖率", "≥", "100", "%", "100%", "10", "9"],
    [{"text": "其他需要说明事项", "colspan": 2}, {"text": "无", "colspan": 7}],
    [{"text": "总分", "colspan": 7}, "20", "19"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_row_header_and_target_only_comparator(tmp_path, fmt):
    doc = _doc(TWO_ROW_HEADER, tmp_path, fmt)
    t = doc.tables[0]
    ind = t.indicators
    assert [(i.name, i.value.op, i.value.unit, i.actual.raw, i.actual.op, i.actual.unit, i.weight, i.score)
            for i in ind] == [("受资助人数", ">=", "人次", "735", "=", None, 10, 10),
                              ("覆盖率", ">=", "%", "100%", "=", "%", 10, 9)]
    assert t.fields["其他需要说明事项"] == "无" and "总分" not in t.fields
    assert sorted(c.text for c in doc.unplaced) == ["19", "20", "总分"]
