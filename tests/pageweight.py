"""What a reader's browser downloads: the measuring tools of tests/test_weight.py and .ci/benchmark.py.

A *visit* is one page opened in headless Chromium with an empty cache: every response it gets
(the page, its scripts, stylesheets, fonts and images, including what loads after the page has
been scrolled to its end) with its size as served (``plain``) and gzipped at level 6, as a web
host compresses text (``compressed``; images and fonts that are compressed already count as
they are). The *next-page* weight of page B after page A is what B needs that A did not load:
B's own HTML and any file A's visit did not fetch (the browser has cached the rest).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import re
import threading
from dataclasses import dataclass
from pathlib import Path

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

# Budgets (issue 15, item 4), in bytes (1 kB = 1000 bytes).
FIRST_VISIT_PLAIN = 1_000_000
FIRST_VISIT_COMPRESSED = 400_000
NEXT_PAGE_COMPRESSED = 60_000

# What a host gzips: text of every kind, SVG and uncompressed font formats. PNG, JPEG, WOFF and
# WOFF2 are compressed already and are sent as they are.
_COMPRESSIBLE = re.compile(
    r"^(text/|application/(javascript|x-javascript|ecmascript|json|xml|[\w.+-]*\+json|[\w.+-]*\+xml)|image/svg\+xml"
    r"|image/(x-icon|vnd\.microsoft\.icon)|font/(ttf|otf|sfnt)|application/(x-font-ttf|font-sfnt|vnd\.ms-fontobject))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Transfer:
    url: str
    kind: str  # Chromium's resource type: document, script, stylesheet, font, image, ...
    content_type: str
    plain: int
    compressed: int


def compressed_size(body: bytes, content_type: str) -> int:
    """The bytes a host sends for this body: gzip level 6 for text, the body itself otherwise."""
    if _COMPRESSIBLE.match(content_type.split(";")[0].strip()):
        return len(gzip.compress(body, compresslevel=6, mtime=0))
    return len(body)


def pages_of(html: Path) -> list[str]:
    """Every page of a built book (the same list as tests/test_browser.py opens)."""
    skip = ("_static", "_sources", "_images", "_downloads")
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html") if p.relative_to(html).parts[0] not in skip)


class _Handler(http.server.SimpleHTTPRequestHandler):
    cache_seconds: int | None = None
    compress = False

    def end_headers(self):
        if self.cache_seconds is not None:
            self.send_header("Cache-Control", f"max-age={self.cache_seconds}")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and path.is_file() and _COMPRESSIBLE.match(content_type)):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, cache_seconds: int | None = None, compress: bool = False):
    """Serve a folder on 127.0.0.1 (a free port); yields the base URL, ending in "/".

    ``cache_seconds`` adds ``Cache-Control: max-age=...`` as a web host does (GitHub Pages sends
    600), so that a next page reuses the cached files without asking again. ``compress`` gzips
    text for browsers that accept it, as most hosts do."""
    handler_class = type("Handler", (_Handler,), {"cache_seconds": cache_seconds, "compress": compress})
    handler = functools.partial(handler_class, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def launch(playwright):
    """Debian's headless Chromium (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


def record_visit(browser, url: str, base: str = "") -> list[Transfer]:
    """Open ``url`` in a fresh browser context (an empty cache), scroll to the end so that
    anything loaded lazily loads too, and return every response the page got. URLs are given
    relative to ``base`` when they start with it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)
    transfers = []
    for response in responses:
        if 300 <= response.status < 400:
            continue  # a redirect: its target is recorded as a response of its own
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a response without a body (aborted, or data:)
            body = b""
        content_type = response.headers.get("content-type", "")
        name = response.url[len(base) :] if base and response.url.startswith(base) else response.url
        transfers.append(Transfer(name, response.request.resource_type, content_type, len(body), compressed_size(body, content_type)))
    context.close()
    return transfers


def totals(transfers: list[Transfer]) -> tuple[int, int]:
    """(plain, compressed) bytes of a list of transfers."""
    return sum(t.plain for t in transfers), sum(t.compressed for t in transfers)


def next_page(first: list[Transfer], second: list[Transfer]) -> list[Transfer]:
    """What a visit to the second page fetches after the first: the second page's transfers
    whose URL the first did not fetch (its own HTML always among them)."""
    seen = {t.url for t in first}
    return [t for t in second if t.url not in seen]


@dataclass(frozen=True)
class PageWeight:
    page: str
    first_plain: int
    first_compressed: int
    next_compressed: int  # the largest next-page weight of this page, over every page before it
    next_plain: int
    next_after: str  # the page before it that gives that largest weight
    files: int


def weigh(visits: dict[str, list[Transfer]]) -> list[PageWeight]:
    """First-visit and worst next-page weight of every page in ``visits`` ({page: transfers})."""
    out = []
    for page, transfers in visits.items():
        plain, compressed = totals(transfers)
        worst_compressed, worst_plain, worst_after = 0, 0, ""
        for other, before in visits.items():
            if other == page:
                continue
            n_plain, n_compressed = totals(next_page(before, transfers))
            if (n_compressed, n_plain) > (worst_compressed, worst_plain):
                worst_compressed, worst_plain, worst_after = n_compressed, n_plain, other
        out.append(PageWeight(page, plain, compressed, worst_compressed, worst_plain, worst_after, len(transfers)))
    return out


def budget_problems(visits: dict[str, list[Transfer]]) -> list[str]:
    """Every page whose first visit is over 1 MB plain or 400 kB compressed, and every next-page
    visit over 60 kB compressed, with the largest files that make it up."""

    def largest(transfers: list[Transfer]) -> str:
        top = sorted(transfers, key=lambda t: -t.compressed)[:3]
        return ", ".join(f"{t.url} {t.compressed / 1e3:.0f} kB" for t in top)

    problems = []
    for page, transfers in visits.items():
        plain, compressed = totals(transfers)
        if plain > FIRST_VISIT_PLAIN:
            problems.append(f"{page}: first visit {plain / 1e3:.0f} kB plain (budget {FIRST_VISIT_PLAIN / 1e3:.0f} kB); largest: {largest(transfers)}")
        if compressed > FIRST_VISIT_COMPRESSED:
            problems.append(f"{page}: first visit {compressed / 1e3:.0f} kB compressed (budget {FIRST_VISIT_COMPRESSED / 1e3:.0f} kB); largest: {largest(transfers)}")
        for other, before in visits.items():
            if other == page:
                continue
            extra = next_page(before, transfers)
            _, n_compressed = totals(extra)
            if n_compressed > NEXT_PAGE_COMPRESSED:
                problems.append(
                    f"{page} after {other}: next page {n_compressed / 1e3:.0f} kB compressed "
                    f"(budget {NEXT_PAGE_COMPRESSED / 1e3:.0f} kB); largest: {largest(extra)}"
                )
    return problems


def table(weights: list[PageWeight]) -> str:
    """The weights as a plain-text table."""
    lines = [f"{'page':34} {'first visit plain':>18} {'compressed':>11} {'files':>6} {'next page compressed (worst, after)':>40}"]
    for w in weights:
        lines.append(
            f"{w.page:34} {w.first_plain / 1e3:15.1f} kB {w.first_compressed / 1e3:8.1f} kB {w.files:6d} "
            f"{w.next_compressed / 1e3:12.1f} kB ({w.next_plain / 1e3:.1f} kB plain) after {w.next_after}"
        )
    return "\n".join(lines)
