"""Readers on files the fixture builder makes: spans, page breaks, display formats, charsets."""
from __future__ import annotations

import zipfile

import pytest

import tablextract
from tablextract.errors import TablextractError
from tablextract.parsers import detect_format
from tablextract.testing.builder import build, to_html, to_xlsx
from conftest import FIXTURES, require_tool
from specs import project_table


def _names(doc):
    return [i.name for t in doc.tables for i in t.indicators]


def test_table_split_across_two_pdf_pages(tmp_path):
    require_tool("soffice")
    spec = project_table(60)
    doc = tablextract.extract(build(spec, tmp_path, "long", ["pdf"])["pdf"])
    assert doc.source.pages >= 2
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert _names(doc) == [f"测试指标{i + 1}" for i in range(60)]
    assert [i.number for i in t.indicators] == list(range(1, 61))
    assert {i.level2 for i in t.indicators} == {"数量指标"}  # merged cell carried over the page break
    assert len(t.provenance.pages) >= 2
    assert t.notes == ["测试备注。"]
    assert doc.unplaced == []


def test_repeated_header_row_after_page_break_is_dropped(tmp_path):
    require_tool("soffice")
    spec = project_table(60)
    rows = spec["tables"][0]["rows"]
    # A header row Word repeats on every page: 一级指标 … row first in the table.
    spec["tables"][0]["rows"] = [["一级指标", "二级指标", "三级指标", "实施周期指标值", "当年度指标值"]] + [
        r[1:] if r and isinstance(r[0], dict) and r[0].get("text") == "绩效指标" else r for r in rows[4:]]
    spec["tables"][0]["rows"][1] = spec["tables"][0]["rows"][1]
    spec["tables"][0]["header_rows"] = 1
    doc = tablextract.extract(build(spec, tmp_path, "hdr", ["pdf"])["pdf"])
    assert doc.source.pages >= 2
    assert _names(doc) == [f"测试指标{i + 1}" for i in range(60)]
    assert any(w.code == "repeated_header" for w in doc.warnings)
    assert doc.unplaced == []


def test_word_table_with_both_merge_kinds_in_indicator_block(tmp_path):
    spec = project_table(3)
    # gridSpan inside the block: a value spanning both value columns; vMerge: 产出指标/数量指标.
    spec["tables"][0]["rows"][4][-2:] = [{"text": "≥95%", "colspan": 2}]
    path = build(spec, tmp_path, "merge", ["docx"])["docx"]
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    assert "w:gridSpan" in xml and "w:vMerge" in xml
    doc = tablextract.extract(path)
    ind = doc.tables[0].indicators
    assert [i.level1 for i in ind] == ["产出指标"] * 3 and [i.level2 for i in ind] == ["数量指标"] * 3
    assert ind[0].value.raw == "≥95%" and ind[0].value.op == ">=" and ind[0].value.value == 95
    assert ind[1].value.raw == "11个" and ind[1].annual_value.raw == "11个"
    assert doc.unplaced == []


def test_excel_percent_formatted_numbers_read_as_shown(tmp_path):
    spec = project_table(3, value_cells=[
        {"text": "95%", "number": 0.95, "format": "0%"},
        {"text": "97.5%", "number": 0.975, "format": "0.0%"},
        {"text": "13.80", "number": 13.8, "format": "0.00"},
    ])
    path = tmp_path / "pct.xlsx"
    path.write_bytes(to_xlsx(spec))
    doc = tablextract.extract(path)
    vals = [i.value for i in doc.tables[0].indicators]
    assert [v.raw for v in vals] == ["95%", "97.5%", "13.80"]
    assert vals[0].unit == "%" and vals[0].value == 95
    assert float(vals[1].value) == 97.5


def test_html_rowspan_inside_colspan(tmp_path):
    spec = project_table(2)
    # 产出指标 spans 2 rows, and a colspan row sits inside the block below it.
    spec["tables"][0]["rows"].append(["效益指标", {"text": "社会效益指标", "rowspan": 1},
                                      {"text": "指标3: 宣传覆盖", "colspan": 1}, {"text": "有效提升", "colspan": 2}])
    spec["tables"][0]["rows"][3][0]["rowspan"] = 4
    path = tmp_path / "span.html"
    path.write_bytes(to_html(spec, charset="gbk"))
    doc = tablextract.extract(path)
    ind = doc.tables[0].indicators
    assert [i.name for i in ind] == ["测试指标1", "测试指标2", "宣传覆盖"]
    assert ind[2].level1 == "效益指标" and ind[2].value.kind == "trend"
    assert doc.unplaced == []


def test_gbk_declared_html_decodes():
    data = "<html><head><meta charset='gb2312'></head><body><h2>项目支出绩效目标表</h2><table><tr><td>项目名称</td><td>甲</td></tr></table></body></html>".encode("gb18030")
    from tablextract.api import extract_bytes

    doc = extract_bytes(data, "x.html")
    assert doc.tables[0].fields == {"项目名称": "甲"}
    assert doc.tables[0].title == "项目支出绩效目标表"


def test_csv_reader(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("项目支出绩效目标表\n项目名称,甲项目\n一级指标,二级指标,三级指标,指标值\n产出指标,数量指标,培训人数,\"≥100人\"\n备注：1. 说明。\n",
                 encoding="utf-8-sig")
    doc = tablextract.extract(p)
    assert doc.source.format == "csv"
    t = doc.tables[0]
    assert t.title == "项目支出绩效目标表" and t.fields["项目名称"] == "甲项目"
    assert t.indicators[0].value.op == ">=" and t.indicators[0].value.unit == "人"
    assert t.notes == ["说明。"]


def test_legacy_doc_converted_with_libreoffice(tmp_path):
    exe = require_tool("soffice")
    import subprocess

    docx = tmp_path / "seed.docx"
    docx.write_bytes((FIXTURES / "seed" / "seed.docx").read_bytes())
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=240)
    doc = tablextract.extract(tmp_path / "seed.doc")
    assert doc.source.converted_from == "doc"
    assert doc.source.format == "docx"
    assert len(doc.tables) == 7 and sum(len(t.indicators) for t in doc.tables) == 65


@pytest.mark.parametrize("data,kind", [
    (b"", "empty"),
    (b"PK\x03\x04garbage", "corrupt"),
    (b"\x00\x01\x02\x03binary\x00junk", "unsupported_format"),
])
def test_detect_format_errors(data, kind):
    with pytest.raises(TablextractError) as e:
        detect_format(data, "x.bin")
    assert e.value.kind == kind


def test_detect_format_by_content():
    seed = FIXTURES / "seed"
    assert detect_format((seed / "seed.pdf").read_bytes()) == "pdf"
    assert detect_format((seed / "seed.docx").read_bytes()) == "docx"
    assert detect_format((seed / "seed.xlsx").read_bytes()) == "xlsx"
    assert detect_format((seed / "seed.html").read_bytes()) == "html"
    assert detect_format((seed / "seed-scan-p1.png").read_bytes()) == "image"
    assert detect_format("项目名称\t甲".encode()) == "text"


def test_scanned_pdf_without_ocr_is_a_clear_needs_ocr_error():
    with pytest.raises(TablextractError) as e:
        tablextract.extract(FIXTURES / "seed" / "seed-scan.pdf", tablextract.ExtractOptions(ocr=False))
    assert e.value.kind == "needs_ocr" and "seed-scan.pdf" in str(e.value) and "\n" not in str(e.value)


def test_xlsx_hidden_rows_and_columns_are_flagged(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    rows = [["项目名称", "甲"], ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "人数", "5人"],
            ["产出指标", "数量指标", "隐藏行指标", "6人"]]
    for r in rows:
        ws.append(r)
    ws.row_dimensions[4].hidden = True
    ws.column_dimensions["E"].hidden = True
    ws["E3"] = "隐藏列"
    p = tmp_path / "hidden.xlsx"
    wb.save(p)
    doc = tablextract.extract(p)
    codes = {(w.code, w.location.row, w.location.col) for w in doc.warnings}
    assert ("hidden_row", 3, 2) in codes and ("hidden_column", 2, 4) in codes
    assert [i.name for i in doc.tables[0].indicators] == ["人数", "隐藏行指标"]  # read, and flagged


def test_encoding_override(tmp_path):
    from conftest import SEED_TXT

    p = tmp_path / "big5.txt"
    p.write_bytes(SEED_TXT.read_text("utf-8").encode("gb18030"))
    doc = tablextract.extract(p, tablextract.ExtractOptions(encoding="gb18030"))
    assert len(doc.tables) == 7
    with pytest.raises(Exception):
        tablextract.ExtractOptions(encoding="no-such-codec")


SEED_DIR = FIXTURES / "seed"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name, exact", [
    ("wuchuan-2024-performance-targets.txt", False), ("seed.docx", True), ("seed.xlsx", True),
    ("seed.html", True), ("seed.pdf", True),
])
def test_readers_say_whether_their_grid_is_exact(name, exact):
    """Exact grids (the source's own columns) vs exports that may shift cells: the reader says so,
    and provenance positions come from the grid (1-based lines and fields only for text)."""
    from tablextract.grid import GridCell, TableGrid
    from tablextract.options import ExtractOptions
    from tablextract.parsers import read_source

    grid = read_source((SEED_DIR / name).read_bytes(), name, ExtractOptions())
    tables = [b for b in grid.blocks if isinstance(b, TableGrid)]
    assert tables and {t.exact for t in tables} == {exact}
    cell = tables[0].cells[0]
    assert type(cell) is GridCell and cell.pos == (cell.row, cell.col)
    base = 0 if exact else 1
    want = [cell.row + base, cell.col + base]
    assert tables[0].coord(cell) == ([cell.page, *want] if cell.page is not None else want)


@pytest.mark.timeout(30)
def test_csv_grid_is_not_exact():
    from tablextract.grid import TableGrid
    from tablextract.options import ExtractOptions
    from tablextract.parsers import read_source

    grid = read_source("项目名称,甲\n一级指标,二级指标\n".encode(), "t.csv", ExtractOptions())
    assert [b.exact for b in grid.blocks if isinstance(b, TableGrid)] == [False]


@pytest.mark.timeout(30)
def test_cells_sharing_a_top_left_position_keep_both_texts():
    """Used cells are tracked by position, so a grid never holds two cells at one origin."""
    from tablextract.grid import GridCell, TableGrid

    g = TableGrid([GridCell("甲", 0, 0), GridCell("乙", 0, 0), GridCell("丙", 0, 1)])
    assert [(c.pos, c.text) for c in g.cells] == [((0, 0), "甲\n乙"), ((0, 1), "丙")]


@pytest.mark.timeout(60)
def test_every_format_module_declares_its_reader():
    from tablextract.parsers import readers

    formats = [r.format for r in readers()]
    assert formats == ["pdf", "docx", "xlsx", "encrypted", "xls", "doc", "image", "html", "csv", "text"]
    assert all((r.read is None) != (r.converts is None) for r in readers())


@pytest.mark.timeout(60)
def test_scan_reader_does_not_reach_into_the_pdf_reader():
    """Page assembly is shared (parsers/pages.py); the OCR reader imports no PDF-reader helper."""
    import subprocess
    import sys

    code = "import sys, tablextract.parsers.ocr; print('tablextract.parsers.pdf' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"
