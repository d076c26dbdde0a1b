"""Printable handouts: each chapter's exercises as a PDF, printed by headless Chromium.

Run after building an edition::

    jupyter-book build .                      # the student edition, into _build/html
    python -m reopening.handouts student      # -> _build/html/handouts/<chapter>-exercises.pdf

    python -m reopening.editions teacher      # the teacher edition, into _build/teacher/html
    python -m reopening.handouts teacher      # -> _build/teacher/html/handouts/<chapter>-key.pdf

A student handout is the chapter's title, its "Before you start" box and its Exercises section,
with a line for a name and room to write; it is made from the student edition's page, so it
carries no answer key. A teacher handout is the same exercises followed by the chapter's key
page from the teacher edition; it is written only into the teacher build. The pages are printed
with the book's own print stylesheet (``reopening/static/a11y.css``, ``@media print``).

It needs what the browser tests need, not what a reader needs: Python ``playwright`` (in
``requirements-test.txt``) and Debian's Chromium at ``/usr/bin/chromium``; it never downloads a
browser and loads nothing from the network. Check a handout by eye with ``pdftoppm -png``
(Debian ``poppler-utils``).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

from . import teachers

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
EDITIONS = {
    "student": (Path("_build") / "html", "exercises"),
    "teacher": (Path("_build") / "teacher" / "html", "key"),
}
HANDOUTS_DIR = "handouts"

# Runs in the chapter's page: keeps the title, the opening box and the Exercises section (and,
# for the teacher, the key page's text, passed in), and drops everything else.
_KEEP_EXERCISES = r"""
([bookTitle, edition, keyHtml]) => {
  const article = document.querySelector("article.bd-article");
  const exercises = document.getElementById("exercises");
  if (!article || !exercises) return "no article or no section with id 'exercises'";
  const title = article.querySelector("h1");
  const box = [...article.querySelectorAll("div.admonition")].find(d => /Before you start/.test(d.querySelector(".admonition-title")?.textContent || ""));
  const main = document.createElement("main");
  main.className = "handout handout-" + edition;
  const head = document.createElement("header");
  head.className = "handout-head";
  head.innerHTML = "<p class='handout-book'></p><p class='handout-name'>Name: ______________________ &nbsp; Class: __________ &nbsp; Date: __________</p>";
  head.querySelector(".handout-book").textContent = bookTitle + (edition === "teacher" ? " (teacher edition: answer keys)" : "");
  main.append(head);
  if (title) { const h = title.cloneNode(true); h.querySelectorAll("a.headerlink").forEach(a => a.remove()); main.append(h); }
  if (box) main.append(box.cloneNode(true));
  const ex = exercises.cloneNode(true);
  ex.querySelectorAll("a.headerlink").forEach(a => a.remove());
  main.append(ex);
  if (keyHtml) {
    const keys = document.createElement("section");
    keys.className = "handout-keys";
    keys.innerHTML = keyHtml;
    keys.querySelectorAll("a.headerlink, .teacher-edition-banner").forEach(a => a.remove());
    main.append(keys);
  }
  document.body.replaceChildren(main);
  document.body.classList.add("handout-page");
  return "";
}
"""

_KEY_ARTICLE = r"""() => { const a = document.querySelector("article.bd-article"); return a ? a.innerHTML : ""; }"""


class HandoutError(RuntimeError):
    """A handout could not be made (no built page, no Chromium, no Exercises section)."""


def _server(html: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def make_handouts(root: Path = Path("."), edition: str = "student") -> list[Path]:
    """Print one handout per chapter of the table of contents; returns the PDFs' paths."""
    if edition not in EDITIONS:
        raise HandoutError(f"edition must be one of {', '.join(EDITIONS)}, not {edition!r}")
    root = Path(root)
    html_dir, suffix = EDITIONS[edition]
    html = root / html_dir
    plans = teachers.chapter_plans(root)
    missing = [p.docname for p in plans if not (html / f"{p.docname}.html").is_file()]
    if missing:
        build = "jupyter-book build ." if edition == "student" else "python -m reopening.editions teacher"
        raise HandoutError(f"no built page for {', '.join(missing)} in {html}: build the {edition} edition first ({build})")
    if not Path(CHROMIUM).exists():
        raise HandoutError(f"handouts are printed by Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise HandoutError("handouts need Python playwright: pip install -r requirements-test.txt (it never downloads a browser)") from error
    import yaml

    book_title = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")).get("title", "")
    out_dir = html / HANDOUTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    httpd = _server(html)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
            for plan in plans:
                key_html = ""
                if edition == "teacher":
                    key_page = f"teacher/{plan.name}.html"
                    if not (html / key_page).is_file():
                        raise HandoutError(f"the teacher edition has no key page {key_page}")
                    page.goto(base + key_page, wait_until="load")
                    key_html = page.evaluate(_KEY_ARTICLE)
                page.goto(base + f"{plan.docname}.html", wait_until="load")
                problem = page.evaluate(_KEEP_EXERCISES, [book_title, edition, key_html])
                if problem:
                    raise HandoutError(f"{plan.docname}: {problem}")
                page.emulate_media(media="print")
                target = out_dir / f"{plan.name}-{suffix}.pdf"
                page.pdf(path=str(target), format="Letter", margin={"top": "0.6in", "bottom": "0.6in", "left": "0.6in", "right": "0.6in"}, print_background=True)
                made.append(target)
            browser.close()
    finally:
        httpd.shutdown()
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reopening.handouts", description="Print each chapter's exercises as a PDF handout (build the edition first).")
    parser.add_argument("edition", choices=sorted(EDITIONS), help="student: from _build/html, no keys; teacher: from _build/teacher/html, with the keys")
    args = parser.parse_args(argv)
    try:
        made = make_handouts(Path("."), args.edition)
    except HandoutError as error:
        print(f"No handouts made: {error}", file=sys.stderr)
        return 1
    for path in made:
        print(path)
    print(f"{len(made)} {args.edition} handouts in {made[0].parent if made else '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
