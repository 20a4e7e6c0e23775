"""OCR of the seed's scans and of pages the test renders itself (slow: real OCR).

Skipped locally with TABLEXTRACT_SKIP_SLOW=1; always run in CI, where a missing
OCR engine is a failure.
"""
from __future__ import annotations

import json
import os

import pytest

import tablextract
from conftest import FIXTURES, IN_CI, gold_diffs

if os.environ.get("TABLEXTRACT_SKIP_SLOW") and not IN_CI:
    pytest.skip("slow OCR tests skipped (TABLEXTRACT_SKIP_SLOW)", allow_module_level=True)

from tablextract.parsers import ocr  # noqa: E402

if not ocr.engine_available():
    if IN_CI:
        pytest.fail("OCR engine missing in CI (make installs tablextract[ocr])", pytrace=False)
    pytest.skip("OCR engine not installed", allow_module_level=True)

SEED = FIXTURES / "seed"


def _score(doc, nfkc_keys: bool = False) -> tuple[int, int, list[str]]:
    diffs, cats = gold_diffs(json.loads(doc.to_json()), nfkc=True, nfkc_keys=nfkc_keys)
    return sum(m for m, _t, _o in cats.values()), sum(t for _m, t, _o in cats.values()), diffs


def test_scanned_pdf():
    doc = tablextract.extract(SEED / "seed-scan.pdf")
    assert doc.source.format == "pdf" and doc.source.ocr is True and doc.source.pages == 9
    matched, total, diffs = _score(doc, nfkc_keys=True)
    assert (matched, total) == (267, 267), "\n".join(diffs)
    # compare_gold.py --nfkc looks field keys up verbatim: OCR may read the key
    # 其他需完成的任务(可选填) with full-width brackets, which costs that one field there.
    assert _score(doc)[0] >= 266
    assert doc.unplaced == []
    confs = [i.provenance.confidence for t in doc.tables for i in t.indicators]
    assert all(c is not None and 0 < c <= 1 for c in confs)
    low = [w for w in doc.warnings if w.code == "low_ocr_confidence"]
    assert all(w.location.page and w.location.row is not None for w in low if w.location.col is not None)


def test_png_pages_as_one_document():
    pages = [SEED / f"seed-scan-p{i}.png" for i in range(1, 10)]
    doc = tablextract.extract(pages)
    assert doc.source.format == "image" and doc.source.ocr and doc.source.pages == 9
    matched, total, diffs = _score(doc, nfkc_keys=True)
    assert (matched, total) == (267, 267), "\n".join(diffs)
    assert doc.unplaced == []
    assert len(doc.tables) == 7 and sum(len(t.indicators) for t in doc.tables) == 65


def test_cli_one_document(tmp_path):
    import subprocess
    import sys

    pages = [str(SEED / f"seed-scan-p{i}.png") for i in (3, 4)]
    proc = subprocess.run([sys.executable, "-m", "tablextract", "extract", "--one-document", "--ocr-threads", "1", *pages, "-o",
                           str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "seed-scan-p3.png.json").read_text("utf-8"))
    assert doc["source"]["ocr"] is True and doc["source"]["pages"] == 2
    assert len(doc["tables"]) == 2


def test_rendered_table_continuing_on_next_page(tmp_path):
    """A 60-row table rendered at 150 dpi, rotated 1°, noisy and JPEG'd, as a two-page TIFF."""
    pytest.importorskip("cv2")
    import pypdfium2 as pdfium

    from conftest import require_tool
    from specs import project_table
    from tablextract.testing.builder import build
    from tablextract.testing.scan import print_and_scan

    require_tool("soffice")
    pdf_path = build(project_table(40), tmp_path, "long", ["pdf"])["pdf"]
    n_pages = len(pdfium.PdfDocument(str(pdf_path)))
    assert n_pages >= 2
    tif = print_and_scan(pdf_path, tmp_path / "long.tif", 150, angles=(1.0, -0.8), paper=0.93, noise=6, jpeg=60, seed=1)
    doc = tablextract.extract(tif)
    assert doc.source.pages == n_pages
    assert len(doc.tables) == 1
    names = [i.name for i in doc.tables[0].indicators]
    assert len(names) == 40
    good = sum(1 for k, n in enumerate(names) if n == f"测试指标{k + 1}")
    assert good >= 36, names
    numbers = [i.number for i in doc.tables[0].indicators]
    assert sum(1 for k, n in enumerate(numbers) if n == k + 1) >= 36, numbers


def test_mixed_pdf_reads_text_pages_directly_and_scanned_pages_by_ocr(tmp_path):
    import pypdfium2 as pdfium

    text_pdf = pdfium.PdfDocument(str(SEED / "seed.pdf"))
    scan_pdf = pdfium.PdfDocument(str(SEED / "seed-scan.pdf"))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text_pdf, list(range(8)))
    mixed.import_pages(scan_pdf, [8])  # the last project table only exists as a scan
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    doc = tablextract.extract(path)
    assert doc.source.format == "pdf" and doc.source.ocr is True and doc.source.pages == 9
    matched, total, diffs = _score(doc)
    assert matched >= 266, "\n".join(diffs)
    assert doc.tables[6].provenance.pages == [9] and doc.tables[0].provenance.pages == [1, 2, 3]
    assert doc.unplaced == []


def test_damaged_page_among_page_images_names_its_file(tmp_path):
    from tablextract.errors import TablextractError

    bad = tmp_path / "p2.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(TablextractError) as e:
        tablextract.extract([SEED / "seed-scan-p1.png", bad])
    assert e.value.kind == "corrupt" and e.value.path == str(bad)


def test_reading_does_not_depend_on_neighbours_or_threads():
    """Each line is read alone: the same text whatever else is recognised with it, and
    whether lines run one at a time or side by side."""
    import cv2

    from tablextract.options import ExtractOptions

    gray = cv2.imread(str(SEED / "seed-scan-p1.png"), cv2.IMREAD_GRAYSCALE)
    short, long_ = (170, 240, 330, 275), (360, 740, 1480, 780)
    alone = ocr.recognize(gray, [short])
    with_neighbours = ocr.recognize(gray, [long_, short, long_], threads=2)
    assert with_neighbours[1] == alone[0]

    def texts(threads: int) -> list[str]:
        layout = ocr.page_layout(gray, 1, ExtractOptions(ocr_threads=threads), [])
        return [c.text for _top, item in layout.items for c in getattr(item, "cells", [])]

    assert texts(1) == texts(2)


def _rendered_scan(tmp_path, dpi: int):
    """seed.pdf printed and scanned by the test: rotated ±1°, grey paper, noise, blur, JPEG 70,
    as one multi-page TIFF."""
    from tablextract.testing.scan import print_and_scan

    return print_and_scan(SEED / "seed.pdf", tmp_path / f"seed-{dpi}dpi.tif", dpi)


def test_seed_printed_and_scanned_at_300_dpi(tmp_path):
    doc = tablextract.extract(_rendered_scan(tmp_path, 300))
    assert doc.source.format == "image" and doc.source.pages == 9
    matched, total, diffs = _score(doc, nfkc_keys=True)
    assert (matched, total) == (267, 267), "\n".join(diffs)
    assert doc.unplaced == []


def test_seed_printed_and_scanned_at_150_dpi(tmp_path):
    """At 150 dpi (text ≈ 20 px high) the structure is intact and nearly all text right;
    what is lost is ；read as ：, quote marks and single characters (measured 256/267)."""
    doc = tablextract.extract(_rendered_scan(tmp_path, 150))
    matched, total, diffs = _score(doc, nfkc_keys=True)
    assert matched >= 250, "\n".join(diffs)
    assert len(doc.tables) == 7 and sum(len(t.indicators) for t in doc.tables) == 65
    assert [t.kind for t in doc.tables] == ["department", *["project"] * 6]
