"""Row classification inside an indicator block: structure is not data.

Total rows (合计, 总分, 小计), placeholder rows (``……``), column-number rows (``(1) | (2) | (3)``)
and the template rows after the block (评价结论, 存在问题, 改进措施, 填报说明 …) never become
indicators.  Repeated header rows are recognised by the caller (``columns.is_header``).
"""
from __future__ import annotations

from ..grid import GridCell as Cell
from ..normalizers.values import parse_value
from ..vocabulary import key
from .columns import Columns
from .context import TableContext

DATA, AFTER_BLOCK, TOTAL, PLACEHOLDER, COLUMN_NUMBERS = "data", "after_block", "total", "placeholder", "column_numbers"


def row_kind(ctx: TableContext, cols: Columns, cells: list[Cell]) -> str:
    """What a row of the indicator block is: data, or one of the structure kinds above."""
    vocab = ctx.vocab
    if not cells:
        return PLACEHOLDER
    texts = [key(c.text) for c in cells]
    if all(vocab.pattern("placeholder").match(t) for t in texts):
        return PLACEHOLDER
    first = texts[0].rstrip(":")
    level_cols = [k for k in (cols.col_of("level1"), cols.col_of("level2"), cols.col_of("name")) if k is not None]
    if cells[0].col <= min(level_cols, default=0) and not vocab.is_level(texts[0]) and (
            any(first.startswith(w) for w in vocab.block_words("after_block_labels"))
            or vocab.pattern("after_block_label").search(first)):
        return AFTER_BLOCK
    total = vocab.pattern("total_row")
    if total.match(texts[0]):
        return TOTAL  # 总分 | 100 | 96 | 优: the row's first cell says it (a grade may follow)
    totals = [t for t in texts if total.match(t)]
    if totals and all(vocab.pattern("total_row").match(t) or vocab.pattern("placeholder").match(t)
                      or parse_value(t).kind in ("number", "empty") for t in texts):
        return TOTAL
    if len(texts) >= 2 and all(vocab.pattern("column_number_row").match(t) for t in texts):
        return COLUMN_NUMBERS
    return DATA
