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


def document_html(doc: Document) -> str:
    warn_rows = {(w.location.table_index, w.location.row) for w in doc.warnings}
    parts = [f"<div class='tablextract'><b>{escape(doc.source.path)}</b> "
             f"({doc.source.format}, {len(doc.tables)} tables, {len(doc.warnings)} warnings, "
             f"{len(doc.unplaced)} unplaced)"]
    for ti, t in enumerate(doc.tables):
        parts.append(f"<h4>{ti}: {escape(t.title)} <small>[{t.kind}] {escape(t.project_name)}</small></h4>")
        parts.append("<table><tr><th>一级</th><th>二级</th><th>三级指标</th><th>raw</th><th>typed</th>"
                     "<th>annual raw</th><th>annual typed</th></tr>")
        for ind in t.indicators:
            style = " style='background:#fff3cd'" if (ti, ind.provenance.row) in warn_rows else ""
            a = ind.annual_value
            parts.append(
                f"<tr{style}><td>{escape(ind.level1)}</td><td>{escape(ind.level2)}</td><td>{escape(ind.name)}</td>"
                f"<td>{escape(ind.value.raw if ind.value else '')}</td><td>{escape(typed(ind.value))}</td>"
                f"<td>{escape(a.raw if a else '')}</td><td>{escape(typed(a))}</td></tr>")
        parts.append("</table>")
    if doc.warnings:
        parts.append("<details open><summary style='color:#b45309'>warnings</summary><ul>")
        for w in doc.warnings:
            loc = w.location
            parts.append(f"<li style='color:#b45309'>{escape(w.code)} (table {loc.table_index}, row {loc.row}): "
                         f"{escape(w.message)}</li>")
        parts.append("</ul></details>")
    parts.append("</div>")
    return "".join(parts)
