"""Precision / recall / F1 of a Document against a gold Document, over every record.

The rules are exactly those of the shared scorer ``score_f1.py`` (issue 11), as a module:

- every record counts, both ways: table kind, fields (key → value), goals (key → text), budget lines
  (group, item, amount number, unit), tasks, notes, and indicators in full (level1, level2, name,
  number, the typed Value fields of value / annual_value / actual, weight, score);
- an output record matching no gold record is a false positive, so emitting everything does not pay;
- tables are paired with gold tables greedily by shared indicator names, then by order; an unpaired
  output table is all false positives;
- field/goal keys and budget items are compared with whitespace removed and a leading ``*``, a
  leading numbering and a trailing colon dropped (records.md 1.1); runs of spaces in texts count as one;
- ``nfkc`` (scans) also applies NFKC and removes all whitespace in texts and keys.

One addition for partial golds (the hand-typed CSVs of ``shared/real-files``, which give indicators
only): :class:`Rules` can restrict the categories and compare indicators by name and the CSV's
Value keys only.  The default :class:`Rules` are the shared scorer's.

usage: python -m tablextract.testing.score OUTPUT.json GOLD.json [--nfkc] [--show N]
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any, Optional

CATS = ("kind", "fields", "goals", "budget", "tasks", "notes", "indicators")
VALUE_KEYS = ("raw", "kind", "op", "value", "upper", "unit", "period", "date", "date_end",
              "direction", "baseline", "boolean")

Counts = dict[str, list[int]]  # category → [tp, out, gold]


@dataclass(frozen=True)
class Rules:
    """How records are compared.  The defaults are score_f1.py's."""

    nfkc: bool = False
    cats: tuple[str, ...] = CATS
    # Indicators compared in full (number, all three Values, weight, score), or only by
    # (level1, level2, name) and ``value`` restricted to ``value_keys``.
    full_indicators: bool = True
    value_keys: tuple[str, ...] = VALUE_KEYS


SCAN_RULES = Rules(nfkc=True)
_KEY_NUMBERING = re.compile(r"^(\d+[.、．]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)])")


def text(x: Any, rules: Rules = Rules()) -> Any:
    """A text as compared: trimmed, runs of whitespace as one space (none under NFKC)."""
    if not isinstance(x, str):
        return x
    x = re.sub(r"\s+", " ", x.strip())  # runs of spaces are not reliable in hand-copied gold
    if rules.nfkc:
        x = re.sub(r"\s+", "", unicodedata.normalize("NFKC", x))
    return x


def key(x: Optional[str], rules: Rules = Rules()) -> str:
    """A field/goal key or budget item as records.md 1.1 normalises it."""
    x = re.sub(r"\s+", "", unicodedata.normalize("NFKC", x or "") if rules.nfkc else (x or ""))
    x = re.sub(r"^\*+", "", x)
    x = _KEY_NUMBERING.sub("", x)
    return re.sub(r"[:：]+$", "", x)


def num(x: Any) -> Any:
    """A number as compared (6 decimals); anything else unchanged."""
    if x is None or isinstance(x, bool):
        return x
    try:
        return round(float(x), 6)
    except (TypeError, ValueError):
        return x


def value(v: Optional[dict], rules: Rules = Rules()) -> Optional[tuple]:
    """A Value as a comparable tuple of its contract fields (``text`` and ``basis`` not compared)."""
    if not v:
        return None
    return tuple((k, num(v.get(k)) if k in ("value", "upper") else text(v.get(k), rules)) for k in rules.value_keys)


def indicator_name(i: dict, rules: Rules = Rules()) -> tuple:
    return (text(i.get("level1") or "", rules), text(i.get("level2") or "", rules), text(i.get("name") or "", rules))


def indicator(i: dict, rules: Rules = Rules()) -> tuple:
    """An indicator as a comparable record."""
    if not rules.full_indicators:
        return (indicator_name(i, rules), value(i.get("value"), rules))
    return (indicator_name(i, rules), i.get("number"), value(i.get("value"), rules),
            value(i.get("annual_value"), rules), value(i.get("actual"), rules),
            num(i.get("weight")), num(i.get("score")))


def records(tab: dict, rules: Rules = Rules()) -> dict[str, list]:
    """Every record of one table as a hashable tuple, by category."""
    t = lambda x: text(x, rules)  # noqa: E731
    kk = lambda x: key(x, rules)  # noqa: E731
    out: dict[str, list] = {"kind": [("kind", tab.get("kind"))]}
    out["fields"] = [(kk(a), t(b or "")) for a, b in (tab.get("fields") or {}).items()]
    out["goals"] = [(kk(a), t(b or "")) for a, b in (tab.get("goals") or {}).items()]
    out["budget"] = [(t(b.get("group") or ""), kk(b.get("item") or ""), num((b.get("amount") or {}).get("value")),
                      (b.get("amount") or {}).get("unit")) for b in tab.get("budget") or []]
    out["tasks"] = [(t(x.get("name") or ""), t(x.get("content") or ""), num((x.get("amount") or {}).get("value")),
                     t(x.get("expected") or "")) for x in tab.get("tasks") or []]
    out["notes"] = [t(x or "") for x in tab.get("notes") or []]
    out["indicators"] = [indicator(i, rules) for i in tab.get("indicators") or []]
    return {c: (v if c in rules.cats else []) for c, v in out.items()}


def pair_tables(ot: list[dict], gt: list[dict], rules: Rules = Rules()) -> tuple[dict[int, int], list[int]]:
    """Gold table index → output table index, greedily by shared indicator names, then by order;
    and the output tables left unpaired."""
    def names(tab: dict) -> Counter:
        return Counter(indicator_name(i, rules) for i in tab.get("indicators") or [])

    on, gn = [names(x) for x in ot], [names(x) for x in gt]
    pairs: dict[int, int] = {}
    used_o: set[int] = set()
    cand = sorted(((sum((on[i] & gn[j]).values()), -abs(i - j), i, j) for i in range(len(ot)) for j in range(len(gt))),
                  reverse=True)
    for _s, _d, i, j in cand:
        if i in used_o or j in pairs:
            continue
        pairs[j] = i
        used_o.add(i)
    return pairs, [i for i in range(len(ot)) if i not in used_o]


def empty_counts() -> Counts:
    return {c: [0, 0, 0] for c in CATS}


def add(total: Counts, c: Counts) -> Counts:
    """Add ``c`` into ``total`` (in place) and return it."""
    for cat in CATS:
        for n in range(3):
            total[cat][n] += c[cat][n]
    return total


def score_doc(out_doc: dict, gold_doc: dict, diffs: Optional[list[str]] = None, rules: Rules = Rules()) -> Counts:
    """Counts per category; every missing or spurious record appended to ``diffs`` when given."""
    ot, gt = out_doc.get("tables") or [], gold_doc.get("tables") or []
    pairs, spare = pair_tables(ot, gt, rules)
    c = empty_counts()
    for j, g in enumerate(gt):
        gr = records(g, rules)
        orr = records(ot[pairs[j]], rules) if j in pairs else {cat: [] for cat in CATS}
        for cat in CATS:
            gc, oc = Counter(gr[cat]), Counter(orr[cat])
            c[cat][0] += sum((gc & oc).values())
            c[cat][1] += sum(oc.values())
            c[cat][2] += sum(gc.values())
            if diffs is not None:
                diffs += [f"table[{j}].{cat} missing: {str(x)[:260]}" for x in (gc - oc).elements()]
                diffs += [f"table[{j}].{cat} spurious: {str(x)[:260]}" for x in (oc - gc).elements()]
    for i in spare:
        orr = records(ot[i], rules)
        for cat in CATS:
            c[cat][1] += len(orr[cat])
            if diffs is not None:
                diffs += [f"unpaired table[{i}].{cat} spurious: {str(x)[:200]}" for x in orr[cat]]
    return c


def prf(tp: int, o: int, g: int) -> tuple[float, float, float]:
    """Precision, recall, F1; an empty output on an empty gold is perfect."""
    p = tp / o if o else (1.0 if not g else 0.0)
    r = tp / g if g else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def totals(c: Counts, cats: Optional[tuple[str, ...]] = None) -> tuple[int, int, int]:
    """(tp, out, gold) summed over ``cats`` (all by default)."""
    sel = [v for k, v in c.items() if cats is None or k in cats]
    return sum(v[0] for v in sel), sum(v[1] for v in sel), sum(v[2] for v in sel)


def line(c: Counts, cats: Optional[tuple[str, ...]] = None) -> str:
    """score_f1.py's summary line."""
    tp, o, g = totals(c, cats)
    p, r, f = prf(tp, o, g)
    fi = prf(*c["indicators"])[2] if cats is None or "indicators" in cats else 0.0
    return f"f1: P={100*p:.1f}% R={100*r:.1f}% F1={100*f:.1f}% ({tp}/{o}/{g}) indicators-full F1={100*fi:.1f}%"


def main(argv: list[str]) -> int:
    """Score one output file against one gold file, as score_f1.py does."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m tablextract.testing.score", description=__doc__.splitlines()[0])
    ap.add_argument("output")
    ap.add_argument("gold")
    ap.add_argument("--nfkc", action="store_true", help="scans: NFKC, all whitespace removed")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print the first N differences")
    a = ap.parse_args(argv)
    rules = SCAN_RULES if a.nfkc else Rules()
    show = a.show
    out_doc = json.load(open(a.output, encoding="utf-8"))
    gold_doc = json.load(open(a.gold, encoding="utf-8"))
    diffs: list[str] = []
    c = score_doc(out_doc, gold_doc, diffs, rules)
    for d in diffs[:show]:
        print("  " + d)
    for cat in CATS:
        p, r, f = prf(*c[cat])
        print(f"{cat:11s} tp={c[cat][0]:4d} out={c[cat][1]:4d} gold={c[cat][2]:4d}  "
              f"P={100*p:5.1f} R={100*r:5.1f} F1={100*f:5.1f}")
    print(line(c))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
