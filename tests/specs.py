"""Table descriptions for the fixture builder, shared by tests."""
from __future__ import annotations

import copy


def project_table(n_indicators: int = 4, *, header_rows: int = 0, value_cells=None, title="项目支出绩效目标表",
                  name="测试项目经费") -> dict:
    """A project table in the seed's layout with ``n_indicators`` rows under 产出指标/数量指标."""
    values = value_cells or [f"{10 + i}个" for i in range(n_indicators)]
    ind_rows = []
    for i in range(n_indicators):
        row = []
        if i == 0:
            row += [{"text": "产出指标", "rowspan": n_indicators}, {"text": "数量指标", "rowspan": n_indicators}]
        v = values[i]
        row += [f"指标{i + 1}: 测试指标{i + 1}", v, copy.deepcopy(v)]
        ind_rows.append(row)
    rows = [
        ["项目名称", {"text": name, "colspan": 5}],
        ["主管部门", {"text": "某某局", "colspan": 2}, "用款单位", {"text": "某某局", "colspan": 2}],
        ["预算金额", "总金额", "2万元", "当年度金额", {"text": "2万元", "colspan": 2}],
        [{"text": "绩效指标", "rowspan": n_indicators + 1}, "一级指标", "二级指标", "三级指标", "实施周期指标值",
         "当年度指标值"],
        *ind_rows,
    ]
    # The 绩效指标 cell spans the header row and the indicator rows only when there is no repeated header.
    t = {"title": title, "heading_level": 2, "rows": rows, "after": ["备注：1. 测试备注。"]}
    if header_rows:
        t["header_rows"] = header_rows
    return {"tables": [t]}
