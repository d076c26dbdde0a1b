"""Self-check quizzes that work in the static HTML book as well as in a notebook.

A thin layer over ``jupyterquiz``: questions are built in code (so an answer can be computed
from the data rather than typed in), checked for mistakes before they are shown, and displayed
in the book's high-contrast colours. jupyterquiz writes its JavaScript into the page itself, so a
quiz needs no network.
"""

from __future__ import annotations

from numbers import Real

# White text on the coloured question backgrounds, and the feedback colours on the white page,
# all have a contrast ratio above 6:1 (WCAG AA asks for 4.5:1).
BOOK_COLORS = {
    "--jq-multiple-choice-bg": "#1f3f74",
    "--jq-mc-button-bg": "#ffffff",
    "--jq-mc-button-border": "#595959",
    "--jq-mc-button-inset-shadow": "#555555",
    "--jq-many-choice-bg": "#7a3100",
    "--jq-numeric-bg": "#3d2466",
    "--jq-numeric-input-bg": "#ffffff",
    "--jq-numeric-input-label": "#1a1a1a",
    "--jq-numeric-input-shadow": "#595959",
    "--jq-string-bg": "#4c1a57",
    "--jq-incorrect-color": "#a4000f",
    "--jq-correct-color": "#00693a",
    "--jq-text-color": "#ffffff",
    "--jq-link-color": "#cfe0ff",
}


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
    """One question with a number for an answer. The hint is shown for any other number."""
    if isinstance(answer, bool) or not isinstance(answer, Real):
        raise QuizError(f"'{question[:40]}...': the answer must be a number, not {type(answer).__name__}.")
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
    from jupyterquiz import display_quiz

    if not questions:
        raise QuizError("show() needs at least one question.")
    display_quiz(questions, colors=BOOK_COLORS, shuffle_answers=False, max_width=760)
