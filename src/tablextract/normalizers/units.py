"""Canonical units, kept as data (``data/units.json``) so users can extend them.

``match_unit(text)`` finds the longest known unit at the start of ``text`` and
returns its canonical form, the multiplier to apply to the number (money → 元,
万/亿 multipliers) and the remaining text.
"""
from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import NamedTuple


class UnitMatch(NamedTuple):
    unit: str | None
    factor: Decimal
    rest: str


@lru_cache(maxsize=1)
def unit_table() -> dict[str, tuple[str | None, Decimal]]:
    """Written unit → (canonical unit, multiplier)."""
    data = json.loads(resources.files("tablextract.data").joinpath("units.json").read_text("utf-8"))
    table: dict[str, tuple[str | None, Decimal]] = {}
    for written, canon in data["aliases"].items():
        table[written] = (canon, Decimal(1))
    for written, canon in data["percent"].items():
        table[written] = (canon, Decimal(1))
    for written, factor in data["money"].items():
        if written in ("万", "亿"):
            continue  # bare multipliers are handled by match_unit
        table[written] = ("元", Decimal(factor))
    return table


@lru_cache(maxsize=1)
def _by_length() -> list[int]:
    return sorted({len(k) for k in unit_table()}, reverse=True)


MULTIPLIERS = {"万": Decimal(10_000), "萬": Decimal(10_000), "亿": Decimal(100_000_000),
               "億": Decimal(100_000_000), "千": Decimal(1000)}


_TABLE: dict[str, tuple[str | None, Decimal]] = {}
_LENGTHS: list[int] = []
_ONE = Decimal(1)


def _simple(text: str) -> UnitMatch | None:
    if not _TABLE:
        _TABLE.update(unit_table())
        _LENGTHS.extend(_by_length())
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


def units_table_get(text: str) -> tuple[str | None, Decimal] | None:
    """(canonical unit, multiplier) of exactly ``text``, or None (compound and 万-prefixed forms included)."""
    m = _simple(text)
    if m is not None and not m.rest:
        return m.unit, m.factor
    m2 = match_unit(text)
    if m2.unit is not None and not m2.rest:
        return m2.unit, m2.factor
    return None


def match_unit(text: str) -> UnitMatch:
    """Longest unit at the start of ``text`` (compound ``元/人`` and ``万人`` included).

    Returns ``UnitMatch(None, 1, text)`` when no unit is written.
    """
    if not text:
        return UnitMatch(None, _ONE, "")
    factor = _ONE
    rest = text
    m = _simple(rest)
    if m is None and rest[:1] in MULTIPLIERS:
        # 3万人 → 30000 人; a bare 万 / 亿 is a multiplier without a unit.
        factor = MULTIPLIERS[rest[0]]
        rest = rest[1:]
        m = _simple(rest)
        if m is None:
            return UnitMatch(None, factor, rest)
    if m is None:
        return UnitMatch(None, factor, text)
    unit, f2, rest = m
    factor *= f2
    # Compound units: 元/人, 万元/个 → 元/个, 次/年.
    if rest[:1] in ("/", "每") and len(rest) > 1:
        d = _simple(rest[1:])
        if d is not None and d.unit is not None:
            return UnitMatch(f"{unit}/{d.unit}", factor, d.rest)
    return UnitMatch(unit, factor, rest)


@lru_cache(maxsize=4096)
def canonical_unit(text: str | None) -> tuple[str | None, Decimal]:
    """Canonical unit and multiplier of a whole unit string (a header hint), or (None, 1)."""
    if not text:
        return None, _ONE
    m = match_unit(text)
    if m.rest:
        return None, Decimal(1)
    return m.unit, m.factor
