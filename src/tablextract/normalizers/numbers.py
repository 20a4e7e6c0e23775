"""Numbers as written in budget tables: Arabic (with separators, full-width
already folded by NFKC), Chinese numerals, 百分之N, N成, N折, fractions.

All functions are pure and return :class:`~decimal.Decimal` (exact) or None.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3,
             "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
             "九": 9, "玖": 9}
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(CN_BIG) + "点"

ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
ARABIC_RE = re.compile(ARABIC)
CN_NUM_RE = re.compile(f"[{CN_CHARS}]+")


def arabic(text: str) -> Decimal | None:
    """``"1,234.50"`` → Decimal('1234.50'); None when not a plain Arabic number."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def chinese(text: str) -> Decimal | None:
    """Chinese numerals (``三``, ``十二``, ``一百二十``, ``两万``, ``三点五``) → Decimal.

    Returns None when ``text`` is not entirely a Chinese numeral.
    """
    if not text or any(ch not in CN_CHARS for ch in text):
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = chinese(whole) if whole else Decimal(0)
        if w is None or not frac or any(ch not in CN_DIGITS for ch in frac):
            return None
        return w + Decimal("0." + "".join(str(CN_DIGITS[c]) for c in frac))
    # Digit strings without units: 二〇二四 → 2024.
    if all(ch in CN_DIGITS for ch in text) and len(text) > 1:
        return Decimal("".join(str(CN_DIGITS[c]) for c in text))
    total = 0
    section = 0
    digit = None
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row without a unit: not a numeral
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            big = CN_BIG[ch]
            section += digit or 0
            digit = None
            if big == 100_000_000:
                total = (total + section) * big
            else:
                total += section * big
            section = 0
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
