"""Layout variety: column layouts of published tables, in every format the fixture builder makes."""
from __future__ import annotations

from decimal import Decimal

import pytest

import tablextract
from tablextract.testing.builder import build
from tablextract.validate import check_document
from conftest import extract_built, require_tool

FORMATS = ["txt", "docx", "xlsx", "html", "pdf"]


def _doc(spec, tmp_path, fmt):
    return extract_built(spec, tmp_path, fmt)


SELF_EVAL = {"tables": [{"title": "项目支出绩效自评表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "河西村特色种养补贴到户项目", "colspan": 8}],
    ["主管部门", {"text": "县农业农村局", "colspan": 3}, "实施单位", {"text": "张庄寨镇人民政府", "colspan": 4}],
    [{"text": "项目资金(万元)", "rowspan": 3}, "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["年度资金总额", "9.48", "9.48", "9.48", "10", "100%", "10", ""],
    ["其中：财政拨款", "9.48", "9.48", "9.48", "", "", "", ""],
    [{"text": "年度总体目标", "rowspan": 2}, {"text": "预期目标", "colspan": 4}, {"text": "实际完成情况", "colspan": 4}],
    [{"text": "落实39户特色种养业奖补政策", "colspan": 4}, {"text": "已落实39户奖补政策", "colspan": 4}],
    [{"text": "绩效指标", "rowspan": 6}, "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
     "偏差原因分析及改进措施"],
    [{"text": "产出指标(50分)", "rowspan": 3}, {"text": "数量指标", "rowspan": 2}, "补助种植面积", "≥29.5亩", "29.5亩",
     "20", "20", ""],
    ["补助养殖数量", "192只", "180只", "10", "8", "疫病影响"],
    ["质量指标", "种植作物成活率", "95%(计划标准)", "95%", "20", "20", ""],
    ["效益指标(30分)", "社会效益指标", "受益人口数量", "≥90人", "90人", "30", "35", ""],
    ["满意度指标(10分)", "服务对象满意度指标", "受益户满意度", "≥95%", "93%", "10", "8", "个别户不满意"],
], "after": ["备注：本表由项目单位填报。"]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_self_evaluation_table(tmp_path, fmt):
    doc = _doc(SELF_EVAL, tmp_path, fmt)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.kind == "self_evaluation"
    assert t.fields["项目名称"] == "河西村特色种养补贴到户项目" and t.fields["实施单位"] == "张庄寨镇人民政府"
    assert t.goals == {"预期目标": "落实39户特色种养业奖补政策", "实际完成情况": "已落实39户奖补政策"}
    lines = {(b.group, b.item): b.amount for b in t.budget}
    assert lines[("年初预算数", "年度资金总额")].value == Decimal(94800)
    assert lines[("全年执行数", "其中：财政拨款")].unit == "元"
    assert lines[("分值", "年度资金总额")].value == 10 and lines[("分值", "年度资金总额")].unit is None
    assert lines[("执行率", "年度资金总额")].unit == "%"
    # Issue 13: an empty cell of the execution matrix is a line too (kind empty), not dropped.
    assert len(t.budget) == 12
    assert lines[("分值", "其中：财政拨款")].kind == "empty" and lines[("得分", "其中：财政拨款")].raw == ""
    ind = t.indicators
    assert [i.name for i in ind] == ["补助种植面积", "补助养殖数量", "种植作物成活率", "受益人口数量", "受益户满意度"]
    assert ind[0].level1 == "产出指标(50分)" and ind[0].level1_canonical == "产出指标"
    assert ind[0].value.op == ">=" and ind[0].actual.raw == "29.5亩" and ind[0].weight == 20 and ind[0].score == 20
    assert ind[1].extra == {"偏差原因分析及改进措施": "疫病影响"}
    assert ind[2].value.basis == "计划标准"
    assert ind[4].level1_canonical == "满意度指标"
    assert t.notes == ["本表由项目单位填报。"]
    assert doc.unplaced == []
    codes = [i.code for i in check_document(doc)]
    assert codes.count("score_exceeds_weight") == 1 and codes.count("target_missed") == 2
    assert codes.count("target_met") == 3


SEPARATE_COLUMNS = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "某某培训项目", "colspan": 7}],
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "指标方向性"],
    [{"text": "产出指标", "rowspan": 2}, "数量指标", "培训人次", "≥", "300", "人次", "20", "正向指标"],
    ["时效指标", "完成时间", "≤", "12", "月", "10", "反向指标"],
    ["满意度指标", "服务对象满意度指标", "学员满意度", "≥", "90", "%", "10", "正向指标"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_separate_comparator_and_unit_columns(tmp_path, fmt):
    doc = _doc(SEPARATE_COLUMNS, tmp_path, fmt)
    ind = doc.tables[0].indicators
    assert [i.name for i in ind] == ["培训人次", "完成时间", "学员满意度"]
    v = ind[0].value
    assert (v.raw, v.kind, v.op, v.value, v.unit) == ("300", "number", ">=", 300, "人次")
    assert ind[1].value.op == "<=" and ind[1].value.unit == "月"
    assert ind[2].value.unit == "%" and ind[2].value.value == 90
    assert [i.weight for i in ind] == [20, 10, 10]
    assert [i.direction for i in ind] == ["positive", "negative", "positive"]
    assert ind[0].extra == {"指标性质": "≥", "度量单位": "人次", "指标方向性": "正向指标"}
    assert doc.unplaced == []


TYPE_AND_EXPLANATION = {"tables": [{"title": "部门整体绩效目标表", "heading_level": 2, "rows": [
    ["部门名称", {"text": "某某中心", "colspan": 8}],
    ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "指标解释", "评(扣)分标准", "备注"],
    [{"text": "产出指标", "rowspan": 3}, "数量指标", "业务工作支出安排金额", "定量", "28.8", "万元", "考察安排情况",
     "未达指标值酌情扣分", ""],
    ["质量指标", "业务工作支出到位率", "定量", "100", "%", "考察到位情况", "未达指标值酌情扣分", ""],
    ["时效指标", "工作安排时间", "定性", "按月安排", "", "考察安排时间", "未达指标值酌情扣分", "无"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_value_type_and_explanation_columns(tmp_path, fmt):
    doc = _doc(TYPE_AND_EXPLANATION, tmp_path, fmt)
    t = doc.tables[0]
    assert t.kind == "department"
    ind = t.indicators
    assert [i.level1 for i in ind] == ["产出指标"] * 3
    assert ind[0].value.value == 288000 and ind[0].value.unit == "元"
    assert ind[1].value.value == 100 and ind[1].value.unit == "%"
    assert ind[2].value.kind == "period" and ind[2].value.period == "P1M"
    assert ind[0].extra["指标解释"] == "考察安排情况" and ind[0].extra["评(扣)分标准"] == "未达指标值酌情扣分"
    assert ind[0].extra["指标值类型"] == "定量" and ind[2].extra["备注"] == "无"
    assert doc.unplaced == []


FLAT_LIST = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "甲项目", "colspan": 2}],
    ["序号", "三级指标", "年度指标值"],
    ["1", "培训人数", "≥100人"],
    ["2", "满意度", "≥95%"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_flat_list_without_levels(tmp_path, fmt):
    doc = _doc(FLAT_LIST, tmp_path, fmt)
    ind = doc.tables[0].indicators
    assert [(i.name, i.value.raw) for i in ind] == [("培训人数", "≥100人"), ("满意度", "≥95%")]
    assert [i.extra for i in ind] == [{"序号": "1"}, {"序号": "2"}]
    assert [i.level1 for i in ind] == ["", ""]


def test_unmapped_table_is_unknown_and_loses_nothing(tmp_path):
    spec = {"tables": [{"title": "人员情况统计表", "heading_level": 2, "rows": [
        ["姓名", "职务", "年龄"], ["张三", "科员", "30"]]}]}
    doc = _doc(spec, tmp_path, "txt")
    t = doc.tables[0]
    assert t.kind == "unknown" and t.indicators == []
    assert any(w.code == "unmapped_header" for w in doc.warnings)
    texts = {c.text for c in doc.unplaced}
    assert {"姓名", "职务", "年龄", "张三", "科员", "30"} <= texts


def test_traditional_character_copy_reads_like_the_seed(tmp_path):
    import json

    import opencc

    from conftest import GOLD, SEED_TXT

    trad = opencc.OpenCC("s2t").convert(SEED_TXT.read_text("utf-8"))
    assert "績效" in trad
    p = tmp_path / "trad.txt"
    p.write_text(trad, encoding="utf-8")
    doc = tablextract.extract(p)
    gold = json.loads(GOLD.read_text("utf-8"))
    assert [t.kind for t in doc.tables] == [t["kind"] for t in gold["tables"]]
    got = [(i.level1_canonical, i.level2_canonical, i.value.kind, i.value.value) for t in doc.tables for i in t.indicators]
    want = [(i["level1_canonical"], i["level2_canonical"], i["value"]["kind"], i["value"]["value"])
            for t in gold["tables"] for i in t["indicators"]]
    assert [(a, b, c, None if d is None else float(d)) for a, b, c, d in got] == want
    assert doc.tables[1].indicators[0].level1 == "產出指標"  # labels stay as written
    assert doc.unplaced == []


WIDE = {"tables": [{"title": "2023年项目支出绩效目标表", "heading_level": 2, "rows": [
    [{"text": "金额单位：元", "colspan": 8}],
    ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标值"],
    ["820-某某镇部门", "", "8,827,620.53", "", "", "", "", ""],
    [{"text": "820001-某某镇本级", "rowspan": 4}, {"text": "项目甲", "rowspan": 2}, {"text": "100000", "rowspan": 2},
     {"text": "完成甲任务", "rowspan": 2}, "产出指标", "数量指标", "培训人数", "≥100人"],
    ["效益指标", "社会效益指标", "群众知晓率", "≥90%"],
    [{"text": "项目乙", "rowspan": 2}, {"text": "50000", "rowspan": 2}, {"text": "完成乙任务", "rowspan": 2},
     "产出指标", "质量指标", "验收合格率", "100%"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_wide_sheet_one_table_per_project(tmp_path, fmt):
    doc = _doc(WIDE, tmp_path, fmt)
    assert [t.project_name for t in doc.tables] == ["项目甲", "项目乙"]
    a, b = doc.tables
    assert a.kind == b.kind == "project"
    assert a.fields["单位名称"] == b.fields["单位名称"] == "820001-某某镇本级"
    assert a.goals == {"年度目标": "完成甲任务"} and b.goals == {"年度目标": "完成乙任务"}
    assert [i.name for i in a.indicators] == ["培训人数", "群众知晓率"]
    assert [i.name for i in b.indicators] == ["验收合格率", "群众满意度"]
    lines_a = [(x.group, x.item, float(x.amount.value)) for x in a.budget]
    assert ("", "预算数", 100000.0) in lines_a and ("预算数", "820-某某镇部门", 8827620.53) in lines_a
    assert [(x.item, float(x.amount.value), x.amount.unit) for x in b.budget] == [("预算数", 50000.0, "元")]
    assert doc.unplaced == []


BLOCKS = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "乙项目", "colspan": 3}],
    [{"text": "长期绩效指标", "colspan": 4}],
    ["一级指标", "二级指标", "指标内容", "指标值"],
    ["产出指标", "数量指标", "建设道路", "≥100公里"],
    [{"text": "年度绩效指标", "colspan": 4}],
    ["一级指标", "二级指标", "指标内容", "指标值"],
    ["产出指标", "数量指标", "建设道路", "≥20公里"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_long_term_and_annual_blocks_of_one_table(tmp_path, fmt):
    doc = _doc(BLOCKS, tmp_path, fmt)
    t = doc.tables[0]
    assert [(i.name, i.value.raw, i.extra.get("指标类别")) for i in t.indicators] == [
        ("建设道路", "≥100公里", "长期绩效指标"), ("建设道路", "≥20公里", "年度绩效指标")]
    assert doc.unplaced == []


SUB_HEADER = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "丙项目", "colspan": 4}],
    [{"text": "一级指标", "rowspan": 2}, {"text": "二级指标", "rowspan": 2}, {"text": "三级指标", "rowspan": 2},
     {"text": "指标值", "colspan": 2}],
    ["2021年实际", "2022年预期"],
    ["产出指标", "数量指标", "培训人数", "80人", "≥100人"],
]}]}

SIDE_BY_SIDE = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "丁项目", "colspan": 7}],
    [{"text": "中期目标", "colspan": 4}, {"text": "年度目标", "colspan": 4}],
    ["一级指标", "二级指标", "三级指标", "指标值", "一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "新建道路", "≥100公里", "产出指标", "数量指标", "新建道路", "≥20公里"],
    ["效益指标", "社会效益指标", "受益人口", "≥5000人", "效益指标", "社会效益指标", "受益人口(当年)", "≥1000人"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_row_sub_header_under_value(tmp_path, fmt):
    doc = _doc(SUB_HEADER, tmp_path, fmt)
    ind = doc.tables[0].indicators
    assert [(i.name, i.value.raw) for i in ind] == [("培训人数", "≥100人")]
    assert ind[0].extra == {"2021年实际": "80人"}
    assert doc.unplaced == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_side_by_side_mid_term_and_annual_blocks(tmp_path, fmt):
    doc = _doc(SIDE_BY_SIDE, tmp_path, fmt)
    ind = doc.tables[0].indicators
    assert [(i.name, i.value.raw, i.annual_value.raw) for i in ind] == [
        ("新建道路", "≥100公里", "≥20公里"), ("受益人口", "≥5000人", "≥1000人")]
    assert ind[0].extra == {} and ind[1].extra == {"三级指标": "受益人口(当年)"}
    assert doc.tables[0].fields == {"项目名称": "丁项目"}
    assert doc.unplaced == []


DUTIES = {"tables": [{"title": "部门整体支出绩效目标表", "heading_level": 2, "rows": [
    ["部门(单位)名称", {"text": "某某研究室", "colspan": 3}],
    [{"text": "年度履职目标", "rowspan": 3}, "部门职能", "年度目标任务", "支出项目名称", "预算金额(万元)"],
    ["组织、指导、编纂地方志", "保障志鉴工作开展", "市志编纂经费", "49.8"],
    ["保障日常运行", "按时发放工资", "基本支出", "171.41"],
    ["一级指标", "二级指标", "三级指标", "指标解释", "目标值"],
    ["产出指标", "数量指标", "书籍审稿率", "100%(计划标准)", "100%"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_annual_duty_targets_list(tmp_path, fmt):
    doc = _doc(DUTIES, tmp_path, fmt)
    t = doc.tables[0]
    assert t.kind == "department"
    assert [(k.name, k.content, float(k.amount.value)) for k in t.tasks] == [
        ("市志编纂经费", "保障志鉴工作开展", 498000.0), ("基本支出", "按时发放工资", 1714100.0)]
    assert t.tasks[0].extra == {"部门职能": "组织、指导、编纂地方志"}
    ind = t.indicators[0]
    assert ind.value.raw == "100%" and ind.extra == {"指标解释": "100%(计划标准)"}
    assert doc.unplaced == []


PLACES = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "七村道路硬化", "colspan": 5}],
    ["一级指标", "二级指标", "三级指标", "甲村", "乙村", "丙村"],
    ["产出指标", "数量指标", "硬化里程", "2公里", "3公里", "1.5公里"],
]}]}

GRADES = {"tables": [{"title": "项目支出绩效目标表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "评分项目", "colspan": 6}],
    ["一级指标", "二级指标", "三级指标", "指标值", "优", "良", "中", "差"],
    ["产出指标", "质量指标", "验收合格率", "≥95%", "≥98%", "95%-98%", "90%-95%", "<90%"],
]}]}

SELF_EVAL_ORDER = {"tables": [{"title": "项目支出绩效自评表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "戊项目", "colspan": 7}],
    ["一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "自评分", "复核分", "未完成原因"],
    ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "10", "9", ""],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_value_column_per_place(tmp_path, fmt):
    ind = _doc(PLACES, tmp_path, fmt).tables[0].indicators[0]
    assert ind.value.raw == "2公里" and ind.extra == {"乙村": "3公里", "丙村": "1.5公里"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_graded_columns_go_to_extra(tmp_path, fmt):
    ind = _doc(GRADES, tmp_path, fmt).tables[0].indicators[0]
    assert ind.value.raw == "≥95%"
    assert ind.extra == {"优": "≥98%", "良": "95%-98%", "中": "90%-95%", "差": "<90%"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_self_evaluation_with_review_score(tmp_path, fmt):
    t = _doc(SELF_EVAL_ORDER, tmp_path, fmt).tables[0]
    ind = t.indicators[0]
    assert t.kind == "self_evaluation"
    assert ind.value.raw == "≥100人" and ind.actual.raw == "120人" and ind.score == 10
    assert ind.extra == {"复核分": "9"}


# More column orders seen in published tables: (header, one row, expected fields of its Indicator).
ORDERS = [
    (["一级指标", "二级指标", "三级指标", "绩效标准", "当年预期实现值", "保障措施"],
     ["产出指标", "数量指标", "培训人次", "计划标准", "≥300人次", "专人负责"],
     {"value": "≥300人次", "extra": {"绩效标准": "计划标准", "保障措施": "专人负责"}}),
    (["一级指标", "二级指标", "三级指标", "计算符号", "目标值", "度量单位", "指标值说明"],
     ["产出指标", "数量指标", "培训人次", "≥", "300", "人次", "全年累计"],
     {"value": "300", "op": ">=", "unit": "人次", "extra": {"计算符号": "≥", "度量单位": "人次", "指标值说明": "全年累计"}}),
    (["一级指标", "二级指标", "三级指标", "计量单位", "指标性质", "指标值"],
     ["产出指标", "质量指标", "合格率", "%", "≥", "95"],
     {"value": "95", "op": ">=", "unit": "%", "extra": {"计量单位": "%", "指标性质": "≥"}}),
    (["一级指标", "二级指标", "指标内容", "指标值", "绩效标准"],
     ["产出指标", "时效指标", "完成时间", "2024年12月31日前", "计划标准"],
     {"value": "2024年12月31日前", "kind": "deadline", "extra": {"绩效标准": "计划标准"}}),
    (["一级指标", "二级指标", "三级指标", "指标值(及单位)", "绩效标准"],
     ["效益指标", "社会效益指标", "受益人数", "≥500人", "行业标准"],
     {"value": "≥500人", "extra": {"绩效标准": "行业标准"}}),
    (["一级指标", "二级指标", "三级指标", "指标值", "分值", "指标解释"],
     ["产出指标", "数量指标", "宣传场次", "≥4场", "20", "全年宣传活动场次"],
     {"value": "≥4场", "weight": 20, "extra": {"指标解释": "全年宣传活动场次"}}),
    (["评价指标", "评价内容", "指标名称", "指标说明", "目标值", "分值"],
     ["产出", "数量", "资助人数", "达到预计值", "2100", "10"],
     {"value": "2100", "weight": 10, "level1": "产出", "level2": "数量", "extra": {"指标说明": "达到预计值"}}),
    (["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分"],
     ["产出指标", "数量指标", "种植面积", "20", "29.5亩", "29.5亩", "20"],
     {"value": "29.5亩", "actual": "29.5亩", "weight": 20, "score": 20}),
    (["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成指标值", "分值"],
     ["产出指标", "质量指标", "成活率", "95%", "100%", "5"],
     {"value": "95%", "actual": "100%", "weight": 5}),
    (["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
     ["产出指标", "数量指标", "培训人数", "≥", "100", "人", "96", "10", "8", "疫情影响"],
     {"value": "100", "op": ">=", "unit": "人", "actual": "96", "weight": 10, "score": 8,
      "extra": {"指标性质": "≥", "度量单位": "人", "未完成原因分析": "疫情影响"}}),
    (["指标名称", "计量单位", "指标性质", "指标值", "权重", "完成值", "得分"],
     ["培训人数", "人", "≥", "100", "10", "120", "10"],
     {"value": "100", "op": ">=", "unit": "人", "actual": "120", "weight": 10, "score": 10,
      "extra": {"计量单位": "人", "指标性质": "≥"}}),
]


@pytest.fixture(scope="module")
def orders_docs(tmp_path_factory):
    spec = {"tables": [{"title": "项目支出绩效自评表" if any("完成" in h or "实际" in h for h in head) else "项目支出绩效目标表",
                        "heading_level": 2, "rows": [["项目名称", {"text": f"项目{n}", "colspan": len(head) - 1}], head, row]}
                       for n, (head, row, _want) in enumerate(ORDERS)]}
    d = tmp_path_factory.mktemp("orders")
    out = {}
    for fmt in FORMATS:
        if fmt == "pdf":
            import shutil

            if shutil.which("soffice") is None:
                continue
        out[fmt] = tablextract.extract(build(spec, d, "orders", [fmt])[fmt])
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("n", range(len(ORDERS)))
def test_more_column_orders(orders_docs, fmt, n):
    if fmt not in orders_docs:
        require_tool("soffice")
    doc = orders_docs[fmt]
    assert len(doc.tables) == len(ORDERS)
    t = doc.tables[n]
    assert t.project_name == f"项目{n}"
    want = ORDERS[n][2]
    ind = t.indicators[0]
    assert ind.name == ORDERS[n][1][ORDERS[n][0].index(next(h for h in ORDERS[n][0] if h in ("三级指标", "指标内容", "指标名称")))]
    assert ind.value.raw == want["value"]
    if "op" in want:
        assert ind.value.op == want["op"]
    if "unit" in want:
        assert ind.value.unit == want["unit"]
    if "kind" in want:
        assert ind.value.kind == want["kind"]
    assert (ind.actual.raw if ind.actual else None) == want.get("actual")
    assert ind.weight == want.get("weight") and ind.score == want.get("score")
    assert ind.extra == want.get("extra", {})
    if "level1" in want:  # unknown headers (评价指标 | 评价内容): the cells are level names
        assert (ind.level1, ind.level2) == (want["level1"], want["level2"])
    assert not [c for c in doc.unplaced if c.text.strip()]


CHILD_ROWS = {"tables": [{"title": "项目支出绩效自评表", "heading_level": 2, "rows": [
    ["项目名称", {"text": "种养补贴", "colspan": 5}],
    ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值"],
    [{"text": "产出指标(50分)", "rowspan": 3}, {"text": "数量指标", "rowspan": 3}, "★补助种植面积", "20", "29.5亩", "29.5亩"],
    ["其中桃树种植面积", "", "1.5亩", "1.5亩"],
    ["其中苹果树种植面积", "", "5亩", "5亩"],
    [{"text": "成本指标", "rowspan": 1}, "经济成本指标", "补助标准", "10", "≤475元/亩", "475元/亩"],
]}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_child_rows_and_cost_level1(tmp_path, fmt):
    ind = _doc(CHILD_ROWS, tmp_path, fmt).tables[0].indicators
    assert [i.name for i in ind] == ["★补助种植面积", "其中桃树种植面积", "其中苹果树种植面积", "补助标准"]
    assert [i.weight for i in ind] == [20, None, None, 10]
    assert [i.actual.raw for i in ind] == ["29.5亩", "1.5亩", "5亩", "475元/亩"]
    assert ind[3].level1_canonical == "成本指标" and ind[3].level2_canonical == "经济成本指标"
