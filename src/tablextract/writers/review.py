"""The review page: one self-contained HTML file showing a Document's source beside its records.

Pure: a :class:`~tablextract.models.Document`, the source's cells (the reader's grid, for the
text and bboxes of every cell) and page images in → an HTML string out.  Every source cell is an
element with ``data-cell`` (its provenance coordinates, space-free, e.g. ``1,19,3``) and
``data-records`` (ids of the records it fed); every record row has ``data-record`` and
``data-cells``.  A few lines of inline JS link the two; nothing is fetched from the network.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from typing import Iterable, Optional, Sequence, Union

from ..grid import GridCell, Paragraph, SourceGrid, TableGrid, compact
from ..models import Cell, Document, Issue, Value, number_out
from .html_repr import typed

Coord = tuple[int, ...]


@dataclass
class PageImage:
    """A rendered page: a ``data:`` URI and the width/height of the coordinate space its bboxes use."""

    uri: str
    width: float
    height: float


@dataclass
class _SourceCell:
    text: str
    coord: Coord
    page: Optional[int] = None
    bbox: Optional[list[float]] = None
    rowspan: int = 1
    colspan: int = 1
    confidence: Optional[float] = None
    roles: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _key(coord: Iterable[int]) -> str:
    return ",".join(str(int(v)) for v in coord)


def _unplaced_coord(c: Cell) -> Coord:
    return (c.page, c.row, c.col) if c.page is not None else (c.row, c.col)


def _source_cells(grid: Optional[SourceGrid], doc: Document) -> tuple[dict[Coord, _SourceCell], list]:
    """Every cell of the source by its provenance coordinates, and the blocks in reading order."""
    cells: dict[Coord, _SourceCell] = {}
    blocks: list = []
    if grid is not None:
        for b in grid.blocks:
            if isinstance(b, TableGrid):
                rows = []
                for c in b.cells:
                    sc = _SourceCell(c.text, tuple(b.coord(c)), c.page, c.bbox, c.rowspan, c.colspan, c.confidence)
                    cells.setdefault(sc.coord, sc)
                    rows.append(cells[sc.coord])
                blocks.append(("table", b, rows))
            elif isinstance(b, Paragraph):
                coord = (b.page, b.row, 0) if b.page is not None else (b.row, 0)
                sc = cells.setdefault(coord, _SourceCell(b.text, coord, b.page, b.bbox))
                blocks.append(("para", b, [sc]))
    # Unplaced cells the grid does not hold (or no grid at all) still show.
    loose = []
    for c in doc.unplaced:
        coord = _unplaced_coord(c)
        if coord not in cells:
            cells[coord] = _SourceCell(c.text, coord, c.page, c.bbox, c.rowspan, c.colspan, c.confidence)
            loose.append(cells[coord])
    if loose:
        blocks.append(("loose", None, loose))
    return cells, blocks


@dataclass
class _Record:
    rid: str
    kind: str
    cells: list[Coord]
    columns: list[tuple[str, str]]  # (header, html)


def _val(v: Optional[Value]) -> tuple[str, str]:
    return (v.raw if v else "", typed(v))


def _num(x) -> str:
    return "" if x is None else str(number_out(x))


def _records(doc: Document, cells: dict[Coord, _SourceCell]) -> dict[str, list[_Record]]:
    """The records of every table, each with the coordinates of its cells and the role each cell played."""
    out: dict[str, list[_Record]] = {"indicator": [], "budget": [], "task": [], "field": [], "goal": []}

    def mark(rec: _Record, coord: Iterable[int], role: str) -> None:
        c = tuple(int(v) for v in coord)
        rec.cells.append(c)
        sc = cells.get(c)
        if sc is None:  # a coordinate the grid does not hold (no grid given): show the record's text
            sc = cells[c] = _SourceCell("", c)
        sc.roles.append(role)
        sc.records.append(rec.rid)

    for ti, t in enumerate(doc.tables):
        for i, ind in enumerate(t.indicators):
            rec = _Record(f"t{ti}-ind{i}", "indicator", [], [
                ("table", str(ti)), ("一级", ind.level1), ("二级", ind.level2), ("三级指标", ind.name),
                ("value raw", _val(ind.value)[0]), ("value typed", _val(ind.value)[1]),
                ("annual raw", _val(ind.annual_value)[0]), ("annual typed", _val(ind.annual_value)[1]),
                ("actual raw", _val(ind.actual)[0]), ("actual typed", _val(ind.actual)[1]),
                ("weight", _num(ind.weight)), ("score", _num(ind.score)), ("direction", ind.direction or "")])
            for part, coords in ind.provenance.cells.items():
                role = {"level1": "level", "level2": "level", "name": "name", "value": "value",
                        "annual_value": "value"}.get(part, part if part in ("actual", "weight", "score") else "extra")
                for coord in coords:
                    mark(rec, coord, role)
            out["indicator"].append(rec)
        for i, b in enumerate(t.budget):
            rec = _Record(f"t{ti}-bud{i}", "budget", [], [
                ("table", str(ti)), ("group", b.group), ("item", b.item), ("raw", b.amount.raw),
                ("typed", typed(b.amount))])
            for coord in b.provenance.cells:
                mark(rec, coord, "budget")
            out["budget"].append(rec)
        for i, k in enumerate(t.tasks):
            a = _val(k.amount)
            rec = _Record(f"t{ti}-task{i}", "task", [], [
                ("table", str(ti)), ("name", k.name), ("content", k.content), ("amount raw", a[0]),
                ("amount typed", a[1]), ("expected", k.expected)])
            for coord in k.provenance.cells:
                mark(rec, coord, "task")
            out["task"].append(rec)
        # Fields and goals carry no provenance: their cells are found by text within the table's pages/rows.
        p = t.provenance
        scope = [sc for sc in cells.values() if _in_table(sc, p.pages, p.first_row, p.last_row)]
        for kind, items in (("field", t.fields), ("goal", t.goals)):
            for i, (key, value) in enumerate(items.items()):
                rec = _Record(f"t{ti}-{kind}{i}", kind, [], [("table", str(ti)), ("key", key), ("value", value)])
                wanted = {compact(key), compact(value)} - {""}
                for sc in scope:
                    if compact(sc.text) in wanted and kind not in sc.roles:
                        mark(rec, sc.coord, kind)
                out[kind].append(rec)
    return out


def _in_table(sc: _SourceCell, pages: list[int], first: Optional[int], last: Optional[int]) -> bool:
    row = sc.coord[-2]
    if pages and len(sc.coord) == 3 and sc.coord[0] not in pages:
        return False
    if len(pages) > 1 and len(sc.coord) == 3:
        return True  # rows restart per page/sheet: the pages bound the table
    return first is None or last is None or first <= row <= last


_STYLE = """
body{font:13px/1.4 system-ui,sans-serif;margin:0;color:#222;display:flex;flex-direction:column;height:100vh}
header{flex:none;max-height:35vh;overflow:auto;padding:8px 12px;background:#f4f4f6;border-bottom:1px solid #ccc}
main{display:flex;flex:1;min-height:0;padding-bottom:24px}
#src,#rec{overflow:auto;padding:8px;box-sizing:border-box}
#src{flex:1 1 50%;border-right:2px solid #999;background:#fafafa}#rec{flex:1 1 50%}
.page{position:relative;margin:0 auto 12px;box-shadow:0 0 4px #888;background:#fff}
.page img{display:block;width:100%}
.page .cell{position:absolute;box-sizing:border-box;border:1.5px solid;opacity:.9}
table{border-collapse:collapse;margin:4px 0 12px}td,th{border:1px solid #bbb;padding:2px 4px;vertical-align:top}
th{background:#eee;position:sticky;top:0}
.cell.r-name{border-color:#1f6feb;background:rgba(31,111,235,.12)}
.cell.r-value{border-color:#1a7f37;background:rgba(26,127,55,.15)}
.cell.r-actual{border-color:#0e8a8a;background:rgba(14,138,138,.15)}
.cell.r-weight,.cell.r-score{border-color:#8250df;background:rgba(130,80,223,.14)}
.cell.r-level{border-color:#6e7781;background:rgba(110,119,129,.12)}
.cell.r-field{border-color:#bf8700;background:rgba(191,135,0,.14)}
.cell.r-goal{border-color:#d4a72c;background:rgba(212,167,44,.22)}
.cell.r-budget{border-color:#cf222e;background:rgba(207,34,46,.12)}
.cell.r-task{border-color:#bc4c00;background:rgba(188,76,0,.14)}
.cell.r-extra{border-color:#57606a;background:rgba(87,96,106,.10)}
.cell.r-structure{border-color:#c8c8c8}
.cell.r-unplaced{border-color:#ff00aa;border-style:dashed;background:rgba(255,0,170,.15)}
.cell.warn{outline:3px dotted #e36209}.cell.lowconf{outline:3px dashed #d00}
.hl{box-shadow:0 0 0 3px #ffd33d inset, 0 0 6px 2px #ffd33d!important;background:rgba(255,211,61,.45)!important}
tr.hl td{background:#fff5b1}
.legend span{display:inline-block;margin-right:6px;padding:0 4px}
#info{position:fixed;bottom:0;left:0;right:0;background:#222;color:#eee;padding:4px 10px;font-size:12px;
 white-space:pre-wrap;max-height:30vh;overflow:auto}
.sev-error{color:#cf222e}.sev-warning{color:#9a6700}
"""

_SCRIPT = """
(function(){
var info=document.getElementById('info');
function clear(){document.querySelectorAll('.hl').forEach(function(e){e.classList.remove('hl')});}
function cellsOf(keys){var o=[];keys.split(' ').forEach(function(k){if(k)document.querySelectorAll('[data-cell="'+k+'"]').forEach(function(e){o.push(e)})});return o;}
function recsOf(ids){var o=[];ids.split(' ').forEach(function(k){if(k)document.querySelectorAll('[data-record="'+k+'"]').forEach(function(e){o.push(e)})});return o;}
document.addEventListener('click',function(ev){
 var c=ev.target.closest('[data-cell]'),r=ev.target.closest('[data-record]');
 if(c){clear();c.classList.add('hl');var rs=recsOf(c.getAttribute('data-records')||'');
  rs.forEach(function(e){e.classList.add('hl')});if(rs[0])rs[0].scrollIntoView({block:'center'});
  info.textContent=c.getAttribute('data-info')||'';}
 else if(r){clear();r.classList.add('hl');var cs=cellsOf(r.getAttribute('data-cells')||'');
  cs.forEach(function(e){e.classList.add('hl')});if(cs[0])cs[0].scrollIntoView({block:'center'});
  info.textContent=r.getAttribute('data-info')||'';}
});
// A link to one record or cell: page.html#record=t0-ind3 or #cell=1,19,3 opens with it highlighted.
var m=/^#(record|cell)=(.+)$/.exec(decodeURIComponent(location.hash));
if(m){var e=document.querySelector('[data-'+m[1]+'="'+m[2]+'"]');if(e){e.click();e.scrollIntoView({block:'center'});}}
})();
"""

_ROLE_LABEL = {"name": "indicator name", "value": "indicator value", "actual": "actual", "weight": "weight",
               "score": "score", "level": "一级/二级", "field": "field", "goal": "goal", "budget": "budget line",
               "task": "task", "extra": "other column", "structure": "structural label", "unplaced": "unplaced"}


def _cell_attrs(sc: _SourceCell, unplaced: set[Coord], warned: set[tuple], recinfo: dict[str, str]) -> str:
    roles = list(dict.fromkeys(sc.roles)) or (["unplaced"] if sc.coord in unplaced else ["structure"])
    cls = ["cell"] + [f"r-{r}" for r in roles[:1]]
    if (sc.coord[-2], sc.coord[-1]) in warned or (sc.coord[-2], None) in warned:
        cls.append("warn")
    if sc.confidence is not None and sc.confidence < 0.8:
        cls.append("lowconf")
    info = [f"cell {_key(sc.coord)} — {', '.join(_ROLE_LABEL.get(r, r) for r in roles)}", f"raw: {sc.text}"]
    if sc.confidence is not None:
        info.append(f"OCR confidence {sc.confidence:.2f}")
    info += [recinfo[r] for r in dict.fromkeys(sc.records) if r in recinfo]
    info += sc.notes
    text = "\n".join(info)
    return (f' class="{" ".join(cls)}" data-cell="{_key(sc.coord)}" data-records="{" ".join(dict.fromkeys(sc.records))}"'
            f' data-info="{escape(text)}" title="{escape(text)}"')


def _source_html(cells, blocks, images: dict[int, PageImage], unplaced, warned, recinfo) -> str:
    parts: list[str] = []
    placed: set[Coord] = set()
    if images:
        for page in sorted(images):
            img = images[page]
            parts.append(f'<div class="page" data-page="{page}" style="width:{min(900, round(img.width * 1.5))}px;max-width:100%;'
                         f'aspect-ratio:{img.width:.2f}/{img.height:.2f}"><img alt="page {page}" src="{img.uri}">')
            for sc in cells.values():
                if sc.page != page or not sc.bbox:
                    continue
                x0, y0, x1, y1 = sc.bbox
                style = (f"left:{x0 / img.width * 100:.3f}%;top:{y0 / img.height * 100:.3f}%;"
                         f"width:{(x1 - x0) / img.width * 100:.3f}%;height:{(y1 - y0) / img.height * 100:.3f}%")
                parts.append(f'<div{_cell_attrs(sc, unplaced, warned, recinfo)} style="{style}"></div>')
                placed.add(sc.coord)
            parts.append("</div>")
    rest = [(kind, b, [sc for sc in scs if sc.coord not in placed]) for kind, b, scs in blocks]
    for kind, b, scs in rest:
        if not scs:
            continue
        if kind == "table":
            parts.append(_grid_table(b, {sc.coord: sc for sc in scs}, unplaced, warned, recinfo))
        else:
            for sc in scs:
                parts.append(f'<p{_cell_attrs(sc, unplaced, warned, recinfo)}>{escape(sc.text)}</p>')
    shown = {sc.coord for _k, _b, scs in rest for sc in scs}
    missing = [sc for sc in cells.values() if sc.coord not in placed and sc.coord not in shown]
    if missing:  # record coordinates no grid holds (a Document without its source)
        parts.append("<h4>cells named by records</h4>")
        for sc in missing:
            parts.append(f'<p{_cell_attrs(sc, unplaced, warned, recinfo)}>[{_key(sc.coord)}]</p>')
    return "".join(parts)


def _grid_table(b: TableGrid, by_coord: dict[Coord, _SourceCell], unplaced, warned, recinfo) -> str:
    """The reconstructed grid as an HTML table with the source's spans."""
    out = ["<table class='grid'>"]
    for r in b.rows():
        out.append("<tr>")
        col = 0
        while col < b.n_cols:
            c = b.slot(r, col)
            if c is None:
                out.append("<td></td>")
                col += 1
                continue
            if c.pos != (r, col):  # covered by a span from above
                col = c.col + c.colspan
                continue
            sc = by_coord.get(tuple(b.coord(c)))
            span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            if sc is None:
                out.append(f"<td{span}>{escape(c.text)}</td>")
            else:
                out.append(f"<td{span}{_cell_attrs(sc, unplaced, warned, recinfo)}>{escape(c.text)}</td>")
            col += c.colspan
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _summary_html(doc: Document, records: dict[str, list[_Record]], findings: Sequence[Issue]) -> str:
    n = {k: len(v) for k, v in records.items()}
    parts = [f"<h2>{escape(doc.source.path)}</h2><p>{doc.source.format}"
             f"{', OCR' if doc.source.ocr else ''}, {doc.source.pages or '-'} pages — {len(doc.tables)} tables, "
             f"{n['indicator']} indicators, {n['budget']} budget lines, {n['task']} tasks, {n['field']} fields, "
             f"{n['goal']} goals, <b>{len(doc.warnings)} warnings</b>, <b>{len(doc.unplaced)} unplaced cells</b>, "
             f"<b>{len(findings)} validate findings</b></p>"]
    parts.append("<p class='legend'>" + "".join(
        f"<span class='cell r-{r}' style='position:static;border:1.5px solid'>{escape(label)}</span>"
        for r, label in _ROLE_LABEL.items()) + "<span class='cell warn' style='position:static'>warning</span>"
        "<span class='cell lowconf' style='position:static'>low OCR confidence</span></p>")
    if doc.warnings:
        by_code = Counter(w.code for w in doc.warnings)
        parts.append("<details><summary>warnings by code: " + ", ".join(
            f"{escape(c)} ×{k}" for c, k in by_code.most_common()) + "</summary><ul>")
        parts += [f"<li class='sev-{w.severity}'>{escape(w.code)} (table {w.location.table_index}, page "
                  f"{w.location.page}, row {w.location.row}, col {w.location.col}): {escape(w.message)}</li>"
                  for w in doc.warnings]
        parts.append("</ul></details>")
    if findings:
        parts.append("<details open><summary>validate findings</summary><ul>")
        parts += [f"<li class='sev-{f.severity}'>{escape(f.code)} (table {f.location.table_index}, row "
                  f"{f.location.row}): {escape(f.message)}</li>" for f in findings]
        parts.append("</ul></details>")
    if doc.unplaced:
        parts.append(f"<details><summary>{len(doc.unplaced)} unplaced cells</summary><ul>")
        parts += [f"<li data-cell='{_key(_unplaced_coord(c))}' data-records=''>[{_key(_unplaced_coord(c))}] "
                  f"{escape(c.text)}</li>" for c in doc.unplaced]
        parts.append("</ul></details>")
    return "".join(parts)


def _records_html(records: dict[str, list[_Record]]) -> str:
    titles = {"field": "Fields", "goal": "Goals", "budget": "Budget lines", "task": "Tasks", "indicator": "Indicators"}
    parts = []
    for kind in ("field", "goal", "budget", "task", "indicator"):
        recs = records[kind]
        if not recs:
            continue
        # Columns empty in every row (no 实际完成值 in a target table) are left out.
        used = [j for j in range(len(recs[0].columns)) if any(r.columns[j][1] for r in recs)]
        parts.append(f"<h3>{titles[kind]} ({len(recs)})</h3><table><tr>"
                     + "".join(f"<th>{escape(recs[0].columns[j][0])}</th>" for j in used) + "</tr>")
        for rec in recs:
            keys = " ".join(dict.fromkeys(_key(c) for c in rec.cells))
            parts.append(f'<tr data-record="{rec.rid}" data-kind="{kind}" data-cells="{keys}" '
                         f'data-info="{escape(_record_info(rec))}">'
                         + "".join(f"<td>{escape(rec.columns[j][1])}</td>" for j in used) + "</tr>")
        parts.append("</table>")
    return "".join(parts)


def _record_info(rec: _Record) -> str:
    return f"{rec.kind} {rec.rid}: " + json.dumps({h: v for h, v in rec.columns if v}, ensure_ascii=False)


def review_html(doc: Document, grid: Optional[SourceGrid] = None, images: Optional[dict[int, PageImage]] = None,
                findings: Sequence[Issue] = ()) -> str:
    """The review page of ``doc`` as one self-contained HTML string.

    ``grid`` is the reader's grid of the same source (text and bboxes of every cell); without it only
    the cells the records and ``unplaced`` name are shown.  ``images`` maps page numbers to rendered
    pages whose coordinate space is the cells' bboxes.  ``findings`` are ``validate``'s issues.
    """
    cells, blocks = _source_cells(grid, doc)
    records = _records(doc, cells)
    recinfo = {r.rid: _record_info(r) for recs in records.values() for r in recs}
    unplaced = {_unplaced_coord(c) for c in doc.unplaced}
    warned = {(w.location.row, w.location.col) for w in doc.warnings if w.location.row is not None}
    body = (f"<header>{_summary_html(doc, records, findings)}</header><main>"
            f"<section id='src'>{_source_html(cells, blocks, images or {}, unplaced, warned, recinfo)}</section>"
            f"<section id='rec'>{_records_html(records)}</section></main><div id='info'>click a cell or a record</div>")
    return (f"<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>review: "
            f"{escape(doc.source.path)}</title><style>{_STYLE}</style></head><body>{body}"
            f"<script>{_SCRIPT}</script></body></html>")
