"""Regression tests, one per real problem, each named after it."""
from __future__ import annotations

import pytest

import tablextract
from tablextract.testing.builder import build

WIDE_SUBTOTAL_ONLY = {"tables": [{"title": "2023年项目支出绩效目标表", "heading_level": 2, "rows": [
    [{"text": "金额单位：元", "colspan": 8}],
    ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标值"],
    ["820-某某镇部门", "", "8,827,620.53", "", "", "", "", ""],
]}]}


@pytest.mark.parametrize("fmt", ["txt", "xlsx"])
def test_wide_sheet_with_subtotal_row_and_no_indicators_does_not_crash(tmp_path, fmt):
    """Issue 16: IndexError in layout/wide.py when a wide sheet has a subtotal row but no indicator row."""
    doc = tablextract.extract(build(WIDE_SUBTOTAL_ONLY, tmp_path, "t", [fmt])[fmt])
    lines = [(b.group, b.item, float(b.amount.value)) for t in doc.tables for b in t.budget]
    assert ("预算数", "820-某某镇部门", 8827620.53) in lines  # the subtotal is kept, not lost
