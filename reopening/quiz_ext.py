"""Serves the quiz script and stylesheet once, from ``_static``, to the pages that have a quiz.

Listed in ``_config.yml`` under ``sphinx.extra_extensions``. While the book builds, it tells
:func:`reopening.quiz.show` (through an environment variable the notebook kernels inherit) to
leave the script and stylesheet out of each quiz's output; every page with a quiz then loads
``_static/quiz.js`` and ``_static/quiz.css``, which the browser caches once for the whole book.
"""

from __future__ import annotations

import os

from .quiz import SCRIPT, SHARED_ASSETS_ENV, STATIC, STYLESHEET

QUIZ_MARK = 'class="rq-quiz"'


def setup(app):
    # The notebooks run in kernels started by this process; they inherit the variable.
    os.environ[SHARED_ASSETS_ENV] = "1"
    app.connect("builder-inited", _add_static_path)
    app.connect("html-page-context", _add_to_quiz_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


def _add_static_path(app):
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def _add_to_quiz_pages(app, pagename, templatename, context, doctree):
    # Called during html-page-context, add_js_file/add_css_file add to this page only.
    if QUIZ_MARK in (context.get("body") or ""):
        app.add_css_file(STYLESHEET.name)
        app.add_js_file(SCRIPT.name, loading_method="defer")
