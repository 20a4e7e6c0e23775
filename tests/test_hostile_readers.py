"""Hostile and damaged inputs of the readers (issue 15): each made here, each with its
expected kind, a time bound and a memory bound.  The bounds are hang and blow-up guards,
generous on a shared machine: the work is refused before it is allocated, so a
``too_large`` answer comes in milliseconds, not after filling memory."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

import pytest

import badfiles as B
from conftest import FIXTURES, SEED_TXT, gold_diffs
from tablextract.api import extract_bytes
from tablextract.errors import TablextractError
from tablextract.options import ExtractOptions

SEED = FIXTURES / "seed"
SECONDS = 10
GROWTH_MB = 400


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def outcome(data: bytes, name: str, options: ExtractOptions | None = None):
    """(kind or "document", the Document or error), checked against the time and memory bounds."""
    before, t0 = _peak_mb(), time.monotonic()
    try:
        result = extract_bytes(data, name, options or ExtractOptions())
        kind = "document"
    except TablextractError as e:
        result, kind = e, e.kind
        assert "\n" not in str(e)
    took = time.monotonic() - t0
    assert took < SECONDS, f"{name}: {took:.1f} s"
    assert _peak_mb() - before < GROWTH_MB, f"{name}: memory grew by {_peak_mb() - before:.0f} MB"
    return kind, result


def _docx_span(attr: str) -> bytes:
    return B.docx_bytes(B.docx_row(B.docx_cell("项目名称", f'<w:gridSpan w:val="{attr}"/>') + B.docx_cell("甲")))


CELL = '<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>'


@pytest.mark.timeout(60)
@pytest.mark.parametrize("what, data, name, kind", [
    ("docx gridSpan 1e9", lambda: _docx_span("1000000000"), "a.docx", "too_large"),
    ("docx gridBefore 1e9", lambda: B.docx_bytes(B.docx_row(
        B.docx_cell("项目名称"), '<w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>')), "a.docx", "too_large"),
    ("docx gridSpan not a number", lambda: _docx_span("abc"), "a.docx", "corrupt"),
    ("docx gridSpan negative", lambda: _docx_span("-3"), "a.docx", "corrupt"),
    ("xlsx merge of the whole sheet", lambda: B.xlsx_sheet_bytes(B.xlsx_add_to_sheet(
        '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>', "<pageMargins")), "a.xlsx",
     "too_large"),
    ("xlsx cell ref ZZZZZZZZZZ1", lambda: B.xlsx_sheet_bytes(B.xlsx_add_to_sheet(
        CELL.format(ref="ZZZZZZZZZZ1"), "</row>")), "a.xlsx", "too_large"),
    ("xlsx row 10^12", lambda: B.xlsx_sheet_bytes(B.xlsx_add_to_sheet(
        f'<row r="1000000000000">{CELL.format(ref="A1000000000000")}</row>', "</sheetData>")), "a.xlsx",
     "too_large"),
    ("xlsx hidden columns to 1e9", lambda: B.xlsx_sheet_bytes(B.xlsx_add_to_sheet(
        '<cols><col min="1" max="1000000000" hidden="1"/></cols>', "<sheetData")), "a.xlsx", "document"),
    ("xlsx row number not a number", lambda: B.xlsx_sheet_bytes(lambda t: t.replace('<row r="1"', '<row r="x"'),
                                                                ), "a.xlsx", "corrupt"),
    ("xlsx without workbook rels", lambda: B.xlsx_without("xl/_rels/workbook.xml.rels"), "a.xlsx", "corrupt"),
    ("xlsx sheet member with a zlib error", lambda: B.zip_with_bad_deflate(
        B._workbook_bytes("甲"), "xl/worksheets/sheet1.xml"), "a.xlsx", "corrupt"),
    ("docx document member with a zlib error", lambda: B.zip_with_bad_deflate(
        (SEED / "seed.docx").read_bytes(), "word/document.xml"), "a.docx", "corrupt"),
    ("html spans in the thousands", lambda: ("<table>" + "<tr>" + '<td rowspan="1000" colspan="1000">x</td>' * 50
                                             + "</tr>" * 3 + "</table>").encode(), "a.html", "too_large"),
    ("html charset idna", lambda: '<meta charset="idna"><table><tr><td>项目名称</td><td>甲</td></tr></table>'
     .encode(), "a.html", "document"),
    ("html charset undefined", lambda: '<meta charset="undefined"><table><tr><td>项目名称</td></tr></table>'
     .encode(), "a.html", "document"),
    ("png claiming 60000x60000", lambda: B.png_header(60000, 60000), "a.png", "too_large"),
    ("text line of 2 million characters", lambda: b"a\t" + b"x" * 2_000_000, "a.txt", "too_large"),
    ("text grid over the slot budget", lambda: ("\t" * 3000 + "x\n") * 1000, "a.txt", "too_large"),
    ("encrypted docx", B.encrypted_ooxml, "secret.docx", "encrypted"),
    ("encrypted xlsx", B.encrypted_ooxml, "secret.xlsx", "encrypted"),
])
def test_hostile_input_gives_its_kind_at_once(what, data, name, kind):
    raw = data()
    raw = raw.encode() if isinstance(raw, str) else raw
    got, result = outcome(raw, name)
    assert got == kind, f"{what}: {got}: {result}"


@pytest.mark.timeout(60)
def test_xlsx_infinite_nan_and_huge_numbers_read_as_written():
    cells = '<c r="C1"><v>INF</v></c><c r="D1"><v>NaN</v></c><c r="E1"><v>1E+28</v></c><c r="F1"><v>1E+400</v></c>'
    data = B.xlsx_sheet_bytes(B.xlsx_add_to_sheet(cells, "</row>"))
    kind, doc = outcome(data, "a.xlsx")
    assert kind == "document"
    texts = {c.text for c in doc.unplaced} | {x for t in doc.tables for kv in t.fields.items() for x in kv}
    assert {"INF", "NaN", "10000000000000000000000000000", "1E+400"} <= texts


@pytest.mark.timeout(120)
def test_pdf_with_data_after_eof_opens():
    data = (SEED / "seed.pdf").read_bytes() + b"\n% trailing bytes after the end\n" + os.urandom(8192)
    kind, doc = outcome(data, "seed.pdf")
    assert kind == "document" and sum(len(t.indicators) for t in doc.tables) == 65


@pytest.mark.timeout(60)
def test_pdf_page_count_is_bounded_before_pages_are_read():
    from tablextract.parsers.pdfdoc import open_pdf

    with pytest.raises(TablextractError) as e:
        open_pdf((SEED / "seed.pdf").read_bytes(), max_pages=3)
    assert e.value.kind == "too_large" and "9 pages" in str(e.value)


def _seed_lines() -> list[str]:
    return SEED_TXT.read_text("utf-8").split("\n")


@pytest.mark.timeout(120)
def test_mixed_gbk_and_utf8_lines_read_line_by_line_with_a_warning():
    lines = _seed_lines()
    data = b"\n".join(ln.encode("gb18030" if i % 3 == 0 else "utf-8") for i, ln in enumerate(lines))
    kind, doc = outcome(data, "seed.txt")
    assert kind == "document"
    diffs, _ = gold_diffs(__import__("json").loads(doc.to_json()))
    assert diffs == []
    assert [w.code for w in doc.warnings if w.code == "mixed_encoding"] == ["mixed_encoding"]


@pytest.mark.timeout(120)
def test_bad_bytes_in_a_text_export_are_replaced_and_counted():
    lines = _seed_lines()
    data = "\n".join(lines).encode("gb18030").replace("备注".encode("gb18030"), b"\xff\xfe" + "备注".encode("gb18030"), 1)
    kind, doc = outcome(data, "seed.txt")
    assert kind == "document"
    warn = [w for w in doc.warnings if w.code == "bytes_replaced"]
    assert len(warn) == 1 and "replaced" in warn[0].message and warn[0].location.row is not None
    assert sum(len(t.indicators) for t in doc.tables) == 65


@pytest.mark.timeout(120)
def test_big5_text_export_is_detected_not_read_as_gb18030():
    from opencc import OpenCC

    from tablextract.parsers.encoding import decode_text

    text = OpenCC("s2t").convert(SEED_TXT.read_text("utf-8"))
    data = text.encode("big5", "replace")
    decoded, warnings = decode_text(data)
    assert decoded == data.decode("big5") and warnings == []
    assert "績效" in decoded


@pytest.mark.timeout(60)
def test_libreoffice_conversion_is_killed_with_its_whole_process_group():
    """A converter that hangs and leaves a helper behind: both are gone after the time limit."""
    from tablextract.parsers.legacy import _run_killable

    marker = f"tablextract-hang-{os.getpid()}"
    cmd = [sys.executable, "-c", f"import subprocess, time, sys; subprocess.Popen([sys.executable, '-c', "
                                 f"'import time; time.sleep(60)', '{marker}']); time.sleep(60)"]
    t0 = time.monotonic()
    with pytest.raises(TablextractError) as e:
        _run_killable(cmd, 1.5, dict(os.environ), "doc")
    assert e.value.kind == "corrupt" and "timed out" in str(e.value)
    assert time.monotonic() - t0 < 15
    time.sleep(0.3)
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
    assert left == []
