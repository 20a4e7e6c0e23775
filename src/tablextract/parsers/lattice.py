"""Adapter to pdfplumber's lattice algorithm: ruling-line segments → tables of cell boxes.

pdfplumber's ``table`` functions are internals, not its public API; this module is the
only place that calls them, and ``tests/test_adapters.py`` checks their contract, so a
new pdfplumber release that changes them fails there, loudly, instead of reading tables
wrongly.  Edges are pdfplumber's edge dicts (x0, x1, top, bottom, width, height,
orientation, object_type), top-down page coordinates.
"""
from __future__ import annotations

EDGE_TOL = 3  # pt: how far ruling lines may miss each other and still meet (snap and join)
MIN_EDGE = 3  # pt: shorter segments are not ruling lines

Box = tuple[float, float, float, float]


def find_tables(edges: list[dict]) -> list[list[Box]]:
    """Ruling lines → tables, each a list of cell boxes ``(x0, top, x1, bottom)``."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    from pdfplumber.utils import filter_edges

    if not edges:
        return []
    merged = merge_edges(edges, EDGE_TOL, EDGE_TOL, EDGE_TOL, EDGE_TOL)
    merged = filter_edges(merged, min_length=MIN_EDGE)
    inter = edges_to_intersections(merged, EDGE_TOL, EDGE_TOL)
    return [t for t in cells_to_tables(intersections_to_cells(inter)) if t]


def h_edge(x0: float, x1: float, top: float) -> dict:
    """A horizontal ruling segment as pdfplumber's edge dict."""
    return {"x0": x0, "x1": x1, "top": top, "bottom": top, "doctop": top, "width": x1 - x0,
            "height": 0, "orientation": "h", "object_type": "line"}


def v_edge(x: float, top: float, bottom: float) -> dict:
    """A vertical ruling segment as pdfplumber's edge dict."""
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "doctop": top, "width": 0,
            "height": bottom - top, "orientation": "v", "object_type": "line"}
