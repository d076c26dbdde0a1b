"""The exercise checks, kept under their old name: they live in :mod:`reopening.exercises`."""

from .exercises import ExerciseError, Feedback, check_choice, check_number, choice_check, number_check

__all__ = ["ExerciseError", "Feedback", "check_choice", "check_number", "choice_check", "number_check"]
