"""Exercise checks accept right answers, reject wrong ones with a hint, and explain a wrong kind of answer."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reopening.checks import check_choice, check_number
from reopening.style import SIDE_COLORS, side_color, use_book_style


def test_number_right_and_wrong():
    assert check_number(3189, 3189)
    assert check_number(np.int64(3189), 3189)
    assert check_number(pd.Series([3189]).sum(), 3189)
    assert check_number(0.6017, 0.6, tolerance=0.01)
    wrong = check_number(3250, 3189, hint="Use only the students CPS expected.")
    assert not wrong and "Hint: Use only the students CPS expected." in wrong.message
    assert "3189" not in wrong.message, "a check never gives the answer away"


def test_number_wrong_kind_of_answer_is_explained_not_raised():
    text = check_number("3189", 3189)
    assert not text and "should be a number" in text.message and "quotation marks" in text.message
    assert "still empty" in check_number(..., 1).message
    assert "still empty" in check_number(None, 1).message
    assert "should be a number" in check_number(True, 1).message
    assert "NaN" in check_number(float("nan"), 1).message


def test_choice():
    options = ["composition", "rate"]
    assert check_choice(" Rate ", "rate", options=options)
    assert not check_choice("composition", "rate", options=options, hint="Who is on the bottom of the fraction?")
    assert "not one of the options" in check_choice("both", "rate", options=options).message
    assert "should be text" in check_choice(2, "rate", options=options).message


def test_side_colours_are_fixed_and_distinct():
    assert len(set(SIDE_COLORS.values())) == len(SIDE_COLORS)
    assert side_color("union") == "#D55E00" and side_color("district_city") == "#0072B2"
    try:
        side_color("teachers")
    except ValueError as err:
        assert "Unknown side 'teachers'" in str(err)
    else:
        raise AssertionError("an unknown side must raise")
    use_book_style()
