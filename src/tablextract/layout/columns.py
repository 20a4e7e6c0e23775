"""Column roles of an indicator block: which column holds level-1, level-2, the name, the values.

Header words decide first (through the vocabulary, which undoes what real pages do to
headers); where a header is unknown, cut or missing, the cells below decide.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..grid import GridCell as Cell
from ..normalizers.values import parse_value
from ..vocabulary import key
from .context import TableContext, label

VALUE_ROLES = ("value", "annual_value", "actual")
VALUE_LIKE = {"number", "range", "change", "period", "date", "deadline", "boolean"}


def value_like(text: str) -> bool:
    """Does the cell type as a target/actual value (a number, range, date …), not as prose?"""
    return parse_value(text).kind in VALUE_LIKE


def is_header(ctx: TableContext, cells: list[Cell]) -> bool:
    """An indicator header row: a name column and a value or level-1 column."""
    roles = [ctx.vocab.indicator_role(c.text) for c in cells]
    return "name" in roles and ("value" in roles or "level1" in roles or "annual_value" in roles)


@dataclass
class Columns:
    """Column → role, the headers as written, and the columns of section labels (绩效指标)."""

    roles: dict[int, str] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    label_cols: set[int] = field(default_factory=set)

    def col_of(self, role: str) -> Optional[int]:
        for k, r in self.roles.items():
            if r == role:
                return k
        return None

    @property
    def value_cols(self) -> list[int]:
        """Columns right of the name column, in order (where realigned values go)."""
        name_col = self.col_of("name")
        return [k for k in sorted(self.roles) if name_col is not None and k > name_col]

    def header(self, col: int, fallback: str) -> str:
        return self.headers.get(col) or fallback


def read_header(ctx: TableContext, cells: list[Cell], below: Optional[list[Cell]] = None) -> tuple[Columns, bool]:
    """Map header columns to roles; the bool says ``below`` was a sub-header row read too."""
    cols = Columns()
    roles = cols.roles
    twin = False
    for c in cells:
        role = ctx.vocab.indicator_role(c.text)
        if ctx.vocab.section_of(c.text) == "indicators" and role is None:
            cols.label_cols.update(range(c.col, c.col + c.colspan))
            ctx.use(c)
            continue
        cols.headers[c.col] = label(c.text)
        ctx.use(c)
        if role == "level1" and "level1" in roles.values():
            twin = True  # a second block side by side (中期目标 | 年度目标)
        if twin and role in ("level1", "level2", "name"):
            roles[c.col] = f"twin_{role}"
        elif twin and role == "value":
            roles[c.col] = "annual_value"
        elif role is None:
            roles[c.col] = "extra"
        elif role == "context":
            roles[c.col] = role  # several context columns (单位名称, 项目名称, 预算数, 年度目标)
        elif role in roles.values() and role in ("value", "annual_value"):
            roles[c.col] = "annual_value" if role == "value" else "extra"
        elif role in roles.values():
            roles[c.col] = "extra"
        else:
            roles[c.col] = role
    # One value column per place (甲村 | 乙村 | 丙村) and no 指标值 header: the first is the value,
    # the others stay in extra.  Graded columns (优 | 良 | 中 | 差) are all extra.
    name_col = cols.col_of("name")
    after = [k for k in sorted(roles) if name_col is not None and k > name_col]
    if name_col is not None and not any(roles[k] in VALUE_ROLES for k in after) and after \
            and roles[after[0]] == "extra" and not ctx.vocab.pattern("grade_header").match(key(cols.headers.get(after[0], ""))):
        roles[after[0]] = "value"
    first = min(roles) if roles else 0
    cols.label_cols.update(k for k in range(first) if k not in roles)
    return cols, _sub_header(ctx, cols, cells, below or [])


def _sub_header(ctx: TableContext, cols: Columns, cells: list[Cell], below: list[Cell]) -> bool:
    """指标值 spanning two columns with ``2021年实际 | 2022年预期`` below: the expected one is the value."""
    if len(below) < 2:
        return False
    # A header's columns reach to the next header (text exports print a merged cell once).
    starts = sorted(c.col for c in cells)
    width = max(ctx.grid.n_cols, max((x.col + 1 for x in below), default=0))
    reach = {c.col: (starts[starts.index(c.col) + 1] if c is not cells[-1] and starts.index(c.col) + 1 < len(starts)
                     else width) for c in cells}
    spans = [c for c in cells if cols.roles.get(c.col) in VALUE_ROLES and reach[c.col] - c.col > 1]
    if not spans:
        return False
    inside = lambda x: any(s.col <= x.col < reach[s.col] for s in spans)  # noqa: E731
    if not all(inside(x) for x in below):
        return False
    target_word = ctx.vocab.pattern("target_subheader")
    for s in spans:
        subs = [x for x in below if s.col <= x.col < reach[s.col]]
        target = [x for x in subs if target_word.search(key(x.text))] or subs[-1:]
        role = cols.roles.pop(s.col)
        for x in subs:
            cols.headers[x.col] = label(x.text)
            cols.roles[x.col] = role if x is target[-1] else "extra"
        ctx.use(*subs)
    return True
