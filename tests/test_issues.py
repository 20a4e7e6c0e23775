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


def test_docs_records_md_links_to_paths_that_exist():
    """Issue 16: docs/records.md named ../gold/ and ../tools/compare_gold.py, which do not exist."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "records.md").read_text("utf-8")
    paths = set(re.findall(r"`([A-Za-z0-9_.-]*/[A-Za-z0-9_./-]*)`", text)) | set(re.findall(r"\]\(([^)#:]+)\)", text))
    paths = {p for p in paths if not p.startswith("/") and "://" not in p}
    assert paths, "no paths found: the pattern no longer matches the document"
    missing = [p for p in sorted(paths) if not (root / p).exists() and not (root / "docs" / p).exists()]
    assert missing == []


def test_ocr_extra_installs_one_opencv_and_no_unused_dependency():
    """Issue 16: the OCR extra installed opencv-python and opencv-python-headless; defusedxml was unused."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    ocr = [d for d in project["optional-dependencies"]["ocr"] if d.lower().startswith("opencv")]
    assert len(ocr) == 1
    for dep in project["dependencies"]:
        name = dep.split(">")[0].split("=")[0].split("<")[0].strip().replace("-", "_").lower()
        module = {"python_docx": "docx", "opencc": "opencc", "pypdfium2": "pypdfium2"}.get(name, name)
        used = any(f"import {module}" in p.read_text("utf-8") or f"from {module}" in p.read_text("utf-8")
                   for p in (root / "src").rglob("*.py"))
        assert used, f"dependency {dep} is declared but no module imports it"
