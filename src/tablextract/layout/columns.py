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
    unknown: set[int] = field(default_factory=set)  # columns whose header says nothing known (cells decide)

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


def _from_above(ctx: TableContext, cells: list[Cell], above: list[Cell]) -> list[Cell]:
    """Header cells of the row above that name columns the header row leaves open (a two-row header:
    ``绩效指标 | 年度指标值 | 实际完成值 | 分值`` over ``一级指标 | … | 度量单位``).

    Exact grids: the cell spans down into the header row.  Others: the row above is itself header-like
    and the header row has nothing in that column.  Only columns right of the header row's first cell.
    """
    if not cells or not above:
        return []
    row, first = cells[0].row, min(c.col for c in cells)
    taken = {k for c in cells for k in range(c.col, c.col + c.colspan)}
    if not ctx.grid.exact and not any(ctx.vocab.indicator_role(c.text) not in (None, "context") for c in above):
        return []
    heads = [c for c in above if c.col > first and c.col not in taken
             and (not ctx.grid.exact or c.row + c.rowspan > row)]
    # Group labels over columns the header row names itself (年度指标值 over 指标性质 | 指标值 | 度量单位)
    # are recognised headers too.
    ctx.use(*[c for c in above if c not in heads and ctx.vocab.indicator_role(c.text) not in (None, "context")])
    return heads


def read_header(ctx: TableContext, cells: list[Cell], below: Optional[list[Cell]] = None,
                body: Optional[list[int]] = None, above: Optional[list[Cell]] = None) -> tuple[Columns, bool]:
    """Map header columns to roles; the bool says ``below`` was a sub-header row read too.

    Header words decide first (with the row ``above`` where it heads columns the header row leaves
    open); then the cells of ``body`` (the block's rows) give a role to the columns whose header says
    nothing (:func:`infer_roles`).
    """
    cols = Columns()
    roles = cols.roles
    twin = False
    for c in sorted([*cells, *_from_above(ctx, cells, above or [])], key=lambda c: c.col):
        role = ctx.vocab.indicator_role(c.text)
        if ctx.vocab.section_of(c.text) == "indicators" and role is None:
            cols.label_cols.update(range(c.col, c.col + c.colspan))
            ctx.use(c)
            continue
        cols.headers[c.col] = label(c.text)
        ctx.use(c)
        if role in ("level1", "level2", "name") and role in roles.values() and (
                role == "level1" or any(r in VALUE_ROLES for r in roles.values())):
            twin = True  # a second block side by side (中期目标 | 年度目标; 二级指标(长期) … 二级指标(年度))
        if twin and role in ("level1", "level2", "name"):
            roles[c.col] = f"twin_{role}"
        elif twin and role == "value":
            roles[c.col] = "annual_value"
        elif role is None:
            roles[c.col] = "extra"
            cols.unknown.add(c.col)
        elif role == "context":
            roles[c.col] = role  # several context columns (单位名称, 项目名称, 预算数, 年度目标)
        elif role in roles.values() and role in ("value", "annual_value"):
            roles[c.col] = "annual_value" if role == "value" else "extra"
        elif role in roles.values():
            roles[c.col] = "extra"
        else:
            roles[c.col] = role
    first = min(roles) if roles else 0
    cols.label_cols.update(k for k in range(first) if k not in roles)
    consumed = _sub_header(ctx, cols, cells, below or [])
    if body:
        rows = body[1:] if consumed and below and body[0] == below[0].row else body
        for what in infer_roles(ctx, cols, rows):
            ctx.warn("column_role_from_content", f"{what}: read from its cells (header not understood)",
                     row=cells[0].row, severity="info")
    return cols, consumed


def _sub_header(ctx: TableContext, cols: Columns, cells: list[Cell], below: list[Cell]) -> bool:
    """A second header row under header cells that span several columns.

    Under a value header (指标值 over ``2021年实际 | 2022年预期``) the expected one is the value and the
    others go to extra; under any other header (评价标准 over ``优 | 良 | 中 | 差``) each sub-header
    names its own column.
    """
    if len(below) < 2 or any(value_like(x.text) or ctx.vocab.is_level(x.text) for x in below):
        return False
    # A header's columns reach to the next header (text exports print a merged cell once).
    starts = sorted(c.col for c in cells)
    width = max(ctx.grid.n_cols, max((x.col + 1 for x in below), default=0))
    reach = {c.col: (starts[starts.index(c.col) + 1] if c is not cells[-1] and starts.index(c.col) + 1 < len(starts)
                     else width) for c in cells}
    spans = [c for c in cells if reach[c.col] - c.col > 1 and c.col not in cols.label_cols]
    if not spans:
        return False
    inside = lambda x: any(s.col <= x.col < reach[s.col] for s in spans)  # noqa: E731
    if not all(inside(x) for x in below):
        return False
    target_word = ctx.vocab.pattern("target_subheader")
    for s in spans:
        subs = [x for x in below if s.col <= x.col < reach[s.col]]
        if not subs:
            continue
        role = cols.roles.pop(s.col, "extra")
        target = [x for x in subs if target_word.search(key(x.text))] or subs[-1:]
        for x in subs:
            cols.headers[x.col] = label(x.text)
            cols.unknown.discard(x.col)
            if role in VALUE_ROLES:
                cols.roles[x.col] = role if x is target[-1] else "extra"
            else:
                own = ctx.vocab.indicator_role(x.text)
                cols.roles[x.col] = own if own and own not in cols.roles.values() else "extra"
        ctx.use(*subs)
    return True


def header_by_content(ctx: TableContext, rows: list[int], pos: int) -> Optional[int]:
    """A header row whose words say nothing known, recognised by the block below it.

    ``rows[pos]`` has three or more cells, none a value or a level name, and within the next two rows
    a row starts its indicator part with a level-1 name followed by two or more cells.  Returns the
    position of that first data row, or None.
    """
    vocab = ctx.vocab
    cells = ctx.origin_cells(rows[pos])
    if len(cells) < 3 or any(value_like(c.text) or vocab.is_level(c.text) for c in cells):
        return None
    for nxt in range(pos + 1, min(pos + 3, len(rows))):
        below = ctx.origin_cells(rows[nxt])
        for i, c in enumerate(below):
            if vocab.level1_canonical(c.text) and len(below) - i >= 3:
                return nxt
        if any(vocab.is_level(c.text) or value_like(c.text) for c in below) or is_header(ctx, below) \
                or min(c.col for c in below) <= min(c.col for c in cells):
            return None  # a data row that starts no block, or a row that is the header itself
    return None


@dataclass
class _Profile:
    """What the cells of one column type as, over the block's rows (each cell counted once)."""

    n: int = 0
    level1: int = 0
    level2: int = 0
    levelish: int = 0   # ends like a level name (…指标) though not a known one (产出数量指标)
    values: int = 0
    small: int = 0      # plain numbers up to 100: points
    text: int = 0

    def share(self, what: int) -> float:
        return what / self.n if self.n else 0.0


def _profiles(ctx: TableContext, rows: list[int]) -> dict[int, _Profile]:
    vocab = ctx.vocab
    suffix = vocab.pattern("level_suffix")
    out: dict[int, _Profile] = {}
    for r in rows:
        for c in ctx.origin_cells(r):
            p = out.setdefault(c.col, _Profile())
            t = c.text.strip()
            if vocab.pattern("placeholder").match(t):
                continue
            p.n += 1
            v = parse_value(t)
            if vocab.level1_canonical(t):
                p.level1 += 1
            if vocab.level2_canonical(t):
                p.level2 += 1
            if suffix.search(key(t)) and not vocab.is_level(t):
                p.levelish += 1
            if v.kind in VALUE_LIKE:
                p.values += 1
                if v.kind == "number" and v.unit in (None, "分") and v.value is not None and 0 <= v.value <= 100:
                    p.small += 1
            elif not vocab.is_level(t):
                p.text += 1
    return out


def infer_roles(ctx: TableContext, cols: Columns, rows: list[int]) -> list[str]:
    """Give columns whose header is unknown, cut or missing a role from their cells; returns what it decided.

    Column order matters as printed: level-1 left of level-2 left of the name, values right of it;
    a second value column in a table with points is the actual, left to right.
    """
    prof = _profiles(ctx, rows)
    roles = cols.roles
    free = lambda k: k in cols.unknown or k in cols.label_cols or k not in roles  # noqa: E731
    decided: list[str] = []

    def give(k: int, role: str) -> None:
        roles[k] = role
        cols.label_cols.discard(k)
        cols.unknown.discard(k)
        cols.headers.setdefault(k, "")
        decided.append(f"column {k + 1} → {role}")

    order = sorted(prof)
    name_col = cols.col_of("name")
    if cols.col_of("level1") is None:
        k = next((k for k in order if free(k) and prof[k].share(prof[k].level1) >= 0.5
                  and (name_col is None or k < name_col)), None)
        if k is not None:
            give(k, "level1")
    if cols.col_of("level2") is None:
        l1 = cols.col_of("level1")
        k = next((k for k in order if free(k) and (l1 is None or k > l1) and (name_col is None or k < name_col)
                  and prof[k].share(prof[k].level2 + prof[k].levelish) >= 0.5
                  and prof[k].share(prof[k].level1 - prof[k].level2) < 0.5), None)
        if k is not None:
            give(k, "level2")
    l1, l2 = cols.col_of("level1"), cols.col_of("level2")
    if l1 is None and l2 is not None:
        # The column just left of the level-2 names holds their level-1 labels, known words or not.
        k = max((k for k in order if k < l2 and free(k)), default=None)
        if k is not None and prof[k].values == 0:
            give(k, "level1")
    if name_col is None:
        left = max((x for x in (cols.col_of("level1"), cols.col_of("level2")) if x is not None), default=None)
        k = next((k for k in order if free(k) and left is not None and k > left
                  and prof[k].share(prof[k].text) >= 0.5), None)
        if k is not None:
            give(k, "name")
    name_col = cols.col_of("name")
    if name_col is None:
        return decided
    grade = ctx.vocab.pattern("grade_header")
    after = [k for k in order if k > name_col and free(k) and not grade.match(key(cols.headers.get(k, "")))]
    points = ctx.vocab.pattern("points_header")
    for k in after:  # points first: a table with points is a self-evaluation, so its second value is the actual
        p, head = prof[k], key(cols.headers.get(k, ""))
        if p.n and p.share(p.small) >= 0.6 and points.search(head):
            # Points: the weight stands left of the score; a third points column (复核分) stays extra.
            score_col = cols.col_of("score")
            if cols.col_of("weight") is None and (score_col is None or k < score_col) \
                    and not ctx.vocab.pattern("score_header").search(head):
                give(k, "weight")
            elif score_col is None:
                give(k, "score")
    for k in after:
        p, head = prof[k], key(cols.headers.get(k, ""))
        if not free(k) or p.share(p.values) < 0.5:
            continue
        if cols.col_of("value") is None:
            give(k, "value")
        elif cols.col_of("actual") is None and (ctx.vocab.pattern("actual_header").search(head)
                                                or cols.col_of("weight") is not None
                                                or cols.col_of("score") is not None):
            give(k, "actual")
    return decided
