"""Integer attributes of office markup (spans, outline levels, row numbers), read strictly:
a value that is not a whole number in range is a damaged file, never a crash."""
from __future__ import annotations

from typing import Optional

from ..errors import TablextractError

_MAX_DIGITS = 15  # no attribute a reader uses needs more (row numbers past any budget are too_large later)


def int_attr(value: Optional[str], default: int, what: str, low: int = 0) -> int:
    """``value`` as an int ≥ ``low`` (``default`` when absent); ``corrupt`` otherwise."""
    if value is None:
        return default
    text = str(value).strip()
    if not text.lstrip("+-").isdigit() or len(text) > _MAX_DIGITS or not text.isascii():
        raise TablextractError("corrupt", f"{what} “{text[:20]}” is not a whole number")
    n = int(text)
    if n < low:
        raise TablextractError("corrupt", f"{what} {n} is out of range")
    return n
