"""Printable handouts (reopening.handouts): one PDF of each chapter's exercises, printed by
headless Chromium from the built student edition, with no answer key in it. The teacher
handouts are tested with the teacher edition, in tests/test_editions.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reopening import handouts, teachers

from conftest import ROOT
from test_editions import key_text_in

pytestmark = pytest.mark.slow


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def first_page_ink(path: Path, out: Path) -> float:
    """The share of non-white pixels on the PDF's first page, rendered by pdftoppm."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", "-singlefile", str(path), str(out)], check=True)
    image = Image.open(f"{out}.png").convert("L")
    histogram = image.histogram()
    return sum(histogram[:200]) / sum(histogram)


def page_fills(path: Path, out: Path) -> list[float]:
    """For each page of the PDF, the share of its height between its first and last marks."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(out)], check=True)
    fills = []
    for png in sorted(out.parent.glob(f"{out.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        image = Image.open(png).convert("L")
        width, height = image.size
        pixels = image.load()
        marked = [y for y in range(height) if any(pixels[x, y] < 200 for x in range(width))]
        fills.append((marked[-1] - marked[0]) / height if marked else 0.0)
    return fills


def make(edition: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reopening.handouts", edition], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def student_handouts(built_book: Path) -> Path:
    result = make("student")
    assert result.returncode == 0, result.stdout + result.stderr
    return built_book / handouts.HANDOUTS_DIR


def test_every_chapter_has_a_student_handout_with_its_exercises_and_no_key(student_handouts: Path, tmp_path: Path):
    plans = teachers.chapter_plans(ROOT)
    assert plans
    for plan in plans:
        pdf = student_handouts / f"{plan.name}-exercises.pdf"
        assert pdf.is_file(), f"no handout for {plan.docname}"
        text = pdf_text(pdf)
        flat = " ".join(text.split())
        assert " ".join(plan.title.split()) in flat and "Name:" in text
        for exercise_id, _ in plan.exercises:
            assert exercise_id in text, f"{pdf.name} lacks exercise {exercise_id}"
        found = key_text_in(text)
        assert not found, f"key text in the student handout {pdf.name}: {found[:3]}"
        assert first_page_ink(pdf, tmp_path / plan.name) > 0.01, f"{pdf.name}: its first page is blank"
        fills = page_fills(pdf, tmp_path / f"{plan.name}-page")
        # A quiz or a box too tall for the rest of a page must not leave that page blank (a
        # self-check quiz once pushed every handout's second page down to two lines).
        short = [i + 1 for i, fill in enumerate(fills[:-1]) if fill < 0.4]
        assert not short, f"{pdf.name}: pages {short} of {len(fills)} are mostly blank"
    assert not list(student_handouts.glob("*-key.pdf")), "a teacher handout is in the student build"


def test_the_handout_command_explains_what_is_missing(tmp_path: Path):
    (tmp_path / "_toc.yml").write_text((ROOT / "_toc.yml").read_text())
    for name in ("chapters",):
        (tmp_path / name).symlink_to(ROOT / name)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "reopening.handouts", "student"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert result.returncode == 1 and "build the student edition first (jupyter-book build .)" in result.stderr
    with pytest.raises(handouts.HandoutError, match="edition must be one of"):
        handouts.make_handouts(ROOT, "parents")


def test_every_page_prints_its_article_without_the_navigation(built_book: Path):
    """The print stylesheet (reopening/static/a11y.css): on every page, printing hides the navbar,
    both sidebars and the previous/next links, keeps the article, and writes out where an outside
    link goes. Shown to fail: on screen, the same checks find the navigation."""
    import functools
    import http.server
    import threading

    import test_browser as tb
    from playwright.sync_api import sync_playwright

    from test_book import toc_files

    probe = """() => {
      const shown = sel => [...document.querySelectorAll(sel)].some(e => getComputedStyle(e).display !== 'none' && e.getClientRects().length);
      const outside = [...document.querySelectorAll('article.bd-article a[href^="http"]')][0];
      return {nav: shown('.bd-header') || shown('.bd-sidebar-primary') || shown('.bd-sidebar-secondary') || shown('.prev-next-area'),
              article: shown('article.bd-article'),
              after: outside ? getComputedStyle(outside, '::after').content : null};
    }"""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(tb._QuietHandler, directory=str(built_book)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    problems, outside_links = [], 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=tb.CHROMIUM, args=tb.CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for entry in toc_files():
                page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{entry}.html", wait_until="load")
                screen = page.evaluate(probe)
                page.emulate_media(media="print")
                printed = page.evaluate(probe)
                page.emulate_media(media="screen")
                if not screen["nav"]:
                    problems.append(f"{entry}: the check sees no navigation even on screen")
                if printed["nav"] or not printed["article"]:
                    problems.append(f"{entry}: printed, it shows the navigation or hides the article: {printed}")
                if printed["after"] is not None:
                    outside_links += 1
                    if "attr" not in printed["after"] and "http" not in printed["after"]:
                        problems.append(f"{entry}: an outside link prints without its address ({printed['after']!r})")
            browser.close()
    finally:
        httpd.shutdown()
    assert not problems, "\n".join(problems)
    assert outside_links, "no page has an outside link to check"
