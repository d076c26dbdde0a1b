"""Interactive figures that also work without a kernel.

The HTML book is built by running each notebook once, with no browser attached, so a widget
there would show up as a bare ``<function ...>`` or an empty "Loading widget" box. The rule of
this book: every interactive figure first draws its default state as an ordinary static figure
(so the HTML reader sees it, with alt text), and only in a live notebook (Binder or a
local Jupyter) adds the controls that redraw it.
"""

from __future__ import annotations

import os
from numbers import Real

STATIC_BUILD_ENV = "REOPENING_STATIC_BUILD"


def is_static_build() -> bool:
    """True while the HTML book is being built (set by ``reopening.sphinx_ext``)."""
    return os.environ.get(STATIC_BUILD_ENV) == "1"


def require_range(name: str, value, low: float, high: float) -> float:
    """Return ``value`` if it is a number from ``low`` to ``high``; otherwise explain what is allowed."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}; you gave {value!r}.")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low:g} to {high:g}; you gave {value:g}.")
    return value


def require_option(name: str, value, options) -> object:
    """Return ``value`` if it is one of ``options``; otherwise list the options."""
    options = list(options)
    if value not in options:
        raise ValueError(f"{name} must be one of {options}; you gave {value!r}.")
    return value


def explore(draw, *, defaults: dict, controls: dict, what: str = "the figure") -> None:
    """Draw ``draw(**defaults)`` as a static figure, then (in a live notebook) add controls.

    ``controls`` maps each argument of ``draw`` to an ipywidgets control or abbreviation
    (``(low, high, step)`` for a slider, a list for a drop-down). Returns ``None`` so that no
    widget or function repr is ever printed. ``draw`` should check its arguments with
    :func:`require_range` or :func:`require_option` so a bad value gets a plain message (they
    raise, unlike the grading checks in :mod:`reopening.exercises`).
    """
    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    missing = set(controls) - set(defaults)
    if missing:
        raise ValueError(f"explore(): give a default value for {sorted(missing)}.")
    if is_static_build():
        draw(**defaults)
        plt.show()
        display(Markdown(f"*Open this page in Binder (the rocket button) to change {what} with the controls.*"))
        return None
    import ipywidgets

    # Each control starts at its default, so the figure is drawn once, with the values a reader
    # sees on the controls; it is redrawn only when a reader changes one.
    widgets = {name: ipywidgets.interactive.widget_from_abbrev(abbrev, defaults[name]) for name, abbrev in controls.items()}
    for name, widget in widgets.items():
        widget.description = name
    fixed = {name: value for name, value in defaults.items() if name not in controls}

    def redraw(**values):
        try:
            draw(**fixed, **values)
            plt.show()
        except ValueError as err:  # a value the figure cannot show: say why, keep the controls
            print(err)

    output = ipywidgets.interactive_output(redraw, widgets)
    display(ipywidgets.VBox(list(widgets.values())), output)
    return None
