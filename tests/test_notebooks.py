"""Notebooks: stored clean, and each runs top to bottom in a reader's environment with no network."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import CHAPTERS, ROOT, offline

NOTEBOOKS = sorted(CHAPTERS.rglob("*.ipynb"))
RUNNER = ROOT / "tests" / "run_notebook.py"


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in chapters/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; clear them before committing"
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3", f"{path.name}: kernel must be python3"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom_offline_in_readers_environment(path: Path, reader_python: Path):
    result = subprocess.run(offline([str(reader_python), str(RUNNER), str(path)]), cwd=path.parent, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.slow
def test_the_runner_fails_a_notebook_that_reaches_the_network(tmp_path: Path, reader_python: Path):
    """The runner's own guard refuses the connection: run without ``offline()``, so a missing
    network cannot stand in for a broken guard, and require the guard's message."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell("import socket\nsocket.create_connection(('93.184.215.14', 80), timeout=5)"))
    path = tmp_path / "fetches.ipynb"
    nbformat.write(nb, path)
    result = subprocess.run([str(reader_python), str(RUNNER), str(path)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "network access is blocked while notebooks are tested" in result.stderr, result.stderr[-2000:]


@pytest.mark.slow
def test_the_runner_fails_a_notebook_with_an_error(tmp_path: Path, reader_python: Path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell("import reopening\nreopening.load('no_such_table')"))
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    result = subprocess.run([str(reader_python), str(RUNNER), str(path)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and "no table called 'no_such_table'" in result.stderr
