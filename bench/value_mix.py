"""A realistic mix of fresh 指标值 strings for the values benchmark.

Not re-randomised digits of the test table: each string is built from the constructs real tables
write (Chinese numerals, ranges, dates and spans, compound and per-unit units, frequencies, changes,
trends, glued notes), with fresh numbers, so no cache of the test strings helps.
"""
from __future__ import annotations

import random

_CN = "零一二三四五六七八九"


def _cn_numeral(n: int) -> str:
    """A Chinese numeral as tables write it (一万二, 三千五, 一百二十): n < 100000."""
    parts, units = [], [(10000, "万"), (1000, "千"), (100, "百"), (10, "十")]
    rest = n
    zero = False
    for size, name in units:
        d, rest = divmod(rest, size)
        if d:
            if zero:
                parts.append("零")
                zero = False
            parts.append(("" if (name == "十" and not parts and d == 1) else _CN[d]) + name)
        elif parts:
            zero = True
    if rest:
        if zero:
            parts.append("零")
        parts.append(_CN[rest])
    return "".join(parts) or "零"


def _cn_short(rng: random.Random) -> str:
    """Abbreviated numerals: 一万二, 三千五, 一百一, 两万."""
    big = rng.choice([("万", "千"), ("千", "百"), ("百", "十")])
    a, b = rng.randint(1, 9), rng.randint(1, 9)
    return ("两" if a == 2 and rng.random() < 0.5 else _CN[a]) + big[0] + _CN[b]


OPS = ["", "", "≥", "≤", "不低于", "不少于", "不超过", "大于", "约", "达到"]
TAILS = ["", "", "以上", "以下", "以内", "左右"]
UNITS = ["%", "个", "人", "人次", "家", "户", "次", "项", "亩", "万元", "元", "公里", "吨", "平方米", "天",
         "个工作日", "架", "集", "单", "粒", "万亩", "公斤", "台套", "场次"]
COMPOUND = ["元/人", "元/亩", "元/人·月", "元/人*月", "元/月/人", "人/次", "次/年", "万元/个", "吨/年"]


def _fresh(rng: random.Random) -> str:
    n = rng.randint(1, 99999)
    p = rng.randint(1, 100)
    y = rng.randint(2015, 2030)
    m, m2 = sorted(rng.sample(range(1, 13), 2))
    d = rng.randint(1, 28)
    kind = rng.randrange(20)
    if kind < 5:
        op = rng.choice(OPS)
        tail = rng.choice(TAILS) if not op else ""
        num = f"{n}" if rng.random() < 0.7 else f"{n / 100:.2f}"
        return f"{op}{num}{rng.choice(UNITS)}{tail}"
    if kind == 5:
        return f"{rng.choice(OPS)}{p}%"
    if kind == 6:
        return rng.choice([_cn_numeral(n), _cn_short(rng)]) + rng.choice(["", "人", "个", "元", "亩", "次"])
    if kind == 7:
        lo = rng.randint(1, 90)
        sep = rng.choice(["-", "~", "至", "—"])
        return rng.choice([f"{lo}%{sep}{lo + 5}%", f"{lo}{sep}{lo + 10}个", f"{lo}-{lo + 9}万元"])
    if kind == 8:
        return rng.choice([f"{y}年{m}月-{m2}月", f"{y}年{m}月--{y}年{m2}月", f"{y}.{m:02d}-{y}.{m2:02d}",
                           f"{y}年{m}月至{y}年{m2}月", f"{y}年{m}月~{y}年{m2}月", f"{y}年全年"])
    if kind == 9:
        return rng.choice([f"{y}年{m}月{d}日前", f"{m}月底前", f"{y}年{m}月底", f"{m}月底到位", "年底前",
                           f"{y}年", f"{y}年{m}月", f"{m}月前"])
    if kind == 10:
        return rng.choice([f"{rng.choice(OPS[:4])}{n}{rng.choice(COMPOUND)}", f"{p}人/10万人",
                           f"每人每月{n}元", f"≤{n}万/月"])
    if kind == 11:
        c = rng.randint(1, 12)
        return rng.choice([f"{c}次/月", f"每季度{c}次", f"不少于{c}次/年", f"每年{_CN[c % 10 or 1]}次",
                           "一年两次", "每月一次"])
    if kind == 12:
        return rng.choice([f"较上年增长{p}%", f"下降{p}%", f"比上年提高{p}个百分点", f"提高到{p}%",
                           f"年均增长{p}%"])
    if kind == 13:
        return rng.choice(["逐步提高", "比上年改善", "持续稳定", "有所提升", "保持稳定", "明显改善"])
    if kind == 14:
        return rng.choice(["是", "否", "良好", "达标", "有效", "/", "", "无", "符合要求", "应保尽保"])
    if kind == 15:
        return rng.choice([f"{n}余人", f"{n}多人次", f"约{n}户", f"{p}%左右", "-0%"])
    if kind == 16:
        return rng.choice([f"合格率≥{p}%", f"≥{p}分（满意度）", f"{p}%完成", f"达到{p}%以上",
                           f"{p}%(行业标准)"])
    if kind == 17:
        return rng.choice([f"{n % 100}個(gè)", "應(yīng)保盡保", f"{n}萬元", f"≥{p}％"])
    if kind == 18:
        return f"{n:,}元" if rng.random() < 0.5 else f"{n / 10:.1f}万人次"
    return rng.choice([f"{p}成", f"百分之{_cn_numeral(p % 100 or 1)}", f"{rng.randint(1, 9)}/{rng.randint(10, 20)}",
                       f"≥{p}%且≤{p + 3}%", f"±{rng.randint(1, 5)}%"])


def realistic_mix(n: int, seed: int = 7) -> list[str]:
    """``n`` fresh strings of the realistic mix (deterministic for a seed)."""
    rng = random.Random(seed)
    return [_fresh(rng) for _ in range(n)]
