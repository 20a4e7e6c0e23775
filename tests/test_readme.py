"""The README runs: every Python snippet and every shell command in it is executed here.

Commands run in order in one temporary folder holding a copy of ``samples/`` (so ``out/``,
``findings.json`` and ``document.schema.json`` land there, and later commands see what earlier
ones wrote), with this checkout's code first on the path and the network guard of the test
session's processes: none of them may need the network.  The few commands that cannot run
inside a test are listed in ``NOT_RUN`` with the reason; each must still be in the README, so
the list cannot rot.  A ``# Value(...)`` comment after a Python expression is checked against
the expression's real ``repr``.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import IN_CI

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

NOT_RUN = {
    "make demo": "installs into .venv; its commands (extract samples, summary) are run below",
    "make test": "would run this test suite from inside itself",
    "pip install": "needs the network",
    "dask scheduler": "a server that runs until stopped",
    "dask worker": "a server that runs until stopped",
    "--scheduler tcp://host:8786": "a placeholder address; the LocalCluster line runs the same engine",
}


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text("utf-8"), flags=re.S)


def _commands() -> list[str]:
    out = []
    for block in _blocks("sh"):
        for line in block.splitlines():
            cmd = line.split("  #", 1)[0].strip()
            if cmd:
                out.append(cmd)
    return out


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("TABLEXTRACT_VOCAB", None)
    return env


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_not_run_list_is_in_the_readme():
    commands = _commands()
    for key in NOT_RUN:
        assert any(key in c for c in commands), f"NOT_RUN entry {key!r} is no longer in the README"


def test_python_snippets_run_and_show_real_reprs(workdir, capsys):
    snippets = _blocks("python")
    assert snippets, "the README has no Python snippet"
    for code in snippets:
        ns: dict = {}
        exec(compile(code, "README.md", "exec"), ns)  # noqa: S102 - the README's own code
        for line in code.splitlines():
            expr, _, comment = line.partition("#")
            if comment.strip().startswith("Value("):
                assert repr(eval(expr.strip(), ns)) == comment.strip(), line  # noqa: S307
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["samples/seed.docx 7", "samples/seed.html 7", "missing.pdf not_found"]


@pytest.mark.timeout(1200)  # four OCR'd page images and a Dask LocalCluster on a shared 2-core machine
def test_shell_commands_run(workdir):
    if os.environ.get("TABLEXTRACT_SKIP_SLOW") and not IN_CI:
        pytest.skip("runs OCR and a Dask cluster (TABLEXTRACT_SKIP_SLOW)")
    # The README's page images: two copies of the sample scan.
    for name in ("p1.png", "p2.png"):
        shutil.copy(workdir / "samples" / "scanned-project-table.png", workdir / name)
    ran = 0
    for cmd in _commands():
        if any(key in cmd for key in NOT_RUN):
            continue
        proc = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=workdir, env=_env(),
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"{cmd}\n{proc.stderr[-2000:]}"
        assert "Traceback" not in proc.stderr, cmd
        ran += 1
    assert ran >= 6
    assert (workdir / "out" / "indicators.csv").is_file() and (workdir / "findings.json").is_file()
    assert (workdir / "document.schema.json").stat().st_size > 1000
