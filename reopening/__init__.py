"""Plumbing for the book on the 2021 Chicago school-reopening dispute.

- :func:`load` reads a table from ``data/`` with the checks in ``data/datapackage.json``.
- :mod:`reopening.style` holds the plot style and the fixed colour of each side.
- :mod:`reopening.checks` gives instant feedback on code exercises.
- :mod:`reopening.quiz` builds self-check quizzes that work in the static HTML too.
- :mod:`reopening.widgets` draws interactive figures with a static default.
- :mod:`reopening.provenance` and :mod:`reopening.quotecheck` tie quotes and numbers to their sources.

Every submodule is imported here, so ``import reopening`` is enough for ``reopening.quiz.show``
and the rest. The heavy libraries (IPython's display, ipywidgets, BeautifulSoup) load only when used.
"""

from . import checks, provenance, quiz, quotecheck, style, widgets
from .data import DataError, data_dir, load, resource_names, snake_case
from .style import SIDE_COLORS, SIDE_LABELS, side_color, use_book_style

__all__ = [
    "DataError",
    "SIDE_COLORS",
    "SIDE_LABELS",
    "checks",
    "data_dir",
    "load",
    "provenance",
    "quiz",
    "quotecheck",
    "resource_names",
    "side_color",
    "snake_case",
    "style",
    "use_book_style",
    "widgets",
]
