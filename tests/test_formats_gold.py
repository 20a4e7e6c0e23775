"""Every format of the seed gives the gold, field by field, with nothing unplaced."""
from __future__ import annotations

import json

import pytest

import tablextract
from conftest import FIXTURES, gold_diffs

FORMATS = {
    "seed.docx": "docx",
    "seed.xlsx": "xlsx",
    "seed.html": "html",
    "seed.pdf": "pdf",
    "seed-type1.pdf": "pdf",  # CJK Type 1 font with ascent/descent 0: a text-position trap
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_gives_gold(name):
    doc = tablextract.extract(FIXTURES / "seed" / name)
    assert doc.source.format == FORMATS[name]
    out = json.loads(doc.to_json())
    diffs, cats = gold_diffs(out)
    assert diffs == [], "\n".join(diffs)
    assert all(m == t == o for m, t, o in cats.values()), cats
    assert out["unplaced"] == []


@pytest.mark.parametrize("name", ["seed.pdf", "seed-type1.pdf"])
def test_pdf_provenance_has_pages(name):
    doc = tablextract.extract(FIXTURES / "seed" / name)
    assert doc.source.pages == 9
    dept = doc.tables[0]
    assert dept.provenance.pages == [1, 2, 3]  # the department table runs over three pages
    assert all(i.provenance.pages for i in dept.indicators)
    last = dept.indicators[-1]
    assert last.provenance.pages == [3]


def test_wrong_extension_still_works(tmp_path):
    p = tmp_path / "actually-a-docx.pdf"
    p.write_bytes((FIXTURES / "seed" / "seed.docx").read_bytes())
    doc = tablextract.extract(p)
    assert doc.source.format == "docx"
    assert len(doc.tables) == 7
