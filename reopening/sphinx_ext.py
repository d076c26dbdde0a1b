"""A small Sphinx extension the book loads (``_config.yml``: sphinx.extra_extensions).

- Marks the build as static, so :func:`reopening.widgets.explore` draws figures without widgets.
- Adds the book's accessibility fixes (``reopening/static/a11y.css`` and ``a11y.js``).
- Adds the "How we know" roles and directives (:mod:`reopening.howweknow`): numbers and
  quotations rendered from ``data/``, each a link to its source.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import codebook, exercises, howweknow
from .widgets import STATIC_BUILD_ENV

STATIC = Path(__file__).parent / "static"


def setup(app):
    # The notebooks run in kernels started by this process; they inherit the variable.
    os.environ[STATIC_BUILD_ENV] = "1"
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _drop_live_code)
    app.connect("build-finished", _root_favicon)
    howweknow.setup(app)
    codebook.setup(app)
    exercises.setup(app)
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
