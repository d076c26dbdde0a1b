"""Exercise checks accept right answers, reject wrong ones with a hint, and explain a wrong kind of answer."""

from __future__ import annotations

import numpy as np
import pandas as pd

import pytest

from reopening import exercises, widgets
from reopening.exercises import ExerciseError, check_choice, check_number, choice_check, number_check
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
    assert "missing value" in check_number(float("nan"), 1).message


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


def test_a_missing_value_gets_a_message_not_natype():
    message = check_number(pd.NA, 3).message
    assert "missing value" in message and "NAType" not in message
    assert "missing value" in check_number(pd.Series([1, None], dtype="Int64").iloc[1], 1).message
    assert "missing value" in check_number(float("nan"), 1).message


def test_a_percent_for_a_share_and_a_share_for_a_percent_get_the_right_hint():
    assert "looks like a percent" in check_number(60, 0.6, tolerance=0.01).message
    assert "looks like a share" in check_number(0.6, 60, tolerance=1).message
    assert "Hint: count again" in check_number(61, 0.6, tolerance=0.01, hint="count again").message


def test_an_exercise_nobody_could_pass_is_refused_when_written():
    with pytest.raises(ExerciseError, match="finite number"):
        number_check(float("nan"))
    with pytest.raises(ExerciseError, match="finite number"):
        check_number(3, pd.NA)
    with pytest.raises(ExerciseError, match="among the options"):
        choice_check("both", options=["composition", "rate"])
    check = number_check(4, hint="Count the rows.")
    assert check(4) and not check(5) and "Count the rows." in check(5).message


def test_in_the_static_book_an_empty_answer_says_where_to_run_it(monkeypatch):
    monkeypatch.setenv(widgets.STATIC_BUILD_ENV, "1")
    assert "Binder" in check_number(..., 3).message and "still empty" not in check_number(..., 3).message
    assert "Binder" in check_choice(..., "rate", options=["rate"]).message
    monkeypatch.delenv(widgets.STATIC_BUILD_ENV)
    assert "still empty" in check_number(..., 3).message


def test_one_module_holds_the_exercise_kit():
    import reopening

    assert reopening.exercises.check_number is check_number
    assert reopening.exercises.quiz.show and reopening.exercises.KINDS == ("self-check", "data task", "discuss or write", "extension")
    assert reopening.checks.check_number is check_number  # the old name still works


def test_every_data_task_check_is_computed_from_the_data():
    from reopening import tasks

    assert set(tasks.EXPECTED) == set(tasks.HINTS)
    for exercise_id, expected in tasks.EXPECTED.items():
        value = expected()
        assert exercises.check(exercise_id, value), exercise_id
        assert not exercises.check(exercise_id, value + 1), exercise_id
    with pytest.raises(ExerciseError, match="No data task"):
        exercises.check("sources-nothing", 1)


def test_the_static_message_is_not_marked_wrong(monkeypatch):
    monkeypatch.setenv(widgets.STATIC_BUILD_ENV, "1")
    feedback = check_number(..., 3)
    assert feedback.waiting and "❌" not in feedback._repr_markdown_()
    monkeypatch.delenv(widgets.STATIC_BUILD_ENV)
    assert check_number(4, 3)._repr_markdown_().startswith("❌")
