"""Dates, deadlines and periods of the value grammar.

Every written form comes from ``data/values.json`` (``dates`` and ``periods``): full dates
(``2024年6月30日``, ``2024.12.31``), months (``2024年6月``, ``12月底``), years (``2024年``), spans in
every written form (``2021年1月-12月``, ``2020年1月--2020年11月``, ``2021.01-2021.12``, 至, ~),
the whole year (``2021年全年``), deadlines (``…前``, ``年底前``, ``12月底到位``) and frequencies
(``每季度1次``, ``1次/月``, ``一年两次``). A month without a year takes the table's year.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from ..vocabulary import fold, lexicon
from .tokens import alternation
from .numbers import CN_DIGITS, CN_UNITS, number

_D = lexicon("values")["dates"]
_P = lexicon("values")["periods"]
_FULL = re.compile(_D["full"])
_MONTH = re.compile(_D["month"])
_DOTTED = re.compile(_D["dotted_month"])
_YEAR = re.compile(_D["year"])
_YEAR_END = re.compile(_D["year_end"])
_WHOLE_YEAR = re.compile(_D["whole_year"])
_YEAR_WITHIN = re.compile(_D["year_within"])
_Y0, _Y1 = _D["year_range"]
_MARKS = frozenset(_D["marks"])
_SPAN_SEPS: list[str] = sorted(_D["span_separators"], key=len, reverse=True)
_SPAN_OPEN: tuple[str, ...] = tuple(_D["span_open"])
_DEADLINE: list[tuple[str, str]] = sorted(_D["deadline_suffix"].items(), key=lambda p: -len(p[0]))
DEADLINE_NAMES: tuple[str, ...] = tuple(_D["deadline_names"])


def _iso(year: Optional[int], month: int, day: Optional[int] = None) -> Optional[str]:
    if year is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _year_of(m: re.Match, year: Optional[int]) -> Optional[int]:
    y = m.group("y")
    return int(y) if y else year


def one_date(s: str, year: Optional[int], dotted: bool = False) -> Optional[tuple[Optional[str], int]]:
    """A whole date expression → (ISO date, or None when its year is unknown; the year it names).

    ``dotted``: also read ``2021.01`` as a month (inside a span or before a deadline word only, where
    it cannot be a decimal number).
    """
    m = _FULL.fullmatch(s)
    if m and (m.group("y") or not s[m.end("m")].isascii()):  # 6.30 alone is a decimal, 6月30日 a date
        y = _year_of(m, year)
        return _iso(y, int(m.group("m")), int(m.group("d"))), y or 0
    m = _MONTH.fullmatch(s)
    if m:
        y = _year_of(m, year)
        return _iso(y, int(m.group("m"))), y or 0
    m = _YEAR_END.fullmatch(s)
    if m:
        y = _year_of(m, year)
        return _iso(y, 12), y or 0
    m = _YEAR.fullmatch(s)
    if m and _Y0 <= int(m.group("y")) <= _Y1:
        return m.group("y"), int(m.group("y"))
    if dotted:
        m = _DOTTED.fullmatch(s)
        if m and _Y0 <= int(m.group("y")) <= _Y1:
            return _iso(int(m.group("y")), int(m.group("m"))), int(m.group("y"))
    return None


def year_in(text: str, whole: bool = False) -> Optional[int]:
    """The year a text names (``2024年度项目支出绩效目标表``, ``(2023年度)``): the first one in it, or,
    with ``whole``, only when the text (brackets aside) is nothing but a year."""
    s = fold(text)
    if whole:
        m = _YEAR.fullmatch(s.strip("()"))
    else:
        m = _YEAR.search(s)
    if m and _Y0 <= int(m.group("y")) <= _Y1:
        return int(m.group("y"))
    return None


def _span(body: str, year: Optional[int]) -> Optional[dict[str, Any]]:
    """``2021年1月-12月``, ``2020年1月--2020年11月``, ``2021.01-2021.12``, ``…至…`` → a date span."""
    for sep in _SPAN_SEPS:
        i = body.find(sep, 1)
        if i < 0:
            continue
        a, b = body[:i], body[i + len(sep):]
        da = one_date(a, year, dotted=True)
        if da is None or da[0] is None:
            continue
        db = one_date(b, da[1] or year, dotted=True)
        if db is not None and db[0] is not None:
            return {"kind": "date", "op": "between", "date": da[0], "date_end": db[0]}
        return None
    return None


def read_date(s: str, year: Optional[int], deadline_name: bool = False) -> Optional[dict[str, Any]]:
    """Fields of a date or deadline Value for ``s``, or None when it is not one.

    ``year``: the table's year, for months written without one; ``deadline_name``: the row names a
    limit (时限, 期限, 截止), so a bare date is a deadline. A recurring one (``每年12月底前``) keeps its
    repetition in ``period``.
    """
    m = _EVERY_PREFIX.match(s)
    if m and m.end() < len(s):
        r = _read_date(s[m.end():], year, deadline_name)
        if r is not None:
            r["period"] = PERIODS[m.group("p")]
        return r
    return _read_date(s, year, deadline_name)


def _read_date(s: str, year: Optional[int], deadline_name: bool) -> Optional[dict[str, Any]]:
    m = _YEAR_WITHIN.fullmatch(s)
    if m:
        y = _year_of(m, year)
        return {"kind": "deadline", "op": "<=", "date": _iso(y, 12)} if y else None
    op = None
    body = s
    for word, o in _DEADLINE:
        if s.endswith(word) and len(s) > len(word):
            op, body = o, s[: -len(word)]
            break
    if body.startswith(_SPAN_OPEN):
        body = body[1:]
    m = _WHOLE_YEAR.fullmatch(body)
    if m and op is None:
        y = _year_of(m, year)
        if y is None:
            return None
        return {"kind": "date", "op": "between", "date": f"{y:04d}-01-01", "date_end": f"{y:04d}-12-31"}
    if op is None:
        span = _span(body, year)
        if span is not None:
            return span
    d = one_date(body, year, dotted=op is not None)
    if d is None:
        return None
    iso = d[0]
    if op is None:
        if not iso or not (_MARKS & set(body) or any(c in body for c in ".-/")):
            return None
        if deadline_name:
            return {"kind": "deadline", "op": "<=", "date": iso}
        return {"kind": "date", "op": "=", "date": iso}
    return {"kind": "deadline", "op": op, "date": iso}


# --------------------------------------------------------------------------- periods

_COUNT = "[0-9" + "".join(CN_DIGITS) + "".join(u for u, n in CN_UNITS.items() if n == 10) + "]+"
_PWORD = alternation(_P["words"])
_TIMES = re.escape(_P["count_unit"])
_EVERY_RE = re.compile(
    rf"(?:{alternation(_P['every'])})(?P<p>{_PWORD})"
    rf"(?:(?:{alternation(_P['at_least'])})?(?P<n>{_COUNT}){_TIMES}(?:{alternation(_P['count_tails'])})?)?"
    rf"(?:{alternation(_P['tails'])})?(?:{alternation(_P['verbs'])})?")
_ONCE_RE = re.compile(rf"(?:{alternation(_P['once'] + _P['every'])})(?P<p>{_PWORD})"
                      rf"(?P<n>{_COUNT}){_TIMES}")
_PER_RE = re.compile(rf"(?P<n>{_COUNT}){_TIMES}/(?P<p>{_PWORD})(?:{alternation(_P['count_tails'])})?")
_BY_ONLY = frozenset(_P["by_only"])
_EVERY_PREFIX = re.compile(rf"(?:{alternation(_P['every'])})(?P<p>{_PWORD})")
PERIODS: dict[str, str] = _P["words"]


def read_period(s: str) -> Optional[dict[str, Any]]:
    """Fields of a period Value (``每季度1次``, ``1次/月``, ``一年两次``, ``按月``), or None.

    The caller strips a comparator first (``不少于2次/年``): a period has no ``op``.
    """
    m = _EVERY_RE.fullmatch(s) or _ONCE_RE.fullmatch(s) or _PER_RE.fullmatch(s)
    if m:
        out: dict[str, Any] = {"kind": "period", "period": PERIODS[m.group("p")]}
        if m.group("n"):
            out.update(value=number(m.group("n")), unit=_P["count_unit"])
        return out
    if s in _BY_ONLY:
        return {"kind": "period", "period": PERIODS[s[1:]]}
    return None
