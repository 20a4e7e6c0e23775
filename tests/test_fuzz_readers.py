"""Mutation fuzzing of every reader: seeded mutants of each seed format (bit flips,
truncation, zip members swapped, deleted or damaged, XML/HTML tags deleted, numbers
blown up) always give a Document or a TablextractError of a named kind — never another
exception, never ``internal`` — and stay within a time and memory bound each.

A few hundred mutants run by default; ``TABLEXTRACT_FUZZ=N`` sets the number per format
and the ``slow`` test runs at least 1,000 per format.  A failure names the format, seed
and mutation, so ``mutant(fmt, seed)`` reproduces it.
"""
from __future__ import annotations

import csv
import io
import os
import random
import re
import resource
import time
import zipfile

import pytest

from conftest import FIXTURES, SEED_TXT, IN_CI
from tablextract.api import extract_bytes
from tablextract.errors import TablextractError
from tablextract.options import ExtractOptions

SEED = FIXTURES / "seed"
OPTIONS = ExtractOptions(ocr=False)  # a mutant without a text layer says needs_ocr; OCR itself is not fuzzed here
DEFAULT_PER_FORMAT = int(os.environ.get("TABLEXTRACT_FUZZ", "50"))
SLOW_PER_FORMAT = 1000
SECONDS_PER_MUTANT = 30  # a hang guard, far above any real reading time (speed is measured in bench/)
PEAK_RSS_MB = 2500


def _csv_seed() -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    for line in SEED_TXT.read_text("utf-8").split("\n"):
        w.writerow(line.split("\t"))
    return buf.getvalue().encode("utf-8")


def _first_pages_pdf(n: int = 2) -> bytes:
    from pypdf import PdfReader, PdfWriter

    r = PdfReader(str(SEED / "seed.pdf"))
    w = PdfWriter()
    for p in r.pages[:n]:
        w.add_page(p)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


_SEEDS: dict[str, tuple[str, bytes]] = {}


def seeds() -> dict[str, tuple[str, bytes]]:
    """Each format's seed file (name, bytes), made once."""
    if not _SEEDS:
        _SEEDS.update({
            "txt": ("seed.txt", SEED_TXT.read_bytes()),
            "csv": ("seed.csv", _csv_seed()),
            "docx": ("seed.docx", (SEED / "seed.docx").read_bytes()),
            "xlsx": ("seed.xlsx", (SEED / "seed.xlsx").read_bytes()),
            "html": ("seed.html", (SEED / "seed.html").read_bytes()),
            "pdf": ("seed.pdf", _first_pages_pdf()),
        })
    return _SEEDS


# -- mutations ------------------------------------------------------------------------

def _flip(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def _splice(rng: random.Random, data: bytes) -> bytes:
    """A random range deleted or repeated, or random bytes inserted."""
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 4096))
    op = rng.randrange(3)
    if op == 0:
        return data[:i] + data[j:]
    if op == 1:
        return data[:j] + data[i:j] * rng.randint(1, 50) + data[j:]
    return data[:i] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))) + data[i:]


_TAG = re.compile(rb"<[^<>]{1,200}>")
_NUMBER = re.compile(rb"(?<=[\"'=])-?\d{1,9}(?=[\"'])|(?<=[A-Z])\d{1,7}(?=[\"':])")
_HUGE = [b"1000000000", b"-1", b"0", b"99999999999999999999", b"1E+30", b"x", b"NaN", b"Infinity", b"3.5", b""]


def _markup(rng: random.Random, text: bytes) -> bytes:
    """Markup damaged: tags deleted, or attribute numbers replaced by huge, negative or odd values."""
    if rng.random() < 0.5:
        tags = list(_TAG.finditer(text))
        for m in sorted(rng.sample(tags, min(len(tags), rng.randint(1, 8))), key=lambda m: -m.start()):
            text = text[: m.start()] + text[m.end():]
        return text
    nums = list(_NUMBER.finditer(text))
    for m in sorted(rng.sample(nums, min(len(nums), rng.randint(1, 6))), key=lambda m: -m.start()):
        text = text[: m.start()] + rng.choice(_HUGE) + text[m.end():]
    return text


def _zip_mutant(rng: random.Random, data: bytes) -> bytes:
    """Members of a DOCX/XLSX swapped, deleted, truncated or their XML damaged; rezipped."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    members = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    names = list(members)
    op = rng.randrange(5)
    if op == 0:
        a, b = rng.sample(names, 2)
        members[a], members[b] = members[b], members[a]
    elif op == 1:
        del members[rng.choice(names)]
    elif op == 2:
        n = rng.choice(names)
        members[n] = _truncate(rng, members[n]) if members[n] else b""
    else:
        xml = [n for n in names if n.endswith((".xml", ".rels"))]
        n = rng.choice(xml)
        members[n] = _markup(rng, members[n]) if op == 3 else _flip(rng, members[n])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, content in members.items():
            z.writestr(n, content)
    return out.getvalue()


def mutant(fmt: str, seed: int) -> tuple[str, bytes, str]:
    """The mutant ``seed`` of format ``fmt``: (file name, bytes, what was done)."""
    rng = random.Random(f"{fmt}:{seed}")
    name, data = seeds()[fmt]
    ops = [("flip", _flip), ("truncate", _truncate), ("splice", _splice)]
    if fmt in ("docx", "xlsx"):
        ops += [("zip", _zip_mutant)] * 4
    if fmt in ("html", "txt", "csv"):
        ops += [("markup", _markup)] * 2
    what, op = rng.choice(ops)
    out = op(rng, data)
    if rng.random() < 0.15:  # a second mutation on top
        what2, op2 = rng.choice(ops[:3])
        out, what = (op2(rng, out) if out else out), f"{what}+{what2}"
    return name, out, what


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(fmt: str, n: int, start: int = 0) -> dict[str, int]:
    """Read ``n`` mutants of ``fmt``; fail listing every one that broke the contract. Returns kinds counted."""
    kinds: dict[str, int] = {}
    broken: list[str] = []
    for seed in range(start, start + n):
        name, data, what = mutant(fmt, seed)
        t0 = time.monotonic()
        try:
            extract_bytes(data, name, OPTIONS)
            kind = "document"
        except TablextractError as e:
            kind = e.kind
            if kind == "internal" or "\n" in str(e):
                broken.append(f"{fmt} mutant {seed} ({what}): {kind}: {e!r}")
        except Exception as e:  # noqa: BLE001 - the point of the test
            kind = "exception"
            broken.append(f"{fmt} mutant {seed} ({what}) raised {type(e).__name__}: {str(e)[:200]}")
        took = time.monotonic() - t0
        if took > SECONDS_PER_MUTANT:
            broken.append(f"{fmt} mutant {seed} ({what}) took {took:.1f} s")
        assert _peak_mb() < PEAK_RSS_MB, f"{fmt} mutant {seed} ({what}) took memory to {_peak_mb():.0f} MB"
        kinds[kind] = kinds.get(kind, 0) + 1
    assert not broken, f"{len(broken)} of {n} mutants broke the contract:\n" + "\n".join(broken[:20])
    return kinds


FORMATS = ("txt", "csv", "docx", "xlsx", "html", "pdf")


@pytest.mark.timeout(600)
@pytest.mark.parametrize("fmt", FORMATS)
def test_mutants_give_a_document_or_a_named_error(fmt):
    kinds = run(fmt, DEFAULT_PER_FORMAT)
    assert sum(kinds.values()) == DEFAULT_PER_FORMAT


@pytest.mark.slow
@pytest.mark.timeout(7200)
@pytest.mark.parametrize("fmt", FORMATS)
def test_thousand_mutants_per_format(fmt):
    if os.environ.get("TABLEXTRACT_SKIP_SLOW") and not IN_CI:
        pytest.skip("slow fuzzing skipped (TABLEXTRACT_SKIP_SLOW)")
    kinds = run(fmt, SLOW_PER_FORMAT, start=DEFAULT_PER_FORMAT)
    assert sum(kinds.values()) == SLOW_PER_FORMAT
