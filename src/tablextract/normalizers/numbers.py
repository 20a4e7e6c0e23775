"""Numbers as written in budget tables: Arabic (with separators; full-width already folded by NFKC)
and Chinese numerals, the abbreviated spoken forms included (一万二 = 12000, 三千五 = 3500,
一百一 = 110). The numeral characters come from ``data/values.json``.

All functions are pure and return :class:`~decimal.Decimal` (exact) or None.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..vocabulary import lexicon

_NUMERALS = lexicon("values")["numerals"]
CN_DIGITS: dict[str, int] = _NUMERALS["digits"]
CN_UNITS: dict[str, int] = _NUMERALS["units"]
CN_BIG: dict[str, int] = _NUMERALS["big"]
CN_POINT: str = _NUMERALS["point"]
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(CN_BIG) + CN_POINT
_ZERO = min(CN_DIGITS, key=lambda c: (CN_DIGITS[c], c))  # the character that breaks an abbreviation

ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
ARABIC_RE = re.compile(ARABIC)
_ONE = Decimal(1)


def arabic(text: str) -> Decimal | None:
    """``"1,234.50"`` → Decimal('1234.50'); None when not a plain Arabic number."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def chinese(text: str) -> Decimal | None:
    """Chinese numerals (``三``, ``十二``, ``一百二十``, ``两万``, ``三点五``, ``一万二``) → Decimal.

    A digit right after a unit, ending the numeral, counts in the next lower unit as speech does:
    ``一万二`` is 12000, ``三千五`` 3500, ``一百一`` 110 (``一万零二`` stays 10002).
    Returns None when ``text`` is not entirely a Chinese numeral.
    """
    if not text or any(ch not in CN_CHARS for ch in text):
        return None
    if CN_POINT in text:
        whole, _, frac = text.partition(CN_POINT)
        w = chinese(whole) if whole else Decimal(0)
        if w is None or not frac or any(ch not in CN_DIGITS for ch in frac):
            return None
        return w + Decimal("0." + "".join(str(CN_DIGITS[c]) for c in frac))
    # Digit strings without units: 二〇二四 → 2024.
    if len(text) > 1 and all(ch in CN_DIGITS for ch in text):
        return Decimal("".join(str(CN_DIGITS[c]) for c in text))
    total = 0
    section = 0
    digit = None
    last_unit = 0  # the unit just before the current digit (0: none, or a 零 came between)
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row without a unit: not a numeral
            digit = CN_DIGITS[ch]
            if ch == _ZERO or digit == 0:
                last_unit = 0
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
            last_unit = CN_UNITS[ch]
        else:  # 万 / 亿
            big = CN_BIG[ch]
            section += digit or 0
            digit = None
            if big > 10_000:
                total = (total + section) * big
            else:
                total += section * big
            section = 0
            last_unit = big
    if digit and last_unit >= 100:
        # 一万二, 三千五, 一百一: the trailing digit is in the next lower unit.
        return Decimal(total + section) + Decimal(digit) * last_unit / 10
    section += digit or 0
    return Decimal(total + section)


def number(text: str) -> Decimal | None:
    """An Arabic or Chinese number, or None."""
    if not text:
        return None
    if text[0].isdigit() or text[0] == ".":
        m = ARABIC_RE.fullmatch(text)
        return arabic(text) if m else None
    return chinese(text)


def normal(d: Decimal) -> Decimal:
    """Drop trailing zeros of the exponent without scientific notation surprises."""
    if d.as_tuple().exponent >= 0:  # type: ignore[operator]
        return d
    if d == d.to_integral_value():
        return d.quantize(_ONE)
    return d.normalize()
