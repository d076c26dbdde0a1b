"""The widget fallback and the quiz builder: static figure first, clear messages for bad values,
quiz markup that a keyboard and a screen reader can use, and quiz colours that can be read."""

from __future__ import annotations

import json
import re

import matplotlib

matplotlib.use("Agg")

import pytest

from reopening import quiz, widgets


def test_require_range_and_option_explain_bad_values():
    assert widgets.require_range("week", 3, 1, 13) == 3
    with pytest.raises(ValueError, match=r"week must be from 1 to 13; you gave 20"):
        widgets.require_range("week", 20, 1, 13)
    with pytest.raises(ValueError, match=r"week must be a number from 1 to 13; you gave 'three'"):
        widgets.require_range("week", "three", 1, 13)
    with pytest.raises(ValueError, match=r"side must be one of \['union', 'district_city'\]; you gave 'teachers'"):
        widgets.require_option("side", "teachers", ["union", "district_city"])
    assert not hasattr(widgets, "check_range"), "the grading checks are exercises.check_*: these raise, so they are named require_*"


def test_explore_draws_the_default_and_adds_no_widget_in_a_static_build(monkeypatch, capsys):
    monkeypatch.setenv(widgets.STATIC_BUILD_ENV, "1")
    calls = []
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    result = widgets.explore(lambda n: calls.append(n), defaults={"n": 3}, controls={"n": (1, 10)})
    assert result is None, "explore() returns nothing, so no repr is printed"
    assert calls == [3], "the default state is drawn once, as a static figure"
    assert len(shown) == 1 and "Binder" in shown[0].data


def test_explore_draws_once_with_the_defaults_in_a_live_notebook(monkeypatch):
    monkeypatch.delenv(widgets.STATIC_BUILD_ENV, raising=False)
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    calls = []
    widgets.explore(lambda n, colour: calls.append((n, colour)), defaults={"n": 4, "colour": "black"}, controls={"n": (1, 10)})
    import ipywidgets

    assert calls == [(4, "black")], "drawn once, with the values the controls show (no value nobody chose)"
    box = shown[0]
    assert isinstance(box, ipywidgets.VBox) and box.children[0].value == 4
    box.children[0].value = 7
    assert calls[-1] == (7, "black") and len(calls) == 2


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


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted([luminance(a), luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


# (foreground, background, least ratio): text 4.5:1, borders and the focus ring 3:1 (WCAG 1.4.3, 1.4.11).
QUIZ_COLOUR_PAIRS = [
    ("fg", "panel", 4.5), ("fg", "option-bg", 4.5), ("muted", "panel", 4.5),
    ("input-fg", "input-bg", 4.5), ("button-fg", "button-bg", 4.5), ("button-fg", "button-hover", 4.5),
    ("right", "right-bg", 4.5), ("wrong", "wrong-bg", 4.5), ("info", "info-bg", 4.5),
    ("fg", "right-bg", 4.5), ("fg", "wrong-bg", 4.5), ("fg", "info-bg", 4.5),
    ("right-bg", "right", 4.5), ("wrong-bg", "wrong", 4.5), ("info-bg", "info", 4.5),
    ("focus", "panel", 3), ("focus", "option-bg", 3), ("input-border", "input-bg", 3),
    ("input-border", "panel", 3), ("button-bg", "panel", 3), ("border", "panel", 3),
]


def quiz_palettes() -> dict[str, dict[str, str]]:
    """Each block of quiz.css that sets the palette (light, dark): its selector and colours."""
    css = quiz.STYLESHEET.read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    palettes = {}
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*--rq-fg:[^{}]*)\}", css):
        palettes[" ".join(selector.split())] = dict(re.findall(r"--rq-([\w-]+):\s*(#[0-9a-fA-F]{6})\b", body))
    return palettes


def test_quiz_colours_meet_contrast_in_light_and_dark_mode():
    palettes = quiz_palettes()
    assert len(palettes) == 2 and any('data-theme="dark"' in s for s in palettes), palettes.keys()
    problems = [
        f"{selector}: --rq-{fg} on --rq-{bg} is {contrast(colours[fg], colours[bg]):.2f}:1 (needs {least}:1)"
        for selector, colours in palettes.items()
        for fg, bg, least in QUIZ_COLOUR_PAIRS
        if contrast(colours[fg], colours[bg]) < least
    ]
    assert not problems, "\n".join(problems)


def test_quiz_markup_groups_labels_and_announces():
    from bs4 import BeautifulSoup

    questions = [
        quiz.multiple_choice("Which <one>?", [("A & B", True, "Yes."), ("C", False, "No.")]),
        quiz.numeric("How many?", 4, correct_feedback="Yes.", hint="Count </script> again."),
    ]
    soup = BeautifulSoup(quiz.render(questions, inline_assets=False), "html.parser")
    fieldsets = soup.select("div.rq-quiz > fieldset.rq-q")
    assert len(fieldsets) == 2
    assert [f.legend.get_text(" ", strip=True) for f in fieldsets] == ["Question 1 of 2. Which <one>?", "Question 2 of 2. How many?"]
    radios = fieldsets[0].select("input[type=radio]")
    assert len(radios) == 2 and len({r["name"] for r in radios}) == 1
    assert [r.find_parent("label").get_text(strip=True) for r in radios] == ["A & B", "C"]
    box = fieldsets[1].select_one("input")
    assert box["type"] == "text" and box["inputmode"] == "decimal"
    assert soup.select_one(f"label[for='{box['id']}']").get_text(strip=True) == "Your answer (a number)"
    for f in fieldsets:
        assert f.select_one("button.rq-check[type=button]").get_text() == "Check answer"
        region = f.select_one(".rq-feedback")
        assert region["aria-live"] == "polite" and region["role"] == "status" and region.get_text() == ""
    data = soup.select_one("script.rq-data")
    assert data["type"] == "application/json" and "</script>" not in data.string
    assert json.loads(data.string)["questions"][1]["hint"] == "Count </script> again."
    assert not soup.select("script:not(.rq-data)") and not soup.select("style"), "in the book the script and style come from _static"


def test_quiz_in_a_notebook_carries_the_script_and_ids_never_repeat():
    questions = [quiz.multiple_choice("Which?", [("A", True, "Yes."), ("B", False, "No.")])]
    first, second = quiz.render(questions, inline_assets=True), quiz.render(questions, inline_assets=True)
    assert quiz.SCRIPT.read_text(encoding="utf-8") in first and quiz.STYLESHEET.read_text(encoding="utf-8") in first
    ids = re.findall(r'id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids))


def test_show_uses_the_shared_assets_only_in_the_book_build(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    questions = [quiz.numeric("How many?", 4, correct_feedback="Yes.", hint="Count.")]
    monkeypatch.delenv(quiz.SHARED_ASSETS_ENV, raising=False)
    quiz.show(questions)
    monkeypatch.setenv(quiz.SHARED_ASSETS_ENV, "1")
    quiz.show(questions)
    notebook, book = (s["text/html"] for s in shown)
    assert "<script>" in notebook and "<style>" in notebook
    assert "<script>" not in book and "<style>" not in book and 'class="rq-quiz"' in book
    assert "quiz" in shown[0]["text/plain"]


def test_quiz_assets_load_nothing_from_outside_and_no_maths_renderer():
    for path in (quiz.SCRIPT, quiz.STYLESHEET):
        text = path.read_text(encoding="utf-8")
        assert "://" not in text and "@import" not in text and "url(" not in text, path.name
        assert "mathjax" not in text.lower(), path.name


def test_quiz_rejects_what_could_not_work():
    with pytest.raises(quiz.QuizError, match="at least one question"):
        quiz.show([])
    with pytest.raises(quiz.QuizError, match="made by quiz"):
        quiz.show([{"question": "Hand-made?"}])
    with pytest.raises(quiz.QuizError, match="finite"):
        quiz.numeric("How many?", float("nan"), correct_feedback="Yes.", hint="Count.")
    with pytest.raises(quiz.QuizError, match="significant digits"):
        quiz.numeric("How many?", 4, correct_feedback="Yes.", hint="Count.", precision=0)
    assert quiz.numeric("How many?", 4, correct_feedback="Yes.", hint="Count.", precision=2)["precision"] == 2
