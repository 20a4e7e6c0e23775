"""The text reader and realignment survive the ways exports differ: trailing tabs,
line endings, encodings, and an indicator row shifted by one tab."""
from __future__ import annotations

import json

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tablextract.api import extract_bytes
from conftest import GOLD, SEED_TXT, gold_diffs

SEED = SEED_TXT.read_text("utf-8")
LINES = SEED.split("\n")
GOLD_DOC = json.loads(GOLD.read_text("utf-8"))
# 1-based lines of indicator rows the export did not shift: safe to shift in a test.
PLAIN_ROWS = sorted(i["provenance"]["row"] for t in GOLD_DOC["tables"] for i in t["indicators"]
                    if not i["provenance"]["realigned"])
BASE_REALIGNED = 16


def _extract(text: str, encoding: str = "utf-8", bom: bool = False):
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    return extract_bytes(data, "seed.txt")


def _assert_gold(doc, extra_realigned: set[int] = frozenset()):
    diffs, _ = gold_diffs(json.loads(doc.to_json()))
    assert diffs == [], "\n".join(diffs[:10])
    assert doc.unplaced == []
    rows = [w.location.row for w in doc.warnings if w.code == "realigned_row"]
    assert len(rows) == BASE_REALIGNED + len(extra_realigned)
    assert extra_realigned <= set(rows)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=-2, max_value=3), min_size=len(LINES), max_size=len(LINES)))
def test_trailing_tabs_added_or_removed(deltas):
    out = []
    for line, d in zip(LINES, deltas):
        if "\t" in line:
            stripped = line.rstrip("\t")
            trailing = len(line) - len(stripped)
            line = stripped + "\t" * max(0, trailing + d) if trailing + d > 0 or stripped != line else line + "\t" * max(0, d)
            if "\t" not in line:
                line += "\t"  # keep it a table row
        out.append(line)
    _assert_gold(_extract("\n".join(out)))


@settings(max_examples=5, deadline=None)
@given(st.sampled_from(["\r\n", "\r", "\n"]), st.sampled_from(["utf-8", "gb18030"]), st.booleans())
def test_line_endings_and_encodings(eol, encoding, bom):
    _assert_gold(_extract(eol.join(LINES), encoding, bom and encoding == "utf-8"))


@pytest.mark.parametrize("how", ["add", "remove"])
@pytest.mark.parametrize("row", PLAIN_ROWS)
def test_indicator_row_shifted_by_one_tab(row, how):
    """Every unshifted indicator row of the seed, shifted one tab either way (exhaustive)."""
    lines = list(LINES)
    line = lines[row - 1]
    if how == "add":
        lines[row - 1] = "\t" + line
    else:
        if not line.startswith("\t"):
            return  # nothing to remove on a row that starts with text
        lines[row - 1] = line[1:]
    _assert_gold(_extract("\n".join(lines)), {row})


def test_comparator_read_as_digits_is_flagged_not_corrected():
    """OCR reads ≥ as 2: “26个” beside “6个及以上” in the other value column is flagged, kept as read."""
    lines = SEED_TXT.read_text("utf-8").split("\n")
    row = next(i for i, ln in enumerate(lines) if ln.endswith("6个及以上\t6个及以上"))
    lines[row] = lines[row][: -len("6个及以上")] + "26个"
    doc = extract_bytes("\n".join(lines).encode("utf-8"), "seed.txt")
    ind = next(i for t in doc.tables for i in t.indicators if i.annual_value and i.annual_value.raw == "26个")
    assert ind.annual_value.value == 26 and ind.value.op == ">="
    flagged = [w for w in doc.warnings if w.code == "suspect_value" and "26个" in w.message]
    assert len(flagged) == 1 and flagged[0].location.row == row + 1
    # The untouched seed has no such pair.
    assert not [w for w in extract_bytes(SEED_TXT.read_bytes(), "seed.txt").warnings if w.code == "suspect_value"]
