"""The widget fallback and the quiz builder: static figure first, clear messages for bad values."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from reopening import quiz, widgets


def test_check_range_and_option_explain_bad_values():
    assert widgets.check_range("week", 3, 1, 13) == 3
    with pytest.raises(ValueError, match=r"week must be from 1 to 13; you gave 20"):
        widgets.check_range("week", 20, 1, 13)
    with pytest.raises(ValueError, match=r"week must be a number from 1 to 13; you gave 'three'"):
        widgets.check_range("week", "three", 1, 13)
    with pytest.raises(ValueError, match=r"side must be one of \['union', 'district_city'\]; you gave 'teachers'"):
        widgets.check_option("side", "teachers", ["union", "district_city"])


def test_explore_draws_the_default_and_adds_no_widget_in_a_static_build(monkeypatch, capsys):
    monkeypatch.setenv(widgets.STATIC_BUILD_ENV, "1")
    calls = []
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    result = widgets.explore(lambda n: calls.append(n), defaults={"n": 3}, controls={"n": (1, 10)})
    assert result is None, "explore() returns nothing, so no repr is printed"
    assert calls == [3], "the default state is drawn once, as a static figure"
    assert len(shown) == 1 and "Binder" in shown[0].data


def test_explore_adds_controls_in_a_live_notebook(monkeypatch):
    monkeypatch.delenv(widgets.STATIC_BUILD_ENV, raising=False)
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    calls = []
    widgets.explore(lambda n: calls.append(n), defaults={"n": 4}, controls={"n": (1, 10)})
    import ipywidgets

    assert isinstance(shown[0], ipywidgets.interactive)
    assert shown[0].children[0].value == 4
    assert calls[0] == 4


def test_explore_needs_a_default_for_every_control():
    with pytest.raises(ValueError, match="give a default value"):
        widgets.explore(lambda n, m: None, defaults={"n": 1}, controls={"n": (1, 2), "m": (1, 2)})


def test_quiz_builders_reject_malformed_questions():
    good = quiz.multiple_choice("Which?", [("A", True, "Yes."), ("B", False, "No.")])
    assert good["answers"][0]["correct"] is True
    with pytest.raises(quiz.QuizError, match="exactly one correct"):
        quiz.multiple_choice("Which?", [("A", True, "Yes."), ("B", True, "Also.")])
    with pytest.raises(quiz.QuizError, match="feedback"):
        quiz.multiple_choice("Which?", [("A", True, "Yes."), ("B", False, " ")])
    with pytest.raises(quiz.QuizError, match="must be a number"):
        quiz.numeric("How many?", "10", correct_feedback="Yes.", hint="Count.")
    assert quiz.numeric("How many?", 10, correct_feedback="Yes.", hint="Count.")["answers"][0]["value"] == 10.0


def test_quiz_colours_meet_contrast_on_white_and_under_white_text():
    def luminance(hex_colour):
        rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a, b):
        la, lb = sorted([luminance(a), luminance(b)], reverse=True)
        return (la + 0.05) / (lb + 0.05)

    for key in ("--jq-multiple-choice-bg", "--jq-numeric-bg", "--jq-many-choice-bg", "--jq-incorrect-color", "--jq-correct-color"):
        assert contrast(quiz.BOOK_COLORS[key][:7], "#ffffff") >= 4.5, key
