"""One plot style for every chapter: readable type, a colour-blind-safe palette, one fixed colour per side.

The colours are the Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008), which
stays distinguishable for the common forms of colour blindness. Each side of the dispute keeps
the same colour in every figure of the book, so a reader never has to relearn a legend.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#767676",
}

SIDE_COLORS = {
    "union": OKABE_ITO["vermillion"],
    "district_city": OKABE_ITO["blue"],
    "parent": OKABE_ITO["bluish_green"],
    "community": OKABE_ITO["reddish_purple"],
    "outlet": OKABE_ITO["grey"],
}
"""Colour of each side (the ``side`` column of quotes.csv and figures.csv)."""

SIDE_LABELS = {
    "union": "Chicago Teachers Union",
    "district_city": "CPS and the Mayor",
    "parent": "Parents",
    "community": "Community voices",
    "outlet": "News outlet",
}
"""Plain-English legend label of each side."""

SIDE_HATCHES = {"union": "//", "district_city": "", "parent": "..", "community": "xx", "outlet": ""}
"""A second cue besides colour, for bars printed in black and white."""

OTHER_COLORS = [OKABE_ITO[k] for k in ("black", "orange", "sky_blue", "grey")]
"""Colours for anything that is not a side (outlets, dates, kinds of count). Side colours mean
sides only, so they are not in this list, nor in the default colour cycle; tell more categories
apart with markers or line styles as well."""

CYCLE = OTHER_COLORS


def side_color(side: str) -> str:
    """The colour of one side; a clear error for a side the book does not use."""
    try:
        return SIDE_COLORS[side]
    except KeyError:
        raise ValueError(f"Unknown side '{side}'. Use one of: {', '.join(SIDE_COLORS)}.") from None


def use_book_style() -> None:
    """Apply the book's matplotlib style: large type, light grid, the colour-blind-safe cycle."""
    mpl.rcParams.update(
        {
            "figure.figsize": (8, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "font.size": 12,
            "axes.titlesize": 14,
            "axes.titleweight": "bold",
            "axes.labelsize": 12,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#d9d9d9",
            "grid.linewidth": 0.8,
            "axes.prop_cycle": mpl.cycler(color=CYCLE),
            "legend.frameon": False,
        }
    )
    plt.rcParams["axes.axisbelow"] = True


def data_behind(frame, summary: str = "The data behind this chart") -> None:
    """Show the table a chart is drawn from, folded under the chart (an HTML ``<details>``), so a
    reader who cannot see the chart, or wants the exact values, has them. Values are escaped."""
    from IPython.display import HTML, display

    table = frame.to_html(index=False, escape=True, border=0, classes="data-behind-table")
    display(HTML(f'<details class="data-behind"><summary>{summary}</summary>{table}</details>'))



def _light_palette(shades: int) -> list[tuple[int, int, int]]:
    """The book's colours (sides, others, text grey, grid grey), each mixed with white in
    ``shades`` steps, so every colour of a chart is kept exactly and its soft edges nearly so."""
    keys = ["#000000", "#767676", "#d9d9d9", *SIDE_COLORS.values(), *OTHER_COLORS]
    palette = {(255, 255, 255)}
    for key in keys:
        rgb = tuple(int(key[i : i + 2], 16) for i in (1, 3, 5))
        for step in range(shades):
            mix = step / shades
            palette.add(tuple(round(c + (255 - c) * mix) for c in rgb))
    return sorted(palette)


def show_light(fig, shades: int = 4) -> None:
    """Show a figure as a PNG drawn only in the book's colours, then close it.

    Every pixel is mapped to the nearest of the book's colours (:data:`SIDE_COLORS`,
    :data:`OTHER_COLORS`, text and grid greys), each also mixed with white in ``shades`` steps for
    the soft edges of lines and letters. The chart looks the same, its colours stay exact, and its
    file (and the web page's WebP copy) is far smaller, which keeps a page with several charts
    within the book's page-weight budget. Use it instead of ``plt.show()`` for a chart drawn only
    in the book's colours.
    """
    import io

    import matplotlib.pyplot as plt
    from IPython.display import Image, display
    from PIL import Image as PILImage

    if isinstance(shades, bool) or not isinstance(shades, int) or not 1 <= shades <= 8:
        raise ValueError(f"shades must be a whole number from 1 to 8, not {shades!r}")
    colours = _light_palette(shades)
    palette = PILImage.new("P", (1, 1))
    palette.putpalette([v for rgb in colours for v in rgb] + [255, 255, 255] * (256 - len(colours)))
    drawn = io.BytesIO()
    fig.savefig(drawn, format="png", dpi=100)
    plt.close(fig)
    small = io.BytesIO()
    image = PILImage.open(drawn).convert("RGB").quantize(palette=palette, dither=PILImage.Dither.NONE)
    image.save(small, format="PNG", optimize=True)
    display(Image(data=small.getvalue(), format="png"))
