"""Units after a number, kept as data (``data/units.json``) so users can extend them.

``match_unit(text)`` finds the longest known unit at the start of ``text`` (a 万/亿 multiplier and
per-unit denominators included) and returns its canonical form, the multiplier to apply to the
number and the remaining text. ``read_unit(text)`` reads a whole unit string and also accepts a
measure word it does not know, kept as written: a unit is never why a value is unparsed.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, Optional

import regex

from ..vocabulary import lexicon
from .numbers import ARABIC_RE

_DATA = lexicon("units")
_ONE = Decimal(1)
MONEY_UNIT: str = _DATA["money_unit"]  # what every money unit is converted to
MULTIPLIERS: dict[str, Decimal] = {k: Decimal(v) for k, v in _DATA["multipliers"].items()}
_PER: tuple[str, ...] = tuple(_DATA["compound"]["per"])
_JOINS: tuple[str, ...] = tuple(_DATA["compound"]["joins"])
_JOIN: str = _DATA["compound"]["canonical_join"]
_PER_WORD: str = _DATA["compound"]["per_word"]
_TIME_LAST: dict[str, int] = {u: i + 1 for i, u in enumerate(_DATA["compound"]["time_last"])}
# An unknown measure word: a short run of Han characters, or Latin letters (kept as written).
_OPEN_UNIT = regex.compile(r"\p{Han}{1,%d}|[A-Za-z]{1,5}" % int(_DATA["open_unit_max"]))


class UnitMatch(NamedTuple):
    unit: str | None
    factor: Decimal
    rest: str


@lru_cache(maxsize=1)
def unit_table() -> dict[str, tuple[str | None, Decimal]]:
    """Written unit → (canonical unit, multiplier)."""
    table: dict[str, tuple[str | None, Decimal]] = {}
    for written, canon in _DATA["aliases"].items():
        table[written] = (canon, _ONE)
    for written, canon in _DATA["percent"].items():
        table[written] = (canon, _ONE)
    for written, factor in _DATA["money"].items():
        table[written] = (MONEY_UNIT, Decimal(factor))
    return table


_TABLE = unit_table()
_LENGTHS = sorted({len(k) for k in _TABLE}, reverse=True)


def _simple(text: str) -> UnitMatch | None:
    """The longest known (non-compound) unit at the start of ``text``."""
    hit = _TABLE.get(text)
    if hit is not None:  # the common case: the rest of the cell is exactly a unit
        return UnitMatch(hit[0], hit[1], "")
    n_text = len(text)
    for n in _LENGTHS:
        if n < n_text:
            hit = _TABLE.get(text[:n])
            if hit is not None:
                return UnitMatch(hit[0], hit[1], text[n:])
    return None


def _denominator(text: str) -> Optional[tuple[str, str]]:
    """One per-unit part at the start of ``text``: (its name, the rest).

    A known unit gives its canonical name; a count with a unit (``10万人`` in ``5人/10万人``) and an
    unknown measure word are kept as written.
    """
    if text.startswith(_PER_WORD) and len(text) > 1:
        text = text[len(_PER_WORD):]  # 元/人.每天: 每 repeats the per
    m = ARABIC_RE.match(text)
    if m:
        end = m.end()
        u = match_unit(text[end:], compound=False)
        if u.unit is None:
            return None
        return text[: len(text) - len(u.rest)], u.rest
    s = _simple(text)
    if s is not None and s.unit is not None and s.factor == 1:
        return s.unit, s.rest
    o = _OPEN_UNIT.match(text)
    if o:
        return o.group(0), text[o.end():]
    return None


def _denominators(text: str) -> Optional[tuple[list[str], str]]:
    """``人*月`` / ``月/人`` / ``人·月`` → (["人", "月"], rest)."""
    first = _denominator(text)
    if first is None:
        return None
    dens, rest = [first[0]], first[1]
    while rest[:1] in _JOINS and len(rest) > 1:
        nxt = _denominator(rest[1:])
        if nxt is None:
            break
        dens.append(nxt[0])
        rest = nxt[1]
    return dens, rest


def per_unit(numerator: str, dens: list[str]) -> str:
    """One name for a per-unit unit: ``元`` over 月 and 人 → ``元/人·月`` (time units last)."""
    if len(dens) > 1:
        dens = sorted(dens, key=lambda d: _TIME_LAST.get(d, 0))
    return f"{numerator}/{_JOIN.join(dens)}"


def match_unit(text: str, compound: bool = True) -> UnitMatch:
    """Longest known unit at the start of ``text`` (compound ``元/人`` and ``万人`` included).

    Returns ``UnitMatch(None, factor, rest)`` when no unit is written (a bare 万 gives its factor).
    """
    if not text:
        return UnitMatch(None, _ONE, "")
    factor = _ONE
    m = _simple(text)
    if m is None and text[0] in MULTIPLIERS:
        # 3万人 → 30000 人; a bare 万 / 亿 is a multiplier without a unit.
        factor = MULTIPLIERS[text[0]]
        m = _simple(text[1:])
        if m is None:
            return UnitMatch(None, factor, text[1:])
    if m is None:
        return UnitMatch(None, factor, text)
    unit, f2, rest = m
    factor *= f2
    if compound and unit is not None and len(rest) > 1 and (rest[0] in _PER or ("/" in unit and rest[0] in _JOINS)):
        d = _denominators(rest[1:])
        if d is not None:
            if "/" in unit:  # a per-unit unit of the table (元/人) with more parts: 元/人*月
                num, _, den = unit.partition("/")
                return UnitMatch(per_unit(num, [den, *d[0]]), factor, d[1])
            return UnitMatch(per_unit(unit, d[0]), factor, d[1])
    return UnitMatch(unit, factor, rest)


def read_unit(text: str) -> Optional[tuple[Optional[str], Decimal, list[str]]]:
    """A whole unit string → (unit or None, multiplier, per-unit parts), or None when it is not one.

    ``万元/人`` → (元/人, 10000, []); ``万粒`` → (粒, 10000, []); ``架`` → (架, 1, []) though unknown;
    ``万/月`` → (None, 10000, ["月"]): the per-unit part without a numerator, for the caller to
    complete from the row (money) or the header.
    """
    m = match_unit(text)
    if not m.rest:
        return m.unit, m.factor, []
    if m.unit is None:
        rest = m.rest
        if rest[:1] in _PER and len(rest) > 1:
            d = _denominators(rest[1:])
            if d is not None and not d[1]:
                return None, m.factor, d[0]
            return None
        o = _OPEN_UNIT.fullmatch(rest)
        if o is None:
            # an open measure word with per-unit parts: 6架/次
            o2 = _OPEN_UNIT.match(rest)
            if o2 and rest[o2.end():o2.end() + 1] in _PER:
                d = _denominators(rest[o2.end() + 1:])
                if d is not None and not d[1]:
                    return per_unit(o2.group(0), d[0]), m.factor, []
            return None
        return rest, m.factor, []
    # a known unit followed by more measure word (场次, 个村): the whole word, kept as written
    o = _OPEN_UNIT.fullmatch(text[1:] if m.factor != 1 and text[:1] in MULTIPLIERS else text)
    if o is not None:
        return o.group(0), m.factor, []
    return None


@lru_cache(maxsize=4096)
def canonical_unit(text: str | None) -> tuple[str | None, Decimal]:
    """Canonical unit and multiplier of a whole unit string (a header hint), or (None, 1)."""
    if not text:
        return None, _ONE
    m = match_unit(text)  # known units only: a header's bracket must name a unit we know
    if m.rest:
        return None, _ONE
    return m.unit, m.factor
