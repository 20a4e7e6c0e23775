"""Rows of an indicator block (issue 12 items 2–4, 8): structure is not data, one indicator per 三级 cell,
exact grids never realigned, every indicator has a name."""
from __future__ import annotations

import pytest

from conftest import extract_built

FORMATS = ["txt", "docx", "xlsx", "html", "pdf"]
EXACT = ["docx", "xlsx", "html"]
pytestmark = pytest.mark.timeout(300)


_doc = extract_built


# A self-evaluation template as filled in: 指标2: slots left empty, …… rows, a slot holding only "/",
# a 总分 row, and the template's 评价结论/存在问题 rows after the block.
TEMPLATE = {"tables": [{"title": "项目支出绩效自评表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "防汛经费", "colspan": 7}],
    [{"text": "年度绩效指标完成情况", "rowspan": 9}, "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
     "得分"],
    [{"text": "产出指标", "rowspan": 6}, {"text": "数量指标", "rowspan": 3}, "指标1:完成改造项目数量", "1", "1", "10", "10"],
    ["指标2:", "", "", "", ""],
    ["……", "", "", "", ""],
    [{"text": "质量指标", "rowspan": 3}, "指标1:工程质量合格", "合格", "合格", "10", "10"],
    ["指标2:/", "/", "/", "", ""],
    ["……", "", "", "", ""],
    ["满意度指标", "服务对象满意度指标", "指标1:服务对象满意度", "90%", "100%", "10", "10"],
    [{"text": "总分", "colspan": 5}, "30", "30"],
    ["评价结论", {"text": "完成年度目标。", "colspan": 7}],
    ["存在问题", {"text": "无", "colspan": 7}],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_structure_rows_are_not_indicators(tmp_path, fmt):
    doc = _doc(TEMPLATE, tmp_path, fmt)
    t = doc.tables[0]
    assert [(i.level2, i.name, i.number) for i in t.indicators] == [
        ("数量指标", "完成改造项目数量", 1), ("质量指标", "工程质量合格", 1), ("服务对象满意度指标", "服务对象满意度", 1)]
    assert [(i.weight, i.score) for i in t.indicators] == [(10, 10)] * 3
    # The template rows after the block are key–value fields, not indicators.
    assert t.fields["评价结论"] == "完成年度目标。" and t.fields["存在问题"] == "无"
    # Only the total row's cells are left over (a total is no record).
    assert sorted(c.text for c in doc.unplaced) == ["30", "30", "总分"]
    assert any(w.code == "total_row" for w in doc.warnings)


# A 三级 name merged over two rows, with one value per sub-row, and a level-1 section's points merged over
# its indicators in the 分值 column.
MERGED_NAME = {"tables": [{"title": "项目支出绩效自评表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "道路养护", "colspan": 6}],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    [{"text": "产出指标", "rowspan": 3}, {"text": "数量指标", "rowspan": 3}, {"text": "养护里程", "rowspan": 2}, "≥100公里",
     "105公里", {"text": "50", "rowspan": 3}, "20"],
    ["≥20公里(乡道)", "22公里", "20"],
    ["路面完好率", "≥95%", "96%", "10"],
]}]}


@pytest.mark.parametrize("fmt", EXACT)
def test_one_indicator_per_merged_name(tmp_path, fmt):
    doc = _doc(MERGED_NAME, tmp_path, fmt)
    ind = doc.tables[0].indicators
    assert [i.name for i in ind] == ["养护里程", "路面完好率"]
    first = ind[0]
    assert first.value.raw == "≥100公里" and first.actual.raw == "105公里" and first.score == 20
    assert first.extra == {"年度指标值(2)": "≥20公里(乡道)", "实际完成值(2)": "22公里", "得分(2)": "20"}
    # 50 is the section's points, merged over three indicators: nobody's own weight.
    assert [i.weight for i in ind] == [None, None]
    assert [c.text for c in doc.unplaced] == ["50"]


# A text export prints the merged name once: the next row's values continue it (with a warning).
@pytest.mark.parametrize("fmt", ["txt"])
def test_text_export_sub_row_continues_the_name_above(tmp_path, fmt):
    doc = _doc(MERGED_NAME, tmp_path, fmt)
    ind = doc.tables[0].indicators
    assert [i.name for i in ind] == ["养护里程", "路面完好率"]
    assert ind[0].extra["年度指标值(2)"] == "≥20公里(乡道)"
    assert any(w.code == "continuation_row" for w in doc.warnings)


# An exact grid is read by position even where a text export would look shifted: a cell stands in a
# column the header left blank, and a level-2 heading spans the name column.  Nothing is "realigned".
ODD_BUT_EXACT = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "某项目", "colspan": 4}],
    ["一级指标", "二级指标", "三级指标", "指标值", ""],
    [{"text": "产出指标", "rowspan": 3}, {"text": "数量指标", "rowspan": 2}, "培训人数", "≥100人", ""],
    ["培训场次", "≥4场", "按季度"],
    [{"text": "质量指标", "colspan": 2}, "", ""],
    ["效益指标", "社会效益指标", "受益人数", "≥500人", ""],
]}]}


@pytest.mark.parametrize("fmt", EXACT)
def test_exact_grid_is_never_realigned(tmp_path, fmt):
    doc = _doc(ODD_BUT_EXACT, tmp_path, fmt)
    ind = doc.tables[0].indicators
    assert [(i.level2, i.name, i.value.raw) for i in ind] == [
        ("数量指标", "培训人数", "≥100人"), ("数量指标", "培训场次", "≥4场"), ("社会效益指标", "受益人数", "≥500人")]
    assert not any(i.provenance.realigned for i in ind)
    assert not any(w.code == "realigned_row" for w in doc.warnings)
    assert [c.text for c in doc.unplaced] == ["按季度"]  # under no header: kept, not shifted into a column


# A header repeated inside the block (a table over a page break) restarts the carry-down.
REPEATED_HEADER = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "某项目", "colspan": 3}],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "培训人数", "≥100人"],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["", "", "满意度", "≥95%"],
]}]}


@pytest.mark.parametrize("fmt", ["txt", "docx", "html"])
def test_repeated_header_restarts_carry_down(tmp_path, fmt):
    ind = _doc(REPEATED_HEADER, tmp_path, fmt).tables[0].indicators
    assert [(i.level1, i.level2, i.name) for i in ind] == [("产出指标", "数量指标", "培训人数"), ("", "", "满意度")]


def test_values_without_a_name_are_unplaced_not_an_indicator(tmp_path):
    spec = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
        ["项目名称", {"text": "某项目", "colspan": 3}],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "", "≥100人"],
    ]}]}
    doc = _doc(spec, tmp_path, "html")
    assert doc.tables[0].indicators == []
    assert [c.text for c in doc.unplaced] == ["≥100人"]
    assert any(w.code == "missing_name" for w in doc.warnings)


# Sign-off lines after the block (审核意见 | (盖章), or the label alone) are template rows: no indicator, no field.
SIGN_OFF = {"tables": [{"title": "项目支出绩效目标申报表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "某项目", "colspan": 3}],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "培训人数", "≥100人"],
    ["财政部门审核意见", {"text": "(盖章)", "colspan": 3}],
    ["主管部门审核意见", {"text": "", "colspan": 3}],
]}]}


@pytest.mark.parametrize("fmt", ["txt", "docx", "html"])
def test_sign_off_rows_after_the_block(tmp_path, fmt):
    doc = _doc(SIGN_OFF, tmp_path, fmt)
    t = doc.tables[0]
    assert [i.name for i in t.indicators] == ["培训人数"]
    assert t.fields == {"项目名称": "某项目"}
    assert doc.unplaced == []


# A text export's shifted row that starts with a code where the name should be cannot be explained:
# its cells stay unplaced, with a warning, and no indicator is invented from them.
def test_unexplained_shifted_row_is_unplaced(tmp_path):
    spec = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
        ["项目名称", {"text": "某项目", "colspan": 4}],
        ["", "一级指标", "二级指标", "三级指标", "指标值"],
        ["505006", "某单位", "30.00", "", ""],
        ["", "产出指标", "数量指标", "培训人数", "≥100人"],
    ]}]}
    doc = _doc(spec, tmp_path, "txt")
    assert [i.name for i in doc.tables[0].indicators] == ["培训人数"]
    assert {"505006", "某单位", "30.00"} <= {c.text for c in doc.unplaced}
    assert any(w.code == "missing_name" for w in doc.warnings)


# The year month-only values take, when the title has none: the caption line under it, else the year
# the table's own cells name most.
@pytest.mark.parametrize("before, other, year", [
    (["（2023年度）"], "按计划", "2023"),
    ([], "2022年完成", "2022"),
])
def test_year_context_for_month_only_values(tmp_path, before, other, year):
    spec = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "before": before, "rows": [
        ["项目名称", {"text": "某项目", "colspan": 3}],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        [{"text": "产出指标", "rowspan": 2}, "时效指标", "完成时间", "12月底前"],
        ["质量指标", "验收情况", other],
    ]}]}
    ind = _doc(spec, tmp_path, "html").tables[0].indicators[0]
    assert ind.value.date == f"{year}-12"
