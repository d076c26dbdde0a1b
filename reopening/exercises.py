"""Exercises: one contract for every chapter, and the checks that give instant feedback.

**The contract.** Every exercise is declared in a Markdown cell with the ``{exercise}`` directive,
which gives it a stable id (shown in the built page, and the anchor ``exercise-<id>``) and a kind::

    :::{exercise} sources-data-gap
    :kind: data task
    How many days after its events is the CBS 2 page dated? ...
    :::

The id starts with the chapter's file name; the kind is one of :data:`KINDS`. Its key or rubric
lives in ``teacher/<chapter>.md`` under the target ``(key-<id>)=`` (see :mod:`reopening.editions`);
a self-check quiz's key says "in the quiz", since its answers are on the page by design.

**The checks.** A data task's hidden cell builds a check from the data (``number_check``,
``choice_check``); the student's cell calls it. A check says whether an answer is right; when it
is not, it gives a hint, never the answer. A wrong *kind* of answer (text for a number, nothing
at all, a missing value) gets a message that says what is expected; nothing is raised, so no
work is lost. A check that nobody could pass (an expected value that is not a number, a correct
choice that is not among the options) is refused when the exercise is written.

The self-check quizzes are :mod:`reopening.quiz` (``exercises.quiz`` here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

from . import quiz  # noqa: F401  (re-exported: exercises.quiz.show, multiple_choice, numeric)
from .widgets import is_static_build

KINDS = ("self-check", "data task", "discuss or write", "extension")
"""The four kinds of exercise every chapter has at least one of."""

MIN_EXERCISES = 8
"""A chapter's Exercises section has at least this many."""


class ExerciseError(ValueError):
    """An exercise is written so that nobody could pass it, or breaks the contract."""


@dataclass(frozen=True)
class Feedback:
    """The result of a check: ``correct`` and the message shown to the student."""

    correct: bool
    message: str
    waiting: bool = False  # not wrong: the check cannot run here (the web book has no kernel)

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        if self.waiting:
            return f"*{self.message}*"
        mark = "✅" if self.correct else "❌"
        return f"{mark} {self.message}"


STATIC_MESSAGE = (
    "This check runs when the page is live: open it in Binder (the rocket button at the top of "
    "the page), replace the ... with your answer and run the cell."
)


def _unwrap(answer):
    """Accept a one-value pandas or numpy result (``df['x'].sum()``, a 1x1 frame) as its value."""
    item = getattr(answer, "item", None)
    if item is not None and getattr(answer, "size", 1) == 1:
        try:
            return item()
        except (ValueError, TypeError):
            return answer
    return answer


def _is_missing(answer) -> bool:
    """pandas' missing values (``pd.NA``, ``NaT``) and numpy's NaN, without importing pandas."""
    if type(answer).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(answer, float) and math.isnan(answer)


def _empty(answer) -> bool:
    return answer is None or answer is ...


def _require_number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(_unwrap(value), Real) or _is_missing(_unwrap(value)) or math.isinf(float(_unwrap(value))):
        raise ExerciseError(f"{name} must be a finite number, not {value!r}: nobody could pass this check.")
    return float(_unwrap(value))


def check_number(answer, expected: float, *, tolerance: float = 0.0, hint: str = "", name: str = "your answer") -> Feedback:
    """Check a numeric answer against ``expected`` (within ``tolerance``, absolute).

    ``expected`` should be computed from the data in the notebook's hidden cell, not typed in.
    """
    expected = _require_number("The expected value", expected)
    answer = _unwrap(answer)
    if _empty(answer):
        if is_static_build():
            return Feedback(False, STATIC_MESSAGE, waiting=True)
        return Feedback(False, f"{name} is still empty: replace the ... with a number, then run the cell again.")
    if _is_missing(answer):
        return Feedback(False, f"{name} is a missing value ({answer!r}), not a number. Check for empty cells in the column you used, or rows your filter left out.")
    shape = getattr(answer, "shape", None)
    if shape is not None and not isinstance(answer, Real) and getattr(answer, "size", 1) != 1:
        kind = type(answer).__name__
        return Feedback(False, f"{name} is a {kind} of {getattr(answer, 'size', '?')} values (shape {shape}), not one number. Pick out one value, for example with .loc[row, column], or add them up with .sum() if the task asks for a total.")
    if isinstance(answer, bool) or not isinstance(answer, Real):
        kind = type(answer).__name__
        extra = " Remove the quotation marks to make it a number." if isinstance(answer, str) else ""
        return Feedback(False, f"{name} should be a number, but it is {kind} ({answer!r}).{extra}")
    if abs(float(answer) - expected) <= tolerance:
        return Feedback(True, "Correct.")
    scale = max(tolerance, 1e-9)
    if 0 < abs(expected) < 1 and abs(float(answer) / 100 - expected) <= scale:
        return Feedback(False, "Not yet. That looks like a percent; this answer is a share between 0 and 1 (60% is written 0.6).")
    if abs(expected) > 1 and abs(float(answer) * 100 - expected) <= max(tolerance, 1e-9) * 100:
        return Feedback(False, "Not yet. That looks like a share between 0 and 1; this answer is a percent (0.6 is written 60).")
    return Feedback(False, "Not yet." + (f" Hint: {hint}" if hint else " Check which rows and which column you used."))


def check_choice(answer, correct: str | set[str], *, options: list[str], hint: str = "", name: str = "your answer") -> Feedback:
    """Check a multiple-choice answer given as one of the ``options`` (case and spaces ignored)."""
    right = {correct} if isinstance(correct, str) else set(correct)
    if not right or not right <= set(options):
        raise ExerciseError(f"The correct choice {sorted(right)} must be among the options {options}: nobody could pass this check.")
    answer = _unwrap(answer)
    if _empty(answer):
        if is_static_build():
            return Feedback(False, STATIC_MESSAGE, waiting=True)
        return Feedback(False, f"{name} is still empty: set it to one of {options}.")
    if not isinstance(answer, str):
        return Feedback(False, f"{name} should be text, one of {options} in quotation marks; it is {type(answer).__name__}.")
    norm = {o.strip().lower(): o for o in options}
    picked = answer.strip().lower()
    if picked not in norm:
        return Feedback(False, f"'{answer}' is not one of the options: {options}.")
    if norm[picked] in right:
        return Feedback(True, "Correct.")
    return Feedback(False, "Not yet." + (f" Hint: {hint}" if hint else ""))


def number_check(expected: float, *, tolerance: float = 0.0, hint: str = "", name: str = "your answer"):
    """A check for one data task, built (and refused if nobody could pass it) when it is written."""
    expected = _require_number("The expected value", expected)

    def check(answer) -> Feedback:
        return check_number(answer, expected, tolerance=tolerance, hint=hint, name=name)

    return check


def choice_check(correct: str | set[str], *, options: list[str], hint: str = "", name: str = "your answer"):
    """A multiple-choice check, refused at once if its correct choice is not among the options."""
    check_choice(None, correct, options=options)  # validates the exercise itself

    def check(answer) -> Feedback:
        return check_choice(answer, correct, options=options, hint=hint, name=name)

    return check


def check(exercise_id: str, answer) -> Feedback:
    """Check a chapter's data task by its exercise id (the checks are in :mod:`reopening.tasks`)."""
    from . import tasks

    if exercise_id not in tasks.EXPECTED:
        raise ExerciseError(f"No data task '{exercise_id}' in reopening/tasks.py (known: {', '.join(tasks.EXPECTED)}).")
    if _empty(_unwrap(answer)) and is_static_build():
        return Feedback(False, STATIC_MESSAGE, waiting=True)  # no need to compute the answer
    tolerance = getattr(tasks, "TOLERANCES", {}).get(exercise_id, 0.0)
    return number_check(tasks.EXPECTED[exercise_id](), tolerance=tolerance, hint=tasks.HINTS.get(exercise_id, ""))(answer)


# --------------------------------------------------------------------------- the {exercise} directive


def exercise_anchor(exercise_id: str) -> str:
    return f"exercise-{exercise_id}"


def setup(app):
    """Register the ``{exercise}`` directive (loaded by :mod:`reopening.sphinx_ext`)."""
    from docutils import nodes
    from docutils.parsers.rst import directives
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import SphinxDirective

    class ExerciseDirective(SphinxDirective):
        required_arguments = 1
        has_content = True
        option_spec = {"kind": directives.unchanged_required}

        def run(self):
            exercise_id = self.arguments[0].strip()
            kind = self.options.get("kind", "").strip()
            page = self.env.docname.rsplit("/", 1)[-1]
            where = f"{self.env.docname} (line {self.lineno})"
            if not exercise_id.startswith(page + "-"):
                raise SphinxError(f"{where}: exercise id {exercise_id!r} must start with the page's name, {page + '-'!r}")
            if kind not in KINDS:
                raise SphinxError(f"{where}: exercise {exercise_id!r} needs :kind: one of {', '.join(KINDS)}")
            box = nodes.container("", ids=[exercise_anchor(exercise_id)], classes=["exercise", "exercise-" + kind.replace(" ", "-")])
            label = nodes.paragraph("", "", classes=["exercise-label"])
            label += nodes.strong("", f"Exercise ({kind})")
            label += nodes.Text(" ")
            label += nodes.literal(exercise_id, exercise_id, classes=["exercise-id"])
            box += label
            self.state.nested_parse(self.content, self.content_offset, box)
            return [box]

    app.add_directive("exercise", ExerciseDirective)
