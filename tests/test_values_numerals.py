"""Chinese numerals against cn2an as the oracle (cn2an is a test dependency only: the `test` extra)."""
from __future__ import annotations

import os
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablextract import parse_value

if os.environ.get("CI") == "true":
    import cn2an  # in CI a missing oracle fails
else:
    cn2an = pytest.importorskip("cn2an")

pytestmark = pytest.mark.timeout(300)



@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**9 - 1), st.sampled_from(["", "人", "个", "亩", "元"]))
def test_chinese_numerals_match_cn2an(n, unit):
    written = cn2an.an2cn(n, "low")
    v = parse_value(written + unit)
    assert v.kind == "number", written
    assert Decimal(v.value) == Decimal(cn2an.cn2an(written, "smart")) == n, written


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9), st.sampled_from(["万", "千", "百"]), st.integers(min_value=1, max_value=9),
       st.booleans())
def test_abbreviated_numerals_match_cn2an(a, big, b, liang):
    digits = "零一二三四五六七八九"
    written = ("两" if liang and a == 2 else digits[a]) + big + digits[b]  # 一万二, 三千五, 一百一
    v = parse_value(written)
    assert v.kind == "number", written
    assert Decimal(v.value) == Decimal(str(cn2an.cn2an(written, "smart"))), written


