"""Every exercise of the course, collected from the lesson files in :mod:`.lessons`.

Each lesson's module ``helpers/checks/lessons/lNN_*`` (a file, or a package with one
module per job when the lesson has many exercises, as lesson 5 does) defines a list
``EXERCISES``; this module imports them all, in lesson order, and keys them by grade_id.
The check functions (``checks.check_forward``, ...), the grader and the tests all derive from
:data:`EXERCISES`, so nothing else lists the exercises.
"""

from __future__ import annotations

import importlib
import pkgutil

from . import lessons
from .exercise import Exercise

__all__ = ["EXERCISES", "BY_NAME", "get", "collect"]


def collect() -> dict[str, Exercise]:
    """Import every lesson file and return its exercises by grade_id, in lesson order.

    Raises
    ------
    ValueError
        when two exercises share a grade_id, a function name or a check name, an
        exercise sits in another lesson's file, or a file defines no ``EXERCISES`` list.
    """
    found: dict[str, Exercise] = {}
    for info in sorted(pkgutil.iter_modules(lessons.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{lessons.__name__}.{info.name}")
        exercises = getattr(module, "EXERCISES", None)
        if not isinstance(exercises, list):
            raise ValueError(f"{module.__name__} must define a list EXERCISES of Exercise.")
        for ex in exercises:
            if info.name != "l" + ex.lesson.replace("-", "_"):
                raise ValueError(
                    f"{ex.grade_id} belongs to lesson {ex.lesson}, so in the file "
                    f"lessons/l{ex.lesson.replace('-', '_')}.py, not {info.name}.py."
                )
            if ex.grade_id in found:
                raise ValueError(f"two exercises have the grade_id {ex.grade_id!r}.")
            found[ex.grade_id] = ex
    for attr in ("name", "check_name"):
        values = [getattr(ex, attr) for ex in found.values()]
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise ValueError(f"two exercises share the {attr} {twice[0]!r}.")
    return found


#: grade_id -> Exercise, in lesson order
EXERCISES: dict[str, Exercise] = collect()

#: The same exercises keyed by function name (``"forward"``).
BY_NAME: dict[str, Exercise] = {ex.name: ex for ex in EXERCISES.values()}


def get(key: str) -> Exercise:
    """The exercise with this grade_id or function name; ValueError listing them if none."""
    if key in EXERCISES:
        return EXERCISES[key]
    if key in BY_NAME:
        return BY_NAME[key]
    raise ValueError(
        f"no exercise called {key!r}; the exercises are {', '.join(sorted(BY_NAME))}."
    )
