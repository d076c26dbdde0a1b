"""A light first visit: what the theme sends every reader, trimmed to what the pages use.

Listed in ``_config.yml`` under ``sphinx.extra_extensions``. With the theme as it comes
(sphinx-book-theme 1.3.0 on pydata-sphinx-theme 0.17.1) a first visit to one page moved about
2.6 MB (1 MB gzipped), 1.8 MB of it Font Awesome. README.md ("A light first visit") has the
numbers before and after; tests/test_weight.py holds every page to its byte budget.

1. **Icons.** The theme loads Font Awesome's whole icon script (``scripts/fontawesome.js``,
   1.5 MB: every Font Awesome icon, turned into SVG by script after the page loads), its rules
   for every icon (90 kB of the theme's stylesheet) and its icon fonts (270 kB). The book's
   pages show 16 icons. ``reopening/static/icons.css`` draws those, and two the theme adds in
   cases the book may meet (:data:`ICONS`), with Font Awesome's own drawings, made from the
   theme's copy by :func:`icon_css` (``python -m reopening.weight`` after a theme upgrade), as
   CSS masks painted in the text colour: no script, no font, the same picture in light, dark
   and forced-colours mode. The theme's markup (an empty
   ``<i class="fa-solid fa-bars">`` inside a button that carries its own name) is unchanged.
   The page head (``templates/layout.html`` through :func:`light_head`) leaves out the script
   and links a copy of the theme's stylesheet without Font Awesome's icon rules
   (:func:`without_icon_rules`). The theme's own rules draw a few characters from Font
   Awesome's fonts (admonition titles, download links): the copy declares small subsets of
   those fonts, with just those characters (:func:`light_theme_files`, 4 kB in all). After the
   build, :func:`_check_icons` warns (an error with ``-W``) about any icon on a page that
   icons.css does not draw.
2. **Search.** The theme loads the search script, its word lists and the whole book's search
   index (``searchindex.js``, which grows with every page) on every page, for a
   search-as-you-type feature the book leaves off. Only the search page loads them now; the
   search buttons and ``Ctrl+K`` still open the search box, which sends the query there.
3. **sphinx-design**, which jupyter-book always adds: its stylesheet and tab script are left out
   of pages that use none of its components (today, all of them).
4. **Figures.** A chart a notebook draws is a PNG; the web pages get a lossless WebP copy
   (:class:`LosslessWebp`: the same pixels, about a third of the bytes).
5. Everything else stays, each needed by something a page shows: Bootstrap's script (the
   download and launch menus, tooltips, "Back to top"), the themes' scripts and stylesheets,
   the notebook and code styles, the copy and toggle buttons.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import sys
import urllib.parse
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
ICONS_CSS = STATIC / "icons.css"

# The icons the book's pages show (<i class="fa-...">), by Font Awesome style, and where each
# comes from. Font Awesome's drawings are CC BY 4.0 (Fonticons, Inc.); icons.css says so.
ICONS = {
    "solid": [
        "bars",  # the primary sidebar toggles (site navigation)
        "list",  # the secondary sidebar toggle, and the "Contents" heading beside the page
        "outdent",  # the theme's other secondary sidebar toggle (in the header, at some widths)
        "magnifying-glass",  # the search buttons and the search box
        "sun",  # the colour-mode button: light ...
        "moon",  # ... dark ...
        "circle-half-stroke",  # ... and the system's setting
        "expand",  # fullscreen
        "download",  # the download menu ...
        "file",  # ... its source-file item ...
        "file-pdf",  # ... and its print-to-PDF item
        "rocket",  # the launch (Binder) menu
        "arrow-up",  # "Back to top"
        "angle-left",  # previous page
        "angle-right",  # next page
        "chevron-down",  # the navigation's open/close toggles, once the table of contents nests
        "xmark",  # close buttons the theme's script adds to announcement and version banners
    ],
    "brands": [
        "github",  # the repository link
    ],
}
# Font Awesome's classes that name a style, not an icon.
STYLE_CLASSES = {"fa", "fas", "far", "fab", "fa-solid", "fa-regular", "fa-brands", "fa-classic"}
# Font Awesome's classes that change an icon (size, width, motion) rather than name one.
_MODIFIER = re.compile(
    r"^fa-(\d?x|\d?x[sl]|sm|lg|xs|xl|fw|width-auto|spin.*|pulse|beat.*|fade|bounce|flip.*|shake|"
    r"border|inverse|pull-.*|rotate-.*|stack.*|ul|li|sr-only.*|swap-opacity|layers.*)$"
)
# Files the page head no longer loads (file names, as in src="..." or href="...").
HEAD_DROPS = ("fontawesome.js", "searchtools.js", "language_data.js", "searchindex.js")
THEME_CSS = "pydata-sphinx-theme.css"
LIGHT_THEME_CSS = "pydata-sphinx-theme-without-font-awesome.css"
FONTS = "vendor/fontawesome/webfonts"
DESIGN_ASSETS = ("sphinx-design.min.css", "design-tabs.js")


def setup(app):
    app.add_transform(LosslessWebp)
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _prepare)
    app.connect("html-page-context", _drop_unused_design)
    app.connect("build-finished", _check_icons)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


# --------------------------------------------------------------------------- the page head


def _add_templates(app, config):
    # templates/layout.html extends the theme's layout and passes two of its blocks through
    # light_head. Added before the builder makes its template loader.
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def _prepare(app):
    """Add icons.css, write the light copy of the theme's stylesheet and its fonts into the
    output's ``_static`` (Sphinx copies the theme's own files beside them), and give the
    templates the filter that points the head at them."""
    templates = getattr(app.builder, "templates", None)
    if templates is None or not hasattr(templates, "environment"):
        return
    if app.builder.format != "html":  # templates/layout.html still needs its filter
        templates.environment.filters["reopening_light_head"] = light_head
        return
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))
    app.add_css_file(ICONS_CSS.name)
    theme_static = [Path(d) / "static" for d in app.builder.theme.get_theme_dirs()]
    digest = None
    try:
        files = light_theme_files(theme_static)
    except (OSError, ValueError, ImportError) as err:
        logger.warning(f"reopening.weight: the theme's stylesheet is kept whole ({err}); icon fonts may load")
    else:
        out = Path(app.outdir) / "_static"
        for rel, data in files.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(data)
        digest = hashlib.sha256(b"".join(files[k] for k in sorted(files))).hexdigest()[:20]
    templates.environment.filters["reopening_light_head"] = functools.partial(light_head, digest=digest)


_TAG = re.compile(r"<(script|link)\b[^>]*>(?:\s*</script>)?", re.IGNORECASE)
_REF = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _file_name(ref: str) -> str:
    return urllib.parse.urlsplit(ref).path.rsplit("/", 1)[-1]


def light_head(html: str, digest: str | None = None) -> str:
    """The theme's head markup without the files in :data:`HEAD_DROPS`; with ``digest`` (the
    light files' own checksum), the theme's stylesheet link points to its light copy instead.

    Only ``<script>`` and ``<link>`` tags that refer to those files change; everything else is
    kept as written."""

    def keep(match: re.Match) -> str:
        tag = match.group(0)
        ref = _REF.search(tag)
        if not ref:
            return tag
        name = _file_name(ref.group(1))
        if name in HEAD_DROPS:
            return ""
        if name == THEME_CSS and digest and match.group(1).lower() == "link":
            url = urllib.parse.urlsplit(ref.group(1))
            light = url._replace(path=url.path[: -len(THEME_CSS)] + LIGHT_THEME_CSS, query=f"digest={digest}")
            return tag.replace(ref.group(1), urllib.parse.urlunsplit(light), 1)
        return tag

    return _TAG.sub(keep, str(html))


def _drop_unused_design(app, pagename, templatename, context, doctree):
    """Leave sphinx-design's stylesheet and script out of pages that use none of its components."""
    if re.search(r"""class=["'][^"']*\bsd-""", context.get("body") or ""):
        return
    for key in ("script_files", "css_files"):
        if key in context:
            # In place: other extensions add this page's files to the same list after us.
            context[key][:] = [a for a in context[key] if _file_name(str(getattr(a, "filename", a) or "")) not in DESIGN_ASSETS]


# --------------------------------------------------------------------------- figures


def lossless_webp(png: Path) -> Path | None:
    """Write a lossless WebP copy of a PNG beside it (once) and return it; None when it would not
    be smaller. The copy is checked to hold exactly the same pixels."""
    from PIL import Image

    webp = png.with_suffix(".webp")
    if webp.is_file():
        return webp if webp.stat().st_size < png.stat().st_size else None
    with Image.open(png) as image:
        image.load()
        buffer = io.BytesIO()
        image.save(buffer, "WEBP", lossless=True, exact=True, method=6, quality=100)
        data = buffer.getvalue()
        with Image.open(io.BytesIO(data)) as copy:
            mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
            if copy.convert(mode).tobytes() != image.convert(mode).tobytes():
                raise ValueError(f"the WebP copy of {png.name} differs from it")
    temporary = webp.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(webp)  # whole or not at all, should two readers make it at once
    return webp if len(data) < png.stat().st_size else None


class LosslessWebp(SphinxTransform):
    """Point the HTML pages at a lossless WebP copy of each PNG a notebook cell drew.

    Runs while a page is read, before Sphinx collects the page's images, so the copy is what
    it copies to ``_images/``. Only images in myst-nb's output folder (inside the build folder)
    change; images kept in the repository and other builders (LaTeX cannot read WebP) keep PNG."""

    default_priority = 700

    def apply(self, **kwargs):
        builder = getattr(self.app, "builder", None)
        if builder is None or builder.format != "html":
            return
        outputs = (Path(self.app.outdir).parent / "jupyter_execute").resolve()
        srcdir = Path(self.app.srcdir)
        for node in self.document.findall(nodes.image):
            uri = node.get("uri", "")
            if not (uri.startswith("/") and uri.lower().endswith(".png")):
                continue
            png = (srcdir / uri.lstrip("/")).resolve()
            if outputs not in png.parents or not png.is_file():
                continue
            try:
                webp = lossless_webp(png)
            except (OSError, ValueError) as err:
                logger.warning(f"reopening.weight: kept {png.name} as PNG ({err})", location=node)
                continue
            if webp is not None:
                node["uri"] = uri[: -len(".png")] + ".webp"


# --------------------------------------------------------------------------- the theme's stylesheet


def _statements(css: str) -> list[str]:
    """Split CSS into its top-level statements (rules, at-rules, comments), each as written."""
    out, i, n = [], 0, len(css)
    while i < n:
        if css[i].isspace():
            i += 1
            continue
        start = i
        if css.startswith("/*", i):
            i = css.index("*/", i + 2) + 2
            out.append(css[start:i])
            continue
        depth, quote = 0, None
        while i < n:
            c = css[i]
            if quote:
                if c == "\\":
                    i += 2
                    continue
                if c == quote:
                    quote = None
            elif css.startswith("/*", i):
                i = css.index("*/", i + 2) + 2
                continue
            elif c in "\"'":
                quote = c
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    i += 1
                    break
            elif c == ";" and depth == 0:
                i += 1
                break
            i += 1
        out.append(css[start:i])
    return out


_FA_SELECTOR = re.compile(r"^\.(?:fa|fas|far|fab|fa-[\w-]+)(?![\w-])")


def _font_awesome_kind(statement: str) -> str | None:
    """What a statement is to Font Awesome's stylesheet: "font" for its @font-face rules and its
    custom properties on :root/:host (the theme's own rules draw a few icons with them),
    "icons" for its class rules (every selector a Font Awesome class), its @keyframes and an
    @media block holding only such rules; None for anything else."""
    brace = statement.find("{")
    if brace < 0:
        return None
    prelude, block = statement[:brace].strip(), statement[brace + 1 : -1]
    if prelude.startswith("@font-face"):
        return "font" if "Font Awesome" in block else None
    if prelude.startswith("@keyframes"):
        return "icons" if prelude.split()[1].startswith("fa-") else None
    if prelude.startswith(("@media", "@supports")):
        inner = [s for s in _statements(block) if not s.startswith("/*")]
        return "icons" if inner and all(_font_awesome_kind(s) == "icons" for s in inner) else None
    if prelude.startswith("@"):
        return None
    selectors = [s.strip() for s in prelude.split(",")]
    if all(s in (":host", ":root") for s in selectors):
        names = [d.split(":", 1)[0].strip() for d in block.split(";") if d.strip()]
        return "font" if names and all(name.startswith("--fa") for name in names) else None
    return "icons" if all(_FA_SELECTOR.match(s) for s in selectors) else None


def without_icon_rules(css: str) -> str:
    """The theme's stylesheet without Font Awesome's icon rules (about 90 kB: one rule per icon,
    for all of them), from its first licence comment to the last of its rules. Kept: its
    @font-face rules and custom properties, which the theme's own rules use for a few icons
    (admonition titles, download links), and any rule shared with other styles (``.sr-only``).
    Raises ValueError when the stylesheet is not laid out as expected."""
    parts = _statements(css)
    marks = [i for i, s in enumerate(parts) if s.startswith("/*") and "Font Awesome" in s]
    if not marks:
        raise ValueError("no Font Awesome section found")
    end = marks[-1] + 1
    while end < len(parts) and (_font_awesome_kind(parts[end]) or parts[end].startswith("/*!")):
        end += 1
    kept = parts[: marks[0]]
    dropped = 0
    for s in parts[marks[0] : end]:
        if _font_awesome_kind(s) == "icons":
            dropped += 1
        elif not s.startswith("/*") or "Font Awesome" in s:
            kept.append(s)
    kept += [s for s in parts[end:] if not s.startswith("/*# sourceMappingURL")]
    if dropped < 100:
        raise ValueError(f"only {dropped} Font Awesome icon rules found")
    return "\n".join(kept) + "\n"


_GLYPH = re.compile(r"""["'](?:\\([0-9a-fA-F]{4,6})\s?|([\ue000-\uf8ff]))["']""")


def theme_glyphs(css: str) -> set[int]:
    """The icon-font characters (Unicode private use) that a stylesheet puts in quotes:
    ``content: "\\f107"``, ``--pst-icon-bell: "\uf0f3"``."""
    found = set()
    for escaped, literal in _GLYPH.findall(css):
        code = int(escaped, 16) if escaped else ord(literal)
        if 0xE000 <= code <= 0xF8FF:
            found.add(code)
    return found


def subset_font(ttf: Path, codes: set[int]) -> tuple[bytes, set[int]]:
    """A WOFF copy of the font with only the given characters (those it has), and those characters."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(ttf), recalcTimestamp=False)
    present = codes & set(font.getBestCmap())
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]  # keep the font's copyright and licence (SIL OFL 1.1) records
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=False)
    return buffer.getvalue(), present


def _unicode_range(codes: set[int]) -> str:
    return ", ".join(f"U+{c:X}" for c in sorted(codes))


def light_theme_files(theme_static: list[Path]) -> dict[str, bytes]:
    """The files the light head points to, made from the theme's static folders (``_static``
    paths → contents): the theme's stylesheet without Font Awesome's icon rules, and WOFF
    subsets of Font Awesome's solid and brands fonts with only the characters the theme's own
    stylesheets use. The subsets are declared after Font Awesome's own faces, with a
    unicode-range, so the browser takes a character from them; a character they lack still
    comes from the full font (heavier, but never a missing icon)."""

    def find(rel: str) -> Path:
        for folder in theme_static:
            if (folder / rel).is_file():
                return folder / rel
        raise FileNotFoundError(rel)

    css = without_icon_rules(find(f"styles/{THEME_CSS}").read_text(encoding="utf-8"))
    glyphs = theme_glyphs(css)
    for folder in theme_static:
        for other in folder.rglob("*.css"):
            if other.name != THEME_CSS:
                glyphs |= theme_glyphs(other.read_text(encoding="utf-8"))
    files: dict[str, bytes] = {}
    faces = []
    for family, weight, ttf in (("Font Awesome 6 Free", 900, "fa-solid-900"), ("Font Awesome 6 Brands", 400, "fa-brands-400")):
        data, present = subset_font(find(f"{FONTS}/{ttf}.ttf"), glyphs)
        if not present:
            continue
        name = f"{ttf}.subset-{hashlib.sha256(data).hexdigest()[:10]}.woff"
        files[f"{FONTS}/{name}"] = data
        faces.append(
            f'@font-face{{font-display:block;font-family:"{family}";font-style:normal;font-weight:{weight};'
            f'src:url(../{FONTS}/{name}) format("woff");unicode-range:{_unicode_range(present)}}}'
        )
    css += "/* reopening.weight: the characters the theme's own rules draw, from small copies of the fonts. */\n"
    css += "\n".join(faces) + "\n"
    files[f"styles/{LIGHT_THEME_CSS}"] = css.encode("utf-8")
    return files


# --------------------------------------------------------------------------- the icons


def _font_awesome_script() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"


_ICON = re.compile(r'(?:"([\w-]+)"|\b([a-z][\w]*)):\[(\d+),(\d+),\[([^\]]*)\],"(\w+)","([^"]+)"\]')
_PACK = re.compile(r'\bd\("fa([srb])",\w+\)')


def font_awesome_icons(script: str) -> dict[str, dict[str, tuple[int, int, list[str], str]]]:
    """Font Awesome's drawings from its script: {style: {name: (width, height, aliases, path)}}.

    The script defines each style's icons as an object (``bars:[448,512,["navicon"],"f0c9",
    "M0 96..."]``), then registers it (``d("fas",p)``): the icons before each registration
    belong to that style."""
    styles = {"s": "solid", "r": "regular", "b": "brands"}
    icons: dict[str, dict] = {}
    start = 0
    for pack in _PACK.finditer(script):
        style = styles[pack.group(1)]
        for m in _ICON.finditer(script, start, pack.start()):
            name = m.group(1) or m.group(2)
            aliases = [a.strip('"') for a in m.group(5).split(",") if a.strip().startswith('"')]
            icons.setdefault(style, {})[name] = (int(m.group(3)), int(m.group(4)), aliases, m.group(7))
        start = pack.end()
    return icons


def _data_uri(width: int, height: int, path: str) -> str:
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    return "data:image/svg+xml," + svg.replace("%", "%25").replace("<", "%3C").replace(">", "%3E").replace("#", "%23")


ICON_CSS_HEAD = """\
/* The book's icons: the COUNT Font Awesome Free VERSION icons the book's pages use, and nothing else.
 * Made by `python -m reopening.weight` from the copy of Font Awesome in pydata-sphinx-theme;
 * do not edit by hand. Icons: Font Awesome Free by Fonticons, Inc., CC BY 4.0
 * (https://fontawesome.com/license/free).
 *
 * The theme's markup stays as it is (<i class="fa-solid fa-bars"></i> inside a button that
 * carries its own name); instead of a script turning each one into an SVG, or an icon font, the
 * icon is a CSS mask painted in the text colour, sized like Font Awesome's SVG icons (1em high,
 * as wide as the drawing). It has no text, so it adds nothing to the button's name. An icon this
 * file does not know stays blank, and the build warns about it (reopening/weight.py). */
.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands, .fa-classic {
  --rq-icon: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E");
  --rq-icon-width: 1em;
  display: inline-block;
  height: 1em;
  line-height: 1;
  font-style: normal;
  vertical-align: -0.125em;
}
:is(.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands, .fa-classic)::before {
  content: "";
  display: inline-block;
  vertical-align: baseline;
  width: var(--rq-icon-width);
  height: 1em;
  background-color: currentColor;
  -webkit-mask: var(--rq-icon) center / contain no-repeat;
  mask: var(--rq-icon) center / contain no-repeat;
  -webkit-print-color-adjust: exact;
  print-color-adjust: exact;
}
/* Forced colours (Windows high contrast): the system would paint the mask's background in its
 * page colour, so the icon would vanish; paint it in the system's text colours instead. */
@media (forced-colors: active) {
  :is(.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands, .fa-classic)::before { forced-color-adjust: none; background-color: CanvasText; }
  :is(button, .btn) :is(.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands, .fa-classic)::before { background-color: ButtonText; }
  a:any-link :is(.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands, .fa-classic)::before { background-color: LinkText; }
}
/* Font Awesome's size and width modifiers, as its SVG icons apply them. */
.fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.2em; }
.fa-fw::before { width: 1.25em; }
/* The themes' rules for Font Awesome's SVG icons (svg.fa-solid, ...), for these icons too. */
.bd-header-article .btn :is(.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands)::before { width: 1.3rem; }
.search-button-field > :is(.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands) { display: inline-block; }
#pst-search-dialog[open] form.bd-search :is(.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands) { font-size: var(--pst-font-size-icon); }
ul.navbar-icon-links :is(.fa-solid, .fa-regular, .fa-brands) { font-size: var(--pst-font-size-icon); vertical-align: middle; }
/* Font Awesome's script dropped the style class (fa-solid) from the SVGs it made, so this rule
 * of the theme never applied; on the <i> it would lay the icon over the search box's text. */
form.bd-search > :is(.fa-solid, .fas).fa-magnifying-glass { position: static; color: inherit; }
"""


def icon_css(script: str, wanted: dict[str, list[str]] = ICONS, version: str = "") -> str:
    """icons.css for the icons in ``wanted``, drawn from Font Awesome's script."""
    icons = font_awesome_icons(script)
    missing = [f"{style} {name}" for style, names in wanted.items() for name in names if name not in icons.get(style, {})]
    if missing:
        raise ValueError("not in Font Awesome's script: " + ", ".join(missing))
    count = sum(len(v) for v in wanted.values())
    lines = [ICON_CSS_HEAD.replace("COUNT", str(count)).replace("VERSION", version).rstrip() + "\n"]
    for style, names in wanted.items():
        for name in names:
            width, height, aliases, path = icons[style][name]
            selector = ", ".join(f".fa-{n}" for n in [name, *aliases])
            ratio = f"{width / height:.4f}".rstrip("0").rstrip(".")
            lines.append(f'{selector} {{ --rq-icon-width: {ratio}em; --rq-icon: url("{_data_uri(width, height, path)}"); }} /* {style} */')
    return "\n".join(lines) + "\n"


def drawings(css: str) -> dict[str, str]:
    """The drawing (an SVG data URI) that an icons.css gives each icon name (``bars``, ``navicon``, ...)."""
    found = {}
    for selector, uri in re.findall(r'^([^{\n]+)\{ --rq-icon-width: [\d.]+em; --rq-icon: url\("([^"]+)"\)', css, re.MULTILINE):
        for name in re.findall(r"\.fa-([\w-]+)", selector):
            found[name] = uri
    return found


def drawn_icons(css: str) -> set[str]:
    """The icon names that an icons.css draws."""
    return set(drawings(css))


def icon_problems(pages: dict[str, str], drawn: set[str]) -> list[str]:
    """Every icon on the given pages ({name: html}) that ``drawn`` does not include."""
    problems = set()
    for name, html in pages.items():
        for classes in re.findall(r"""class=["']([^"']*)["']""", html):
            tokens = classes.split()
            if not STYLE_CLASSES.intersection(tokens):
                continue
            icons = [t[3:] for t in tokens if t.startswith("fa-") and t not in STYLE_CLASSES and not _MODIFIER.match(t)]
            if not any(icon in drawn for icon in icons):
                problems.add(f"{name}: icon {classes.strip()!r} is not drawn by reopening/static/icons.css")
    return sorted(problems)


# --------------------------------------------------------------------------- after the build


def _check_icons(app, exception):
    """Warn (an error with -W) about any icon on a built page that icons.css does not draw."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    skip = {"_static", "_sources", "_images", "_downloads"}
    pages = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in out.rglob("*.html")
        if not skip.intersection(p.relative_to(out).parts[:1])
    }
    for problem in icon_problems(pages, drawn_icons(ICONS_CSS.read_text(encoding="utf-8"))):
        logger.warning(f"{problem}: add its name to ICONS in reopening/weight.py and run `python -m reopening.weight`")


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    """Write reopening/static/icons.css from the installed theme's copy of Font Awesome."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--check", action="store_true", help="only say whether icons.css is up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    script = _font_awesome_script().read_text(encoding="utf-8")
    version = re.search(r"Font Awesome Free ([\d.]+)", (_font_awesome_script().parent / "fontawesome.js.LICENSE.txt").read_text(encoding="utf-8"))
    css = icon_css(script, version=version.group(1) if version else "")
    if args.check:
        current = ICONS_CSS.read_text(encoding="utf-8") if ICONS_CSS.is_file() else ""
        print("icons.css is up to date" if current == css else "icons.css is out of date: run python -m reopening.weight")
        return 0 if current == css else 1
    ICONS_CSS.write_text(css, encoding="utf-8")
    print(f"wrote {ICONS_CSS} ({len(css.encode())} bytes, {sum(len(v) for v in ICONS.values())} icons)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
