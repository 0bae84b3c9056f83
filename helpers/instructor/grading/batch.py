"""Grading a whole class into an output folder: the gradebook, the report, one JSON each.

:func:`grade_class` finds the submissions (:mod:`.collect`), reuses the results of
notebooks unchanged since the last run into the same folder (:mod:`.store`), grades the
others ``jobs`` at a time (:func:`~helpers.instructor.grading.grade.grade_many`), saving
each result as it comes and showing progress (:mod:`.progress`), then sorts the class
into students × lessons (:mod:`.roster`) and writes::

    OUT/gradebook.csv                 one row per student (see :mod:`.gradebook`)
    OUT/report.html                   the class report, one self-contained file
    OUT/report.md, OUT/figures/*.png  the same report for a repository
    OUT/notebooks/<student>/.../<notebook>.json   each notebook's result

Notebooks no student can be given are listed in the report and not graded.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .class_report import write_report
from .collect import Collection, collect, nothing_found
from .grade import grade_many, solutions_folder
from .gradebook import columns, write_gradebook
from .plan import Task, load_solutions, solution_tasks
from .progress import Progress
from .roster import Graded, Roster, build_roster
from .run import DEFAULT_LIMITS, Limits
from .score import NotebookResult
from .store import ResultStore, file_digest, grader_version
from .summary import ClassSummary, summarise

__all__ = ["GRADEBOOK", "ClassRun", "grade_class", "grade_collection"]

#: the gradebook's file name inside the output folder
GRADEBOOK = "gradebook.csv"


@dataclass
class ClassRun:
    """What :func:`grade_class` did: the submissions found, their results, the files."""

    collection: Collection
    graded: list[Graded]
    roster: Roster
    summary: ClassSummary
    files: list[Path] = field(default_factory=list)


def _score(result: NotebookResult) -> str:
    head = f"{result.score:g}/{result.max_score:g}"
    return head if result.status == "graded" else f"{head} [{result.status}]"


def grade_class(
    inputs: Sequence[str | Path],
    out: str | Path,
    solutions: str | Path | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int = 1,
    threshold: float = 0.5,
    stream: TextIO | None = None,
    id_column: str = "student",
) -> ClassRun:
    """Grade every submission in ``inputs`` and write the class's files into ``out``.

    Parameters
    ----------
    inputs : nbgrader's ``submitted/`` folder (or the folder holding it), flat folders of
        notebooks named by student, a folder of learners' homes with their copies of the
        course, notebook files (see :func:`.collect.collect`)
    out, solutions, source, limits, jobs, threshold, stream, id_column : as for
        :func:`grade_collection`

    Raises
    ------
    ValueError
        when an input does not exist, none holds a notebook, ``jobs`` < 1 or
        ``threshold`` is not in [0, 1].
    helpers.instructor.checkout.NoCheckoutError
        when no solutions folder is given and no checkout is found.
    """
    folder = solutions_folder(solutions)
    collection = collect(inputs, list(load_solutions(folder)))
    if not collection.submissions and not collection.unattributed:
        raise ValueError(nothing_found(inputs, collection))
    return grade_collection(
        collection, out, folder, source, limits, jobs, threshold, stream, id_column
    )


def grade_collection(
    collection: Collection,
    out: str | Path,
    solutions: str | Path | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int = 1,
    threshold: float = 0.5,
    stream: TextIO | None = None,
    id_column: str = "student",
) -> ClassRun:
    """Grade the submissions :func:`.collect.collect` found and write the class's files.

    Parameters
    ----------
    collection : the submissions, and the notebooks no student could be given
    out : the output folder (made if missing); a re-run into the same folder grades only
        notebooks whose bytes, the grader or the limits changed
    solutions : folder of the solution notebooks (default: the checkout's ``solutions/``)
    source : the lesson every notebook must be (default: each is graded as the lesson
        its contents say, and a mismatch with its name is reported)
    limits : time, memory and output limits per notebook
    jobs : notebooks graded at once
    threshold : students below this share of a lesson's points are listed (0 to 1)
    stream : where progress goes (default: standard error; a bar on a terminal)
    id_column : the header of the gradebook's first column (e.g. ``SID`` for Gradescope)

    Raises
    ------
    ValueError
        when ``jobs`` < 1, ``threshold`` is not in [0, 1] or ``id_column`` is not a
        one-line name.
    OSError
        when the output folder cannot be written.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be a share between 0 and 1, got {threshold!r}")
    if not id_column.strip() or any(c in id_column for c in "\r\n"):
        raise ValueError(f"the id column needs a one-line name, e.g. SID; got {id_column!r}")
    folder = solutions_folder(solutions)
    sols = load_solutions(folder)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    store = ResultStore(out, grader_version(folder), limits, source)
    subs = collection.submissions
    digests = [file_digest(s.path) for s in subs]
    graded: list[Graded | None] = [None] * len(subs)
    todo = []
    for i, (sub, digest) in enumerate(zip(subs, digests, strict=True)):
        cached = store.load(sub, digest)
        if cached is None:
            todo.append(i)
        else:
            graded[i] = Graded(sub, cached, reused=True)
    if collection.unopened:
        (sys.stderr if stream is None else stream).write(
            f"{len(collection.unopened)} lessons in learners' copies are as handed out "
            "(never saved): not graded, nothing handed in\n"
        )
    if len(todo) < len(subs):
        (sys.stderr if stream is None else stream).write(
            f"{len(subs) - len(todo)} of {len(subs)} notebooks unchanged since the last run "
            f"into {out}: their results are kept\n"
        )
    progress = Progress(len(todo), stream)

    def done(index: int, result: NotebookResult) -> None:
        i = todo[index]
        store.save(subs[i], digests[i], result)
        graded[i] = Graded(subs[i], result)
        progress.advance(f"graded: {subs[i].label} {_score(result)}")

    grade_many([subs[i].path for i in todo], folder, source, limits, jobs, on_result=done)
    results = [g for g in graded if g is not None]
    roster = build_roster(results, collection.students)
    tasks: dict[str, list[Task]] = {
        lesson: solution_tasks(sols[lesson]) for lesson in roster.lessons if lesson in sols
    }
    summary = summarise(roster, tasks, collection.unattributed, threshold, grader=store.version)
    cols = columns(roster.lessons, tasks)
    book = write_gradebook(out / GRADEBOOK, roster, tasks, id_column)
    files = [book, *write_report(out, summary, cols)]
    return ClassRun(collection, results, roster, summary, files)
