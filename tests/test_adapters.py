"""Contracts of the third-party internals tablextract reaches through its adapters.

pdfplumber's lattice functions and RapidOCR's CTC decoder are not public API; a release
that changes them must fail here, loudly, not read tables or text wrongly.
"""
from __future__ import annotations

import inspect

import pytest

from conftest import IN_CI
from tablextract.parsers import lattice


@pytest.mark.timeout(60)
def test_pdfplumber_lattice_functions_keep_their_signatures():
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    from pdfplumber.utils import filter_edges

    def params(f):
        return list(inspect.signature(f).parameters)

    assert params(merge_edges) == ["edges", "snap_x_tolerance", "snap_y_tolerance", "join_x_tolerance",
                                   "join_y_tolerance"]
    assert params(edges_to_intersections)[:3] == ["edges", "x_tolerance", "y_tolerance"]
    assert params(intersections_to_cells) == ["intersections"]
    assert params(cells_to_tables) == ["cells"]
    assert "min_length" in params(filter_edges)


@pytest.mark.timeout(60)
def test_lattice_turns_ruling_lines_into_cell_boxes():
    """Two by two cells, one of them ruled slightly short: four boxes, one table."""
    edges = [lattice.h_edge(10, 110, y) for y in (10, 30, 50)]
    edges += [lattice.v_edge(x, 10, 50) for x in (10, 60)] + [lattice.v_edge(110, 11, 49)]
    edges.append(lattice.h_edge(40, 41, 70))  # a speck, shorter than any ruling line
    tables = lattice.find_tables(edges)
    assert len(tables) == 1
    boxes = sorted(tuple(round(v) for v in b) for b in tables[0])
    assert boxes == [(10, 10, 60, 30), (10, 30, 60, 50), (60, 10, 110, 30), (60, 30, 110, 50)]


def _require_ocr():
    from tablextract.parsers import rapid

    if not rapid.engine_available():
        if IN_CI:
            pytest.fail("the OCR extra is required in CI")
        pytest.skip("OCR extra not installed")
    return rapid


@pytest.mark.timeout(120)
def test_rapidocr_is_the_pinned_release():
    from importlib.metadata import version

    rapid = _require_ocr()
    assert version("rapidocr") == rapid.RAPIDOCR_VERSION


@pytest.mark.timeout(120)
def test_rapidocr_ctc_decoder_reads_model_output():
    """The decoder takes (preds, return_word_box, wh_ratio_list=, max_wh_ratio=) and gives
    [(text, score)]: a one-hot output spelling 绩效 (with CTC blanks and a repeat) reads back."""
    import numpy as np

    rapid = _require_ocr()
    decoder = rapid.ctc_decoder()
    chars = decoder.character
    assert chars[0] == "blank" and chars[-1] == " "
    a, b = chars.index("绩"), chars.index("效")
    steps = [a, a, 0, b, 0]
    preds = np.zeros((1, len(steps), len(chars)), dtype=np.float32)
    for t, k in enumerate(steps):
        preds[0, t, k] = 0.9
    text, score = rapid.decode(decoder, preds, ratio=2.0)
    assert text == "绩效" and score == pytest.approx(0.9, abs=1e-3)
