"""The class as students × lessons: which graded notebook counts for whom, and why.

A notebook counts for the lesson it was graded as (found from its contents, see
:func:`~helpers.instructor.grading.plan.identify`); one that could not be graded counts
for the lesson its folder or name claims. When a student has several notebooks of one
lesson, one counts: a graded one before an ungradable one, then the one handed in under
that lesson's name, then the highest score; the others are listed as notes. A notebook
handed in under another lesson's name is graded as what it is, and noted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ...checks import EXERCISES
from .collect import Submission
from .score import NotebookResult, NotebookStatus

__all__ = ["Graded", "Roster", "lesson_of", "lesson_order", "build_roster"]


@dataclass
class Graded:
    """A submission with its result; ``reused`` when it came from an earlier run."""

    submission: Submission
    result: NotebookResult
    reused: bool = False


def lesson_of(g: Graded) -> str | None:
    """The lesson a graded notebook counts for (its own; else the one it claims)."""
    return g.result.lesson or g.submission.claimed


@dataclass
class Roster:
    """Who handed in what.

    Attributes
    ----------
    students : every student with at least one submission, or known from the layout, sorted
    lessons : the lessons any notebook counts for, in course order
    counted : (student, lesson) -> the notebook that counts
    mismatched : graded notebooks handed in under another lesson's name
    duplicates : notebooks that do not count because another of the same student and
        lesson does, each with the one that counts
    nowhere : notebooks that count for no lesson (neither graded as one nor named after one)
    """

    students: list[str] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)
    counted: dict[tuple[str, str], Graded] = field(default_factory=dict)
    mismatched: list[Graded] = field(default_factory=list)
    duplicates: list[tuple[Graded, Graded]] = field(default_factory=list)
    nowhere: list[Graded] = field(default_factory=list)


def lesson_order(lessons: set[str] | Sequence[str]) -> list[str]:
    """``lessons`` in course order (the registry's, :data:`helpers.checks.EXERCISES`); any
    lesson the registry does not know (a test's own) after them, by name."""
    course = list(dict.fromkeys(ex.lesson for ex in EXERCISES.values()))
    known = [lesson for lesson in course if lesson in lessons]
    return known + sorted(set(lessons) - set(course))


def _rank(g: Graded, lesson: str) -> tuple:
    r = g.result
    return (r.status == NotebookStatus.GRADED, g.submission.claimed == lesson, r.score)


def build_roster(graded: Sequence[Graded], students: Iterable[str] = ()) -> Roster:
    """Sort the graded notebooks into students × lessons (see the module's rules).

    ``students`` are learners known without a graded notebook (a hub's home folders):
    they are in the roster too, with nothing handed in.
    """
    roster = Roster()
    roster.students = sorted({g.submission.student for g in graded} | set(students))
    by_cell: dict[tuple[str, str], list[Graded]] = {}
    for g in graded:
        lesson = lesson_of(g)
        if lesson is None:
            roster.nowhere.append(g)
            continue
        by_cell.setdefault((g.submission.student, lesson), []).append(g)
        claimed = g.submission.claimed
        if g.result.status == NotebookStatus.GRADED and claimed and claimed != g.result.lesson:
            roster.mismatched.append(g)
    for cell, options in by_cell.items():
        best = max(options, key=lambda g, lesson=cell[1]: _rank(g, lesson))  # first of equals
        roster.counted[cell] = best
        roster.duplicates += [(g, best) for g in options if g is not best]
    roster.lessons = lesson_order({lesson for _, lesson in roster.counted})
    return roster
