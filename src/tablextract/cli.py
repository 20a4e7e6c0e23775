"""Command line: thin — arguments, progress, exit codes.  The work is in batch/api."""
from __future__ import annotations

import json
import logging
import os
import sys
from typing import Optional

import click

from . import __version__
from .errors import TablextractError
from .options import ExtractOptions

log = logging.getLogger("tablextract")


def _setup_logging(debug: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if debug else logging.INFO, format="%(message)s", stream=sys.stderr)


def _options(vocab: tuple[str, ...], encoding: Optional[str], ocr_threads: Optional[int] = None,
             ocr: str = "auto") -> ExtractOptions:
    """Validated options; a bad option, vocabulary file or ``TABLEXTRACT_VOCAB`` is a usage error
    (exit 2) before any input is read."""
    from .vocabulary import Vocabulary

    try:
        options = ExtractOptions(vocab_files=vocab, encoding=encoding, ocr_threads=ocr_threads, ocr=ocr)
    except Exception as e:
        raise click.UsageError(str(e).splitlines()[-1] if str(e) else repr(e)) from None
    try:
        Vocabulary.load(options.vocab_files)  # also reads TABLEXTRACT_VOCAB
    except ValueError as e:
        where = " (from TABLEXTRACT_VOCAB)" if os.environ.get("TABLEXTRACT_VOCAB") else ""
        raise click.UsageError(f"{e}{where}") from None
    return options


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tablextract")
def main() -> None:
    """Chinese budget-performance target tables (预算绩效目标表) → typed JSON/CSV."""


EXIT_CODES = """\b
Exit codes: 0 every input succeeded; 1 some input failed (the others are written) or the
batch could not run (output folder unwritable or locked, disk full); 2 bad usage; 130 interrupted."""

EXTRACT_EPILOG = """\b
Examples:
  tablextract extract samples/ -o out/ --format json,csv,xlsx
  tablextract extract 'in/**/*.pdf' -o out/ --jobs 4 --resume --timeout 120
  tablextract extract report.pdf -o report.json      # one input, one JSON file
  tablextract extract report.pdf -o - | jq .tables   # one input, JSON on stdout
  tablextract extract --one-document p1.png p2.png -o out/
  tablextract extract in/ -o out/ --engine dask --scheduler tcp://host:8786

""" + EXIT_CODES


@main.command(epilog=EXTRACT_EPILOG)
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True,
              help="output folder; NAME.json writes one input's JSON to that file; - writes it to stdout")
@click.option("--format", "formats", default="json,csv", show_default=True,
              help="comma-separated: json,jsonl,csv,xlsx")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="worker processes (default: cores)")
@click.option("--resume", is_flag=True, help="skip inputs whose output exists for the same sha256")
@click.option("--vocab", multiple=True, type=click.Path(dir_okay=False), help="extra vocabulary JSON (repeatable)")
@click.option("--encoding", default=None, help="force the encoding of text inputs")
@click.option("--one-document", is_flag=True, help="read all PATHS (page images) as one document")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="run locally (processes) or on a Dask cluster")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786); default: a LocalCluster")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="LocalCluster workers (dask engine)")
@click.option("--ocr-threads", type=click.IntRange(min=1, max=64), default=None,
              help="text lines OCR'd in parallel per process (default: the cores, shared among jobs)")
@click.option("--timeout", "timeout", type=click.FloatRange(min=0, min_open=True), default=300, show_default=True,
              help="seconds one file may take; a file over it is stopped and fails with kind timeout")
@click.option("--ocr", "ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="auto: OCR pages without text layer; always: every PDF page; never: scans fail as needs_ocr")
@click.option("--follow-links", is_flag=True, help="follow symbolic links out of input folders")
@click.option("--debug", is_flag=True, help="show tracebacks")
def extract(paths, outdir, formats, jobs, resume, vocab, encoding, one_document, engine, scheduler, workers,
            ocr_threads, timeout, ocr, follow_links, debug) -> None:
    """Extract PATHS (files, folders, globs) into OUTDIR: one JSON per input plus combined exports."""
    _setup_logging(debug)
    from .batch import FORMATS, collect_inputs

    fmts = [f.strip() for f in formats.split(",") if f.strip()]
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise click.UsageError(f"unknown format(s) {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
    options = _options(vocab, encoding, ocr_threads, ocr)
    try:
        if one_document:
            sys.exit(_one_document(paths, outdir, options, debug))
        items = collect_inputs(paths, follow_links=follow_links)
        if not items:
            raise click.UsageError("no input files")
        if outdir == "-" or (outdir.lower().endswith(".json") and not os.path.isdir(outdir)):
            if len(items) != 1:
                raise click.UsageError(f"-o {outdir} takes exactly one input ({len(items)} given); "
                                       "give a folder for several")
            sys.exit(_single(items[0].path, outdir, options, debug))
        _batch(items, outdir, fmts, jobs, resume, options, engine, scheduler, workers, timeout, debug)
    except KeyboardInterrupt:
        # Workers are stopped and every write is atomic: what exists is whole; --resume goes on.
        log.error("interrupted: the outputs written so far are complete (rerun with --resume)")
        sys.exit(130)


def _batch(items, outdir, fmts, jobs, resume, options, engine, scheduler, workers, timeout, debug) -> None:
    from .batch import run_batch

    jobs = (workers or jobs or os.cpu_count() or 1) if engine == "dask" else (jobs or os.cpu_count() or 1)
    progress = _Progress(len(items))
    try:
        with progress:
            summary = run_batch(items, outdir, formats=fmts, jobs=jobs, resume=resume, options=options,
                                on_result=progress.update, engine=engine, scheduler=scheduler, timeout=timeout)
    except TablextractError as e:  # the batch as a whole cannot run (e.g. a cluster without workers)
        if debug:
            raise
        log.error("%s (%s)", e, e.kind)
        sys.exit(1)
    click.echo(_summary_line(summary), err=True)
    sys.exit(1 if summary.failed else 0)


def _summary_line(summary) -> str:
    """The closing line: what the output folder now holds (reused outputs included)."""
    reused = f" ({summary.skipped} reused unchanged)" if summary.skipped else ""
    no_table = f", {summary.no_table} had no target table" if summary.no_table else ""
    return (f"files: {summary.ok} ok{reused}, {summary.failed} failed, {summary.with_warnings} with warnings"
            f"{no_table} | tables {summary.tables}, indicators {summary.indicators}, "
            f"unparsed values {summary.unparsed}, unplaced cells {summary.unplaced} | {summary.seconds:.1f} s")


def _single(path: str, target: str, options, debug: bool) -> int:
    """One input's JSON to ``target`` (a file, written atomically) or to stdout (``-``)."""
    from .api import extract as extract_doc
    from .writers.jsonl import document_json

    try:
        doc = extract_doc(path, options)
    except TablextractError as e:
        if debug:
            raise
        log.error("%s (%s)", e, e.kind)
        return 1
    text = document_json(doc)
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    from .writers.atomic import write_text

    try:
        write_text(target, text)
    except OSError as e:
        log.error("%s: cannot write (%s) (unwritable)", target, e.strerror or e)
        return 1
    return 0


def _one_document(paths, outdir, options, debug) -> int:
    from pathlib import Path

    from .api import extract as extract_doc
    from .batch import InputFile, write_combined
    from .writers.jsonl import write_document, write_jsonl

    name = Path(paths[0]).name
    item = InputFile(path=str(paths[0]), rel=name)
    try:
        doc = extract_doc(list(paths), options)
    except TablextractError as e:
        if debug:
            raise
        log.error("%s", e)
        write_jsonl(Path(outdir) / "errors.jsonl", [e.to_dict()])
        return 1
    write_document(Path(outdir) / f"{name}.json", doc)
    write_jsonl(Path(outdir) / "errors.jsonl", [])
    write_combined([item], outdir, ("csv",))
    return 0


class _Progress:
    """A rich progress bar on a terminal (naming the file last finished), plain log lines otherwise.

    While the bar is shown, the log lines (warnings, failed files) are printed through its console,
    so they appear above the bar on lines of their own, never glued onto it.
    """

    def __init__(self, total: int, console=None):
        self.total = total
        self.done = 0
        self._bar = None
        self._handler: Optional[logging.Handler] = None
        if console is not None or sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), TextColumn("{task.fields[current]}"), transient=True,
                                 console=console or Console(stderr=True))
            self._task = self._bar.add_task("extracting", total=total, current="")

    def __enter__(self):
        if self._bar:
            self._bar.__enter__()
            self._handler = _ConsoleHandler(self._bar.console)
            root = logging.getLogger()
            self._saved = root.handlers[:]
            root.handlers = [self._handler]
        return self

    def __exit__(self, *exc):
        if self._bar:
            logging.getLogger().handlers = self._saved
            self._bar.__exit__(*exc)

    def update(self, r: dict) -> None:
        self.done += 1
        if self._bar:
            self._bar.update(self._task, advance=1, current=r.get("rel") or r["path"])
        elif r["ok"]:
            log.info("[%d/%d] %s%s", self.done, self.total, r["path"], " (unchanged)" if r.get("skipped") else "")


class _ConsoleHandler(logging.Handler):
    """Log records printed by a rich console (above its live progress bar)."""

    def __init__(self, console):
        super().__init__()
        self.console = console
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.console.print(self.format(record), markup=False, highlight=False, soft_wrap=True)


@main.command(epilog="""\b
Example:
  tablextract summary out/

\b
Exit codes: 0 shown; 2 bad usage (no such folder).""")
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
def summary(outdir) -> None:
    """One-screen summary of an output folder: tables, indicators, warnings per file."""
    from pathlib import Path

    from rich.console import Console
    from rich.table import Table as RTable

    from .models import Document

    rt = RTable(title=f"tablextract output in {outdir}")
    for col in ("file", "format", "tables", "indicators", "warnings", "unparsed", "unplaced"):
        rt.add_column(col, justify="left" if col in ("file", "format") else "right")
    for f in sorted(Path(outdir).rglob("*.json")):
        try:
            doc = Document.model_validate_json(f.read_bytes())
        except ValueError:
            continue
        unparsed = sum(1 for t in doc.tables for i in t.indicators for v in (i.value, i.annual_value, i.actual)
                       if v is not None and v.kind == "unparsed")
        rt.add_row(str(f.relative_to(outdir))[:-5], doc.source.format, str(len(doc.tables)),
                   str(sum(len(t.indicators) for t in doc.tables)), str(len(doc.warnings)), str(unparsed),
                   str(len(doc.unplaced)))
    errors = Path(outdir) / "errors.jsonl"
    Console(width=120).print(rt)
    if errors.exists() and errors.stat().st_size:
        for line in errors.read_text("utf-8").splitlines():
            e = json.loads(line)
            click.echo(f"failed: {e['path']}: {e['message']} ({e['kind']})")


@main.command(epilog="""\b
Example:
  tablextract schema > document.schema.json

\b
Exit code: 0.""")
def schema() -> None:
    """Print the JSON Schema of Document."""
    from .models import Document

    click.echo(json.dumps(Document.model_json_schema(mode="serialization"), ensure_ascii=False, indent=2))


@main.command(epilog="""\b
Examples:
  tablextract validate samples/seed.docx --json findings.json
  tablextract validate out/                # every output JSON of a batch
  tablextract validate 'in/**/*.xlsx'

\b
Exit codes: 0 every file could be checked (findings or not); 1 some file could not be read; 2 bad usage.""")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="write the findings as JSON")
@click.option("--vocab", multiple=True, type=click.Path(dir_okay=False), help="extra vocabulary JSON (repeatable)")
@click.option("--debug", is_flag=True, help="show tracebacks")
def validate(paths, json_out, vocab, debug) -> None:
    """Domain checks on PATHS (source documents or output JSONs; files, folders, globs): sums, units,
    duplicates, targets met."""
    _setup_logging(debug)
    from .batch import DOC_SUFFIXES, collect_inputs
    from .validate import validate_paths, print_findings

    options = _options(vocab, None)
    items = collect_inputs(paths, suffixes=frozenset(DOC_SUFFIXES | {".json"}))
    findings, failed = validate_paths([it.path for it in items], options)
    print_findings(findings)
    if json_out:
        from .writers.atomic import write_text

        write_text(json_out, json.dumps(
            [{"path": p, "issues": [i.model_dump(mode="json") for i in issues]} for p, issues in findings],
            ensure_ascii=False, indent=2) + "\n")
    sys.exit(1 if failed else 0)


@main.command(epilog="""\b
Example:
  tablextract review samples/seed.pdf samples/seed.docx -o review/

\b
Exit codes: 0 every page written; 1 some input failed (the others are written); 2 bad usage.""")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False),
              help="folder for NAME.review.html, one per input")
@click.option("--vocab", multiple=True, type=click.Path(dir_okay=False), help="extra vocabulary JSON (repeatable)")
@click.option("--debug", is_flag=True, help="show tracebacks")
def review(paths, outdir, vocab, debug) -> None:
    """Write a self-contained review page per input: source pages/grid beside the typed records, linked
    cell by cell, with counts, warnings, unplaced cells and validate's findings."""
    _setup_logging(debug)
    from pathlib import Path

    from .batch import collect_inputs
    from .review import review_page
    from .writers.atomic import write_text

    options = _options(vocab, None)
    items = collect_inputs(paths)
    if not items:
        raise click.UsageError("no input files")
    failed = 0
    for it in items:
        target = Path(outdir) / f"{Path(it.rel).name}.review.html"
        try:
            html = review_page(it.path, options)
            Path(outdir).mkdir(parents=True, exist_ok=True)
            write_text(str(target), html)
        except TablextractError as e:
            if debug:
                raise
            log.error("%s (%s)", e, e.kind)
            failed += 1
            continue
        except OSError as e:
            log.error("%s: cannot write (%s) (unwritable)", target, e.strerror or e)
            failed += 1
            continue
        log.info("%s", target)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
