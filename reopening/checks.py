"""Instant feedback for the code exercises.

A check says whether an answer is right. When it is not, it gives a hint, never the answer.
A wrong *kind* of answer (text where a number is wanted, nothing at all) gets a message that
says what kind of answer is expected; nothing is raised, so no work in the notebook is lost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real


@dataclass(frozen=True)
class Feedback:
    """The result of a check: ``correct`` and the message shown to the student."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        mark = "✅" if self.correct else "❌"
        return f"{mark} {self.message}"


def _unwrap(answer):
    """Accept a one-value pandas or numpy result (``df['x'].sum()``, a 1x1 frame) as its value."""
    item = getattr(answer, "item", None)
    if item is not None and getattr(answer, "size", 1) == 1:
        try:
            return item()
        except (ValueError, TypeError):
            return answer
    return answer


def check_number(answer, expected: float, *, tolerance: float = 0.0, hint: str = "", name: str = "your answer") -> Feedback:
    """Check a numeric answer against ``expected`` (within ``tolerance``, absolute).

    ``expected`` should be computed from the data in the notebook's hidden check, not typed in.
    """
    answer = _unwrap(answer)
    if answer is None or answer is ...:
        return Feedback(False, f"{name} is still empty: replace the ... with a number, then run the cell again.")
    if isinstance(answer, bool) or not isinstance(answer, Real):
        kind = type(answer).__name__
        extra = " Remove the quotation marks to make it a number." if isinstance(answer, str) else ""
        return Feedback(False, f"{name} should be a number, but it is {kind} ({answer!r}).{extra}")
    if isinstance(answer, float) and math.isnan(answer):
        return Feedback(False, f"{name} is NaN (not a number). Check for empty cells in the column you used.")
    if abs(float(answer) - float(expected)) <= tolerance:
        return Feedback(True, "Correct.")
    return Feedback(False, "Not yet." + (f" Hint: {hint}" if hint else " Check which rows and which column you used."))


def check_choice(answer, correct: str | set[str], *, options: list[str], hint: str = "", name: str = "your answer") -> Feedback:
    """Check a multiple-choice answer given as one of the ``options`` (case and spaces ignored)."""
    answer = _unwrap(answer)
    if answer is None or answer is ...:
        return Feedback(False, f"{name} is still empty: set it to one of {options}.")
    if not isinstance(answer, str):
        return Feedback(False, f"{name} should be text, one of {options} in quotation marks; it is {type(answer).__name__}.")
    norm = {o.strip().lower(): o for o in options}
    picked = answer.strip().lower()
    if picked not in norm:
        return Feedback(False, f"'{answer}' is not one of the options: {options}.")
    right = {correct} if isinstance(correct, str) else set(correct)
    if norm[picked] in right:
        return Feedback(True, "Correct.")
    return Feedback(False, "Not yet." + (f" Hint: {hint}" if hint else ""))
