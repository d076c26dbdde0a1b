"""A light first visit (issue 15, item 4): byte budgets per page, and the icons that replaced
Font Awesome's script still show and their buttons still work.

Budgets, for every page of the built book, measured in headless Chromium (tests/pageweight.py):
a first visit (empty cache: the page and every script, stylesheet, font and image it loads) at
most 1 MB as served and 400 kB gzipped as a host sends it; a next-page visit (after any other
page, whose files the browser has cached) at most 60 kB gzipped. ``_build/weight.txt`` has the
numbers. The fast tests check the parts of reopening/weight.py without a build, and that the
budget check fails on a page that is too heavy.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import pageweight as pw
from conftest import BUILD
from reopening import weight

SCREENSHOTS = BUILD / "screenshots"

# --------------------------------------------------------------------------- fast


def test_icons_css_is_what_the_generator_makes_from_the_installed_theme():
    """icons.css holds Font Awesome's own drawings for exactly the icons in weight.ICONS."""
    assert weight.main(["--check"]) == 0, "run `python -m reopening.weight` and commit reopening/static/icons.css"


def test_icons_css_draws_each_icon_with_font_awesomes_drawing():
    script = weight._font_awesome_script().read_text(encoding="utf-8")
    icons = weight.font_awesome_icons(script)
    css = weight.ICONS_CSS.read_text(encoding="utf-8")
    assert weight.drawn_icons(css) >= {n for names in weight.ICONS.values() for n in names}
    drawn = weight.drawings(css)
    for style, names in weight.ICONS.items():
        for name in names:
            width, height, aliases, path = icons[style][name]
            assert f"viewBox='0 0 {width} {height}'" in drawn[name] and path[:40] in drawn[name], name
            assert all(drawn[alias] == drawn[name] for alias in aliases), name
    # The drawings the book does not show are not there (the whole point).
    assert "fa-bicycle" not in css and len(css.encode()) < 20_000


def test_light_head_leaves_out_only_the_files_a_page_does_not_need():
    head = """
  <link href="../_static/styles/theme.css?digest=abc" rel="stylesheet" />
<link href="../_static/styles/pydata-sphinx-theme.css?digest=abc" rel="stylesheet" />
  <script defer src="../_static/scripts/fontawesome.js?digest=abc"></script>
  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=abc" />
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
    <script>DOCUMENTATION_OPTIONS.pagename = 'x';</script>
  <meta name="docsearch:language" content="en"/>"""
    light = weight.light_head(head, digest="0123")
    for gone in ("fontawesome.js", "searchtools.js", "language_data.js", "searchindex.js", "pydata-sphinx-theme.css?"):
        assert gone not in light
    for kept in ("theme.css?digest=abc", "bootstrap.js?digest=abc", "DOCUMENTATION_OPTIONS.pagename", "docsearch:language"):
        assert kept in light
    assert '<link href="../_static/styles/pydata-sphinx-theme-without-font-awesome.css?digest=0123" rel="stylesheet" />' in light
    # Without the light stylesheet (it could not be made), the theme's own stays.
    assert "pydata-sphinx-theme.css?digest=abc" in weight.light_head(head, digest=None)


def _theme_static() -> list[Path]:
    import pydata_sphinx_theme
    import sphinx_book_theme

    return [
        Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme" / "static",
        Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static",
    ]


def test_the_theme_stylesheet_loses_font_awesomes_icon_rules_and_nothing_else():
    original = (_theme_static()[1] / "styles" / weight.THEME_CSS).read_text(encoding="utf-8")
    light = weight.without_icon_rules(original)
    assert len(original) - len(light) > 80_000
    before, after = weight._statements(original), set(weight._statements(light))
    lost = [s for s in before if s not in after]
    assert lost and all(weight._font_awesome_kind(s) == "icons" or s.startswith("/*") for s in lost)
    assert ".fa-bars:before" not in light and ".fa-github:before" not in light
    # Kept: the fonts and custom properties the theme's own rules draw with, and shared rules.
    assert "--fa-font-solid" in light and light.count("@font-face") == 3
    assert ".sr-only" in light and ".admonition>.admonition-title:after" in light
    with pytest.raises(ValueError):
        weight.without_icon_rules("body{color:red}")


def test_the_small_fonts_hold_every_character_the_theme_draws():
    from fontTools.ttLib import TTFont

    files = weight.light_theme_files(_theme_static())
    css = files[f"styles/{weight.LIGHT_THEME_CSS}"].decode()
    wanted = weight.theme_glyphs(css)
    for other in _theme_static()[0].rglob("*.css"):
        wanted |= weight.theme_glyphs(other.read_text(encoding="utf-8"))
    assert 0xF05A in wanted and 0xF107 in wanted  # the note admonition's icon; sphinx-book-theme's arrow
    fonts = {rel: data for rel, data in files.items() if rel.endswith(".woff")}
    assert len(fonts) == 2 and all(len(data) < 10_000 for data in fonts.values())
    have = set()
    for data in fonts.values():
        have |= set(TTFont(io.BytesIO(data)).getBestCmap())
    assert wanted <= have
    for rel in fonts:
        assert f"src:url(../{rel}) format(\"woff\");unicode-range:U+" in css


def test_the_icon_check_names_an_icon_that_icons_css_does_not_draw():
    drawn = weight.drawn_icons(weight.ICONS_CSS.read_text(encoding="utf-8"))
    pages = {
        "good.html": '<i class="fa-solid fa-bars"></i><span class="fas fa-search fa-lg"></span><i class="theme-switch fa-solid fa-sun fa-lg"></i>',
        "bad.html": '<i class="fa-solid fa-bicycle fa-fw"></i><div class="fancy fa-like"></div>',
    }
    assert weight.icon_problems(pages, drawn) == ["bad.html: icon 'fa-solid fa-bicycle fa-fw' is not drawn by reopening/static/icons.css"]


def test_lossless_webp_keeps_every_pixel_of_a_chart(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3), dpi=100)
    ax.plot([1, 2, 3, 4], [3, 1, 4, 1], marker="o", label="a line")
    ax.set_title("A chart with text and antialiased lines")
    ax.legend()
    png = tmp_path / "chart.png"
    fig.savefig(png)
    plt.close(fig)
    webp = weight.lossless_webp(png)
    assert webp is not None and webp.stat().st_size < png.stat().st_size / 1.5
    from PIL import Image

    with Image.open(png) as a, Image.open(webp) as b:
        assert a.convert("RGBA").tobytes() == b.convert("RGBA").tobytes()


def _transfer(url: str, size: int, kind: str = "script", compressible: bool = True) -> pw.Transfer:
    return pw.Transfer(url, kind, "text/javascript", size, size // 4 if compressible else size)


def test_the_budget_check_fails_on_a_heavy_page():
    """The same function the slow test uses, on made-up visits: a page that loads a 2 MB script
    (incompressible), and a page that after it still needs 100 kB more."""
    shared = [_transfer("_static/theme.css", 300_000, "stylesheet")]
    visits = {
        "light.html": [_transfer("light.html", 40_000, "document"), *shared],
        "heavy.html": [_transfer("heavy.html", 40_000, "document"), *shared, _transfer("big.js", 2_000_000, compressible=False)],
        "next.html": [_transfer("next.html", 40_000, "document"), *shared, _transfer("more.js", 400_000)],
    }
    problems = pw.budget_problems(visits)
    assert any(p.startswith("heavy.html: first visit 2340 kB plain") and "big.js" in p for p in problems)
    assert any(p.startswith("heavy.html: first visit 2085 kB compressed") for p in problems)
    assert any(p.startswith("next.html after light.html: next page 110 kB compressed") and "more.js 100 kB" in p for p in problems)
    assert not [p for p in problems if p.startswith("light.html")]
    assert pw.budget_problems({"light.html": visits["light.html"]}) == []


def test_compressed_size_gzips_text_and_leaves_images_as_they_are():
    text = b"body { color: red; }\n" * 1000
    assert pw.compressed_size(text, "text/css; charset=utf-8") < len(text) / 10
    assert pw.compressed_size(text, "image/png") == len(text)
    assert pw.compressed_size(text, "font/woff2") == len(text)


# --------------------------------------------------------------------------- slow: in the browser


@pytest.fixture(scope="module")
def browser():
    if not Path(pw.CHROMIUM).exists():
        pytest.fail(f"{pw.CHROMIUM} not found: install Debian's chromium package (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = pw.launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def book(built_book: Path):
    with pw.serve(built_book) as base:
        yield base


@pytest.fixture(scope="module")
def visits(built_book: Path, book: str, browser) -> dict[str, list[pw.Transfer]]:
    result = {name: pw.record_visit(browser, book + name, book) for name in pw.pages_of(built_book)}
    (BUILD / "weight.txt").write_text(pw.table(pw.weigh(result)) + "\n")
    return result


@pytest.mark.slow
def test_every_page_is_within_its_byte_budgets(visits):
    assert len(visits) >= 5
    problems = pw.budget_problems(visits)
    assert not problems, "\n".join(problems) + "\n\n" + pw.table(pw.weigh(visits))


@pytest.mark.slow
def test_no_page_loads_font_awesome_whole_or_the_search_index_it_does_not_use(visits):
    problems = []
    for page, transfers in visits.items():
        for t in transfers:
            name = t.url.split("?")[0].rsplit("/", 1)[-1]
            if name in ("fontawesome.js", "fa-solid-900.woff2", "fa-brands-400.woff2", "fa-regular-400.woff2", weight.THEME_CSS):
                problems.append(f"{page} loads {t.url}")
            if name in ("searchindex.js", "searchtools.js") and page != "search.html":
                problems.append(f"{page} loads {t.url}")
    assert not problems, "\n".join(problems)
    assert any(t.url.startswith("searchindex.js") for t in visits["search.html"]), "the search page needs its index"


@pytest.mark.slow
def test_the_budget_check_fails_on_a_heavy_page_served_to_the_browser(browser, tmp_path):
    """A made-up site, measured as the book is: a page that loads a 2 MB script fails the
    first-visit budgets, and a page that needs 100 kB of script more fails the next-page one."""
    import base64
    import os

    (tmp_path / "big.js").write_text(f'var big = "{base64.b64encode(os.urandom(1_500_000)).decode()}";')
    (tmp_path / "more.js").write_text(f'var more = "{base64.b64encode(os.urandom(75_000)).decode()}";')
    (tmp_path / "heavy.html").write_text('<!DOCTYPE html><html lang="en"><title>heavy</title><script src="big.js"></script><p>heavy</p></html>')
    (tmp_path / "light.html").write_text('<!DOCTYPE html><html lang="en"><title>light</title><p>light</p></html>')
    (tmp_path / "next.html").write_text('<!DOCTYPE html><html lang="en"><title>next</title><script src="more.js"></script><p>next</p></html>')
    with pw.serve(tmp_path) as base:
        fake = {name: pw.record_visit(browser, base + name, base) for name in ("light.html", "heavy.html", "next.html")}
    assert {t.url for t in fake["heavy.html"]} == {"heavy.html", "big.js"}
    problems = pw.budget_problems(fake)
    assert any(p.startswith("heavy.html: first visit") and "plain" in p for p in problems), problems
    assert any(p.startswith("heavy.html: first visit") and "compressed" in p for p in problems), problems
    assert any(p.startswith("next.html after light.html: next page") for p in problems), problems
    assert not any(p.startswith("light.html") for p in problems)


# The book's navbar controls: (CSS selector of the control, its role, its accessible name, the
# icon it shows, the widths where the theme shows it).
CONTROLS = [
    ("button.search-button-field", "button", "Search", "magnifying-glass", (1280,)),
    (".bd-header-article .primary-toggle", "button", "Toggle primary sidebar", "bars", (1280, 390)),
    (".dropdown-launch-buttons > button", "button", "Launch interactive content", "rocket", (1280, 390)),
    ("a.btn-source-repository-button", "link", "Source repository", "github", (1280, 390)),
    (".dropdown-download-buttons > button", "button", "Download this page", "download", (1280, 390)),
    ("button.btn-fullscreen-button", "button", "Fullscreen mode", "expand", (1280, 390)),
    (".bd-header-article button.theme-switch-button", "button", "Color mode", None, (1280, 390)),
    (".bd-header-article button.search-button", "button", "Search", "magnifying-glass", (390,)),
    (".bd-header-article .secondary-toggle", "button", "Toggle secondary sidebar", "list", (390,)),
]
MODE_ICONS = {"light": "sun", "dark": "moon", "auto": "circle-half-stroke"}
PAGE = "chapters/sources.html"


def ink(png: bytes) -> float:
    """The share of a screenshot's pixels that differ clearly from its most common colour."""
    from collections import Counter

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    data = image.tobytes()
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    background = Counter(pixels).most_common(1)[0][0]
    inked = sum(1 for p in pixels if max(abs(a - b) for a, b in zip(p, background)) > 60)
    return inked / len(pixels)


def _icon_drawing(page, icon) -> str:
    return icon.evaluate("i => { const s = getComputedStyle(i, '::before'); return s.webkitMaskImage || s.maskImage || ''; }")


def _icon_problems(page, icon, name: str, where: str) -> list[str]:
    """An icon shows: it has ink, is not a filled box, and draws Font Awesome's picture for its name."""
    problems = []
    share = ink(icon.screenshot())
    if not 0.05 <= share <= 0.85:
        problems.append(f"{where}: the {name} icon has {share:.0%} ink (blank or a filled box?)")
    drawing = _icon_drawing(page, icon)
    uri = weight.drawings(weight.ICONS_CSS.read_text(encoding="utf-8")).get(name, "?")
    expected = uri.split("d='", 1)[-1][:30]
    if expected not in drawing:
        problems.append(f"{where}: the {name} icon does not draw Font Awesome's {name}")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_navbar_icon_shows_and_every_control_keeps_its_name(book, browser, width, mode):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 400 else 844}, color_scheme=mode)
    page = context.new_page()
    page.goto(book + PAGE, wait_until="networkidle")
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"navbar-{width}-{mode}.png"), clip={"x": 0, "y": 0, "width": width, "height": 160 if width > 400 else 120})
    problems = []
    for selector, role, name, icon_name, widths in CONTROLS:
        control = page.locator(selector).first
        if width not in widths:
            continue
        if not control.is_visible():
            problems.append(f"{width}px {mode}: {name} is not shown")
            continue
        named = page.get_by_role(role, name=name)
        if not any(named.nth(i).evaluate("(e, c) => e === c", control.element_handle()) for i in range(named.count())):
            problems.append(f"{width}px {mode}: the control at {selector} is not a {role} named {name!r}")
        if icon_name is None:  # the colour-mode button shows the icon of the mode in use
            icon_name = MODE_ICONS[page.evaluate("document.documentElement.dataset.mode")]
        icon = control.locator(f".fa-{icon_name}")
        if icon.count() != 1 or not icon.is_visible():
            problems.append(f"{width}px {mode}: {name} shows no {icon_name} icon")
            continue
        problems += _icon_problems(page, icon, icon_name, f"{width}px {mode}: {name}")
        if icon.evaluate("i => i.innerText + getComputedStyle(i, '::before').content") not in ('""', "none", '"" / ""'):
            problems.append(f"{width}px {mode}: the {icon_name} icon adds text to {name!r}")
    # Back to top appears once the reader has scrolled down and back up a little (on narrow screens).
    page.evaluate("window.scrollTo(0, 3000)")
    page.wait_for_timeout(300)
    page.evaluate("window.scrollTo(0, 2800)")
    page.wait_for_timeout(300)
    back = page.locator("#pst-back-to-top")
    if back.is_visible():
        problems += _icon_problems(page, back.locator(".fa-arrow-up"), "arrow-up", f"{width}px {mode}: Back to top")
    elif width < 1200:  # sphinx-book-theme shows it only on screens narrower than 1200 px
        problems.append(f"{width}px {mode}: Back to top did not appear")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_the_icon_check_fails_on_a_blank_or_wrong_icon(browser, tmp_path):
    """The checks above, on a made-up page: an icon icons.css does not draw is blank, and an
    icon drawn with another icon's picture is not Font Awesome's picture for its name."""
    (tmp_path / "icons.css").write_bytes(weight.ICONS_CSS.read_bytes())
    (tmp_path / "page.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>icons</title><link rel="stylesheet" href="icons.css">'
        "<style>body{font-size:32px} #wrong{--rq-icon: var(--moon)} .fa-moon{--moon: var(--rq-icon)}</style></head><body>"
        '<p><i id="good" class="fa-solid fa-bars"></i> <i id="blank" class="fa-solid fa-bicycle"></i> '
        '<span class="fa-solid fa-moon"><i id="wrong" class="fa-solid fa-sun"></i></span></p></body></html>'
    )
    with pw.serve(tmp_path) as base:
        context = browser.new_context(viewport={"width": 400, "height": 200})
        page = context.new_page()
        page.goto(base + "page.html", wait_until="networkidle")
        assert _icon_problems(page, page.locator("#good"), "bars", "good") == []
        assert [p for p in _icon_problems(page, page.locator("#blank"), "bicycle", "blank") if "ink" in p]
        assert _icon_problems(page, page.locator("#wrong"), "sun", "wrong") == ["wrong: the sun icon does not draw Font Awesome's sun"]
        context.close()


def _tab_to(page, selector: str, limit: int = 80) -> bool:
    """Press Tab (from the top of a freshly loaded page) until the control matching ``selector``
    has keyboard focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return True
    return False


STATE = """() => ({
    mode: document.documentElement.dataset.mode,
    menus: document.querySelectorAll('.dropdown-menu.show').length,
    fullscreen: !!document.fullscreenElement,
    search: document.querySelector('#pst-search-dialog').open,
    focus: document.activeElement && document.activeElement.tagName + ' ' + (document.activeElement.name || ''),
})"""


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_every_navbar_control_works_by_keyboard(book, browser, width):
    """Tab to each control on a freshly opened page, press Enter, and see it do its job. The
    sidebar toggles are left to the next test: they do nothing, with or without this change."""
    problems, errors = [], []

    def fresh_page():
        context = browser.new_context(viewport={"width": width, "height": 900 if width > 400 else 844})
        page = context.new_page()
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(book + PAGE, wait_until="networkidle")
        return context, page

    for selector, role, name, icon_name, widths in CONTROLS:
        if width not in widths or "toggle" in name.lower():
            continue
        context, page = fresh_page()
        if not _tab_to(page, selector):
            problems.append(f"{width}px: Tab never reaches {name}")
        elif role == "link":
            href = page.evaluate("document.activeElement.href")
            requested: list[str] = []
            # The link may open a new tab: catch the request in the whole context, and send nothing out.
            context.route("**/*", lambda route: (requested.append(route.request.url), route.abort()) if not route.request.url.startswith(book) else route.continue_())
            page.keyboard.press("Enter")
            page.wait_for_timeout(500)
            if requested[:1] != [href]:
                problems.append(f"{width}px: Enter on {name} did not follow {href} ({requested})")
        else:
            before = page.evaluate(STATE)
            page.keyboard.press("Enter")
            page.wait_for_timeout(400)
            after = page.evaluate(STATE)
            if "dropdown" in selector:
                menu_of = selector.split(" >")[0] + " .dropdown-menu"
                if after["menus"] != 1:
                    problems.append(f"{width}px: Enter on {name} opened no menu")
                else:
                    if "download" in selector:
                        for item_icon in ("file", "file-pdf"):
                            problems += _icon_problems(page, page.locator(f"{menu_of} .fa-{item_icon}"), item_icon, f"{width}px: {name} menu")
                    page.keyboard.press("ArrowDown")
                    if not page.evaluate("(s) => document.activeElement.closest(s) !== null", menu_of):
                        problems.append(f"{width}px: the arrow keys do not move into the {name} menu")
            elif "fullscreen" in selector:
                if not after["fullscreen"]:
                    problems.append(f"{width}px: Enter on {name} did not go fullscreen")
            elif "theme-switch" in selector:
                if after["mode"] == before["mode"]:
                    problems.append(f"{width}px: Enter on {name} did not change the colour mode")
                mode_icon = MODE_ICONS[after["mode"]]
                problems += _icon_problems(page, page.locator(f"{selector} .fa-{mode_icon}"), mode_icon, f"{width}px: {name} after Enter")
            elif "search" in selector:
                if not (after["search"] and after["focus"].startswith("INPUT q")):
                    problems.append(f"{width}px: Enter on {name} did not open the search box with the focus in it ({after})")
                page.keyboard.type("strike")
                icon_right, text_left = page.evaluate(
                    """() => { const f = document.querySelector('#pst-search-dialog form'), i = f.querySelector('.fa-magnifying-glass').getBoundingClientRect(),
                               q = f.querySelector('input'), r = q.getBoundingClientRect();
                               return [i.right, r.left + parseFloat(getComputedStyle(q).paddingLeft)]; }"""
                )
                if icon_right > text_left:
                    problems.append(f"{width}px: the search box's icon lies over the text typed in it")
                problems += _icon_problems(page, page.locator("#pst-search-dialog .fa-magnifying-glass"), "magnifying-glass", f"{width}px: search box")
        context.close()
    # Ctrl+K opens the search box from anywhere.
    context, page = fresh_page()
    page.keyboard.press("Control+k")
    page.wait_for_timeout(300)
    if not page.evaluate(STATE)["search"]:
        problems.append(f"{width}px: Ctrl+K did not open the search box")
    context.close()
    assert not errors, errors
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="sphinx-book-theme 1.3.0's and pydata-sphinx-theme 0.17.1's scripts bind the sidebar toggles to the first "
    ".primary-toggle/.secondary-toggle in the page, the hidden ones in the theme's top header, so the visible toggles "
    "do nothing, by mouse or keyboard, with Font Awesome's script as without it",
)
def test_the_sidebar_toggles_open_the_sidebars(book, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(book + PAGE, wait_until="networkidle")
    opened = []
    for selector, dialog in ((".bd-header-article .primary-toggle", "#pst-primary-sidebar-modal"), (".bd-header-article .secondary-toggle", "#pst-secondary-sidebar-modal")):
        assert _tab_to(page, selector)
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        opened.append(page.evaluate("(d) => document.querySelector(d).open", dialog))
        page.keyboard.press("Escape")
    context.close()
    assert all(opened), opened
