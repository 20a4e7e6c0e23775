"""Table structure from ruling lines on images the test draws itself: no OCR, fast."""
from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")
from tablextract.parsers import ruling as R  # noqa: E402

# A 4x4 grid: cell (0,0) spans two columns, cell (1,3) spans two rows.
XS = [100, 400, 600, 900, 1200]
YS = [100, 180, 260, 340, 420]
SPANS = {(0, 0, 1, 2), (0, 2, 1, 1), (0, 3, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1), (1, 2, 1, 1), (1, 3, 2, 1),
         (2, 0, 1, 1), (2, 1, 1, 1), (2, 2, 1, 1), (3, 0, 1, 1), (3, 1, 1, 1), (3, 2, 1, 1), (3, 3, 1, 1)}


def draw_table(scale: float = 1.0, angle: float = 0.0, noise: float = 0.0, blur: int = 0, jpeg: int = 0):
    s = lambda v: int(round(v * scale))  # noqa: E731
    img = np.full((s(600), s(1400)), 235, np.uint8)  # grey paper
    t = max(1, s(2))
    for r, c, rs, cs in SPANS:
        x0, x1, y0, y1 = s(XS[c]), s(XS[c + cs]), s(YS[r]), s(YS[r + rs])
        cv2.rectangle(img, (x0, y0), (x1, y1), 20, t)
        cv2.putText(img, "AB 12", (x0 + s(15), y0 + s(45)), cv2.FONT_HERSHEY_SIMPLEX, 0.9 * scale, 30, max(1, s(2)))
    if angle:
        img = R.rotate(img, -angle)
    if noise:
        rng = np.random.default_rng(0)
        img = np.clip(img + rng.normal(0, noise, img.shape), 0, 255).astype(np.uint8)
    if blur:
        img = cv2.GaussianBlur(img, (blur, blur), 0)
    if jpeg:
        ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        img = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    return img


def structure(img):
    bw = R.binarize(img)
    angle = R.skew_angle(bw)
    img = R.rotate(img, angle)
    bw = R.binarize(img)
    hm, vm = R.line_masks(R.binarize(img, contrast=10))
    return angle, R.find_tables(hm, vm), bw


@pytest.mark.parametrize("scale,angle,noise,blur,jpeg", [
    (1.0, 0.0, 0, 0, 0),
    (1.0, 1.0, 0, 0, 0),
    (1.0, -1.5, 8, 3, 55),
    (0.75, 1.0, 10, 3, 55),   # ~150 dpi
    (1.5, 0.7, 6, 5, 70),     # ~300 dpi
])
def test_grid_and_spans_survive_scan_damage(scale, angle, noise, blur, jpeg):
    found, tables, _bw = structure(draw_table(scale, angle, noise, blur, jpeg))
    assert abs(found - angle) < 0.3
    assert len(tables) == 1
    t = tables[0]
    assert len(t.xs) == 5 and len(t.ys) == 5
    assert {(c.row, c.col, c.rowspan, c.colspan) for c in t.cells} == SPANS


def test_text_lines_inside_cells():
    _angle, tables, bw = structure(draw_table())
    for c in tables[0].cells:
        assert len(R.text_lines(bw, c.box)) == 1


def test_split_glyph_bands_merge_with_page_line_height():
    # Two bands one pixel apart, each thinner than a text line: one line (是 → 日 + 定).
    bands = [(10, 100, 30, 111), (10, 112, 30, 126)]
    assert R.merge_close_lines(bands, typical=28) == [(10, 100, 30, 126)]
    # Two full lines with normal spacing stay apart.
    lines = [(10, 100, 300, 128), (10, 137, 300, 165)]
    assert R.merge_close_lines(lines, typical=28) == lines


def test_blank_page_has_no_tables():
    _a, tables, _bw = structure(np.full((800, 600), 240, np.uint8))
    assert tables == []


def test_despeckle_removes_dust_but_keeps_full_stops():
    img = np.zeros((60, 200), np.uint8)
    img[10:12, 10:12] = 255  # 4-pixel speck
    img[30:36, 50:56] = 255  # a 。-sized dot
    cv2.putText(img, "AB", (100, 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 255, 2)
    out = R.despeckle(img, 9)
    assert not out[10:12, 10:12].any()
    assert out[30:36, 50:56].all()
    assert np.array_equal(out[:, 90:], img[:, 90:])


def test_quotes_paired_across_the_lines_of_a_cell():
    from tablextract.parsers.ocr import clean_ocr_text, pair_quotes

    # One quoted phrase wraps onto the next line: pairing must see the whole cell.
    lines = [clean_ocr_text(x) for x in ("该项工作主要是“清洁生", "产“相关政策宣讲", "开展”清洁生产”。")]
    assert pair_quotes("\n".join(lines)) == "该项工作主要是“清洁生\n产”相关政策宣讲\n开展“清洁生产”。"
    assert clean_ocr_text("增长 7 %") == "增长7%"
    assert clean_ocr_text("=") == "="  # a lone mark is kept: it may be a comparator


def test_second_reading_only_for_semicolon_colon_confusions():
    from tablextract.parsers.ocr import _CONFUSABLE

    assert _CONFUSABLE.search("调研等；到企业走访") and _CONFUSABLE.search("工作费用:相关")
    assert not _CONFUSABLE.search("指标1：本年全市") and not _CONFUSABLE.search("指标12:x")
    assert not _CONFUSABLE.search("备注：1.本表") and not _CONFUSABLE.search("“一上”")
