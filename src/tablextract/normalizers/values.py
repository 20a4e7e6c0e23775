"""The 指标值 grammar: cell text → typed :class:`~tablextract.models.Value`.

``parse_value`` never raises and never alters ``raw``.  Anything it cannot
read with confidence is typed ``unparsed`` and carries an issue code
(:func:`value_issue`) so that the caller records a warning.

The grammar is a list of small matchers tried in order (empty → boolean →
date/deadline → period → range → change → number → trend → qualitative); each
works on a folded copy of the text (NFKC, no whitespace).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Optional

from ..models import Value
from ..vocabulary import fold
from .numbers import ARABIC, CN_CHARS, chinese, number
from .units import canonical_unit, match_unit, units_table_get

EMPTY_MARKS = {"", "/", "-", "--", "---", "\\", "无", "暂无", "不适用", "N/A", "n/a", "NA", "空", "×"}


# --------------------------------------------------------------------------- comparators

PREFIX_OPS: list[tuple[str, str]] = sorted([
    ("≥", ">="), (">=", ">="), ("=>", ">="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="),
    ("大于等于", ">="), ("大于或等于", ">="), ("高于或等于", ">="), ("至少", ">="), ("最少", ">="),
    ("不得低于", ">="), ("不得少于", ">="), ("不应低于", ">="), ("达到", ">="), ("达", ">="),
    ("≤", "<="), ("<=", "<="), ("=<", "<="), ("不高于", "<="), ("不超过", "<="), ("不多于", "<="),
    ("不大于", "<="), ("小于等于", "<="), ("小于或等于", "<="), ("最多", "<="), ("至多", "<="),
    ("控制在", "<="), ("不得高于", "<="), ("不得超过", "<="), ("低于或等于", "<="),
    (">", ">"), ("大于", ">"), ("超过", ">"), ("高于", ">"), ("多于", ">"),
    ("<", "<"), ("小于", "<"), ("低于", "<"), ("少于", "<"), ("不足", "<"), ("不满", "<"),
    ("=", "="), ("等于", "="), ("为", "="),
    ("约", "~"), ("大约", "~"), ("约为", "~"), ("大概", "~"), ("~", "~"),
], key=lambda p: -len(p[0]))

SUFFIX_OPS: list[tuple[str, str]] = sorted([
    ("及以上", ">="), ("以上", ">="), ("或以上", ">="), ("以上(含)", ">="), ("(含)以上", ">="),
    ("之上", ">="), ("以上(不含)", ">"), ("(不含)以上", ">"),
    ("及以下", "<="), ("以下", "<="), ("或以下", "<="), ("以内", "<="), ("之内", "<="), ("内", "<="),
    ("以下(含)", "<="), ("以内(含)", "<="), ("以下(不含)", "<"), ("以内(不含)", "<"),
    ("左右", "~"), ("上下", "~"), ("上下浮动", "~"),
], key=lambda p: -len(p[0]))


_PREFIX_MAP = dict(PREFIX_OPS)
_SUFFIX_MAP = dict(SUFFIX_OPS)
# One alternation each (longest first) instead of a loop of startswith: the hot path.
_PREFIX_RE = re.compile("|".join(re.escape(w) for w, _ in PREFIX_OPS))
_SUFFIX_RE = re.compile("(?:" + "|".join(re.escape(w) for w, _ in SUFFIX_OPS) + r")$")


def _strip_prefix_op(s: str) -> tuple[Optional[str], str]:
    m = _PREFIX_RE.match(s)
    if m and m.end() < len(s):
        return _PREFIX_MAP[m.group(0)], s[m.end():]
    return None, s


def _strip_suffix_op(s: str) -> tuple[Optional[str], str]:
    m = _SUFFIX_RE.search(s, 1)
    if m:
        # the regex finds the leftmost match; prefer the longest suffix ending at the end
        for word, op in SUFFIX_OPS:
            if s.endswith(word) and len(s) > len(word):
                return op, s[: -len(word)]
    return None, s


# --------------------------------------------------------------------------- numbers with units

_NUM_HEAD = re.compile(rf"(?:{ARABIC})|[{CN_CHARS}]+")
_FRACTION = re.compile(r"(\d+)/(\d+)")


class _Quantity:
    __slots__ = ("value", "unit")

    def __init__(self, value: Decimal, unit: Optional[str]):
        self.value = value
        self.unit = unit


_ONE = Decimal(1)


def _normal(d: Decimal) -> Decimal:
    """Drop trailing zeros of the exponent without scientific notation surprises."""
    if d.as_tuple().exponent >= 0:
        return d
    if d == d.to_integral_value():
        return d.quantize(_ONE)
    return d.normalize()


def quantity(s: str, unit_hint: Optional[str] = None) -> Optional[_Quantity]:
    """``"13.8万元"`` → 138000 元; ``"百分之九十五"`` → 95 %; None unless the whole text is one quantity."""
    if not s:
        return None
    per_unit = None
    if s.startswith("每") and len(s) > 2:
        # 每亩300元 → 300 元/亩: the per-unit is written before the number.
        pm = match_unit(s[1:])
        if pm.unit and pm.rest and pm.factor == 1:
            per_unit, s = pm.unit, pm.rest
    if s.startswith("百分之"):
        v = number(s[3:])
        return _Quantity(_normal(v), "%") if v is not None else None
    fm = _FRACTION.fullmatch(s)
    if fm:
        den = Decimal(fm.group(2))
        if den == 0:
            return None
        return _Quantity(_normal((Decimal(fm.group(1)) / den).quantize(Decimal("1e-10"))), None)
    m = _NUM_HEAD.match(s)
    if not m:
        return None
    head = m.group(0)
    rest = s[m.end():]
    v = number(head)
    if v is None and not head[0].isdigit():
        # Chinese run swallowed a unit-like char (三成, 五折, 两万元): retry shorter heads.
        for cut in range(len(head) - 1, 0, -1):
            v = chinese(head[:cut])
            if v is not None:
                rest = head[cut:] + rest
                break
    if v is None:
        return None
    if rest in ("成",):
        return _Quantity(_normal(v * 10), "%")
    if rest in ("折",):
        return _Quantity(_normal(v * 10 if v < 10 else v), "%")
    if rest.startswith("/") and unit_hint:
        # ≤28.40/株 under a 元 hint: the written per-unit completes the hinted one.
        hu, hf = canonical_unit(unit_hint)
        pm = match_unit(rest[1:])
        if hu is not None and pm.unit is not None and not pm.rest:
            return _Quantity(_normal(v * hf), f"{hu}/{pm.unit}")
    um = match_unit(rest)
    if um.rest:
        return None
    unit, factor = um.unit, um.factor
    if unit is None and unit_hint:
        hint_unit, hint_factor = canonical_unit(unit_hint)
        if hint_unit is not None:
            unit = hint_unit
            # 854万 under a (万元) header: the written 万 already scales, the header only names 元.
            factor = factor if factor != 1 else hint_factor
    if per_unit:
        if unit is None and unit_hint:
            unit, factor = canonical_unit(unit_hint)
        if unit is None:
            return None  # 每亩300 without a written or hinted unit: ambiguous
        unit = f"{unit}/{per_unit}"
    return _Quantity(_normal(v * factor) if factor != 1 else _normal(v), unit)


# --------------------------------------------------------------------------- dates and periods

_DATE_FULL = re.compile(r"(?:(\d{4})[年.\-/])?(\d{1,2})[月.\-/](\d{1,2})[日号]?")
_DATE_MONTH = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:份)?(?:底|末|末前)?")
_DATE_YEAR_END = re.compile(r"(?:(\d{4})年)?(?:年)?(?:底|末|年底|年末|年内|年度内|全年)")
_DEADLINE_SUFFIX = sorted([("前", "<="), ("之前", "<="), ("以前", "<="), ("前完成", "<="), ("内", "<="),
                           ("之内", "<="), ("以内", "<="), ("内完成", "<="), ("完成", "<="), ("截止", "<="),
                           ("以前(不含)", "<"), ("前(不含)", "<")], key=lambda p: -len(p[0]))


def _iso(year: Optional[int], month: int, day: Optional[int] = None) -> Optional[str]:
    if year is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _one_date(s: str, year: Optional[int]) -> Optional[tuple[Optional[str], str]]:
    """A whole date expression → (ISO date or None when the year is unknown, precision)."""
    m = _DATE_FULL.fullmatch(s)
    if m and ("月" in s or m.group(1)):
        y = int(m.group(1)) if m.group(1) else year
        return _iso(y, int(m.group(2)), int(m.group(3))), "day"
    m = _DATE_MONTH.fullmatch(s)
    if m:
        y = int(m.group(1)) if m.group(1) else year
        return _iso(y, int(m.group(2))), "month"
    m = _DATE_YEAR_END.fullmatch(s)
    if m and s not in ("全年",):
        y = int(m.group(1)) if m.group(1) else year
        return _iso(y, 12), "month"
    m = re.fullmatch(r"(\d{4})年", s)
    if m:
        return f"{int(m.group(1)):04d}", "year"
    return None


_YEAR_WITHIN = re.compile(r"(?:(\d{4})年)?(?:本|当)?(?:年内|年度内)(?:完成)?")


def _date_value(s: str, year: Optional[int]) -> Optional[dict[str, Any]]:
    m = _YEAR_WITHIN.fullmatch(s)
    if m:
        y = int(m.group(1)) if m.group(1) else year
        return {"kind": "deadline", "op": "<=", "date": _iso(y, 12)} if y else None
    op = None
    body = s
    for word, o in _DEADLINE_SUFFIX:
        if s.endswith(word) and len(s) > len(word):
            op, body = o, s[: -len(word)]
            break
    if body.startswith("在"):
        body = body[1:]
    # Spans: 2021年1月-12月, 2024年1月至2024年12月.
    for sep in ("-", "至", "到", "~"):
        if sep in body and op is None:
            a, _, b = body.partition(sep)
            da = _one_date(a, year)
            if da is None:
                continue
            ya = re.match(r"(\d{4})年", a)
            db = _one_date(b, int(ya.group(1)) if ya else year)
            if db is not None and da[0] and db[0]:
                return {"kind": "date", "op": "between", "date": da[0], "date_end": db[0]}
    d = _one_date(body, year)
    if d is None:
        return None
    iso, _prec = d
    if op is None:
        if not iso or not re.search(r"[年月日底末]|\d[-./]\d", body):
            return None
        return {"kind": "date", "op": "=", "date": iso}
    return {"kind": "deadline", "op": op, "date": iso}


PERIODS = {
    "月": "P1M", "个月": "P1M", "季度": "P3M", "个季度": "P3M", "季": "P3M", "半年": "P6M", "个半年": "P6M",
    "年": "P1Y", "年度": "P1Y", "周": "P1W", "星期": "P1W", "天": "P1D", "日": "P1D", "旬": "P10D",
}
_PERIOD_VERBS = "(?:安排|开展|发放|报送|上报|进行|召开|检查|考核|拨付|支付|统计|更新|通报|调度|巡查|监测|维护|开展一次)?"
_PERIOD_RE = re.compile(r"(?:每|按|每一)(个月|季度|个季度|季|半年|个半年|年度|年|月|周|星期|天|日|旬)"
                        r"(?:(?:至少|不少于|一|)([\d一二两三四五六七八九十]+)次(?:以上)?)?(?:一次)?" + _PERIOD_VERBS)
_TIMES_PER = re.compile(r"(?:一|每)(年|月|季度|季|周|天|日|半年)([\d一二两三四五六七八九十]+)次")


def _period_value(s: str) -> Optional[dict[str, Any]]:
    m = _PERIOD_RE.fullmatch(s)
    if m:
        out: dict[str, Any] = {"kind": "period", "period": PERIODS[m.group(1)]}
        if m.group(2):
            out.update(value=number(m.group(2)), unit="次")
        return out
    m = _TIMES_PER.fullmatch(s)
    if m:
        return {"kind": "period", "period": PERIODS[m.group(1)], "value": number(m.group(2)), "unit": "次"}
    if s in ("按月", "按季", "按季度", "按年", "按周", "按日"):
        return {"kind": "period", "period": PERIODS[s[1:]]}
    return None


# --------------------------------------------------------------------------- changes and trends

_BASELINE = ("较上年度", "比上年度", "较上一年", "比上一年", "较上年", "比上年", "较去年", "比去年", "同比", "与上年相比", "较往年")
_INC = ("增长", "增加", "提高", "提升", "上升", "增幅", "增长率", "扩大", "上涨", "增")
_DEC = ("下降", "减少", "降低", "压减", "缩减", "减", "下降率", "降")
_CHANGE_RE = re.compile(
    r"(?P<base>较上年度|比上年度|较上一年|比上一年|较上年|比上年|较去年|比去年|同比|与上年相比|较往年|年均)?"
    r"(?P<verb>增长率|增长|增加|提高|提升|上升|增幅|扩大|上涨|下降率|下降|减少|降低|压减|缩减)"
    r"(?:了|率|幅度|达|为)?(?P<rest>.+)"
)
_TREND_WORDS = {
    "提高": "increase", "提升": "increase", "增长": "increase", "增加": "increase", "上升": "increase",
    "增强": "increase", "扩大": "increase", "加强": "increase",
    "改善": "improve", "好转": "improve", "优化": "improve", "完善": "improve", "改进": "improve",
    "下降": "decrease", "降低": "decrease", "减少": "decrease", "缩小": "decrease", "减轻": "decrease",
    "稳定": "maintain", "平稳": "maintain", "保持": "maintain", "不变": "maintain", "持平": "maintain",
}
_TREND_RE = re.compile(
    r"(?P<base>较上年度|比上年度|较上年|比上年|较去年|比去年|同比|逐年|与上年相比)?"
    r"(?:逐步|有所|持续|稳步|明显|有效|不断|进一步|大幅|显著|大力|全面|稳中有|总体|基本|得到|得以|实现|切实|继续|保持)?"
    r"(?:得到)?"
    r"(?P<word>提高|提升|增长|增加|上升|增强|扩大|加强|改善|好转|优化|完善|改进|下降|降低|减少|缩小|减轻|稳定|平稳|不变|持平)"
    r"(?:的趋势|趋势|态势)?"
)
_MAINTAIN = {"保持稳定", "保持平稳", "持续稳定", "总体稳定", "基本稳定", "稳定", "只增不减", "不降低", "不下降", "保持不变"}

QUALITATIVE = {
    "有积极作用", "起到积极推广作用", "良好", "优", "优秀", "良", "中", "差", "合格", "达标", "应保尽保",
    "效果明显", "达成", "部分达成", "未达成", "基本达成", "显著", "明显", "较好", "好", "高", "全覆盖",
    "符合要求", "符合标准", "按时完成", "及时", "准确", "规范", "有效", "长期", "持续",
}

_YES = {"是", "有", "已完成", "完成", "已", "能", "全部", "Yes", "yes", "Y", "√"}
_NO = {"否", "无", "未完成", "没有", "不能", "No", "no", "N", "×"}


def is_yes_no_name(name: Optional[str]) -> bool:
    """Whether an indicator name asks a yes/no question (``…(是/否)``, ``是否…``)."""
    if not name:
        return False
    n = fold(name)
    return "是否" in n or "(是/否)" in n or "(有/无)" in n or n.endswith("是/否") or "(是或否)" in n


_BOUNDED_RATE = re.compile(r"(合格|满意|覆盖|完成|执行|到位|达标|知晓|发放|及时|准确|通过|验收|出勤|参保|入学|"
                           r"巩固|治愈|受理|办结|按时|成活|利用|使用|公开|参与|接种|上报|普及)率|满意度")


def is_bounded_rate(name: Optional[str]) -> bool:
    """Whether an indicator name is a rate that cannot exceed 100 % (合格率, 满意度, 覆盖率 …)."""
    return bool(name and _BOUNDED_RATE.search(name))


# --------------------------------------------------------------------------- the grammar

_FAST_NUMBER = re.compile("(" + _PREFIX_RE.pattern + r")?(\d+(?:\.\d+)?)(\D*)")
_SUFFIX_BY_LEN = sorted(_SUFFIX_MAP, key=len, reverse=True)


def _fast_number(s: str, unit_hint: Optional[str]) -> Optional[dict[str, Any]]:
    """The common shape ``[comparator] digits [unit] [以上]`` in one regex; None to fall back."""
    m = _FAST_NUMBER.fullmatch(s)
    if m is None:
        return None
    pre, num, rest = m.groups()
    op = _PREFIX_MAP[pre] if pre else None
    if rest and op is None:
        for w in _SUFFIX_BY_LEN:
            if rest.endswith(w):
                op, rest = _SUFFIX_MAP[w], rest[: -len(w)]
                break
    if rest:
        hit = units_table_get(rest)
        if hit is None:
            return None
        unit, factor = hit
    elif unit_hint:
        unit, factor = canonical_unit(unit_hint)
    else:
        unit, factor = None, _ONE
    v = Decimal(num)
    if factor != 1:
        v = _normal(v * factor)
    elif "." in num:
        v = _normal(v)
    return {"kind": "number", "op": op or "=", "value": v, "unit": unit}


def _number_value(s: str, unit_hint: Optional[str]) -> Optional[dict[str, Any]]:
    fast = _fast_number(s, unit_hint)
    if fast is not None:
        return fast
    op1, body = _strip_prefix_op(s)
    op2, body = _strip_suffix_op(body)
    q = quantity(body, unit_hint)
    if q is None:
        return None
    op = op1 or op2 or "="
    return {"kind": "number", "op": op, "value": q.value, "unit": q.unit}


_RANGE_SEPS = ("-", "~", "至", "到", "—")


def _range_value(s: str, unit_hint: Optional[str]) -> Optional[dict[str, Any]]:
    body = s
    if body.startswith("在"):
        body = body[1:]
    for tail in ("之间", "区间", "范围内", "以内"):
        if body.endswith(tail):
            body = body[: -len(tail)]
            break
    m = re.fullmatch(r"±(.+)", body)
    if m:
        q = quantity(m.group(1), unit_hint)
        if q is None:
            return None
        return {"kind": "range", "op": "between", "value": -q.value, "upper": q.value, "unit": q.unit}
    m = re.fullmatch(r"(?:不低于|不少于|≥|>=|大于等于)(.+?)(?:且|,|、|并且|同时)?(?:不高于|不超过|≤|<=|小于等于|不多于)(.+)", body)
    parts: Optional[tuple[str, str]] = None
    if m:
        parts = (m.group(1), m.group(2))
    else:
        for sep in _RANGE_SEPS:
            i = body.find(sep, 1)
            if i > 0:
                parts = (body[:i], body[i + len(sep):])
                break
    if not parts:
        return None
    a, b = parts
    qb = quantity(b, unit_hint)
    if qb is None:
        return None
    qa = quantity(a, None)
    if qa is None:
        return None
    if qa.unit is None:
        # 90-100%: the unit written once applies to both ends (money factor too).
        qa = quantity(a + (b[len(_NUM_HEAD.match(b).group(0)):] if _NUM_HEAD.match(b) else ""), unit_hint)
        if qa is None:
            return None
    elif qb.unit is not None and qa.unit != qb.unit:
        return None
    if qa.value > qb.value:
        return None
    return {"kind": "range", "op": "between", "value": qa.value, "upper": qb.value, "unit": qb.unit or qa.unit}


_RAISE_TO = re.compile(r"(?P<verb>提高|提升|增长|增加|上升|达|降低|下降|减少|控制)(?:到|至)(?P<rest>.+)")


def _change_value(s: str, unit_hint: Optional[str]) -> Optional[dict[str, Any]]:
    m = _RAISE_TO.fullmatch(s)
    if m:
        # 提高到95%: a level to reach, not an amount of change.
        inner = _number_value(m.group("rest"), unit_hint)
        if inner is None or inner["op"] != "=":
            return None
        dec = m.group("verb") in ("降低", "下降", "减少", "控制")
        inner.update(op="<=" if dec else ">=", direction="decrease" if dec else "increase")
        return inner
    m = _CHANGE_RE.fullmatch(s)
    if not m:
        return None
    inner = _number_value(m.group("rest"), unit_hint) or _range_value(m.group("rest"), unit_hint)
    if inner is None:
        return None
    verb = m.group("verb")
    direction = "decrease" if verb.startswith(_DEC) else "increase"
    base = m.group("base")
    # 增长7% / 下降10% are growth rates: measured against the previous year by convention.
    if base == "年均":
        baseline = None  # an average annual rate, not a change against last year
    elif base or (verb in ("增长", "下降", "增长率", "下降率", "增幅") and inner.get("unit") == "%"):
        baseline = "previous_year"
    else:
        baseline = None
    inner.update(kind="change" if inner["kind"] == "number" else "range", direction=direction, baseline=baseline)
    return inner


def _trend_value(s: str) -> Optional[dict[str, Any]]:
    if s in _MAINTAIN:
        return {"kind": "trend", "direction": "maintain"}
    m = _TREND_RE.fullmatch(s)
    if not m:
        return None
    return {"kind": "trend", "direction": _TREND_WORDS[m.group("word")],
            "baseline": "previous_year" if m.group("base") and m.group("base") != "逐年" else None}


_BASIS_RE = re.compile(r"^(.+?)\(([^()]*)\)$")
_MAYBE_DATE = re.compile(r"[年月日底末]|\d[-./]\d")
_MAYBE_PERIOD = re.compile(r"[每按]|一[年月周天日]")
_DIGIT = re.compile(r"\d")
_NUMBERS = re.compile(r"\d+(?:\.\d+)?%?")
_HAN = re.compile(r"[\u3400-\u9fff]")


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


_EMPTY_CHARS = frozenset("/-\\_.·—")
_CHANGE_HINT = re.compile(r"增|减|提高|提升|上升|下降|降低|压减|缩减|扩大|上涨")
_RANGE_HINT = re.compile(r"[-~至到—±]|且|之间")
_CN_NUM_HINT = re.compile(f"[{CN_CHARS}]|百分之")
_UNPARSED = {"kind": "unparsed", "_issue": "unparsed_value"}
_SUSPECT = {"kind": "unparsed", "_issue": "suspect_value"}
_EMPTY = {"kind": "empty"}


@lru_cache(maxsize=65536)
def _parse(text: str, unit_hint: Optional[str], year: Optional[int], yes_no: bool,
           bounded: bool = False) -> dict[str, Any]:
    """Fields of the Value for ``text`` (cached; callers must not mutate the result)."""
    s = fold(text)
    if (s in EMPTY_MARKS and not (yes_no and s == "无")) or not s.strip("/-\\_.·—"):
        return _EMPTY
    out: dict[str, Any] = {}
    if s[-1] == ")":
        bm = _BASIS_RE.match(s)
        if bm and not _DIGIT.search(bm.group(2)) and ("标准" in bm.group(2)
                                                     or bm.group(2) in ("计划", "行业", "历史", "其他")):
            out["basis"] = bm.group(2)
            s = bm.group(1)
    if s in ("是", "否") or (yes_no and (s in _YES or s in _NO)):
        out.update(kind="boolean", boolean=s in _YES)
        return out
    if _MAYBE_DATE.search(s):
        r = _date_value(s, year)
        if r:
            out.update(r)
            return out
    if _MAYBE_PERIOD.search(s):
        r = _period_value(s)
        if r:
            out.update(r)
            return out
    has_digit = _DIGIT.search(s) is not None
    if has_digit or _CN_NUM_HINT.search(s):
        unit_hint_f = fold(unit_hint) if unit_hint else None
        if has_digit and _looks_glued(s, canonical_unit(unit_hint_f)[0] if unit_hint_f else None):
            return _SUSPECT
        r = _number_value(s, unit_hint_f)
        if r is None and _CHANGE_HINT.search(s):
            r = _change_value(s, unit_hint_f)
        if r is None and _RANGE_HINT.search(s):
            r = _range_value(s, unit_hint_f)
        if r is not None:
            if (bounded and r["kind"] == "number" and r.get("unit") == "%" and r.get("value") is not None
                    and r["value"] > 100):
                return _SUSPECT
            out.update(r)
            return out
    if not has_digit:
        r = _trend_value(s)
        if r:
            out.update(r)
            return out
        if s in QUALITATIVE or _HAN.search(s):
            out.update(kind="qualitative", text=text.strip())
            return out
    return _SUSPECT if len(_NUMBERS.findall(s)) > 1 or "=" in s else _UNPARSED


def parse_value_checked(text: str | None, *, unit_hint: str | None = None, year: int | None = None,
                        name: str | None = None) -> tuple[Value, Optional[str]]:
    """:func:`parse_value` plus the warning code it calls for (``unparsed_value``/``suspect_value``)."""
    raw = "" if text is None else str(text)
    if unit_hint:
        unit_hint = fold(unit_hint).strip("()")
    elif name:
        unit_hint = unit_from_name(name)
    try:
        fields = _parse(raw, unit_hint or None, year, is_yes_no_name(name) if name else False,
                        is_bounded_rate(name) if name else False)
    except Exception:  # the grammar must never stop an extraction
        fields = _UNPARSED
    return _make_value(raw, fields), fields.get("_issue")


_VALUE_FIELDS = tuple(Value.model_fields)
_ALL_SET = frozenset(_VALUE_FIELDS)


def _make_value(raw: str, fields: dict[str, Any]) -> Value:
    """A Value from fields the grammar produced (already valid): no validation pass, it is the hot path."""
    d = dict.fromkeys(_VALUE_FIELDS)
    d.update(fields)
    d.pop("_issue", None)
    d["raw"] = raw
    if d["kind"] is None:
        d["kind"] = "unparsed"
    v = Value.__new__(Value)
    object.__setattr__(v, "__dict__", d)
    object.__setattr__(v, "__pydantic_fields_set__", set(_ALL_SET))
    object.__setattr__(v, "__pydantic_extra__", None)
    object.__setattr__(v, "__pydantic_private__", None)
    return v


def parse_value(text: str | None, *, unit_hint: str | None = None, year: int | None = None,
                name: str | None = None) -> Value:
    """Type one 指标值 / amount cell.

    ``unit_hint``: the unit a header or the indicator name gives (``%``, ``万元``);
    ``year``: the table's year for dates written without one; ``name``: the
    indicator name, deciding whether 是/否/有/无 are answers.  Never raises;
    what it cannot read is ``kind="unparsed"`` with ``raw`` kept.
    """
    return parse_value_checked(text, unit_hint=unit_hint, year=year, name=name)[0]


def unit_from_name(name: str) -> Optional[str]:
    """The unit an indicator name gives in brackets: ``满意度(%)`` → ``%``, ``数量(个)`` → ``个``."""
    m = re.search(r"\(([^()]{1,6})\)$", fold(name))
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
