"""The tokenising pass of the value grammar: one folded copy of the cell text and one set of
flags saying which readers can apply, so each string is probed only by the readers it can match.

The flags are decided per character from the grammar's own words (``data/values.json``): a string
without a date mark never reaches the date reader, one without a change verb's first character
never reaches the change reader, and so on.
"""
from __future__ import annotations

import regex

from ..vocabulary import fold, lexicon, strip_echoes
from .numbers import CN_CHARS

_V = lexicon("values")

DIGIT = 1        # an Arabic digit
CNUM = 2         # a Chinese numeral character
DATE = 4         # a date mark (年, 月, 底 …)
PERIOD = 8       # a frequency word's first character (每, 按, 次 …)
RANGE = 16       # a range separator or bound (-, ~, 至, ±, 且 …)
CHANGE = 32      # a change verb's first character (增, 降, 提 …)
SEP = 64         # a date separator (. - /) that may join a dotted date
HAN = 128        # any CJK character


def _bits() -> dict[str, int]:
    bits: dict[str, int] = {}

    def add(chars, flag: int) -> None:
        for ch in chars:
            bits[ch] = bits.get(ch, 0) | flag

    add("0123456789", DIGIT)
    add(CN_CHARS, CNUM)
    add(_V["dates"]["marks"], DATE)
    p = _V["periods"]
    add([w[0] for w in p["every"] + p["once"]] + [p["count_unit"]], PERIOD)
    r = _V["range"]
    add("".join(r["separators"]) + r["plus_minus"] + "".join(r["joins"]) + "".join(r["close"]), RANGE)
    c = _V["change"]
    add([w[0] for w in c["increase"] + c["decrease"] + list(c["to_level"])], CHANGE)
    add(".-/", SEP)
    for ch in bits:
        if _HAN_RE.match(ch):
            bits[ch] |= HAN
    return bits


_HAN_RE = regex.compile(r"\p{Han}")
_BITS = _bits()
for _cp in [*range(0x3400, 0xA000), *range(0xF900, 0xFB00)]:  # every CJK character is HAN
    _BITS.setdefault(chr(_cp), HAN)
_GET = _BITS.get


def alternation(words) -> str:
    """One regex alternation of literal words from the data, longest first (the longest written form wins)."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def prepare(text: str) -> str:
    """The matching form of a value: folded (NFKC, no whitespace, simplified) and web-mirror pinyin
    echoes (``5個(gè)`` → ``5个``) removed. The caller keeps ``raw`` as written."""
    return strip_echoes(fold(text))


def scan(s: str) -> int:
    """The reader flags of a prepared string: one pass over its characters."""
    flags = 0
    for ch in s:
        flags |= _GET(ch, 0)
    return flags

