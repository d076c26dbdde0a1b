"""Plumbing for the book on the 2021 Chicago school-reopening dispute.

- :func:`load` reads a table from ``data/`` with the checks in ``data/datapackage.json``.
- :mod:`reopening.style` holds the plot style and the fixed colour of each side.
- :mod:`reopening.exercises` is the exercise kit: the ``{exercise}`` contract, the checks that
  give instant feedback on data tasks, and the self-check quizzes (``exercises.quiz``).
- :mod:`reopening.quiz` builds self-check quizzes that work in the static HTML too.
- :mod:`reopening.widgets` draws interactive figures with a static default.
- :mod:`reopening.provenance` and :mod:`reopening.quotecheck` tie quotes and numbers to their sources.
- :mod:`reopening.editions` builds the teacher edition and keeps answer keys out of the student one
  (loaded on first use, so that ``python -m reopening.editions`` runs it cleanly).
- :mod:`reopening.weight` keeps each page's first visit light (the book's own icons, the search
  index only where it is used, figures as lossless WebP); loaded on first use, like editions.
- :mod:`reopening.teachers` reads each chapter's plan (time, objectives, standards, exercises)
  for the For teachers page; :mod:`reopening.about` the About page's citation; and
  :mod:`reopening.handouts` prints each chapter's exercises as a PDF (loaded on first use).

Every submodule is imported here, so ``import reopening`` is enough for ``reopening.quiz.show``
and the rest. The heavy libraries (IPython's display, ipywidgets, BeautifulSoup) load only when used.
"""

from . import checks, exercises, provenance, quiz, quotecheck, style, widgets
from .data import DataError, codings, data_dir, load, quotes_with_groups, resource_names, snake_case
from .style import OTHER_COLORS, SIDE_COLORS, SIDE_LABELS, data_behind, side_color, use_book_style

__all__ = [
    "DataError",
    "about",
    "handouts",
    "teachers",
    "OTHER_COLORS",
    "SIDE_COLORS",
    "SIDE_LABELS",
    "checks",
    "codings",
    "data_behind",
    "data_dir",
    "editions",
    "exercises",
    "load",
    "provenance",
    "quiz",
    "quotes_with_groups",
    "quotecheck",
    "resource_names",
    "side_color",
    "snake_case",
    "style",
    "use_book_style",
    "weight",
    "widgets",
]


def __getattr__(name):
    if name in ("about", "editions", "handouts", "teachers", "weight"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
