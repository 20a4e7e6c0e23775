"""Shared fixtures; the network guard makes any socket connection fail in tests."""
from __future__ import annotations

import importlib.util
import json
import os
import socket
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SEED_TXT = FIXTURES / "seed" / "wuchuan-2024-performance-targets.txt"
GOLD = FIXTURES / "gold" / "seed.json"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


class _NoNetwork(socket.socket):
    def connect(self, address):  # type: ignore[override]
        if isinstance(address, tuple) and address[0] in ("127.0.0.1", "::1", "localhost"):
            return super().connect(address)
        raise RuntimeError(f"tests must not touch the network (tried {address!r})")

    def connect_ex(self, address):  # type: ignore[override]
        if isinstance(address, tuple) and address[0] in ("127.0.0.1", "::1", "localhost"):
            return super().connect_ex(address)
        raise RuntimeError(f"tests must not touch the network (tried {address!r})")


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    orig = socket.socket
    socket.socket = _NoNetwork  # type: ignore[misc]
    orig_cc = socket.create_connection

    def guarded(address, *a, **k):
        if address[0] not in ("127.0.0.1", "::1", "localhost"):
            raise RuntimeError(f"tests must not touch the network (tried {address!r})")
        return orig_cc(address, *a, **k)

    socket.create_connection = guarded  # type: ignore[assignment]
    yield
    socket.socket = orig  # type: ignore[misc]
    socket.create_connection = orig_cc  # type: ignore[assignment]


def _load_compare():
    spec = importlib.util.spec_from_file_location("compare_gold", HERE / "tools" / "compare_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


_COMPARE = _load_compare()


def gold_diffs(doc_json: dict, gold: dict | None = None, nfkc: bool = False,
               nfkc_keys: bool = False) -> tuple[list[str], dict]:
    """Every difference between an output Document and the gold, as compare_gold.py reports them.

    ``nfkc_keys`` also compares ``fields``/``goals`` keys after NFKC, as ``--nfkc`` means to
    (a scan cannot show a bracket's width); compare_gold.py itself looks keys up verbatim.
    """
    gold = gold if gold is not None else json.loads(GOLD.read_text("utf-8"))
    if nfkc_keys:
        doc_json = _keys_as_gold(doc_json, gold)
    _COMPARE.NFKC = nfkc
    diffs: list[str] = []
    cats = _COMPARE.score(doc_json, gold, diffs)
    _COMPARE.NFKC = False
    return diffs, cats


def require_tool(name: str) -> str:
    """Path of an external tool; a missing tool skips locally but fails in CI."""
    import shutil

    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is required in CI but not installed (make installs it)")
        pytest.skip(f"{name} not installed")
    return path


def extract_built(spec: dict, tmp_path, fmt: str):
    """Build ``spec`` (the fixture builder's grid spec) in one format and extract it."""
    import tablextract
    from tablextract.testing.builder import build

    if fmt == "pdf":
        require_tool("soffice")
    return tablextract.extract(build(spec, tmp_path, "t", [fmt])[fmt])


def _keys_as_gold(doc_json: dict, gold: dict) -> dict:
    """A copy of the output whose fields/goals keys are spelled as the gold's where they are
    the same text after NFKC and without whitespace."""
    import copy
    import re
    import unicodedata

    def norm(k: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", k))

    out = copy.deepcopy(doc_json)
    for t, g in zip(out.get("tables", []), gold.get("tables", [])):
        for sec in ("fields", "goals"):
            spelled = {norm(k): k for k in (g.get(sec) or {})}
            t[sec] = {spelled.get(norm(k), k): v for k, v in (t.get(sec) or {}).items()}
    return out
