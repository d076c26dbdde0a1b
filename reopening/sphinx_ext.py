"""A small Sphinx extension the book loads (``_config.yml``: sphinx.extra_extensions).

- Marks the build as static, so :func:`reopening.widgets.explore` draws figures without widgets.
- Adds the book's accessibility fixes (``reopening/static/a11y.css`` and ``a11y.js``).
- Adds the "How we know" roles and directives (:mod:`reopening.howweknow`): numbers and
  quotations rendered from ``data/``, each a link to its source.
- Writes the whole built book as one zip, ``OFFLINE_ZIP`` at the top of the HTML folder, for
  readers without home internet (the About page links it).
- Links the first use of each glossary term in every chapter to its entry
  (:mod:`reopening.glossary`).
- Adds the "For teachers" page's directives (:mod:`reopening.teachers`): the chapters' plans
  and standards, and the index of answer keys, read from the chapters themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import about, codebook, exercises, glossary, howweknow, teachers
from .widgets import STATIC_BUILD_ENV

STATIC = Path(__file__).parent / "static"
OFFLINE_ZIP = "open-or-closed-offline.zip"
# Build bookkeeping a reader does not need.
_NOT_ZIPPED = {".doctrees", ".buildinfo", "handouts", OFFLINE_ZIP}


def setup(app):
    # The notebooks run in kernels started by this process; they inherit the variable.
    os.environ[STATIC_BUILD_ENV] = "1"
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _drop_live_code)
    app.connect("build-finished", _root_favicon)
    # Last, after every other step has written its files: the whole book as one zip.
    app.connect("build-finished", _offline_zip, priority=900)
    howweknow.setup(app)
    codebook.setup(app)
    exercises.setup(app)
    teachers.setup(app)
    about.setup(app)
    glossary.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


def _add_static(app):
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("a11y.css")
    app.add_js_file("a11y.js")


def _drop_live_code(app, pagename, templatename, context, doctree):
    """Leave out Live Code (sphinx-thebe), which jupyter-book loads even when it is switched off:
    its config script is written twice per page (a script error each time) and it would fetch
    Thebe from a CDN (DESIGN §6)."""

    def is_thebe(asset) -> bool:
        name = str(getattr(asset, "filename", asset) or "")
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        return "thebe" in name.lower() or "THEBE_JS_URL" in body

    for key in ("script_files", "css_files"):
        if key in context:
            # In place: other extensions add this page's files to the same list after us.
            context[key][:] = [asset for asset in context[key] if not is_thebe(asset)]


def _root_favicon(app, exception):
    """Browsers ask for /favicon.ico on pages without an icon link (the root redirect page):
    serve the book's icon there instead of a 404."""
    if exception is None and app.builder.format == "html":
        icon = Path(app.srcdir) / "chapters" / "images" / "favicon.ico"
        if icon.is_file():
            import shutil

            shutil.copyfile(icon, Path(app.outdir) / "favicon.ico")


def _offline_zip(app, exception):
    """The built HTML as one zip (pages, figures, styles, notebooks), to unpack and open
    ``index.html`` with no internet. Handouts are printed later and are not in it."""
    if exception is not None or app.builder.format != "html":
        return
    import zipfile

    out = Path(app.outdir)
    target = out / OFFLINE_ZIP
    tmp = target.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(out.rglob("*")):
            rel = path.relative_to(out)
            if rel.parts[0] in _NOT_ZIPPED or path.suffix == ".part" or not path.is_file():
                continue
            zf.write(path, Path("open-or-closed") / rel)
    tmp.replace(target)
