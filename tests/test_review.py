"""The review page: the seed's source beside its records, every indicator's cells linked both ways,
self-contained (no network reference), small, and opening in a real browser."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lhtml

from conftest import FIXTURES, IN_CI, SEED_TXT
from tablextract import extract
from tablextract.review import review_page

SEED = FIXTURES / "seed"
FORMATS = [SEED / "seed.pdf", SEED / "seed.docx", SEED / "seed.xlsx", SEED_TXT]


def _key(coord) -> str:
    return ",".join(str(v) for v in coord)


def _assert_indicators_linked(doc, tree) -> int:
    """Every indicator's row names all its provenance cells, and each cell names the row back."""
    cells: dict[str, list] = {}
    for el in tree.xpath("//*[@data-cell]"):
        cells.setdefault(el.get("data-cell"), []).append(el)
    records = {el.get("data-record"): el for el in tree.xpath("//*[@data-record]")}
    n = 0
    for ti, t in enumerate(doc.tables):
        for i, ind in enumerate(t.indicators):
            rid = f"t{ti}-ind{i}"
            row = records[rid]
            linked = set(row.get("data-cells").split())
            for coords in ind.provenance.cells.values():
                for coord in coords:
                    k = _key(coord)
                    assert k in linked, (rid, k)
                    assert any(rid in el.get("data-records", "").split() for el in cells.get(k, [])), (rid, k)
                    n += 1
            assert ind.name in row.text_content()
    return n


@pytest.mark.timeout(180)
@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.suffix)
def test_every_indicator_cell_linked_both_ways(path: Path):
    doc = extract(str(path))
    tree = lhtml.fromstring(review_page(str(path)))
    cells = {el.get("data-cell") for el in tree.xpath("//*[@data-cell]")}
    assert _assert_indicators_linked(doc, tree) >= 4 * 65
    # The source side holds the cells' own text (DOCX/XLSX/text: the grid; PDF: over the page image).
    if path.suffix != ".pdf":
        assert "外经贸工作" in tree.xpath("string(//section[@id='src'])")
    else:
        assert len(tree.xpath("//div[@class='page']/img[starts-with(@src,'data:image/jpeg;base64,')]")) == doc.source.pages
        assert {el.get("data-cell") for el in tree.xpath("//div[@class='page']/div[@data-cell]")} == cells


@pytest.mark.timeout(300)
def test_scan_cells_outlined_on_the_page_image():
    if os.environ.get("TABLEXTRACT_SKIP_SLOW") and not IN_CI:
        pytest.skip("slow OCR tests skipped (TABLEXTRACT_SKIP_SLOW)")
    path = str(Path(__file__).resolve().parents[1] / "samples" / "scanned-project-table.png")
    doc = extract(path)
    tree = lhtml.fromstring(review_page(path))
    assert _assert_indicators_linked(doc, tree) > 0
    boxes = tree.xpath("//div[@class='page']/div[@data-cell]")
    assert len(boxes) >= sum(len(c) for t in doc.tables for i in t.indicators for c in i.provenance.cells.values())
    for el in boxes:  # every outline lies on the page image
        pos = dict(re.findall(r"(left|top|width|height):([-\d.]+)%", el.get("style")))
        assert 0 <= float(pos["left"]) <= 100 and 0 <= float(pos["top"]) <= 100, el.get("style")


@pytest.mark.timeout(180)
def test_pdf_page_small_and_self_contained():
    page = review_page(str(SEED / "seed.pdf"))
    assert len(page.encode("utf-8")) < 5_000_000
    tree = lhtml.fromstring(page)
    for el in tree.xpath("//script[@src]|//link|//img[not(starts-with(@src,'data:'))]|//iframe"):
        pytest.fail(f"external reference: {lhtml.tostring(el)[:120]!r}")
    assert not re.search(r"https?://", page), "a network URL in the page"
    assert "@import" not in page and "@font-face" not in page
    # Counts, validate's findings at the top.
    header = tree.xpath("//header")[0].text_content()
    assert "65 indicators" in header and "validate findings" in header
    assert "sum_mismatch" in header  # the seed's 年度重点工作任务 do not add up to 项目支出


@pytest.mark.timeout(180)
def test_cli_review_writes_one_page_per_input(tmp_path):
    out = tmp_path / "review"
    r = subprocess.run([sys.executable, "-m", "tablextract", "review", str(SEED / "seed.docx"), str(SEED / "missing.pdf"), "-o", str(out)],
                       capture_output=True, text=True, timeout=170)
    assert r.returncode == 1, r.stderr  # the missing input fails, the other page is written
    assert "missing.pdf: no such file (not_found)" in r.stderr
    assert "Traceback" not in r.stderr
    assert (out / "seed.docx.review.html").stat().st_size > 10_000
    assert sorted(p.name for p in out.iterdir()) == ["seed.docx.review.html"]


@pytest.mark.timeout(180)
def test_notebook_review_shows_the_page_inline():
    doc = extract(str(SEED / "seed.docx"))
    shown = doc.review()._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "data-record=&quot;t0-ind0&quot;" in shown


@pytest.mark.timeout(120)
def test_review_opens_in_headless_chromium(tmp_path):
    chromium = "/usr/bin/chromium"
    if not os.path.exists(chromium):
        if IN_CI:
            pytest.fail("chromium is required in CI (make sysdeps installs it)")
        pytest.skip("chromium not installed")
    page = tmp_path / "seed.pdf.review.html"
    page.write_text(review_page(str(SEED / "seed.pdf")), "utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,900", f"--screenshot={shot}",
                    page.as_uri()], capture_output=True, timeout=90, check=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    # The page's own script links a record to its cells in the browser: #record=ID clicks the row.
    doc = extract(str(SEED / "seed.pdf"))
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri() + "#record=t1-ind0"],
                         capture_output=True, timeout=90, check=True, text=True).stdout
    tree = lhtml.fromstring(dom)
    lit = {el.get("data-cell") for el in tree.xpath("//*[@data-cell][contains(concat(' ',@class,' '),' hl ')]")}
    want = {_key(c) for cs in doc.tables[1].indicators[0].provenance.cells.values() for c in cs}
    assert want and lit == want
    assert tree.xpath("//tr[@data-record='t1-ind0']/@class") == ["hl"]
