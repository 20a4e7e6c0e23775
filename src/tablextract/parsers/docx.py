"""Reader for Word ``.docx`` files (python-docx and its XML).

Each ``w:tc`` of a row is read once (python-docx's ``row.cells`` repeats merged
cells): ``gridBefore`` skips leading grid columns, ``gridSpan`` gives the
colspan, and a ``vMerge`` continue cell extends the cell above it.  Paragraphs
keep their order around tables; heading styles give heading levels.  A table
Word split in two (adjacent, same columns, nothing between) is joined.
"""
from __future__ import annotations

import io
import re
from typing import Optional

from ..errors import TablextractError
from ..grid import GridBudget, GridCell, Paragraph, SourceGrid, TableGrid
from ..options import ExtractOptions
from ..vocabulary import blocks
from ._zip import check_zip
from .attrs import int_attr
from .registry import Reader

_HEADING_STYLE = blocks().heading_style


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _qn(tag: str) -> str:
    """Clark name of a ``w:`` tag (the only namespace read here)."""
    return _W + tag[2:]


def _text(el) -> str:
    """Text of a cell or paragraph element: paragraphs joined by line breaks, breaks kept."""
    W_P, W_T, W_BR, W_TAB = _qn("w:p"), _qn("w:t"), _qn("w:br"), _qn("w:tab")
    paras = []
    for p in (el.iterchildren(W_P) if el.tag != W_P else [el]):
        parts = []
        for node in p.iter(W_T, W_BR, _qn("w:cr"), W_TAB):
            if node.tag == W_T:
                parts.append(node.text or "")
            elif node.tag == W_TAB:
                parts.append("\t")
            else:
                parts.append("\n")
        paras.append("".join(parts))
    text = "\n".join(paras)
    return text.strip()


def _table_cells(tbl, row0: int, nested: list, budget: GridBudget) -> tuple[list[GridCell], int]:
    """Cells of one ``w:tbl`` starting at grid row ``row0``; returns (cells, rows).

    Every cell is counted against ``budget`` before its columns are walked."""
    W_TR, W_TC, W_TRPR, W_TCPR = _qn("w:tr"), _qn("w:tc"), _qn("w:trPr"), _qn("w:tcPr")
    cells: list[GridCell] = []
    open_above: dict[int, GridCell] = {}  # grid col → cell that a vMerge continue extends
    r = row0
    for tr in tbl.iterchildren(W_TR):
        col = 0
        trpr = tr.find(W_TRPR)
        if trpr is not None:
            gb = trpr.find(_qn("w:gridBefore"))
            if gb is not None:
                col = int_attr(gb.get(_qn("w:val")), 0, "gridBefore")
        for tc in tr.iterchildren(W_TC):
            span, vmerge = 1, None
            tcpr = tc.find(W_TCPR)
            if tcpr is not None:
                gs = tcpr.find(_qn("w:gridSpan"))
                if gs is not None:
                    span = max(1, int_attr(gs.get(_qn("w:val")), 1, "gridSpan"))
                vm = tcpr.find(_qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(_qn("w:val"), "continue")
            for inner in tc.iterchildren(_qn("w:tbl")):
                nested.append(inner)
            if vmerge == "continue" and col in open_above:
                above = open_above[col]
                above.rowspan = r - above.row + 1
                budget.cell(above.row, above.col, above.rowspan, above.colspan)
            else:
                budget.cell(r, col, 1, span)
                c = GridCell(text=_text(tc), row=r, col=col, colspan=span)
                cells.append(c)
                for k in range(col, col + span):
                    open_above[k] = c
            col += span
        r += 1
    return cells, r - row0


def _style_level(p, styles: dict[str, str]) -> Optional[int]:
    ppr = p.find(_qn("w:pPr"))
    if ppr is None:
        return None
    ps = ppr.find(_qn("w:pStyle"))
    if ps is not None:
        sid = ps.get(_qn("w:val"), "")
        name = styles.get(sid, sid)
        m = _HEADING_STYLE.search(name) or (re.fullmatch(r"(\d)", sid) and re.match(r"(\d)", sid))
        if m:
            return int(m.group(1))
        if name.lower() == "title":
            return 1
    ol = ppr.find(_qn("w:outlineLvl"))
    if ol is not None:
        return min(9, int_attr(ol.get(_qn("w:val")), 0, "outlineLvl")) + 1
    return None


def read_docx(data: bytes, *, options: ExtractOptions | None = None) -> SourceGrid:
    """Read a DOCX into paragraphs and table grids, in document order."""
    options = options or ExtractOptions()
    check_zip(data, options.max_unzipped_bytes)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except TablextractError:
        raise
    except Exception as e:
        raise TablextractError("corrupt", f"not a readable DOCX ({type(e).__name__}: {str(e)[:80]})") from None
    styles = {}
    try:
        for s in document.styles:
            styles[s.style_id] = s.name or ""
    except Exception:
        pass
    if document.element.tag != _qn("w:document") or document.element.find(_qn("w:body")) is None:
        raise TablextractError("corrupt", "the DOCX main part is not a Word document body (parts swapped?)")
    body = document.element.body
    blocks: list = []
    budget = GridBudget(options.max_cells)
    row = 0
    last_tbl_cols: Optional[int] = None
    only_blank_since_table = False
    for el in body.iterchildren():
        if el.tag == _qn("w:p"):
            text = _text(el)
            if not text:
                continue
            only_blank_since_table = False
            blocks.append(Paragraph(text=text, row=row, heading_level=_style_level(el, styles)))
            row += 1
        elif el.tag == _qn("w:tbl"):
            nested: list = []
            budget.next_grid()
            cells, n = _table_cells(el, row, nested, budget)
            ncols = max((c.col + c.colspan for c in cells), default=0)
            if (only_blank_since_table and blocks and isinstance(blocks[-1], TableGrid)
                    and last_tbl_cols == ncols):
                blocks[-1].cells.extend(cells)  # Word split one table in two: join them
                blocks[-1].reindex()
            else:
                blocks.append(TableGrid(cells))
            row += n
            for inner in nested:
                budget.next_grid()
                icells, k = _table_cells(inner, row, [], budget)
                blocks.append(TableGrid(icells))
                row += k
            last_tbl_cols = ncols
            only_blank_since_table = True
    return SourceGrid(blocks=blocks, format="docx")


READERS = (Reader("docx", lambda probe: "word/document.xml" in probe.zip_names, read_docx),)
