"""``reopening.style.show_light`` draws a chart in the book's colours only and refuses a bad number of shades."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from reopening import style


def test_show_light_shows_a_small_png_and_closes_the_figure(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1], color=style.SIDE_COLORS["union"])
    style.show_light(fig, shades=3)
    assert len(shown) == 1 and shown[0].data.startswith(b"\x89PNG")
    from io import BytesIO

    from PIL import Image

    colours = {rgb for _, rgb in Image.open(BytesIO(shown[0].data)).convert("RGB").getcolors(4096)}
    assert colours <= set(style._light_palette(3)) and (213, 94, 0) in colours  # the union's colour, exactly
    assert not plt.fignum_exists(fig.number)


@pytest.mark.parametrize("bad", [0, 9, 2.5, "4", True])
def test_show_light_refuses_a_palette_nobody_could_draw_with(bad):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="shades must be a whole number"):
        style.show_light(fig, shades=bad)
    plt.close(fig)
