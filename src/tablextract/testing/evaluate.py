"""``make eval``: extract every corpus document in every format and score it against its gold.

usage: python -m tablextract.testing.evaluate [--only 401,402] [--formats txt,html,...,scan]
           [--no-real] [--show N] [--out DIR] [--write-scores] [--readme] [--raise-floors]

Prints the F1 of every document × format, the figures per record type, per format and per
family, the records that differ between the formats of one document, and last a line
``eval: P=…% R=…% F1=…% (tp/out/gold)``.  The corpus is ``tests/real`` of the current project;
the real files of ``../shared/real-files`` are read in place (``--no-real`` leaves them out).
``--write-scores`` writes ``tests/real/SCORES.md``; ``--readme`` regenerates the counts section of
``tests/real/README.md``; ``--raise-floors`` raises ``tests/real/floors.json`` to today's F1.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .builder import FORMATS
from .corpus import SCAN, CorpusDoc, RealFile, load_corpus, real_files, render, repo_root, scan_list
from .score import CATS, SCAN_RULES, Counts, Rules, add, empty_counts, prf, records, score_doc, totals

ALL_FORMATS = (*FORMATS, SCAN)
REAL = "file"  # the format column of a real file: its own format, read as it is


@dataclass
class Result:
    """One document in one format, scored."""

    doc: str
    fmt: str
    family: str
    counts: Counts
    out: dict = field(repr=False)
    diffs: list[str] = field(default_factory=list, repr=False)
    error: Optional[str] = None

    @property
    def f1(self) -> float:
        return prf(*totals(self.counts))[2]


def extract_json(path: Path) -> tuple[dict, Optional[str]]:
    """The Document of one file as JSON (in-process), or an empty one and the error."""
    import tablextract
    from tablextract.errors import TablextractError

    try:
        return json.loads(tablextract.extract(path).to_json()), None
    except TablextractError as e:
        return {"tables": []}, f"{e.kind}: {e}"
    except Exception as e:  # noqa: BLE001 - a crash on one document is scored as no output and shown
        return {"tables": []}, f"crash: {type(e).__name__}: {e}"


def score_one(doc: str, fmt: str, family: str, path: Path, gold: dict, rules: Rules) -> Result:
    out, err = extract_json(path)
    diffs: list[str] = []
    return Result(doc, fmt, family, score_doc(out, gold, diffs, rules), out, diffs, err)


def run_corpus(docs: list[CorpusDoc], cache: Path, formats: Iterable[str],
               progress: bool = False) -> list[Result]:
    """Render (cached) and score every document in every format of ``formats``."""
    formats = tuple(formats)
    files = render(docs, cache, formats)
    results = []
    for d in docs:
        gold = d.gold()
        for fmt in formats:
            if fmt in files[d.id]:
                rules = SCAN_RULES if fmt == SCAN else Rules()
                results.append(score_one(d.id, fmt, d.family, files[d.id][fmt], gold, rules))
        if progress:
            print(f"  {d.id}", file=sys.stderr)
    return results


def run_real(files: list[RealFile]) -> list[Result]:
    return [score_one(f.id, REAL, f.family, f.path, f.gold, f.rules) for f in files]


# --------------------------------------------------------------------------- reports

def pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def sum_counts(results: Iterable[Result]) -> Counts:
    total = empty_counts()
    for r in results:
        add(total, r.counts)
    return total


def summary(c: Counts) -> str:
    tp, o, g = totals(c)
    p, r, f = prf(tp, o, g)
    return f"P={100*p:.1f}% R={100*r:.1f}% F1={100*f:.1f}% ({tp}/{o}/{g})"


def doc_format_table(results: list[Result]) -> list[str]:
    """F1 of every document × format."""
    fmts = [f for f in (*ALL_FORMATS, REAL) if any(r.fmt == f for r in results)]
    by_doc: dict[str, dict[str, Result]] = defaultdict(dict)
    for r in results:
        by_doc[r.doc][r.fmt] = r
    width = max([len(d) for d in by_doc] + [8])
    lines = [f"{'document':{width}s} {'family':15s} " + " ".join(f"{f:>5s}" for f in fmts) + "   all (tp/out/gold)"]
    for d, row in by_doc.items():
        fam = next(iter(row.values())).family
        cells = " ".join(pct(row[f].f1) if f in row else "    -" for f in fmts)
        c = sum_counts(row.values())
        lines.append(f"{d:{width}s} {fam:15s} {cells}  {pct(prf(*totals(c))[2])} ({'/'.join(map(str, totals(c)))})"
                     + ("  ERROR " + "; ".join(r.error for r in row.values() if r.error) if any(
                         r.error for r in row.values()) else ""))
    return lines


def category_table(c: Counts) -> list[str]:
    lines = [f"{'record':11s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp/out/gold"]
    for cat in CATS:
        p, r, f = prf(*c[cat])
        lines.append(f"{cat:11s} {pct(p):>6s} {pct(r):>6s} {pct(f):>6s}   {c[cat][0]}/{c[cat][1]}/{c[cat][2]}")
    return lines


def group_table(results: list[Result], key: str) -> list[str]:
    """P/R/F1 and the F1 of each record type, per format or per family."""
    groups: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        groups[getattr(r, key)].append(r)
    lines = [f"{key:15s} {'P':>6s} {'R':>6s} {'F1':>6s} " + " ".join(f"{c[:6]:>6s}" for c in CATS) + "   tp/out/gold"]
    for g, rs in groups.items():
        c = sum_counts(rs)
        p, r, f = prf(*totals(c))
        per = " ".join(pct(prf(*c[cat])[2]).rjust(6) if c[cat][1] or c[cat][2] else "     -" for cat in CATS)
        lines.append(f"{g:15s} {pct(p):>6s} {pct(r):>6s} {pct(f):>6s} {per}   {'/'.join(map(str, totals(c)))}")
    return lines


def cross_format(results: list[Result], limit: int = 8) -> list[str]:
    """Records of one document that not every rendered format gives (scans left out: OCR)."""
    by_doc: dict[str, dict[str, Result]] = defaultdict(dict)
    for r in results:
        if r.fmt in FORMATS:
            by_doc[r.doc][r.fmt] = r
    lines: list[str] = []
    n_docs = 0
    for d, row in by_doc.items():
        if len(row) < 2:
            continue
        recs = {f: Counter((cat, rec) for t in r.out.get("tables") or [] for cat, rs in records(t).items()
                           for rec in rs) for f, r in row.items()}
        union = Counter()
        for c in recs.values():
            union |= c
        odd = [(rec, [f for f in row if recs[f][rec] < n]) for rec, n in union.items()
               if any(recs[f][rec] < n for f in row)]
        if not odd:
            continue
        n_docs += 1
        lines.append(f"{d}: {len(odd)} record(s) differ between formats")
        for (cat, rec), lacking in odd[:limit]:
            has = [f for f in row if f not in lacking]
            lines.append(f"    {cat} in {','.join(has)} not in {','.join(lacking)}: {str(rec)[:160]}")
        if len(odd) > limit:
            lines.append(f"    … {len(odd) - limit} more")
    return [f"{n_docs} document(s) give different records in different formats"] + lines


def report(results: list[Result], show: int = 0) -> str:
    out = ["== document × format (F1 %)", *doc_format_table(results), "",
           "== per record type (all documents, all formats)", *category_table(sum_counts(results)), "",
           "== per format (F1 % per record type)", *group_table(results, "fmt"), "",
           "== per family (F1 % per record type)", *group_table(results, "family"), "",
           "== cross-format differences", *cross_format(results)]
    if show:
        out += ["", f"== differences from the gold (first {show}; formats with the same differences together; worst first)"]
        groups: dict[tuple, list[Result]] = defaultdict(list)
        for r in results:
            if r.diffs:
                groups[(r.doc, tuple(r.diffs))].append(r)
        for (doc, diffs), rs in sorted(groups.items(), key=lambda kv: min(r.f1 for r in kv[1])):
            out.append(f"{doc} [{','.join(r.fmt for r in rs)}] F1={100 * rs[0].f1:.1f}%")
            out += [f"    {x}" for x in diffs[:show]]
    out += ["", f"eval: {summary(sum_counts(results))}"]
    return "\n".join(out)


# --------------------------------------------------------------------------- committed files

def scores_md(results: list[Result]) -> str:
    """tests/real/SCORES.md: per-document scores, then the totals (no timings: reproducible)."""
    lines = ["# Scores of the real corpus", "",
             "Written by `make eval ARGS=--write-scores` (`python -m tablextract.testing.evaluate --write-scores`);",
             "F1 % over every record (tablextract.testing.score, the rules of score_f1.py). "
             "`file` = a real file of shared/real-files read as it is.", ""]
    fmts = [f for f in (*ALL_FORMATS, REAL) if any(r.fmt == f for r in results)]
    lines.append("| document | family | " + " | ".join(fmts) + " | tp/out/gold |")
    lines.append("|---|---|" + "---|" * len(fmts) + "---|")
    by_doc: dict[str, dict[str, Result]] = defaultdict(dict)
    for r in results:
        by_doc[r.doc][r.fmt] = r
    for d, row in by_doc.items():
        c = sum_counts(row.values())
        cells = " | ".join(f"{100 * row[f].f1:.1f}" if f in row else "" for f in fmts)
        lines.append(f"| {d} | {next(iter(row.values())).family} | {cells} | {'/'.join(map(str, totals(c)))} |")
    errors = [f"- {r.doc} [{r.fmt}]: {r.error}" for r in results if r.error]
    if errors:
        lines += ["", "## Extraction errors (scored as no output)", "", *errors]
    lines += ["", "## Per record type", "", "```", *category_table(sum_counts(results)), "```", "",
              "## Per format", "", "```", *group_table(results, "fmt"), "```", "",
              "## Per family", "", "```", *group_table(results, "family"), "```", "",
              f"eval: {summary(sum_counts(results))}", ""]
    return "\n".join(lines)


def raise_floors(results: list[Result], path: Path) -> int:
    """floors.json: document → format → F1 floor; a floor only rises, to today's F1 rounded down
    to 0.01.  Returns how many floors rose."""
    floors = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    raised = 0
    for r in results:
        if r.fmt == REAL:
            continue
        new = math.floor(r.f1 * 100 + 1e-9) / 100
        old = floors.setdefault(r.doc, {}).get(r.fmt, 0.0)
        if new > old:
            floors[r.doc][r.fmt] = new
            raised += 1
    text = json.dumps({d: dict(sorted(f.items(), key=lambda kv: ALL_FORMATS.index(kv[0])))
                       for d, f in sorted(floors.items())}, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return raised


COUNTS_BEGIN = "<!-- counts: generated by `python -m tablextract.testing.evaluate --readme` -->"
COUNTS_END = "<!-- /counts -->"


def counts_section(docs: list[CorpusDoc], scans: list[str]) -> str:
    """The README's counts: documents, regions, families, distinct layouts, scanned documents."""
    regions = Counter(d.meta.get("region", "?") for d in docs)
    families = Counter(d.family for d in docs)
    layouts: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        layouts[re.sub(r"\s*\|\s*", " | ", d.meta.get("layout", "?").strip())].append(d.id[:3])
    lines = [COUNTS_BEGIN, "",
             f"- documents: {len(docs)}",
             f"- regions: {len(regions)} — " + ", ".join(f"{k} {v}" for k, v in sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))),
             f"- families: " + ", ".join(f"{k} {v}" for k, v in sorted(families.items())),
             f"- distinct layouts (`layout:` lines): {len(layouts)}",
             f"- scanned too ({len([s for s in scans if any(d.id == s for d in docs)])}): "
             + (", ".join(s for s in scans if any(d.id == s for d in docs)) or "none"),
             "", "| layout | documents |", "|---|---|"]
    lines += [f"| {lay.replace('|', chr(92) + '|')} | {', '.join(ids)} |" for lay, ids in sorted(layouts.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    return "\n".join(lines + ["", COUNTS_END])


def write_readme(path: Path, section: str) -> None:
    """Replace the counts section of the README (appending it when there is none)."""
    text = path.read_text("utf-8") if path.is_file() else "# The real corpus\n\nSee CORPUS rules in the folder's documents.\n"
    if COUNTS_BEGIN in text and COUNTS_END in text:
        a = text.index(COUNTS_BEGIN)
        b = text.index(COUNTS_END) + len(COUNTS_END)
        text = text[:a] + section + text[b:]
    else:
        text = text.rstrip("\n") + "\n\n## Counts\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- CLI

def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tablextract.testing.evaluate", description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated document ids or numbers (401,402)")
    ap.add_argument("--formats", default=",".join(ALL_FORMATS), help="comma-separated: " + ",".join(ALL_FORMATS))
    ap.add_argument("--no-real", action="store_true", help="leave out the real files of ../shared/real-files")
    ap.add_argument("--real-files", help="folder of the shared real files (default ../shared/real-files)")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print the first N gold differences of each "
                                                                       "document × format below 100%%")
    ap.add_argument("--out", metavar="DIR", help="also write each output as DIR/<document>.<format>.json "
                                                 "(for score_f1.py OUT GOLD --show N)")
    ap.add_argument("--write-scores", action="store_true", help="write tests/real/SCORES.md")
    ap.add_argument("--readme", action="store_true", help="regenerate the counts section of tests/real/README.md")
    ap.add_argument("--raise-floors", action="store_true", help="raise tests/real/floors.json to today's F1")
    a = ap.parse_args(argv)
    root = repo_root()
    corpus = root / "tests" / "real"
    formats = tuple(f.strip() for f in a.formats.split(",") if f.strip())
    bad = [f for f in formats if f not in ALL_FORMATS]
    if bad:
        ap.error(f"unknown format(s) {', '.join(bad)}; choose from {', '.join(ALL_FORMATS)}")
    only = [x.strip() for x in a.only.split(",")] if a.only else None
    docs = load_corpus(corpus, only)
    if a.readme:
        write_readme(corpus / "README.md", counts_section(load_corpus(corpus), scan_list(corpus)[0]))
        print(f"counts section of {corpus / 'README.md'} regenerated")
    t0 = time.monotonic()
    results = run_corpus(docs, corpus / ".cache", formats)
    real_dir = Path(a.real_files) if a.real_files else root.parent / "shared" / "real-files"
    if not a.no_real and only is None:
        if real_dir.is_dir():
            results += run_real(real_files(real_dir))
        else:
            print(f"(real files left out: {real_dir} not found)", file=sys.stderr)
    if a.out:
        Path(a.out).mkdir(parents=True, exist_ok=True)
        for r in results:
            (Path(a.out) / f"{r.doc}.{r.fmt}.json").write_text(json.dumps(r.out, ensure_ascii=False, indent=1), "utf-8")
    took = f"({len(results)} extractions in {time.monotonic() - t0:.0f} s)"
    if a.write_scores:
        if only is not None or set(formats) != set(ALL_FORMATS):
            print("--write-scores needs the whole corpus in every format (no --only/--formats)", file=sys.stderr)
            return 2
        (corpus / "SCORES.md").write_text(scores_md(results), encoding="utf-8")
        print(f"wrote {corpus / 'SCORES.md'}", file=sys.stderr)
    if a.raise_floors:
        n = raise_floors(results, corpus / "floors.json")
        print(f"{n} floor(s) raised in {corpus / 'floors.json'}", file=sys.stderr)
    sys.stderr.flush()
    print(took)
    print(report(results, a.show))  # last: its last line is the eval line
    return 0


if __name__ == "__main__":
    sys.exit(main())
