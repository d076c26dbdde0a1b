"""Shared fixtures: the repository, its data, and (for the slow tests) a reader's environment and a built book."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def network_isolation_available() -> bool:
    """True when this machine can run a command with no network at all (``unshare -n``, as root)."""
    if not shutil.which("unshare") or not shutil.which("ip"):
        return False
    probe = subprocess.run(["unshare", "-n", "ip", "link", "set", "lo", "up"], capture_output=True)
    return probe.returncode == 0


def offline(cmd: list[str]) -> list[str]:
    """Wrap ``cmd`` so it runs in a fresh network namespace with only loopback, when the machine allows it."""
    if not network_isolation_available():
        return cmd
    quoted = " ".join("'" + c.replace("'", "'\\''") + "'" for c in cmd)
    return ["unshare", "-n", "sh", "-c", f"ip link set lo up && exec {quoted}"]


def _requirements_hash() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", "pyproject.toml", "runtime.txt"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def reader_python() -> Path:
    """Python of an environment made from ``requirements.txt`` alone: what a Binder reader gets.

    Set READER_PYTHON to reuse an existing one. Otherwise it is built once in
    ``_build/reader-venv`` and reused while requirements.txt is unchanged.
    """
    given = os.environ.get("READER_PYTHON")
    if given:
        return Path(given)
    env_dir = BUILD / "reader-venv"
    marker = env_dir / ".requirements-hash"
    python = env_dir / "bin" / "python"
    wanted = _requirements_hash()
    if not (marker.is_file() and marker.read_text() == wanted and python.exists()):
        shutil.rmtree(env_dir, ignore_errors=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements.txt")], check=True, cwd=ROOT)
        marker.write_text(wanted)
    return python


@pytest.fixture(scope="session")
def built_book(reader_python: Path) -> Path:
    """Build the book once, in the reader's environment, offline, with warnings as errors.

    Returns the HTML folder. The build log is kept at ``_build/build.log``.
    """
    html = BUILD / "html"
    shutil.rmtree(html, ignore_errors=True)
    # Execute every notebook afresh: the execution cache does not notice changes to the helper
    # package or the data, only to the notebooks themselves.
    shutil.rmtree(BUILD / ".jupyter_cache", ignore_errors=True)
    shutil.rmtree(BUILD / "jupyter_execute", ignore_errors=True)
    # Nor do Sphinx's saved doctrees notice a change to the book's own extension (its roles render
    # the data): read every page afresh.
    shutil.rmtree(BUILD / ".doctrees", ignore_errors=True)
    jb = reader_python.parent / "jupyter-book"
    cmd = offline([str(jb), "build", ".", "-W", "-n", "--keep-going"])
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    log = BUILD / "build.log"
    log.parent.mkdir(exist_ok=True)
    log.write_text(result.stdout + "\n--- stderr ---\n" + result.stderr)
    if result.returncode != 0:
        pytest.fail(f"jupyter-book build failed (exit {result.returncode}); see {log}.\n" + (result.stdout + result.stderr)[-4000:])
    return html
