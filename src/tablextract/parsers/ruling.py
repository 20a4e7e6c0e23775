"""Table structure of a page image from its ruling lines (OpenCV), no OCR.

A chain of small functions over numpy arrays: binarize → deskew → line masks
(morphological opening with long horizontal/vertical kernels) → table regions
(connected line structures) → edge positions (clustered projections) → cells
with row/column spans (two neighbouring slots belong to one cell when no
ruling segment separates them).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class RuledCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels (inside the ruling lines)


@dataclass
class TableStructure:
    box: tuple[int, int, int, int]
    xs: list[int]
    ys: list[int]
    cells: list[RuledCell]


def binarize(gray: np.ndarray, contrast: int = 15) -> np.ndarray:
    """Ink = 255 on a 0 background; adaptive so grey paper and uneven light do not matter.

    A lower ``contrast`` keeps fainter strokes (thin ruling lines in low-resolution scans)
    at the price of more noise.
    """
    import cv2

    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, contrast)


def line_masks(bw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling-line masks (text strokes are too short to survive)."""
    import cv2

    h, w = bw.shape
    hk = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // 35), 1))
    vk = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(15, h // 70)))
    hm = cv2.morphologyEx(bw, cv2.MORPH_OPEN, hk)
    vm = cv2.morphologyEx(bw, cv2.MORPH_OPEN, vk)
    # Close small gaps left by noise and blur along the lines.
    # Bridge the breaks noise, blur and JPEG leave along a line.
    hm = cv2.morphologyEx(hm, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (max(9, w // 60), 1)))
    vm = cv2.morphologyEx(vm, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(9, h // 100))))
    # A vertical ruling segment runs from one horizontal line to another; a tall text stroke
    # touches none.  Horizontal lines need only one anchored end (a page break cuts a table).
    vm = _keep_anchored(vm, hm, vertical=True, both=True)
    hm = _keep_anchored(hm, vm, vertical=False, both=False)
    return hm, vm


def _keep_anchored(mask: np.ndarray, cross: np.ndarray, vertical: bool, both: bool, reach: int = 9) -> np.ndarray:
    """Components of ``mask`` whose ends (both, or at least one) meet a line of ``cross``."""
    import cv2

    near = cv2.dilate(cross, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    for i in range(1, n):
        x, y, w, h, _a = stats[i]
        if vertical:
            a = near[y: y + 3, x: x + w]
            b = near[max(0, y + h - 3): y + h, x: x + w]
        else:
            a = near[y: y + h, x: x + 3]
            b = near[y: y + h, max(0, x + w - 3): x + w]
        keep[i] = bool(a.any() and b.any()) if both else bool(a.any() or b.any())
    return np.where(keep[labels], mask, 0).astype(mask.dtype)


def skew_angle(bw: np.ndarray, max_angle: float = 3.0) -> float:
    """Page rotation in degrees, from the long horizontal ruling lines (0 when there are none)."""
    import cv2

    h, w = bw.shape
    hm = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // 30), 1)))
    contours, _ = cv2.findContours(hm, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    angles = []
    for c in contours:
        _x, _y, cw, _ch = cv2.boundingRect(c)
        if cw > w / 5 and len(c) > 10:
            vx, vy, _x0, _y0 = cv2.fitLine(c, cv2.DIST_L2, 0, 0.01, 0.01).flatten()
            a = float(np.degrees(np.arctan2(vy, vx)))
            if a > 90:
                a -= 180
            if a < -90:
                a += 180
            if abs(a) <= max_angle:
                angles.append(a)
    return float(np.median(angles)) if angles else 0.0


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by ``angle`` degrees about the centre, filling with white."""
    import cv2

    if abs(angle) < 0.05:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _positions(profile: np.ndarray, min_count: float) -> list[int]:
    """Centres of runs where ``profile`` reaches ``min_count``."""
    idx = np.flatnonzero(profile >= min_count)
    if idx.size == 0:
        return []
    out = []
    start = prev = int(idx[0])
    for i in idx[1:]:
        i = int(i)
        if i - prev > 3:
            out.append((start + prev) // 2)
            start = i
        prev = i
    out.append((start + prev) // 2)
    return out


def _covered(mask: np.ndarray, horizontal: bool, at: int, lo: int, hi: int, band: int = 3) -> float:
    """Share of [lo, hi) along a boundary at ``at`` that carries a ruling line."""
    if hi <= lo:
        return 0.0
    if horizontal:
        strip = mask[max(0, at - band): at + band + 1, lo:hi]
        return float(np.count_nonzero(strip.max(axis=0))) / (hi - lo)
    strip = mask[lo:hi, max(0, at - band): at + band + 1]
    return float(np.count_nonzero(strip.max(axis=1))) / (hi - lo)


def find_tables(hm: np.ndarray, vm: np.ndarray, min_size: int = 60) -> list[TableStructure]:
    """Tables of a deskewed page: regions of connected ruling lines, their edges and cells."""
    import cv2

    grid = cv2.bitwise_or(hm, vm)
    grid = cv2.dilate(grid, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    tables = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w < min_size or h < min_size:
            continue
        sub_h = hm[y:y + h, x:x + w]
        sub_v = vm[y:y + h, x:x + w]
        ys = [y + p for p in _positions(np.count_nonzero(sub_h, axis=1), 0.08 * w)]
        xs = [x + p for p in _positions(np.count_nonzero(sub_v, axis=0), 0.04 * h)]
        if len(xs) < 2 or len(ys) < 2:
            continue
        tables.append(TableStructure(box=(int(x), int(y), int(x + w), int(y + h)), xs=xs, ys=ys,
                                     cells=build_cells(hm, vm, xs, ys)))
    tables.sort(key=lambda t: (t.box[1], t.box[0]))
    return tables


def build_cells(hm: np.ndarray, vm: np.ndarray, xs: list[int], ys: list[int],
                min_cover: float = 0.5) -> list[RuledCell]:
    """Slots between edges merged into cells wherever no ruling segment separates them."""
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and _covered(vm, False, xs[c + 1], ys[r] + 3, ys[r + 1] - 2) < min_cover:
                union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and _covered(hm, True, ys[r + 1], xs[c] + 3, xs[c + 1] - 2) < min_cover:
                union(r * nc + c, (r + 1) * nc + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            groups.setdefault(find(r * nc + c), []).append((r, c))
    cells = []
    for slots in groups.values():
        r0 = min(r for r, _ in slots)
        r1 = max(r for r, _ in slots)
        c0 = min(c for _, c in slots)
        c1 = max(c for _, c in slots)
        cells.append(RuledCell(row=r0, col=c0, rowspan=r1 - r0 + 1, colspan=c1 - c0 + 1,
                              box=(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    cells.sort(key=lambda g: (g.row, g.col))
    return cells


def despeckle(bw: np.ndarray, max_area: int) -> np.ndarray:
    """``bw`` without connected specks of at most ``max_area`` pixels (scanner noise, dust):
    they would stretch a text line's box and be read as dots and colons."""
    import cv2

    if max_area < 1:
        return bw
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] <= max_area
    small[0] = False
    if not small[1:].any():
        return bw
    return np.where(small[labels], 0, bw).astype(bw.dtype)


def text_lines(bw: np.ndarray, box: tuple[int, int, int, int], inset: int = 4,
               min_height: int = 6, typical: float | None = None,
               merge: bool = True) -> list[tuple[int, int, int, int]]:
    """Boxes of the text lines inside ``box`` (ink-row projection), ruling lines excluded.

    ``typical`` is the page's usual line height: bands much thinner than it that sit
    close together are parts of one line (是 splits into 日 and 定 at a one-pixel gap).
    """
    x0, y0, x1, y1 = box
    x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    crop = bw[y0:y1, x0:x1]
    rows = np.count_nonzero(crop, axis=1)
    ink = rows > max(1, 0.002 * crop.shape[1])
    lines = []
    r = 0
    n = len(ink)
    while r < n:
        if not ink[r]:
            r += 1
            continue
        start = r
        while r < n and ink[r]:
            r += 1
        if r - start >= min_height:
            band = crop[start:r]
            cols = np.flatnonzero(np.count_nonzero(band, axis=0))
            if cols.size:
                lines.append((x0 + int(cols[0]), y0 + start, x0 + int(cols[-1]) + 1, y0 + r))
    return merge_close_lines(lines, typical) if merge else lines


def merge_close_lines(lines: list[tuple[int, int, int, int]],
                      typical: float | None = None) -> list[tuple[int, int, int, int]]:
    """Join bands split inside one text line (a gap of a pixel or two between strokes)."""
    if not lines:
        return lines
    if typical is None:
        heights = sorted(b - t for _l, t, _r, b in lines)
        typical = heights[len(heights) // 2]
    out = [lines[0]]
    for ln in lines[1:]:
        last = out[-1]
        gap = ln[1] - last[3]
        if gap <= max(2, 0.2 * typical) and (ln[3] - last[1]) <= 1.25 * typical:
            out[-1] = (min(last[0], ln[0]), last[1], max(last[2], ln[2]), ln[3])
        else:
            out.append(ln)
    return out
