"""The HTML book as a reader meets it: every page opened in headless Chromium.

On every page: no serious or critical WCAG 2.1 A/AA violation found by axe-core; every content
image has alt text that describes it; no widget error, bare function repr or traceback; no request
leaves 127.0.0.1 while the page loads; every internal link resolves. A full-page screenshot of
each page is saved in ``_build/screenshots/`` for a person to look at.

Needs Debian's ``chromium`` (/usr/bin/chromium) and the pinned axe-core in tests/browser
(``npm ci --prefix tests/browser``); ``.ci/run`` installs both.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import BUILD, ROOT

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_DIR = ROOT / "tests" / "browser"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = BUILD / "screenshots"
FORBIDDEN_TEXT = ["Error displaying widget", "Loading widget", "Traceback (most recent call last)"]
FUNCTION_REPR = re.compile(r"<function [\w.<>]+\(.*?\)>|<function [\w.]+ at 0x[0-9a-f]+>")
FILE_LIKE_ALT = re.compile(r"(^|/)[\w.-]+\.(png|jpe?g|svg|gif|webp)$|^_images/|^\.\./", re.IGNORECASE)


def pages_of(html: Path) -> list[str]:
    skip = ("_static", "_sources", "_images", "_downloads")
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html") if not p.relative_to(html).parts[0] in skip)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR)], check=True, capture_output=True)
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci --prefix tests/browser` (needs Node.js and npm).")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(built_book: Path):
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()



# A full-page screenshot of the longest pages (How we know is tens of thousands of pixels tall)
# can take Chromium longer than playwright's 30 s default on a loaded machine. Pages up to
# SCREENSHOT_MAX_HEIGHT are shot whole; longer ones down to that height, which the file name says.
SCREENSHOT_MAX_HEIGHT = 16_000


def full_page_screenshot(page, shot: Path) -> None:
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    if height <= SCREENSHOT_MAX_HEIGHT:
        page.screenshot(path=str(shot), full_page=True, timeout=120_000)
    else:
        shot = shot.with_name(shot.stem + f"-top-{SCREENSHOT_MAX_HEIGHT}px" + shot.suffix)
        page.screenshot(path=str(shot), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": SCREENSHOT_MAX_HEIGHT}, timeout=120_000)

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def visits(built_book: Path, server: str, browser, axe_source: str) -> dict:
    """Open every page once and record what the checks need."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    results = {}
    for name in pages_of(built_book):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda req: requests.append(req.url))
        page.on("pageerror", lambda err: errors.append(f"page error: {err}"))
        page.on("console", lambda msg: errors.append(f"console error: {msg.text}") if msg.type == "error" else None)
        page.goto(server + name, wait_until="networkidle")
        page.add_script_tag(content=axe_source)
        # Every rule tagged WCAG 2.0/2.1 A or AA, including axe's "experimental" ones such as
        # label-content-name-mismatch, which a tag filter alone would leave out.
        axe = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'rule', values: axe.getRules(tags).map(r => r.ruleId)}})",
            AXE_TAGS,
        )
        images = page.eval_on_selector_all(
            "article img, main img.image, .bd-article img", "els => els.map(e => ({src: e.getAttribute('src'), alt: e.getAttribute('alt')}))"
        )
        text = page.inner_text("body")
        shot = SCREENSHOTS / (name.replace("/", "__").removesuffix(".html") + ".png")
        full_page_screenshot(page, shot)
        results[name] = {"requests": requests, "axe": axe, "images": images, "text": text, "errors": errors}
        page.close()
    return results


def test_every_page_was_opened(visits, built_book):
    assert set(visits) == set(pages_of(built_book))
    assert any(n.startswith("chapters/") for n in visits)


def axe_problems(visits: dict) -> list[str]:
    problems = []
    for name, result in visits.items():
        for v in result["axe"]["violations"]:
            if v["impact"] in ("serious", "critical"):
                targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
                problems.append(f"{name}: {v['id']} ({v['impact']}): {v['help']} at {targets}")
    return problems


def alt_problems(visits: dict) -> list[str]:
    problems = []
    for name, result in visits.items():
        for img in result["images"]:
            alt = (img["alt"] or "").strip()
            if len(alt.split()) < 5 or FILE_LIKE_ALT.search(alt):
                problems.append(f"{name}: image {img['src']} has alt text {alt!r}")
    return problems


def text_problems(visits: dict) -> list[str]:
    problems = []
    for name, result in visits.items():
        for bad in FORBIDDEN_TEXT:
            if bad in result["text"]:
                problems.append(f"{name} shows {bad!r}")
        match = FUNCTION_REPR.search(result["text"])
        if match:
            problems.append(f"{name} shows a bare function repr {match.group()!r}")
    return problems


def request_problems(visits: dict) -> list[str]:
    problems = []
    for name, result in visits.items():
        for url in result["requests"]:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.hostname != "127.0.0.1":
                problems.append(f"{name} requested {url}")
    return sorted(set(problems))


def script_problems(visits: dict) -> list[str]:
    """Any uncaught script error on a page, and anything a script logs as an error."""
    return [f"{name}: {err}" for name, result in visits.items() for err in result.get("errors", [])]


def test_no_script_errors(visits):
    problems = script_problems(visits)
    assert not problems, "\n".join(problems)


def test_no_serious_or_critical_accessibility_violation(visits):
    problems = axe_problems(visits)
    assert not problems, "\n".join(problems)


def test_every_content_image_has_descriptive_alt_text(visits):
    problems = alt_problems(visits)
    assert not problems, "alt text must say what the figure shows (five words or more, not a file name):\n" + "\n".join(problems)


def test_no_widget_errors_function_reprs_or_tracebacks(visits):
    problems = text_problems(visits)
    assert not problems, "\n".join(problems)


def test_no_request_leaves_the_machine(visits):
    problems = request_problems(visits)
    assert not problems, "the book must read completely offline:\n" + "\n".join(problems)


def test_the_page_checks_catch_what_they_look_for():
    bad = {
        "x.html": {
            "axe": {"violations": [{"id": "label", "impact": "critical", "help": "Form elements must have labels", "nodes": [{"target": ["#q"]}]}]},
            "images": [{"src": "../_images/abc.png", "alt": "../_images/abc.png"}, {"src": "b.png", "alt": "A chart"}],
            "text": "Loading widget...\n<function __main__.draw(n=3)>",
            "requests": ["http://127.0.0.1:8000/x.html", "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js"],
            "errors": ["page error: SyntaxError: Identifier 'thebe' has already been declared"],
        }
    }
    assert script_problems(bad) == ["x.html: page error: SyntaxError: Identifier 'thebe' has already been declared"]
    assert len(axe_problems(bad)) == 1
    assert len(alt_problems(bad)) == 2
    assert len(text_problems(bad)) == 2
    assert request_problems(bad) == ["x.html requested https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js"]


def test_every_internal_link_resolves(built_book: Path):
    problems = []
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids_cache:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids_cache[path] = {el.get("id") for el in soup.find_all(id=True)} | {a.get("name") for a in soup.find_all("a", attrs={"name": True})}
        return ids_cache[path]

    for name in pages_of(built_book):
        page = built_book / name
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "img", "script"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or ref.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = urlparse(urljoin("http://book.local/" + name, ref))
            if target.hostname != "book.local":
                continue  # outside links are not fetched offline
            path = built_book / unquote(target.path.lstrip("/"))
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                problems.append(f"{name}: {ref} -> missing {path.relative_to(built_book)}")
            elif target.fragment and path.suffix == ".html" and target.fragment not in ids_of(path):
                problems.append(f"{name}: {ref} -> no #{target.fragment} in {path.relative_to(built_book)}")
    assert not problems, "\n".join(problems[:30])


PHONE = {"width": 390, "height": 844}


def phone_problems(results: dict) -> list[str]:
    """At phone width: no page scrolls sideways, and every table too wide for its box scrolls
    inside it, takes keyboard focus and shows a hint."""
    problems = []
    for name, r in results.items():
        if r["page_width"] > PHONE["width"] + 1:
            problems.append(f"{name}: the page is {r['page_width']} px wide at {PHONE['width']} px (it scrolls sideways)")
        for box in r["wide_tables"]:
            if not (box["focusable"] and box["hint"]):
                problems.append(f"{name}: a wide table without a focusable scroll box and a hint ({box['text'][:40]!r})")
    return problems


def test_the_phone_check_catches_a_clipped_table():
    bad = {"x.html": {"page_width": 520, "wide_tables": [{"focusable": False, "hint": False, "text": "Who What"}]}}
    assert len(phone_problems(bad)) == 2


def test_pages_fit_a_phone_and_wide_tables_scroll_in_their_box(built_book: Path, server: str, browser):
    results = {}
    for name in pages_of(built_book):
        page = browser.new_page(viewport=PHONE)
        page.goto(server + name, wait_until="networkidle")
        results[name] = page.evaluate(
            """() => ({
                page_width: document.documentElement.scrollWidth,
                wide_tables: [...document.querySelectorAll('.bd-article table')].map(t => {
                    let box = t.parentElement;
                    while (box && box !== document.body && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
                    return {box, t};
                }).filter(({box, t}) => box && t.scrollWidth > box.clientWidth + 2).map(({box, t}) => ({
                    focusable: box.tabIndex >= 0,
                    hint: !!(box.previousElementSibling && box.previousElementSibling.classList.contains('scroll-hint')),
                    text: t.innerText.slice(0, 60),
                })),
            })"""
        )
        shot = SCREENSHOTS / (name.replace("/", "__").removesuffix(".html") + "-390.png")
        full_page_screenshot(page, shot)
        page.close()
    problems = phone_problems(results)
    assert not problems, "\n".join(problems)
