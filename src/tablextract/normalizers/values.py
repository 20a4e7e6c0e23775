"""The Value builder: cell text (and the row's context) → typed :class:`~tablextract.models.Value`.

``parse_value`` never raises and never alters ``raw``. Anything it cannot read with confidence is
typed ``unparsed`` and carries an issue code so that the caller records a warning.

One tokenising pass (:mod:`.tokens`) folds the text and decides which readers can apply; the
readers live in :mod:`.dates` (dates, deadlines, periods) and :mod:`.quantities` (numbers with
units, ranges, changes, trends). Words come from ``data/values.json`` and ``data/units.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from ..models import Value
from ..vocabulary import fold, lexicon, strip_echoes
from . import tokens as T
from .dates import DEADLINE_NAMES, read_date, read_period
from .quantities import PREFIX_OPS, read_change, read_number, read_range, read_trend, strip_prefix_op
from .units import canonical_unit

_V = lexicon("values")


@dataclass(frozen=True)
class ValueContext:
    """What the row around a value cell says about it (the layout fills it in).

    ``year``: the table's year, for dates written without one; ``money``: the row is about money
    (also found from money words in ``name``/``header``: 成本, 资金, 经费, 补助 …); ``name``: the
    indicator name (是/否 questions, bounded rates, 时限 deadlines, a name echoed in the cell);
    ``header``: the labels above the value (level-1/level-2 labels, the column header).
    """

    year: Optional[int] = None
    money: bool = False
    name: Optional[str] = None
    header: Optional[str] = None


_NO_CONTEXT = ValueContext()
_B = _V["boolean"]
_YES = frozenset(_B["yes"])
_NO = frozenset(_B["no"])
_ALWAYS: dict[str, bool] = _B["always"]
_BOUNDED_RATE = re.compile(_V["names"]["bounded_rate"])
_MONEY_WORDS = tuple(_V["names"]["money"])
_UNIT_IN_NAME = re.compile(_V["names"]["unit_in_brackets"])
_ECHO_LABEL_ENDS = tuple(_V["names"]["echo_label_ends"])


def is_yes_no_name(name: Optional[str]) -> bool:
    """Whether an indicator name asks a yes/no question (``…(是/否)``, ``是否…``)."""
    if not name:
        return False
    n = fold(name)
    return any(w in n for w in _B["name_marks"]) or n.endswith(tuple(_B["name_ends"]))


def is_bounded_rate(name: Optional[str]) -> bool:
    """Whether an indicator name is a rate that cannot exceed 100 % (合格率, 满意度, 覆盖率 …)."""
    return bool(name and _BOUNDED_RATE.search(name))


class _Row:
    """What a ValueContext means for the grammar (derived once per context)."""

    __slots__ = ("year", "yes_no", "bounded", "money", "deadline", "name")

    def __init__(self, ctx: ValueContext):
        name = fold(ctx.name) if ctx.name else ""
        labels = name + " " + (fold(ctx.header) if ctx.header else "")
        self.year = ctx.year
        self.name = name
        self.yes_no = is_yes_no_name(ctx.name)
        self.bounded = is_bounded_rate(ctx.name)
        self.money = ctx.money or any(w in labels for w in _MONEY_WORDS)
        self.deadline = any(w in labels for w in DEADLINE_NAMES)


@lru_cache(maxsize=1024)
def _row(ctx: ValueContext) -> _Row:
    return _Row(ctx)


# --------------------------------------------------------------------------- the grammar

_EMPTY_MARKS = frozenset(_V["empty_marks"])
_EMPTY_CHARS: str = _V["empty_chars"]
_QUALITATIVE = frozenset(_V["qualitative"])
_SENTENCE: int = _V["sentence_min_han"]
_BASIS = _V["basis"]
_BASIS_RE = re.compile(r"^(.+?)\(([^()]*)\)$")
_NUMBERS = re.compile(r"\d+(?:\.\d+)?%?")
# Comparators written as symbols: where a label glued before a value ends (合格率≥98%).
_OP_SYMBOLS = frozenset(w[0] for w in PREFIX_OPS if not T.scan(w[0]) & T.HAN)
_UNPARSED = {"kind": "unparsed", "_issue": "unparsed_value"}
_SUSPECT = {"kind": "unparsed", "_issue": "suspect_value"}
_EMPTY = {"kind": "empty"}


def _looks_glued(s: str, unit: Optional[str]) -> bool:
    """88100 next to a % column: two percentages run together by a bad export."""
    if not s.isdigit() or len(s) < 4 or unit not in (None, "%"):
        return False
    if unit is None and len(s) < 5:
        return False
    for i in range(2, len(s) - 1):
        a, b = s[:i], s[i:]
        if b[0] != "0" and 50 <= int(a) <= 100 and 50 <= int(b) <= 100:
            return True
    return False


def _basis(s: str) -> Optional[tuple[str, str]]:
    """``≥85分(满意度)`` → (``≥85分``, ``满意度``): a note in brackets after a value that is a number
    or date (not a unit, not 含/不含)."""
    bm = _BASIS_RE.match(s)
    if bm is None:
        return None
    body, note = bm.group(1), bm.group(2)
    nf = T.scan(note)
    if nf & T.DIGIT or not nf & T.HAN or note in _BASIS["not_basis"] or canonical_unit(note)[0] is not None:
        return None
    if any(w in note for w in _BASIS["contains"]) or note in _BASIS["exact"] or T.scan(body) & (T.DIGIT | T.CNUM):
        return body, note
    return None


def _quantity(s: str, flags: int, hint: Optional[str], row: _Row) -> Optional[dict[str, Any]]:
    """Number, change or range: the readers the flags allow, cheapest first."""
    r = read_number(s, hint, row.money)
    if r is None and flags & T.CHANGE:
        r = read_change(s, hint, row.money)
    if r is None and flags & T.RANGE:
        r = read_range(s, hint, row.money)
    return r


def _echoed(s: str, row: _Row) -> Optional[str]:
    """``合格率≥98%`` → ``≥98%``: the indicator's name (or a rate label) echoed before the value."""
    for i, ch in enumerate(s):
        if ch in _OP_SYMBOLS:
            label = s[:i]
            if i and T.scan(label) == T.HAN and (label in row.name or label.endswith(_ECHO_LABEL_ENDS)):
                return s[i:]
            return None
    return None


_PLAIN_ROW = _Row(_NO_CONTEXT)


@lru_cache(maxsize=65536)
def _parse(text: str, unit_hint: Optional[str], ctx: ValueContext) -> dict[str, Any]:
    """Fields of the Value for ``text`` (cached; callers must not mutate the result)."""
    return _read(text, unit_hint, ctx)


def _read(text: str, unit_hint: Optional[str], ctx: ValueContext) -> dict[str, Any]:
    """Fields of the Value for ``text``: one tokenising pass, then only the readers it allows."""
    row = _PLAIN_ROW if ctx is _NO_CONTEXT else _row(ctx)
    s = T.prepare(text)
    # 无 is empty, except as the answer to a yes/no name
    if (s in _EMPTY_MARKS and not (row.yes_no and s in _NO)) or not s.strip(_EMPTY_CHARS):
        return _EMPTY
    out: dict[str, Any] = {}
    if s[-1] == ")":
        b = _basis(s)
        if b is not None:
            s, out["basis"] = b
    if s in _ALWAYS or (row.yes_no and (s in _YES or s in _NO)):
        out.update(kind="boolean", boolean=_ALWAYS.get(s, s in _YES))
        return out
    flags = T.scan(s)
    if flags & T.DATE or (flags & T.SEP and s[:4].isdigit()):
        r = read_date(s, row.year, row.deadline)
        if r:
            out.update(r)
            return out
    if flags & T.PERIOD:
        r = read_period(strip_prefix_op(s)[1])
        if r:
            out.update(r)
            return out
    if flags & (T.DIGIT | T.CNUM):
        hint = fold(unit_hint) if unit_hint else None
        if flags & T.DIGIT and _looks_glued(s, canonical_unit(hint)[0] if hint else None):
            return _SUSPECT
        r = _quantity(s, flags, hint, row)
        if r is None and flags & T.HAN:
            e = _echoed(s, row)
            if e is not None:
                r = _quantity(e, T.scan(e), hint, row)
        if r is not None:
            if (row.bounded and r["kind"] == "number" and r.get("unit") == "%" and r.get("value") is not None
                    and r["value"] > 100):
                return _SUSPECT
            out.update(r)
            return out
    if not flags & T.DIGIT:
        r = read_trend(s)
        if r:
            out.update(r)
            return out
        if s in _QUALITATIVE or flags & T.HAN:
            out.update(kind="qualitative", text=strip_echoes(text.strip()))
            return out
    if flags & T.HAN and sum(1 for ch in s if T.scan(ch) & T.HAN) >= _SENTENCE:
        # a sentence with numbers in it (第一年按总投资额返本20%,分红按8%分红): text, no number guessed
        out.update(kind="qualitative", text=strip_echoes(text.strip()))
        return out
    return _SUSPECT if len(_NUMBERS.findall(s)) > 1 or "=" in s else _UNPARSED


def parse_value_checked(text: str | None, context: ValueContext | None = None, *,
                        unit_hint: str | None = None) -> tuple[Value, Optional[str]]:
    """:func:`parse_value` plus the warning code it calls for (``unparsed_value``/``suspect_value``)."""
    raw = "" if text is None else str(text)
    ctx = context or _NO_CONTEXT
    if unit_hint:
        unit_hint = fold(unit_hint).strip("()")
    elif ctx.name:
        unit_hint = unit_from_name(ctx.name)
    try:
        fields = _parse(raw, unit_hint or None, ctx)
    except Exception:  # the grammar must never stop an extraction
        fields = _UNPARSED
    return _make_value(raw, fields), fields.get("_issue")


_BLANK = dict.fromkeys(Value.model_fields)
_ALL_SET = set(Value.model_fields)
_new = Value.__new__
_set = object.__setattr__  # shared: every field is set, so pydantic's adds change nothing


def _make_value(raw: str, fields: dict[str, Any]) -> Value:
    """A Value from fields the grammar produced (already valid): no validation pass, it is the hot path."""
    d = _BLANK.copy()
    d.update(fields)
    if "_issue" in d:
        del d["_issue"]
    d["raw"] = raw
    v = _new(Value)
    _set(v, "__dict__", d)
    _set(v, "__pydantic_fields_set__", _ALL_SET)
    _set(v, "__pydantic_extra__", None)
    _set(v, "__pydantic_private__", None)
    return v


def parse_value(text: str | None, context: ValueContext | None = None, *, unit_hint: str | None = None) -> Value:
    """Type one 指标值 / amount cell.

    ``context``: what the row says (:class:`ValueContext`: table year, money row, indicator name,
    header); ``unit_hint``: the unit a header or unit column gives (``%``, ``万元``). Never raises;
    what it cannot read is ``kind="unparsed"`` with ``raw`` kept.
    """
    return parse_value_checked(text, context, unit_hint=unit_hint)[0]


def unit_from_name(name: str) -> Optional[str]:
    """The unit an indicator name gives in brackets: ``满意度(%)`` → ``%``, ``数量(个)`` → ``个``."""
    m = _UNIT_IN_NAME.search(fold(name))
    if not m:
        return None
    u, _f = canonical_unit(m.group(1))
    return m.group(1) if u else None


def comparator_read_as_digits(value: Value, other: Value) -> bool:
    """Whether ``value`` looks like ``other`` with its comparator misread as digits.

    OCR reads ``≥`` as ``2`` or ``22``: a plain ``2280次`` beside ``≥80次`` in the other
    value column of the same indicator.  Only flags; the caller keeps the value as read.
    """
    if value.kind != "number" or other.kind != "number" or value.op != "=" or other.op in (None, "="):
        return False
    if value.unit != other.unit or value.value is None or other.value is None:
        return False
    a, b = format(value.value, "f"), format(other.value, "f")
    return a != b and a.endswith(b) and len(a) - len(b) <= 2 and a[: len(a) - len(b)].isdigit()
