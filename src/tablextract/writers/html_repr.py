"""Readable HTML of a Document for Jupyter: raw cell text beside the typed value."""
from __future__ import annotations

from html import escape
from typing import Optional

from ..models import Document, Value, number_out


def typed(v: Optional[Value]) -> str:
    """A short human summary of a typed Value (``>= 95 %``, ``period P3M``)."""
    if v is None:
        return ""
    if v.kind in ("number", "change"):
        s = f"{v.op or ''} {number_out(v.value)} {v.unit or ''}".strip()
        return f"{v.direction} {s}" if v.kind == "change" else s
    if v.kind == "range":
        return f"{number_out(v.value)}–{number_out(v.upper)} {v.unit or ''}".strip()
    if v.kind == "period":
        return f"period {v.period}" + (f" × {number_out(v.value)}" if v.value is not None else "")
    if v.kind in ("date", "deadline"):
        return f"{v.kind} {v.op} {v.date}" + (f"..{v.date_end}" if v.date_end else "")
    if v.kind == "trend":
        return f"trend {v.direction}" + (" vs previous year" if v.baseline else "")
    if v.kind == "boolean":
        return "yes" if v.boolean else "no"
    if v.kind == "qualitative":
        return f"qualitative: {v.text}"
    return v.kind


COLLAPSE_AFTER = 20  # rows shown open; a longer list is folded (<details>) so a notebook stays readable


def _loc(loc) -> str:
    parts = [f"{k} {v}" for k, v in (("table", loc.table_index), ("page", loc.page), ("row", loc.row),
                                     ("col", loc.col)) if v is not None]
    return ", ".join(parts) or "document"


def _rows_table(title: str, header: list[str], rows: list[list[str]], styles: Optional[list[str]] = None) -> str:
    """An HTML table of escaped cells under a <details> header, folded when long."""
    if not rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(f"<tr{(styles or [''] * len(rows))[i]}>" + "".join(f"<td>{escape(str(c))}</td>" for c in r)
                   + "</tr>" for i, r in enumerate(rows))
    opened = " open" if len(rows) <= COLLAPSE_AFTER else ""
    return (f"<details{opened}><summary>{escape(title)} ({len(rows)})</summary>"
            f"<table><tr>{head}</tr>{body}</table></details>")


def _num(x) -> str:
    return "" if x is None else str(number_out(x))


def document_html(doc: Document) -> str:
    """The whole Document as HTML for Jupyter: per table its fields, goals, budget lines, tasks,
    indicators (raw text beside the typed value; actual / weight / score when present) and notes;
    then the warnings with their reason and location and the unplaced cells.  Long lists fold."""
    warn_rows = {(w.location.table_index, w.location.row) for w in doc.warnings}
    hilite = " style='background:#fff3cd'"
    parts = [f"<div class='tablextract'><b>{escape(doc.source.path)}</b> "
             f"({doc.source.format}{', OCR' if doc.source.ocr else ''}, {len(doc.tables)} tables, "
             f"{len(doc.warnings)} warnings, {len(doc.unplaced)} unplaced)"]
    for ti, t in enumerate(doc.tables):
        parts.append(f"<h4>{ti}: {escape(t.title)} <small>[{t.kind}] {escape(t.project_name)}</small></h4>")
        parts.append(_rows_table("fields", ["field", "value"], [[k, v] for k, v in t.fields.items()]))
        parts.append(_rows_table("goals", ["goal", "text"], [[k, v] for k, v in t.goals.items()]))
        parts.append(_rows_table("budget", ["group", "item", "raw", "typed"],
                                 [[b.group, b.item, b.amount.raw if b.amount else "", typed(b.amount)]
                                  for b in t.budget]))
        parts.append(_rows_table("tasks", ["task", "content", "amount raw", "amount typed", "expected"],
                                 [[k.name, k.content, k.amount.raw if k.amount else "", typed(k.amount), k.expected]
                                  for k in t.tasks]))
        has_actual = any(i.actual is not None or i.weight is not None or i.score is not None for i in t.indicators)
        header = ["一级", "二级", "三级指标", "raw", "typed", "annual raw", "annual typed"]
        if has_actual:
            header += ["actual raw", "actual typed", "weight", "score"]
        rows, styles = [], []
        for ind in t.indicators:
            a = ind.annual_value
            row = [ind.level1, ind.level2, ind.name, ind.value.raw if ind.value else "", typed(ind.value),
                   a.raw if a else "", typed(a)]
            if has_actual:
                row += [ind.actual.raw if ind.actual else "", typed(ind.actual), _num(ind.weight), _num(ind.score)]
            rows.append(row)
            styles.append(hilite if (ti, ind.provenance.row) in warn_rows else "")
        parts.append(_rows_table("indicators", header, rows, styles))
        parts.append(_rows_table("notes", ["note"], [[n] for n in t.notes]))
    if doc.warnings:
        rows = [[w.code, w.severity, _loc(w.location), w.message] for w in doc.warnings]
        parts.append("<div style='color:#b45309'>"
                     + _rows_table("warnings", ["reason", "severity", "where", "message"], rows) + "</div>")
    parts.append(_rows_table("unplaced cells", ["page", "row", "col", "text"],
                             [[_num(c.page), c.row, c.col, c.text] for c in doc.unplaced]))
    parts.append("</div>")
    return "".join(parts)
