"""The grader: scores submitted notebooks, per exercise with the reason, safely.

Used by instructors and CI (``course-grade``, ``python -m helpers.instructor.grading``),
never by a notebook. Each submission is graded on a copy, in a fresh kernel whose
working directory is a temporary folder, under a memory limit, a per-cell and an
overall time limit and a cap on the output kept. Before the run every locked cell (the
checks) is restored from the solution notebook, and before each check the grader
inserts a probe that calls the learner's function on the grader's own random inputs and
sends the outputs back; they are compared with the reference in the grader's process,
so replacing the checks, ``numpy.allclose`` or ``__eq__`` inside the notebook earns
nothing.

Modules, one job each
---------------------
plan
    reading the submission and the solutions, the tasks (answer, check, points), which
    lesson a submission is, the instrumented cells with their probes
run
    running them: the limited kernel, the nbclient client, time limits, the output cap
kernel
    the kernel-side launcher (``python -m helpers.instructor.grading.kernel``)
score
    replies to :class:`ExerciseScore` and :class:`NotebookResult`; the statuses
grade
    :func:`grade_notebook` and :func:`grade_many` (plan, run, score; ``jobs`` at once)
reports
    table, JSON, Gradescope JSON, CSV with one row per notebook
cli
    the command line, :func:`main`

A whole class (``course-grade INPUT... --out DIR``):

collect
    the submissions and whose each is, from nbgrader's ``submitted/`` layout, a flat
    folder named by student, or files
store
    the per-notebook JSON in the output folder; what a re-run may reuse
roster
    students × lessons: which notebook counts for whom, misfiled and duplicate ones
gradebook
    the CSV with one row per student
summary
    the report's numbers: pass rates, ranked mistakes, students below a threshold
figures
    the report's PNG figures with their alt text
class_report
    the report as Markdown and as one self-contained HTML file
progress
    a progress bar on a terminal, plain lines elsewhere
batch
    :func:`grade_class`: all of the above, in order

The names below are imported on first use (PEP 562), not with the package: the kernel
is started as ``python -m helpers.instructor.grading.kernel``, which imports this
package first, and the grader's own imports (nbformat alone takes about a second) have
no business in a submission's kernel.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .batch import grade_class
    from .cli import main
    from .grade import grade_many, grade_notebook
    from .run import Limits
    from .score import ExerciseScore, NotebookResult, NotebookStatus

__all__ = [
    "ExerciseScore",
    "NotebookResult",
    "NotebookStatus",
    "Limits",
    "grade_notebook",
    "grade_many",
    "grade_class",
    "main",
]

#: where each public name lives
_HOME = {
    "ExerciseScore": "score",
    "NotebookResult": "score",
    "NotebookStatus": "score",
    "Limits": "run",
    "grade_notebook": "grade",
    "grade_many": "grade",
    "grade_class": "batch",
    "main": "cli",
}


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
