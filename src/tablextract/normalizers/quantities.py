"""Quantities of the value grammar: a number with its unit and comparator, ranges, changes and
trends. Every word (comparators, open-ended 余/多, range bounds, change verbs, trend words) comes
from ``data/values.json``; units from ``data/units.json`` through :mod:`.units`.

Readers take the prepared text (:func:`.tokens.prepare`) and return the fields of a Value, or None.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple, Optional

from ..vocabulary import lexicon
from .tokens import alternation
from .numbers import ARABIC, CN_CHARS, normal, number
from .units import MONEY_UNIT, MULTIPLIERS, canonical_unit, match_unit, per_unit, read_unit, unit_table

_V = lexicon("values")
_ONE = Decimal(1)


# --------------------------------------------------------------------------- comparators

PREFIX_OPS: dict[str, str] = _V["prefix_ops"]
SUFFIX_OPS: dict[str, str] = _V["suffix_ops"]
_PREFIX_RE = re.compile(alternation(PREFIX_OPS))
_OPEN: dict[str, str] = _V["open_ended"]
_DONE = tuple(_V["done_tails"])
_PCT = _V["percent_prefix"]
_RATIO: dict[str, int] = _V["ratio_units"]
_SIGNS: dict[str, int] = _V["signs"]
_PER = _V["per_prefix"]


def strip_prefix_op(s: str) -> tuple[Optional[str], str]:
    """``不低于95%`` → (``>=``, ``95%``)."""
    m = _PREFIX_RE.match(s)
    if m and m.end() < len(s):
        return PREFIX_OPS[m.group(0)], s[m.end():]
    return None, s


def _by_last(words) -> dict[str, list[str]]:
    """Words grouped by their last character, longest first: one dict probe instead of a scan."""
    out: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        out.setdefault(w[-1], []).append(w)
    return out


_SUFFIX_BY_LAST = _by_last(SUFFIX_OPS)


def strip_suffix_op(s: str) -> tuple[Optional[str], str]:
    """``95%以上`` → (``>=``, ``95%``): the longest comparator word ending the text."""
    for word in _SUFFIX_BY_LAST.get(s[-1:], ()):
        if s.endswith(word) and len(s) > len(word):
            return SUFFIX_OPS[word], s[: -len(word)]
    return None, s


# --------------------------------------------------------------------------- numbers with units

_NUM_HEAD = re.compile(rf"(?:{ARABIC})|[{CN_CHARS}]+")
_FRACTION = re.compile(r"(\d+)/(\d+)")


class Quantity(NamedTuple):
    value: Decimal
    unit: Optional[str]
    op: Optional[str]  # written inside the quantity: 1200余人 is more than 1200


def _hint(unit_hint: Optional[str]) -> tuple[Optional[str], Decimal]:
    return canonical_unit(unit_hint) if unit_hint else (None, _ONE)


def _with_per(unit: str, per: list[str]) -> str:
    """``元`` per 人 and 月 → ``元/人·月``; an already per-unit unit gains the new parts."""
    if "/" in unit:
        num, _, den = unit.partition("/")
        return per_unit(num, [den, *per])
    return per_unit(unit, per)


def quantity(s: str, unit_hint: Optional[str] = None, money: bool = False) -> Optional[Quantity]:
    """``"13.8万元"`` → 138000 元; ``"百分之九十五"`` → 95 %; ``"每人每月200元"`` → 200 元/人·月;
    None unless the whole text is one quantity.

    ``money``: the row is about money, so a bare 万 (``620万/月``) and a per-unit amount without a
    unit (``每亩300``) are in 元.
    """
    if not s:
        return None
    per: list[str] = []
    while s.startswith(_PER) and len(s) > 2:
        # 每亩300元 → 300 元/亩: the per-unit is written before the number.
        pm = match_unit(s[1:], compound=False)
        if not (pm.unit and pm.rest and pm.factor == 1):
            break
        per.append(pm.unit)
        s = pm.rest
    if s.startswith(_PCT):
        v = number(s[len(_PCT):])
        return Quantity(normal(v), "%", None) if v is not None and not per else None
    fm = _FRACTION.fullmatch(s)
    if fm:
        den = Decimal(fm.group(2))
        if den == 0:
            return None
        return Quantity(normal((Decimal(fm.group(1)) / den).quantize(Decimal("1e-10"))), None, None)
    sign = 1
    if s[:1] in _SIGNS and s[1:2].isdigit():
        sign, s = _SIGNS[s[0]], s[1:]
    m = _NUM_HEAD.match(s)
    if not m:
        return None
    head = m.group(0)
    rest = s[m.end():]
    v = number(head)
    if v is None and not head[0].isdigit():
        # Chinese run swallowed a unit-like char (三成, 五折, 两万元): retry shorter heads.
        for cut in range(len(head) - 1, 0, -1):
            v = number(head[:cut])
            if v is not None:
                rest = head[cut:] + rest
                break
    if v is None:
        return None
    op = None
    if rest[:1] in _OPEN:
        op, rest = _OPEN[rest[0]], rest[1:]  # 1200余人
    elif rest[:1] in MULTIPLIERS and rest[1:2] in _OPEN and rest[1:2]:
        op, rest = _OPEN[rest[1]], rest[0] + rest[2:]  # 3万余人
    if rest in _RATIO and not per:
        return Quantity(normal(v * _RATIO[rest] if v < 10 else v), "%", op)
    r = read_unit(rest)
    if r is None:
        return None
    unit, factor, dens = r
    if unit is None:
        hint_unit, hint_factor = _hint(unit_hint)
        if hint_unit is not None:
            unit = hint_unit
            # 854万 under a (万元) header: the written 万 already scales, the header only names 元.
            factor = factor if factor != 1 else hint_factor
        elif money and (factor != 1 or dens or per):
            unit = MONEY_UNIT  # 620万/月, 每亩300 in a money row
    if dens:
        if unit is None:
            return None  # ≤28.40/株 without a written or hinted unit: per what is ambiguous
        unit = _with_per(unit, dens)
    if per:
        if unit is None:
            return None  # 每亩300 without a written, hinted or money unit: ambiguous
        unit = _with_per(unit, per)
    if sign < 0:
        v = -v
    return Quantity(normal(v * factor) if factor != 1 else normal(v), unit, op)


_UNITS = unit_table()
_FAST_DIGITS = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\D*)"
_FAST_NUMBER = re.compile("(" + _PREFIX_RE.pattern + ")" + _FAST_DIGITS)
_FAST_PLAIN = re.compile("()" + _FAST_DIGITS)  # starting with a digit: no comparator to try


def _fast_number(s: str, unit_hint: Optional[str], money: bool) -> Optional[dict[str, Any]]:
    """The common shape ``[comparator] digits [unit] [以上]`` in one regex; None to fall back."""
    m = (_FAST_PLAIN if s[0].isdigit() else _FAST_NUMBER).fullmatch(s)
    if m is None:
        return None
    pre, num, rest = m.groups()
    op = PREFIX_OPS[pre] if pre else None
    if rest and op is None:
        op, rest = strip_suffix_op(rest)
    if rest and rest[0] in _OPEN:
        op, rest = op or _OPEN[rest[0]], rest[1:]  # 1200余人
    if rest:
        hit = _UNITS.get(rest)  # the common case: exactly a known unit
        if hit is not None:
            unit, factor = hit
        else:
            if rest[0] in _OPEN or rest[0] in _RATIO or rest[1:2] in _OPEN:
                return None
            r = read_unit(rest)
            if r is None or r[2] or (r[0] is None and (unit_hint or money)):
                return None
            unit, factor = r[0], r[1]
    elif unit_hint:
        unit, factor = canonical_unit(unit_hint)
    else:
        unit, factor = None, _ONE
    v = Decimal(num.replace(",", "") if "," in num else num)
    if factor != 1:
        v = normal(v * factor)
    elif "." in num:
        v = normal(v)
    return {"kind": "number", "op": op or "=", "value": v, "unit": unit}


def read_number(s: str, unit_hint: Optional[str] = None, money: bool = False) -> Optional[dict[str, Any]]:
    """Fields of a number Value: ``[comparator] quantity [comparator]``, a glued ``完成`` dropped."""
    fast = _fast_number(s, unit_hint, money)
    if fast is not None:
        return fast
    op1, body = strip_prefix_op(s)
    op2, body = strip_suffix_op(body)
    q = quantity(body, unit_hint, money)
    if q is None:
        if s.endswith(_DONE):  # 100%完成: the level reached, with the verb glued on
            for tail in _DONE:
                if s.endswith(tail) and len(s) > len(tail):
                    return read_number(s[: -len(tail)], unit_hint, money)
        return None
    return {"kind": "number", "op": op1 or op2 or q.op or "=", "value": q.value, "unit": q.unit}


# --------------------------------------------------------------------------- ranges

_R = _V["range"]
_RANGE_SEPS: list[str] = sorted(_R["separators"], key=len, reverse=True)
_RANGE_OPEN = tuple(_R["open"])
_RANGE_CLOSE = sorted(_R["close"], key=len, reverse=True)
_BOUNDED_RE = re.compile(rf"(?:{alternation(_R['lower'])})(.+?)(?:{alternation(_R['joins'])})?"
                         rf"(?:{alternation(_R['upper'])})(.+)")


def read_range(s: str, unit_hint: Optional[str] = None, money: bool = False) -> Optional[dict[str, Any]]:
    """Fields of a range Value: ``90-100%``, ``10~20个``, ``±5%``, ``不低于90%且不高于95%``."""
    body = s
    if body.startswith(_RANGE_OPEN):
        body = body[1:]
    for tail in _RANGE_CLOSE:
        if body.endswith(tail):
            body = body[: -len(tail)]
            break
    if body.startswith(_R["plus_minus"]):
        q = quantity(body[1:], unit_hint, money)
        if q is None:
            return None
        return {"kind": "range", "op": "between", "value": -q.value, "upper": q.value, "unit": q.unit}
    m = _BOUNDED_RE.fullmatch(body)
    parts: Optional[tuple[str, str]] = None
    if m:
        parts = (m.group(1), m.group(2))
    else:
        for sep in _RANGE_SEPS:
            i = body.find(sep, 1)
            if i > 0:
                parts = (body[:i], body[i + len(sep):])
                break
    if not parts:
        return None
    a, b = parts
    qb = quantity(b, unit_hint, money)
    if qb is None:
        return None
    qa = quantity(a, None)
    if qa is None:
        return None
    if qa.unit is None:
        # 90-100%: the unit written once applies to both ends (money factor too).
        hb = _NUM_HEAD.match(b)
        qa = quantity(a + (b[hb.end():] if hb else ""), unit_hint, money)
        if qa is None:
            return None
    elif qb.unit is not None and qa.unit != qb.unit:
        return None
    if qa.value > qb.value:
        return None
    return {"kind": "range", "op": "between", "value": qa.value, "upper": qb.value, "unit": qb.unit or qa.unit}


# --------------------------------------------------------------------------- changes and trends

_C = _V["change"]
_DEC = tuple(_C["decrease"])
_RATE_VERBS = frozenset(_C["rate_verbs"])
_AVERAGE = frozenset(_C["average"])
_CHANGE_RE = re.compile(
    rf"(?P<base>{alternation(_C['baselines'] + _C['average'])})?(?P<verb>{alternation(_C['increase'] + _C['decrease'])})"
    rf"(?:{alternation(_C['fillers'])})?(?P<rest>.+)")
_RAISE_TO = re.compile(rf"(?P<verb>{alternation(_C['to_level'])})(?:{alternation(_C['to'])})(?P<rest>.+)")


def read_change(s: str, unit_hint: Optional[str] = None, money: bool = False) -> Optional[dict[str, Any]]:
    """Fields of a change Value (``较上年增长5%``, ``下降10%``) or a level to reach (``提高到95%``)."""
    m = _RAISE_TO.fullmatch(s)
    if m:
        inner = read_number(m.group("rest"), unit_hint, money)
        if inner is None or inner["op"] != "=":
            return None
        dec = _C["to_level"][m.group("verb")] == "decrease"
        inner.update(op="<=" if dec else ">=", direction="decrease" if dec else "increase")
        return inner
    m = _CHANGE_RE.fullmatch(s)
    if not m:
        return None
    inner = read_number(m.group("rest"), unit_hint, money) or read_range(m.group("rest"), unit_hint, money)
    if inner is None:
        return None
    verb = m.group("verb")
    direction = "decrease" if verb.startswith(_DEC) else "increase"
    base = m.group("base")
    # 增长7% / 下降10% are growth rates: measured against the previous year by convention.
    if base in _AVERAGE:
        baseline = None  # an average annual rate, not a change against last year
    elif base or (verb in _RATE_VERBS and inner.get("unit") == "%"):
        baseline = "previous_year"
    else:
        baseline = None
    inner.update(kind="change" if inner["kind"] == "number" else "range", direction=direction, baseline=baseline)
    return inner


_T = _V["trend"]
_TREND_WORDS: dict[str, str] = _T["words"]
_NO_BASELINE = frozenset(_T["no_baseline"])
_TREND_RE = re.compile(
    rf"(?P<base>{alternation(_T['baselines'] + _T['no_baseline'])})?(?:{alternation(_T['adverbs'])})?(?:{alternation(_T['after_adverb'])})?"
    rf"(?P<word>{alternation(_TREND_WORDS)})(?:{alternation(_T['tails'])})?")
_MAINTAIN = frozenset(_T["maintain"])


def read_trend(s: str) -> Optional[dict[str, Any]]:
    """Fields of a trend Value: a direction without a number (``逐步提高``, ``比上年改善``)."""
    if s in _MAINTAIN:
        return {"kind": "trend", "direction": "maintain"}
    m = _TREND_RE.fullmatch(s)
    if not m:
        return None
    base = m.group("base")
    return {"kind": "trend", "direction": _TREND_WORDS[m.group("word")],
            "baseline": "previous_year" if base and base not in _NO_BASELINE else None}
