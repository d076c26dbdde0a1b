"""Self-check quizzes that work in the static HTML book as well as in a live notebook.

Questions are built in code (so an answer can be computed from the data rather than typed in),
checked for mistakes before they are shown, and written as plain HTML form controls:

- each question is a ``<fieldset>`` whose ``<legend>`` is the question, so a screen reader
  announces the question when a student enters its options;
- a multiple-choice question is a group of native radio buttons and a separate "Check answer"
  button: arrow keys only move between the options (they answer nothing); Enter on an option, or
  the button, checks the answer;
- a numeric question is a text box with a visible label and ``inputmode="decimal"`` (a phone
  shows its number keyboard), and a "Check answer" button; Enter in the box checks;
- the feedback goes into a polite live region that exists from the start, and it says
  "Correct." or "Not quite." in words, with a tick or a cross beside it (never colour alone);
  focus stays on the control the student used.

One small script and one stylesheet (``reopening/static/quiz.js`` and ``quiz.css``) run every
quiz on a page. In the HTML book they are served once from ``_static`` by
:mod:`reopening.quiz_ext`, and a quiz's output carries only its markup and its answer data. In a
live notebook there is no ``_static``, so each quiz output carries its own copy of both; the
script defines itself once per page and sets up every quiz on it, however many there are. Nothing
is loaded from the network, and no maths renderer is used: question text is plain text.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
import os
from numbers import Real
from pathlib import Path

STATIC = Path(__file__).parent / "static"
SCRIPT = STATIC / "quiz.js"
STYLESHEET = STATIC / "quiz.css"

SHARED_ASSETS_ENV = "REOPENING_QUIZ_SHARED_ASSETS"
"""Set to "1" by :mod:`reopening.quiz_ext` while the HTML book is built: the page loads the quiz
script and stylesheet from ``_static``, so a quiz output need not carry them."""

DATA_CLASS = "rq-data"
"""The class of the ``<script type="application/json">`` that holds a quiz's answers and
feedback (read by the quiz script, and by :func:`reopening.quotecheck.quiz_strings`)."""

_ids = itertools.count(1)


class QuizError(ValueError):
    """A quiz question is malformed."""


def multiple_choice(question: str, answers: list[tuple[str, bool, str]]) -> dict:
    """One multiple-choice question. ``answers`` is a list of (text, is_correct, feedback)."""
    if not question.strip():
        raise QuizError("A question needs text.")
    if len(answers) < 2:
        raise QuizError(f"'{question[:40]}...' needs at least two answers.")
    if sum(bool(correct) for _, correct, _ in answers) != 1:
        raise QuizError(f"'{question[:40]}...' needs exactly one correct answer.")
    if any(not feedback.strip() for _, _, feedback in answers):
        raise QuizError(f"'{question[:40]}...': every answer needs feedback that explains it.")
    return {
        "question": question,
        "type": "multiple_choice",
        "answers": [{"answer": text, "correct": bool(correct), "feedback": feedback} for text, correct, feedback in answers],
    }


def numeric(question: str, answer: float, *, correct_feedback: str, hint: str, precision: int | None = None) -> dict:
    """One question with a number for an answer. The hint is shown for any other number.

    Without ``precision`` the student's number must equal the answer (up to rounding error in
    the last digits of a float); with it, both are rounded to that many significant digits first.
    """
    if isinstance(answer, bool) or not isinstance(answer, Real):
        raise QuizError(f"'{question[:40]}...': the answer must be a number, not {type(answer).__name__}.")
    if not math.isfinite(answer):
        raise QuizError(f"'{question[:40]}...': the answer must be a finite number, not {answer}.")
    if precision is not None and (isinstance(precision, bool) or not isinstance(precision, int) or precision < 1):
        raise QuizError(f"'{question[:40]}...': precision is a number of significant digits (1 or more), not {precision!r}.")
    q = {
        "question": question,
        "type": "numeric",
        "answers": [
            {"type": "value", "value": float(answer), "correct": True, "feedback": correct_feedback},
            {"type": "default", "feedback": hint},
        ],
    }
    if precision is not None:
        q["precision"] = precision
    return q


def show(questions: list[dict]) -> None:
    """Display the questions as a quiz (in the notebook and in the HTML book)."""
    from IPython.display import display

    page = render(questions, inline_assets=os.environ.get(SHARED_ASSETS_ENV) != "1")
    plain = "A self-check quiz of %d question%s (it needs a browser)." % (len(questions), "" if len(questions) == 1 else "s")
    display({"text/html": page, "text/plain": plain}, raw=True)


# --------------------------------------------------------------------------- the HTML


def render(questions: list[dict], *, inline_assets: bool) -> str:
    """The quiz as HTML. With ``inline_assets`` the script and stylesheet are included (a live
    notebook); without, the page is expected to load them from ``_static`` (the HTML book)."""
    if not questions:
        raise QuizError("show() needs at least one question.")
    for q in questions:
        if not isinstance(q, dict) or q.get("type") not in ("multiple_choice", "numeric"):
            raise QuizError("show() takes questions made by quiz.multiple_choice() or quiz.numeric().")
    digest = hashlib.sha256(json.dumps(questions, sort_keys=True).encode()).hexdigest()[:8]
    quiz_id = f"rq-{digest}-{next(_ids)}"
    parts = []
    if inline_assets:
        parts.append(f"<style>{STYLESHEET.read_text(encoding='utf-8')}</style>")
    # data-lm-suppress-shortcuts: JupyterLab (and Notebook 7) would otherwise take Enter and the
    # arrow keys pressed in the quiz as notebook commands (edit the cell, go to the next cell).
    parts.append(f'<div class="rq-quiz" id="{quiz_id}" data-lm-suppress-shortcuts="true">')
    data = []
    for n, q in enumerate(questions, start=1):
        qid = f"{quiz_id}-q{n}"
        if q["type"] == "multiple_choice":
            parts.append(_multiple_choice_html(q, qid, n, len(questions)))
            data.append({"type": "multiple_choice", "answers": [{"correct": a["correct"], "feedback": a["feedback"]} for a in q["answers"]]})
        else:
            parts.append(_numeric_html(q, qid, n, len(questions)))
            right, default = q["answers"]
            data.append({"type": "numeric", "value": right["value"], "precision": q.get("precision"), "correct_feedback": right["feedback"], "hint": default["feedback"]})
    # "<" written as \u003c, so no text can close the script element early.
    payload = json.dumps({"questions": data}, ensure_ascii=False).replace("<", "\\u003c")
    parts.append(f'<script type="application/json" class="{DATA_CLASS}">{payload}</script>')
    parts.append("</div>")
    if inline_assets:
        parts.append(f"<script>{SCRIPT.read_text(encoding='utf-8')}</script>")
    return "\n".join(parts)


def _legend(question: str, n: int, total: int) -> str:
    return (
        f'<legend><span class="rq-qnum">Question {n} of {total}.</span> '
        f'<span class="rq-qtext">{html.escape(question)}</span></legend>'
    )


def _actions_and_feedback() -> str:
    return (
        '<div class="rq-actions"><button type="button" class="rq-check">Check answer</button></div>\n'
        '<div class="rq-feedback" role="status" aria-live="polite" aria-atomic="true"></div>'
    )


def _multiple_choice_html(q: dict, qid: str, n: int, total: int) -> str:
    options = "\n".join(
        f'<label class="rq-option"><input type="radio" name="{qid}" value="{i}"> '
        f'<span class="rq-option-text">{html.escape(a["answer"])}</span></label>'
        for i, a in enumerate(q["answers"])
    )
    return (
        f'<fieldset class="rq-q rq-mc" id="{qid}">\n{_legend(q["question"], n, total)}\n'
        f'<div class="rq-options">\n{options}\n</div>\n{_actions_and_feedback()}\n</fieldset>'
    )


def _numeric_html(q: dict, qid: str, n: int, total: int) -> str:
    return (
        f'<fieldset class="rq-q rq-numeric" id="{qid}">\n{_legend(q["question"], n, total)}\n'
        f'<div class="rq-answer"><label for="{qid}-answer">Your answer (a number)</label>\n'
        f'<input type="text" id="{qid}-answer" inputmode="decimal" autocomplete="off" spellcheck="false"></div>\n'
        f"{_actions_and_feedback()}\n</fieldset>"
    )
