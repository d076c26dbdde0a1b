"""Measure what a reader and a maintainer wait for. Run from the repository root:

    python .ci/benchmark.py            # everything (a fresh install takes a few minutes)
    python .ci/benchmark.py --reuse-env # skip the install; use the environment in _build/bench-venv

It prints, and writes to _build/benchmark.json:
1. a fresh `pip install -r requirements.txt` (new virtual environment, no pip cache): wall time
   and the environment's size on disk;
2. a cold full build (no execution cache: every notebook executed);
3. a no-change rebuild with the execution cache (`execute_notebooks: cache`);
4. each notebook's execution time (run alone, top to bottom, kernel start included);
5. each page's weight: its HTML plus the images it shows, leaving out the shared `_static/`;
6. what a reader's browser downloads (headless Chromium, tests/pageweight.py): each page's
   first visit with an empty cache, and its worst next-page visit after any other page, as
   served and gzipped as a host sends it (the byte budgets of tests/test_weight.py);
7. load times on a throttled network, Chrome DevTools' "Fast 3G" profile (562.5 ms latency,
   1.44 Mbit/s down, 675 kbit/s up, set through the DevTools protocol's
   Network.emulateNetworkConditions): each chapter's first visit (empty cache) and the visit
   to the page after it in reading order (the first page's files cached), from a local server
   that gzips text and sends `Cache-Control: max-age=600` as GitHub Pages does, and from one
   that does neither.

    python .ci/benchmark.py --browser-only                 # only 6 and 7, on _build/html
    python .ci/benchmark.py --browser-only --html DIR      # ... on another build (a "before")

Targets on a 2-core machine: cold build <= 60 s, rebuild <= 10 s, every notebook <= 5 s,
every page <= 1 MB; first visit <= 1 MB plain and <= 400 kB compressed, next page <= 60 kB
compressed. This is a measurement, not a test: it never fails on a missed target.
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
# Chrome DevTools' "Fast 3G" preset (its throughputs are 90% of 1.6 Mbit/s and 750 kbit/s).
FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.6e6 / 8 * 0.9, "uploadThroughput": 750e3 / 8 * 0.9}


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


def _pageweight():
    sys.path.insert(0, str(ROOT / "tests"))
    import pageweight

    return pageweight


def reading_order(html: Path) -> list[str]:
    """The book's pages in reading order: from the page index.html sends the reader to, along
    each page's rel="next" link."""
    start = re.search(r'url=([^"\s]+)', (html / "index.html").read_text(encoding="utf-8"))
    order = [start.group(1) if start else "index.html"]
    while len(order) < 200:
        text = (html / order[-1]).read_text(encoding="utf-8")
        nxt = re.search(r'<link rel="next"[^>]*href="([^"]+)"', text)
        if not nxt:
            break
        target = (Path(order[-1]).parent / nxt.group(1)).as_posix()
        order.append(os.path.normpath(target))
    return order


def browser_weights(html: Path) -> dict:
    """First-visit and worst next-page bytes of every page (as tests/test_weight.py measures them)."""
    pw = _pageweight()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, pw.serve(html) as base:
        browser = pw.launch(p)
        visits = {name: pw.record_visit(browser, base + name, base) for name in pw.pages_of(html)}
        browser.close()
    return {
        w.page: {
            "first_plain": w.first_plain,
            "first_compressed": w.first_compressed,
            "files": w.files,
            "next_plain": w.next_plain,
            "next_compressed": w.next_compressed,
            "next_after": w.next_after,
        }
        for w in pw.weigh(visits)
    }


def _timing(page) -> dict:
    # The first contentful paint can come just after the load event: wait for it (up to 10 s).
    page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0", timeout=10_000)
    return page.evaluate(
        """() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            return {fcp_ms: paint ? Math.round(paint.startTime) : null, dcl_ms: Math.round(nav.domContentLoadedEventEnd), load_ms: Math.round(nav.loadEventEnd)};
        }"""
    )


def throttled_times(html: Path, runs: int = 1) -> dict:
    """Load times under FAST_3G: each chapter's first visit, and the next page in reading order
    with the first page's files cached; from a host that compresses and one that does not. The
    median of ``runs`` runs."""
    pw = _pageweight()
    from playwright.sync_api import sync_playwright

    order = reading_order(html)
    results: dict = {}
    with sync_playwright() as p:
        browser = pw.launch(p)
        for host, compress in (("gzip", True), ("plain", False)):
            with pw.serve(html, cache_seconds=600, compress=compress) as base:
                for i, name in enumerate(order):
                    following = order[i + 1] if i + 1 < len(order) else None
                    samples = []
                    for _ in range(runs):
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        page = context.new_page()
                        cdp = context.new_cdp_session(page)
                        cdp.send("Network.enable")
                        cdp.send("Network.emulateNetworkConditions", FAST_3G)
                        page.goto(base + name, wait_until="load", timeout=120_000)
                        first = _timing(page)
                        second = None
                        if following:
                            page.goto(base + following, wait_until="load", timeout=120_000)
                            second = _timing(page)
                        samples.append((first, second))
                        context.close()

                    def median(key, which):
                        values = sorted(s[which][key] for s in samples if s[which] and s[which][key] is not None)
                        return values[len(values) // 2] if values else None

                    results.setdefault(host, {})[name] = {
                        "first": {k: median(k, 0) for k in ("fcp_ms", "dcl_ms", "load_ms")},
                        "next_page": following,
                        "next": {k: median(k, 1) for k in ("fcp_ms", "dcl_ms", "load_ms")} if following else None,
                    }
        browser.close()
    return results


def browser_report(html: Path, runs: int) -> dict:
    results: dict = {}
    results["browser_bytes"] = weights = browser_weights(html)
    print(f"\nwhat the browser downloads (budgets: first visit <= 1000 kB plain, <= 400 kB compressed; next page <= 60 kB compressed):")
    print(f"  {'page':32} {'first plain':>12} {'compressed':>11} {'files':>6} {'next compressed':>16} {'plain':>9}  worst after")
    for name, w in weights.items():
        print(
            f"  {name:32} {w['first_plain'] / 1e3:9.1f} kB {w['first_compressed'] / 1e3:8.1f} kB {w['files']:6d} "
            f"{w['next_compressed'] / 1e3:13.1f} kB {w['next_plain'] / 1e3:6.1f} kB  {w['next_after']}"
        )
    results["fast_3g"] = times = throttled_times(html, runs)
    print(f"\nload times under Fast 3G (median of {runs}), first contentful paint / load event:")
    for host, pages in times.items():
        print(f"  host {'gzips text' if host == 'gzip' else 'sends files as they are'}, Cache-Control max-age=600:")
        def seconds(ms):
            return "  ?  " if ms is None else f"{ms / 1e3:5.1f}"

        for name, t in pages.items():
            line = f"    {name:32} first visit {seconds(t['first']['fcp_ms'])} s / {seconds(t['first']['load_ms'])} s"
            if t["next"]:
                line += f"   next ({t['next_page']}) {seconds(t['next']['fcp_ms'])} s / {seconds(t['next']['load_ms'])} s"
            print(line)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse-env", action="store_true", help="skip the fresh install and reuse _build/bench-venv")
    parser.add_argument("--browser-only", action="store_true", help="only the browser measurements (6, 7), on an existing build")
    parser.add_argument("--html", type=Path, default=BUILD / "html", help="the built book to measure in the browser (default _build/html)")
    parser.add_argument("--runs", type=int, default=1, help="throttled loads per page; the median is reported (default 1)")
    parser.add_argument("--out", type=Path, default=BUILD / "benchmark.json", help="where to write the results")
    args = parser.parse_args()
    env = BUILD / "bench-venv"
    results: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}}

    if args.browser_only:
        results["html"] = str(args.html)
        results.update(browser_report(args.html.resolve(), args.runs))
        args.out.write_text(json.dumps(results, indent=2))
        print(f"\nwritten to {args.out}")
        return

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
    print(f"\nshared _static/ (theme, scripts, fonts; only what a page links is loaded, once): {static / 1e6:.1f} MB")

    results.update(browser_report(BUILD / "html", args.runs))

    args.out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
