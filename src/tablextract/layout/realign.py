"""Shift repair for grids that may be shifted (text exports, CSV, unruled PDFs).

A row whose cells do not fit the header's columns is read in order — level-1 name,
level-2 name, indicator name, then the value columns — and gets a ``realigned_row``
warning.  Exact grids never come here.
"""
from __future__ import annotations

from typing import Optional

from ..grid import GridCell as Cell
from ..vocabulary import key
from ..normalizers.values import parse_value
from .columns import VALUE_LIKE, VALUE_ROLES, Columns, value_like
from .context import TableContext


def misaligned(ctx: TableContext, cols: Columns, cells: list[Cell]) -> bool:
    """Do the row's cells sit outside the columns their content belongs to?"""
    vocab = ctx.vocab
    number = vocab.pattern("indicator_number")
    for c in cells:
        role = cols.roles.get(c.col)
        text = c.text.strip()
        if role is None:
            if c.col in cols.label_cols and vocab.section_of(text) == "indicators":
                continue
            return True  # text outside the header's columns
        if vocab.section_of(text) == "indicators":
            return True  # 绩效指标 inside the block's columns: the row moved right
        if role.startswith("twin_") or role == "context":
            continue
        if role in ("level1", "level2"):
            if number.match(text) or value_like(text):
                return True
            if role == "level1" and vocab.level2_canonical(text) and not vocab.level1_canonical(text):
                return True
            if role == "level2" and vocab.level1_canonical(text) and not vocab.level2_canonical(text):
                return True
        elif role == "name":
            # A full level name (…指标) is no indicator name; a bare 满意度 may well be one.
            if parse_value(text).kind in VALUE_LIKE | {"trend"} or (vocab.is_level(text) and key(text).endswith("指标")):
                return True
        elif role in VALUE_ROLES:
            if number.match(text) or vocab.is_level(text):
                return True
    # Shifted left by one: the name sits in the level-2 column, the value in the name
    # column, and the value columns are empty.
    name_col, l2_col = cols.col_of("name"), cols.col_of("level2")
    if name_col is not None and l2_col is not None:
        by_col = {c.col: c for c in cells}
        l2 = by_col.get(l2_col)
        values_empty = not any(c.col in cols.value_cols for c in cells)
        if (values_empty and l2 is not None and name_col in by_col and max(by_col) == name_col
                and not vocab.is_level(l2.text)):
            return True
    return False


def _bare_number(text: str) -> bool:
    v = parse_value(text)
    return v.kind == "number" and v.unit is None and v.op in (None, "=")


def realign(ctx: TableContext, cols: Columns, row: int, cells: list[Cell]
            ) -> tuple[Optional[Cell], Optional[Cell], dict[str, Cell]]:
    """Read a shifted row in order: (level-1 cell, level-2 cell, picked role → cell)."""
    vocab = ctx.vocab
    number = vocab.pattern("indicator_number")
    seq = [c for c in cells if vocab.section_of(c.text) != "indicators"]
    ctx.use(*[c for c in cells if c not in seq])
    l1 = l2 = None
    name: Optional[Cell] = None
    i = 0
    while i < len(seq) and name is None:
        c = seq[i]
        t = c.text
        nxt = seq[i + 1].text if i + 1 < len(seq) else ""
        is1, is2 = vocab.level1_canonical(t) is not None, vocab.level2_canonical(t) is not None
        if number.match(t):
            name = c
        elif is1 and l1 is None and l2 is None and (not is2 or vocab.is_level(nxt)):
            l1 = c
        elif is2 and l2 is None:
            l2 = c
        elif (l2 is not None and key(t) == key(l2.text)) or (l1 is not None and key(t) == key(l1.text)):
            ctx.use(c)  # the export repeated a merged label
        elif _bare_number(t):
            break  # a code or count where the name should be: the row cannot be explained (no indicator)
        else:
            name = c
        i += 1
    picked: dict[str, Cell] = {}
    if name is not None:
        picked["name"] = name
    values = seq[i:]
    vcols = cols.value_cols
    for k, c in enumerate(values):
        if k < len(vcols):
            role = cols.roles[vcols[k]]
            picked[role if role != "extra" else f"extra:{vcols[k]}"] = c
        else:
            ctx.warn("unplaced_cell", f"cell “{c.text}” does not fit the indicator columns", cell=c)
    ctx.warn("realigned_row", f"row {ctx.src_row(row)}: cells shifted out of their columns were realigned",
             row=row)
    return l1, l2, picked
