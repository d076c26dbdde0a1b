"""Plumbing for the book on the 2021 Chicago school-reopening dispute.

- :func:`load` reads a table from ``data/`` with the checks in ``data/datapackage.json``.
- :mod:`reopening.style` holds the plot style and the fixed colour of each side.
- :mod:`reopening.checks` gives instant feedback on code exercises.
- :mod:`reopening.provenance` ties quotes and numbers to their sources.
"""

from .data import DataError, data_dir, load, resource_names, snake_case
from .style import SIDE_COLORS, SIDE_LABELS, side_color, use_book_style

__all__ = [
    "DataError",
    "SIDE_COLORS",
    "SIDE_LABELS",
    "data_dir",
    "load",
    "resource_names",
    "side_color",
    "snake_case",
    "use_book_style",
]
