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


@pytest.mark.timeout(600)  # one scanned page OCR'd on a shared machine
def test_mixed_pdf_keeps_low_ocr_confidence_warnings_of_its_scanned_pages(tmp_path):
    """Issue 16: a mixed PDF dropped the low_ocr_confidence warnings of its scanned pages."""
    import pypdfium2 as pdfium

    from conftest import FIXTURES, IN_CI
    from tablextract.options import ExtractOptions
    from tablextract.parsers import ocr

    if not ocr.engine_available():
        if IN_CI:
            pytest.fail("OCR engine missing in CI")
        pytest.skip("OCR engine not installed")
    seed = FIXTURES / "seed"
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(seed / "seed.pdf")), [0])
    mixed.import_pages(pdfium.PdfDocument(str(seed / "seed-scan.pdf")), [8])
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    # Every OCR'd cell is below a threshold of 1.0: the scanned page must report them.
    doc = tablextract.extract(path, ExtractOptions(ocr_min_confidence=1.0))
    low = [w for w in doc.warnings if w.code == "low_ocr_confidence"]
    assert doc.source.ocr and low and {w.location.page for w in low} == {2}
