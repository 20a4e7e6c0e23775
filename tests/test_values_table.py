"""Table-driven test of the 指标值 grammar: every string of tests/data/values.tsv gives its Value."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tablextract import parse_value
from tablextract.normalizers.values import ValueContext, parse_value_checked

pytestmark = pytest.mark.timeout(300)

DATA = Path(__file__).parent / "data" / "values.tsv"
FIELDS = ("period", "date", "date_end", "direction", "baseline", "boolean", "basis")


def _rows():
    for n, line in enumerate(DATA.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        cols += [""] * (9 - len(cols))
        raw, kind, op, value, upper, unit, other, context, source = cols[:9]
        raw = "" if raw == "<empty>" else raw
        ctx = dict(kv.split("=", 1) for kv in context.split(";") if kv)
        oth = dict(kv.split("=", 1) for kv in other.split(";") if kv)
        yield pytest.param(raw, kind, op, value, upper, unit, oth, ctx, source, id=f"L{n}:{raw}")


ROWS = list(_rows())


def _context(ctx: dict) -> ValueContext:
    """The ValueContext a row's context column names (year, name, header, money)."""
    return ValueContext(year=int(ctx["year"]) if "year" in ctx else None, money=ctx.get("money") == "true",
                        name=ctx.get("name"), header=ctx.get("header"))


def test_data_file_is_large_and_sourced():
    assert len(ROWS) >= 300
    raws = {(p.values[0], tuple(sorted(p.values[7].items()))) for p in ROWS}
    assert len(raws) >= 300
    real = [p for p in ROWS if p.values[8].startswith("http")]
    assert len(real) >= 100


@pytest.mark.parametrize("raw,kind,op,value,upper,unit,other,ctx,source", ROWS)
def test_value(raw, kind, op, value, upper, unit, other, ctx, source):
    v = parse_value(raw, _context(ctx), unit_hint=ctx.get("hint"))
    assert v.raw == raw
    assert v.kind == kind
    assert v.op == (op or None)
    for field, want in (("value", value), ("upper", upper)):
        got = getattr(v, field)
        if want:
            assert got is not None and abs(Decimal(got) - Decimal(want)) < Decimal("1e-9"), (field, got, want)
        else:
            assert got is None, (field, got)
    assert v.unit == (unit or None)
    for f in FIELDS:
        want = other.get(f)
        if f == "boolean" and want is not None:
            want = want == "true"
        assert getattr(v, f) == want, (f, getattr(v, f), want)
    if kind == "qualitative":
        assert v.text == other.get("text", raw.strip())
    else:
        assert v.text is None


@pytest.mark.parametrize("raw,kind,op,value,upper,unit,other,ctx,source",
                         [p for p in ROWS if p.values[1] == "unparsed"])
def test_unparsed_values_carry_a_warning_code(raw, kind, op, value, upper, unit, other, ctx, source):
    _v, issue = parse_value_checked(raw, _context(ctx), unit_hint=ctx.get("hint"))
    assert issue in ("unparsed_value", "suspect_value")


def test_comparator_read_as_digits():
    from tablextract import parse_value as p
    from tablextract.normalizers.values import comparator_read_as_digits as misread

    assert misread(p("2280次"), p("≥80次")) and misread(p("292%"), p("≥92%"))
    assert not misread(p("80次"), p("≥80次"))        # the same number
    assert not misread(p("180次"), p("80次"))        # no comparator to lose
    assert not misread(p("2280次"), p("≥80个"))      # other unit
    assert not misread(p("12280次"), p("≥80次"))     # three extra digits: not a comparator
