"""Reports of graded notebooks: a plain-text table, JSON, Gradescope's JSON, a CSV gradebook.

Each takes the :class:`~helpers.instructor.grading.score.NotebookResult` list that
:func:`~helpers.instructor.grading.grade.grade_many` returns. Statuses are written as
their values (``"passed"``, ``"graded"``, ...).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from ...checks.probe import Status
from .score import NotebookResult, NotebookStatus

__all__ = ["table", "to_json", "gradescope", "gradebook"]

#: Gradescope's own words for a test's status
GRADESCOPE_PASSED, GRADESCOPE_FAILED = "passed", "failed"


def _fmt(x: float) -> str:
    return f"{x:g}"


def table(results: Sequence[NotebookResult]) -> str:
    """A plain-text report: per notebook a header line and one line per exercise."""
    lines = []
    for r in results:
        head = f"{r.path}: {_fmt(r.score)}/{_fmt(r.max_score)}"
        head += f"  (lesson {r.lesson})" if r.lesson else ""
        if r.status != NotebookStatus.GRADED:
            head += f"  [{r.status}]"
        lines.append(head + (f" — {r.message}" if r.message else ""))
        width = max([len(e.exercise) for e in r.exercises] + [8])
        if r.exercises:
            lines.append(f"  {'exercise':<{width}}  points  message")
        for e in r.exercises:
            pts = f"{_fmt(e.points)}/{_fmt(e.max)}"
            lines.append(f"  {e.exercise:<{width}}  {pts:>6}  {e.message}")
        lines.append("")
    return "\n".join(lines)


def to_json(results: Sequence[NotebookResult]) -> str:
    """``{"notebooks": [...]}``: every field of every result and of its exercises."""
    return json.dumps({"notebooks": [asdict(r) for r in results]}, indent=2, ensure_ascii=False)


def gradescope(results: Sequence[NotebookResult]) -> dict:
    """Gradescope's results.json: one test per exercise."""
    tests = []
    for r in results:
        prefix = f"{Path(r.path).name}: " if len(results) > 1 else ""
        if not r.exercises:
            tests.append(
                {
                    "name": prefix + "notebook",
                    "score": 0,
                    "max_score": r.max_score,
                    "status": GRADESCOPE_FAILED,
                    "output": r.message,
                }
            )
        for e in r.exercises:
            passed = e.status == Status.PASSED
            tests.append(
                {
                    "name": prefix + e.exercise,
                    "score": e.points,
                    "max_score": e.max,
                    "status": GRADESCOPE_PASSED if passed else GRADESCOPE_FAILED,
                    "output": e.message,
                }
            )
    return {
        "score": sum(r.score for r in results),
        "output": "; ".join(f"{Path(r.path).name}: {r.message}" for r in results if r.message),
        "tests": tests,
    }


def gradebook(results: Sequence[NotebookResult]) -> str:
    """CSV: one row per notebook; a column per exercise with its points."""
    names: list[str] = []
    for r in results:
        for e in r.exercises:
            if e.exercise not in names:
                names.append(e.exercise)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["notebook", "lesson", "status", "score", "max_score", *names, "message"])
    for r in results:
        pts = {e.exercise: _fmt(e.points) for e in r.exercises}
        w.writerow(
            [
                r.path,
                r.lesson or "",
                str(r.status),
                _fmt(r.score),
                _fmt(r.max_score),
                *[pts.get(n, "") for n in names],
                r.message,
            ]
        )
    return buf.getvalue()
