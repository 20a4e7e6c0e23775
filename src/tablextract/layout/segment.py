"""Split a reader's blocks into table regions: grid + title + notes.

The title is the heading (or paragraph) just above a table; notes are the
备注 paragraphs just below it, with their numbered continuation lines.  Title
and 备注 rows that a reader left inside the grid (spreadsheets put the title in
row 1) are peeled off the same way.  Paragraphs that are neither stay loose and
end up in ``unplaced``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..grid import GridCell, Paragraph, SourceGrid, TableGrid
from ..vocabulary import Vocabulary, blocks, fold, key

_B = blocks()


@dataclass
class TableRegion:
    grid: TableGrid
    title: Optional[Paragraph] = None
    notes: list[Paragraph] = field(default_factory=list)
    captions: list[Paragraph] = field(default_factory=list)  # lines between the title and the table


@dataclass
class Segmented:
    regions: list[TableRegion]
    loose: list[Paragraph]


def _single_text_row(grid: TableGrid, row: int) -> Optional[GridCell]:
    cells = [c for c in grid.row_cells(row) if c.text.strip()]
    covered = any(grid.slot(row, k) is not None and grid.slot(row, k).row < row for k in range(grid.n_cols))
    if len(cells) == 1 and not covered:
        return cells[0]
    return None


def _structure_label(vocab: Vocabulary, text: str) -> bool:
    """A section, group or sign-off label (基本信息, 绩效指标, 审核意见 …): part of the table even alone on its row."""
    head = key(text).rstrip(":")
    return (vocab.section_of(text) is not None or head in vocab.field_groups
            or head in vocab.block_words("after_block_labels") or bool(vocab.pattern("after_block_label").search(head)))


def _paragraph(c: GridCell, heading_level: Optional[int] = None) -> Paragraph:
    return Paragraph(text=c.text.strip(), row=c.row, page=c.page, heading_level=heading_level, bbox=c.bbox)


@dataclass
class _Peeled:
    grid: TableGrid
    title: Optional[Paragraph] = None
    notes: list[Paragraph] = field(default_factory=list)
    captions: list[Paragraph] = field(default_factory=list)  # lines between title and table body
    trailing: list[Paragraph] = field(default_factory=list)  # signature, date, 附件 lines below it


def _peel(grid: TableGrid, vocab: Vocabulary) -> _Peeled:
    """Rows a spreadsheet keeps inside the grid that are paragraphs of the page, moved out of it:
    the title row, caption rows under it (``（2023年度）``, ``单位：万元``), 备注 rows below the body
    and the lines after it (填表人, dates, 附件) — so a sheet gives the records its DOCX gives."""
    out = _Peeled(grid)
    drop: set[tuple[int, int]] = set()  # positions of the cells peeled off
    rows = [r for r in grid.rows() if grid.row_cells(r)]
    if not rows:
        return out
    first = _single_text_row(grid, rows[0])
    body = 0
    if first is not None and _B.is_title(first.text) and len(rows) > 1:
        out.title = _paragraph(first, heading_level=1)
        drop.add(first.pos)
        body = 1
    while body < len(rows) - 1:
        c = _single_text_row(grid, rows[body])
        if c is None or _structure_label(vocab, c.text) or _B.is_note_start(c.text):
            break
        out.captions.append(_paragraph(c))
        drop.add(c.pos)
        body += 1
    in_notes = False
    tail: list[GridCell] = []
    for r in rows[body + 1:]:
        c = _single_text_row(grid, r)
        if c is not None and _B.is_note_start(c.text):
            in_notes = True
        if in_notes:
            if c is None or not (_B.is_note_start(c.text) or _B.is_note_item(c.text) or tail):
                in_notes = False
                tail.clear()
                continue
            tail.append(c)
    for c in tail:
        out.notes.append(_paragraph(c))
        drop.add(c.pos)
    for r in reversed(rows[body + 1:]):
        c = _single_text_row(grid, r)
        if c is not None and c.pos in drop:
            continue  # a 备注 line, already peeled
        if c is None or c.col != 0 or _structure_label(vocab, c.text):
            break
        out.trailing.insert(0, _paragraph(c))
        drop.add(c.pos)
    if drop:
        out.grid = grid.with_cells([c for c in grid.cells if c.pos not in drop])
    return out


def segment(source: SourceGrid, vocab: Vocabulary) -> Segmented:
    """Pair each table grid with its title and notes; keep other paragraphs loose."""
    regions: list[TableRegion] = []
    loose: list[Paragraph] = []
    pending: list[Paragraph] = []  # paragraphs since the last table
    last_region: Optional[TableRegion] = None
    collecting_notes = False
    for block in source.blocks:
        if isinstance(block, TableGrid):
            if not any(c.text.strip() for c in block.cells):
                continue
            peeled = _peel(block, vocab)
            grid, title, inner_notes = peeled.grid, peeled.title, peeled.notes
            if title is None:
                # Nearest heading above wins, else the last paragraph just above.
                heads = [p for p in pending if p.heading_level]
                cand = heads[-1] if heads else (pending[-1] if pending and _B.is_title(pending[-1].text) else None)
                title = cand
            captions = pending[pending.index(title) + 1:] if title in pending else list(pending)
            captions += peeled.captions
            # A caption the table reads its money unit from is used; other lines stay loose (unplaced).
            loose.extend(p for p in pending + peeled.captions
                         if p is not title and not (p in captions and _unit_of(p, vocab)))
            loose.extend(peeled.trailing)
            pending = []
            last_region = TableRegion(grid=grid, title=title, notes=list(inner_notes), captions=captions)
            regions.append(last_region)
            collecting_notes = True
            continue
        p = block
        if collecting_notes and last_region is not None and not p.heading_level:
            if _B.is_note_start(p.text) or (last_region.notes and _B.is_note_item(p.text)):
                last_region.notes.append(p)
                continue
        collecting_notes = False
        pending.append(p)
    loose.extend(pending)
    return Segmented(regions=regions, loose=loose)


def _unit_of(p: Paragraph, vocab: Vocabulary) -> Optional[str]:
    m = vocab.header_pattern("money_caption").search(fold(p.text))
    return m.group(1) if m else None


def caption_unit(region: TableRegion, vocab: Vocabulary) -> Optional[str]:
    """The money unit a caption line states (``填报单位：（盖章） 单位：万元``), or None."""
    lines = region.captions + ([region.title] if region.title is not None else [])  # a PDF may join them
    return next((u for u in (_unit_of(p, vocab) for p in lines) if u), None)


def note_text(p: Paragraph) -> list[str]:
    """备注 paragraph → note lines: the 备注： marker, numbering and bullets removed."""
    text = _B.note_start.sub("", p.text.strip())
    out = []
    for line in re.split(r"\n+", text):
        line = _B.note_item.sub("", line.strip(), count=1).strip()
        if line:
            out.append(line)
    return out
