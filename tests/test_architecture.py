"""The package's shape (issue 20): every module imports on its own (no import cycle, also inside
functions run at import time), and domain words are read from data files only."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tablextract

pytestmark = pytest.mark.timeout(300)
SRC = Path(tablextract.__file__).parent

_IMPORT_EACH = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for m in [m for m in sys.modules if m == "tablextract" or m.startswith("tablextract.")]:
        del sys.modules[m]
    try:
        importlib.import_module(name)
    except Exception as e:  # an import cycle shows up as ImportError on the module imported first
        failed.append(f"{name}: {type(e).__name__}: {e}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(SRC)], prefix="tablextract."):
        if info.name.endswith(("dask_engine", "__main__")):
            continue  # dask: an optional extra with its own tests; __main__ runs the CLI
        names.append(info.name)
    return names


def test_every_module_imports_alone():
    mods = _modules()
    assert len(mods) > 30
    r = subprocess.run([sys.executable, "-c", _IMPORT_EACH, *mods], capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stdout + r.stderr


def test_data_files_are_read_through_the_vocabulary_only():
    # One module loads data/*.json; the others ask it (a second loader would be a second vocabulary).
    loaders = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
               if 'files("tablextract.data")' in p.read_text("utf-8") or "tablextract.data" in p.read_text("utf-8")]
    assert loaders == ["vocabulary.py"]
