"""Property tests of the value grammar (hypothesis)."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tablextract import parse_value

PREFIX = {"≥": ">=", "不低于": ">=", "不少于": ">=", "至少": ">=", ">": ">", "大于": ">", "超过": ">",
          "≤": "<=", "不高于": "<=", "不超过": "<=", "<": "<", "小于": "<", "低于": "<", "": "="}
SUFFIX = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "": "="}
UNITS = {"%": ("%", 1), "个": ("个", 1), "家": ("家", 1), "次": ("次", 1), "人": ("人", 1), "人次": ("人次", 1),
         "户": ("户", 1), "项": ("项", 1), "亩": ("亩", 1), "公里": ("公里", 1), "天": ("天", 1),
         "元": ("元", 1), "万元": ("元", 10000), "亿元": ("元", 100000000), "元/人": ("元/人", 1),
         "个工作日": ("工作日", 1), "百分点": ("百分点", 1), "吨": ("吨", 1), "平方米": ("平方米", 1)}

numbers = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_unicode_never_raises_and_keeps_raw(text):
    v = parse_value(text)
    assert v.raw == text
    assert v.kind in ("number", "range", "change", "trend", "period", "date", "deadline", "boolean",
                      "qualitative", "empty", "unparsed")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20), st.one_of(st.none(), st.sampled_from(["%", "万元", "个", "(万元)", "x"])),
       st.one_of(st.none(), st.integers(min_value=1900, max_value=2100)), st.one_of(st.none(), st.text(max_size=10)))
def test_any_arguments_never_raise(text, hint, year, name):
    assert parse_value(text, unit_hint=hint, year=year, name=name).raw == text


@settings(max_examples=500, deadline=None)
@given(numbers, st.sampled_from(sorted(PREFIX)), st.sampled_from(sorted(SUFFIX)), st.sampled_from(sorted(UNITS)),
       st.booleans())
def test_comparator_number_unit_round_trip(num, prefix, suffix, unit, thousands):
    if prefix and suffix:
        suffix = ""  # one comparator per string
    if unit in ("元/人",) and suffix:
        suffix = ""
    text_num = f"{num:,}" if thousands and num >= 1000 else f"{num}"
    raw = f"{prefix}{text_num}{unit}{suffix}"
    v = parse_value(raw)
    canon, factor = UNITS[unit]
    assert v.kind == "number", raw
    assert v.op == (PREFIX[prefix] if prefix else SUFFIX[suffix]), raw
    assert v.unit == canon, raw
    assert Decimal(v.value) == num * factor, raw
    assert v.raw == raw


@settings(max_examples=200, deadline=None)
@given(numbers, numbers, st.sampled_from(["-", "～", "~", "至", "到"]), st.sampled_from(["%", "个", "万元"]))
def test_ranges_round_trip(a, b, sep, unit):
    lo, hi = min(a, b), max(a, b)
    raw = f"{lo}{unit}{sep}{hi}{unit}"
    v = parse_value(raw)
    canon, factor = UNITS[unit]
    assert v.kind == "range" and v.op == "between", raw
    assert Decimal(v.value) == lo * factor and Decimal(v.upper) == hi * factor
    assert v.unit == canon


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=12),
       st.integers(min_value=1, max_value=28), st.sampled_from(["前", "之前", "以前", ""]))
def test_dates_round_trip(y, m, d, suffix):
    v = parse_value(f"{y}年{m}月{d}日{suffix}")
    assert v.date == f"{y:04d}-{m:02d}-{d:02d}"
    assert v.kind == ("deadline" if suffix else "date")
    assert v.op == ("<=" if suffix else "=")
