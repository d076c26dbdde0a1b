"""Measure what a reader and a maintainer wait for. Run from the repository root:

    python .ci/benchmark.py            # everything (a fresh install takes a few minutes)
    python .ci/benchmark.py --reuse-env # skip the install; use the environment in _build/bench-venv

It prints, and writes to _build/benchmark.json:
1. a fresh `pip install -r requirements.txt` (new virtual environment, no pip cache): wall time
   and the environment's size on disk;
2. a cold full build (no execution cache: every notebook executed);
3. a no-change rebuild with the execution cache (`execute_notebooks: cache`);
4. each notebook's execution time (run alone, top to bottom, kernel start included);
5. each page's weight: its HTML plus the images it shows, leaving out the shared `_static/`.

Targets on a 2-core machine: cold build <= 60 s, rebuild <= 10 s, every notebook <= 5 s,
every page <= 1 MB. This is a measurement, not a test: it never fails on a missed target.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
TARGETS = {"cold_build_s": 60, "rebuild_s": 10, "notebook_s": 5, "page_bytes": 1_000_000}


def run(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def fresh_install(env: Path) -> tuple[float, int]:
    shutil.rmtree(env, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    py = env / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    seconds = run([str(py), "-m", "pip", "install", "--no-cache-dir", "-r", "requirements.txt"], cwd=ROOT)
    return seconds, size_of(env)


def build(env: Path) -> float:
    return run([str(env / "bin" / "jupyter-book"), "build", "."], cwd=ROOT)


def notebook_times(env: Path) -> dict[str, float]:
    times = {}
    for nb in sorted((ROOT / "chapters").rglob("*.ipynb")):
        times[nb.relative_to(ROOT).as_posix()] = run([str(env / "bin" / "python"), str(ROOT / "tests" / "run_notebook.py"), str(nb)], cwd=nb.parent)
    return times


def page_weights(html: Path) -> dict[str, int]:
    weights = {}
    for page in sorted(html.rglob("*.html")):
        rel = page.relative_to(html)
        if rel.parts[0] in ("_static", "_sources", "_images", "_downloads"):
            continue
        text = page.read_text(encoding="utf-8")
        total = len(text.encode("utf-8"))
        for src in set(re.findall(r'<img[^>]+src="([^"]+)"', text)):
            target = (page.parent / src).resolve()
            if target.is_file() and "_static" not in target.parts:
                total += target.stat().st_size
        weights[rel.as_posix()] = total
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse-env", action="store_true", help="skip the fresh install and reuse _build/bench-venv")
    args = parser.parse_args()
    env = BUILD / "bench-venv"
    results: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}}

    if args.reuse_env and (env / "bin" / "jupyter-book").exists():
        print("fresh install: skipped (--reuse-env)")
    else:
        seconds, size = fresh_install(env)
        results["install_s"], results["venv_bytes"] = round(seconds, 1), size
        print(f"fresh pip install -r requirements.txt: {seconds:6.1f} s, environment {size / 1e6:6.0f} MB")

    for folder in ("html", ".jupyter_cache", "jupyter_execute"):
        shutil.rmtree(BUILD / folder, ignore_errors=True)
    results["cold_build_s"] = round(build(env), 1)
    print(f"cold full build (every notebook executed): {results['cold_build_s']:6.1f} s (target {TARGETS['cold_build_s']} s)")
    results["rebuild_s"] = round(build(env), 1)
    print(f"no-change rebuild (execution cache):       {results['rebuild_s']:6.1f} s (target {TARGETS['rebuild_s']} s)")

    results["notebook_s"] = {k: round(v, 2) for k, v in notebook_times(env).items()}
    print(f"\nnotebook execution, alone, kernel start included (target {TARGETS['notebook_s']} s each):")
    for name, seconds in results["notebook_s"].items():
        flag = "" if seconds <= TARGETS["notebook_s"] else "  <-- over target"
        print(f"  {seconds:6.2f} s  {name}{flag}")

    results["page_bytes"] = page_weights(BUILD / "html")
    print(f"\npage weight, HTML + its images, without shared _static/ (target {TARGETS['page_bytes'] / 1e6:.0f} MB each):")
    for name, size in results["page_bytes"].items():
        flag = "" if size <= TARGETS["page_bytes"] else "  <-- over target"
        print(f"  {size / 1e3:8.1f} kB  {name}{flag}")
    static = size_of(BUILD / "html" / "_static")
    results["static_bytes"] = static
    print(f"\nshared _static/ (theme, scripts, fonts; loaded once and cached): {static / 1e6:.1f} MB")

    out = BUILD / "benchmark.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
