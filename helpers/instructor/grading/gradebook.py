"""The class's gradebook: a CSV with one row per student, for an LMS or Gradescope import.

Columns, in order:

``student`` (or the header given as ``id_column``, ``--id-column`` on the command line)
    the student's id, from the folder layout (nbgrader's ``submitted/<student>/``) or the
    file name; name the header after what your import matches on (Gradescope: ``SID`` or
    ``Email``; Canvas: ``SIS Login ID``; Moodle and Blackboard map any column)
``<grade_id>``, one per exercise of each lesson (e.g. ``l3-sigmoid-prime``)
    the points earned (plain numbers, ``.`` as decimal point); a grade_id used by two of
    the lessons graded is written ``<lesson> <grade_id>``
``<lesson> total`` (e.g. ``03-chain-rule total``)
    the lesson's points
``total``
    the sum of the lesson totals

Lessons come in course order, exercises in the notebook's order. A cell is empty when the
student handed in nothing for that lesson, or when the grader itself failed on the
notebook (the class report lists those); a notebook that could not be graded (not a
notebook, no exercise of the lesson) scores 0. The maximum of each column is in the
class report. One header row, then one row per student; UTF-8, comma-separated, quoted
where needed (:mod:`csv`). An id that a spreadsheet would read as a formula (starting
with ``=``, ``+``, ``-`` or ``@``) is written with a leading ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from .plan import Task
from .roster import Roster
from .score import NotebookStatus

__all__ = ["columns", "gradebook_rows", "gradebook_csv", "write_gradebook"]

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _fmt(x: float) -> str:
    return f"{x:g}"


def columns(lessons: Sequence[str], tasks: Mapping[str, Sequence[Task]]) -> list[tuple]:
    """The gradebook's columns after ``student``: ``(header, lesson, grade_id or None,
    max points)``, the lesson total having grade_id None, then ``("total", None, None, max)``."""
    ids = [t.answer_id for lesson in lessons for t in tasks.get(lesson, [])]
    shared = {gid for gid in ids if ids.count(gid) > 1}
    out: list[tuple] = []
    for lesson in lessons:
        for t in tasks.get(lesson, []):
            head = f"{lesson} {t.answer_id}" if t.answer_id in shared else t.answer_id
            out.append((head, lesson, t.answer_id, t.points))
        out.append((f"{lesson} total", lesson, None, sum(t.points for t in tasks.get(lesson, []))))
    out.append(("total", None, None, sum(c[3] for c in out if c[2] is None)))
    return out


def _safe_id(student: str) -> str:
    return "'" + student if student.startswith(_FORMULA) else student


def gradebook_rows(
    roster: Roster, tasks: Mapping[str, Sequence[Task]], id_column: str = "student"
) -> list[list[str]]:
    """The header row, then one row per student of ``roster`` (see the module's columns).

    Parameters
    ----------
    roster : the class (:func:`~helpers.instructor.grading.roster.build_roster`)
    tasks : each lesson's exercises (:func:`~helpers.instructor.grading.plan.solution_tasks`)
    id_column : the first column's header

    Raises
    ------
    ValueError
        when ``id_column`` is empty, has a line break or is the name of another column.
    """
    cols = columns(roster.lessons, tasks)
    if not id_column.strip() or any(c in id_column for c in "\r\n"):
        raise ValueError(f"the id column needs a one-line name, e.g. SID; got {id_column!r}")
    if id_column in {c[0] for c in cols}:
        raise ValueError(f"the id column cannot be called {id_column!r}: another column is")
    rows = [[id_column, *[c[0] for c in cols]]]
    for student in roster.students:
        lesson_totals: list[float] = []
        row = [_safe_id(student)]
        for _, lesson, gid, _ in cols:
            if lesson is None:  # the overall total
                row.append(_fmt(sum(lesson_totals)) if lesson_totals else "")
                continue
            g = roster.counted.get((student, lesson))
            if g is None or g.result.status == NotebookStatus.ERROR:
                row.append("")
                continue
            graded = g.result.status == NotebookStatus.GRADED
            if gid is None:
                total = g.result.score if graded else 0.0
                lesson_totals.append(total)
                row.append(_fmt(total))
            else:
                points = {e.exercise: e.points for e in g.result.exercises} if graded else {}
                row.append(_fmt(points.get(gid, 0.0)))
        rows.append(row)
    return rows


def gradebook_csv(
    roster: Roster, tasks: Mapping[str, Sequence[Task]], id_column: str = "student"
) -> str:
    """:func:`gradebook_rows` as CSV text."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(gradebook_rows(roster, tasks, id_column))
    return buf.getvalue()


def write_gradebook(
    path: Path, roster: Roster, tasks: Mapping[str, Sequence[Task]], id_column: str = "student"
) -> Path:
    """Write :func:`gradebook_csv` to ``path`` (UTF-8); return the path."""
    text = gradebook_csv(roster, tasks, id_column)  # a name not in UTF-8: \udcxx
    Path(path).write_text(text, encoding="utf-8", errors="backslashreplace", newline="")
    return Path(path)
