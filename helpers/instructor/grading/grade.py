"""Grading a notebook, or many: plan, run and score, never failing on a bad submission.

:func:`grade_notebook` reads a submission (:mod:`.plan`), builds the probed cells,
runs them in a fresh limited kernel in a temporary folder (:mod:`.run`) and scores
the replies (:mod:`.score`); :func:`grade_many` does that for a batch, several
notebooks at once in separate processes.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from ..checkout import course_folder
from .plan import (
    InvalidSubmission,
    identify,
    instrument,
    load_solutions,
    read_submission,
    solution_tasks,
)
from .run import DEFAULT_LIMITS, KernelStartError, Limits, run
from .score import NotebookResult, NotebookStatus, run_notes, score_exercises, wrong_lesson

__all__ = ["KERNEL_STARTS", "solutions_folder", "grade_notebook", "grade_many"]

#: tries to start a notebook's kernel before the grader gives up on it (a start fails now
#: and then when many kernels start at once, e.g. two taking the same port)
KERNEL_STARTS = 3


def solutions_folder(solutions: str | Path | None = None) -> Path:
    """``solutions`` as a Path, or (None) the course checkout's ``solutions/``.

    Raises
    ------
    helpers.instructor.checkout.NoCheckoutError
        when none is given and no checkout is found from the working directory.
    """
    return course_folder("solutions") if solutions is None else Path(solutions)


def grade_notebook(
    path: str | Path,
    solutions: str | Path | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    seed: int | None = None,
) -> NotebookResult:
    """Grade one notebook; never raises for a bad submission, never writes to it.

    Parameters
    ----------
    path : the submission
    solutions : folder of the source notebooks (checks are restored from them);
        default: the course checkout's ``solutions/`` (see :func:`solutions_folder`)
    source : the lesson (solution file stem) it must be; default: recognised by its
        exercises' grade_ids, then by its file name
    limits : time, memory and output limits
    seed : seed of the grader's random inputs (default: a fresh random one)
    """
    path = Path(path)
    solutions = solutions_folder(solutions)
    seed = secrets.randbits(63) if seed is None else seed
    base = NotebookResult(str(path), None, 0.0, 0.0, NotebookStatus.INVALID, seed=seed)
    try:
        nb = read_submission(path)
    except InvalidSubmission as exc:
        base.message = str(exc)
        return base
    sols = load_solutions(solutions)
    if source is not None and source not in sols:
        base.status, base.message = NotebookStatus.ERROR, f"no solution notebook {source}.ipynb"
        return base
    lesson, why = identify(nb, path, sols, source)
    base.lesson = lesson
    if lesson is None:
        tasks = solution_tasks(sols[source]) if source else []
        base.max_score = sum(t.points for t in tasks)
        base.exercises = wrong_lesson(tasks, why)
        base.message = why
        return base
    solution = sols[lesson]
    tasks = solution_tasks(solution)
    base.max_score = sum(t.points for t in tasks)
    nonce = secrets.token_hex(16)
    cells, plan = instrument(nb, tasks, solution, nonce, np.random.default_rng(seed))
    pairs = {p.probe: p.check for p in plan.values() if p.probe is not None}
    try:
        for attempt in range(1, KERNEL_STARTS + 1):
            try:
                with tempfile.TemporaryDirectory(prefix="grade-") as workdir:
                    result = run(cells, limits, nonce, workdir, pairs)
                break
            except KernelStartError:
                if attempt == KERNEL_STARTS:
                    raise
                time.sleep(attempt)
    except Exception as exc:  # the kernel could not start, or nbclient failed
        base.status = NotebookStatus.ERROR
        base.message = f"grading failed: {type(exc).__name__}: {exc}"
        return base
    base.exercises = score_exercises(tasks, plan, result)
    base.score = sum(e.points for e in base.exercises)
    base.status = NotebookStatus.GRADED
    base.message = run_notes(result, limits)
    return base


def _grade_safely(args) -> NotebookResult:
    path, solutions, source, limits = args
    try:
        return grade_notebook(path, solutions, source, limits)
    except Exception as exc:  # a grader bug must not stop the batch
        return NotebookResult(
            str(path), None, 0.0, 0.0, NotebookStatus.ERROR, f"grader error: {exc!r}"
        )


def grade_many(
    paths: Sequence[str | Path],
    solutions: str | Path | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int = 1,
    on_result: Callable[[int, NotebookResult], None] | None = None,
) -> list[NotebookResult]:
    """Grade several notebooks (``jobs`` at a time); one result each, in order.

    ``solutions`` is resolved once, before any notebook is graded (see
    :func:`solutions_folder`); ``source`` and ``limits`` are those of
    :func:`grade_notebook`. ``on_result(index, result)`` is called in this process as
    each notebook is done (in the order they finish), e.g. to save it or show progress.
    """
    folder = str(solutions_folder(solutions))
    work = [(str(p), folder, source, limits) for p in paths]
    if jobs <= 1 or len(work) <= 1:
        results = []
        for index, w in enumerate(work):
            results.append(_grade_safely(w))
            if on_result is not None:
                on_result(index, results[-1])
        return results
    done: dict[int, NotebookResult] = {}
    # spawn, not fork: a forked copy of a process that talks to kernels can hang.
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"))
    try:
        futures = {pool.submit(_grade_safely, w): i for i, w in enumerate(work)}
        for fut in as_completed(futures):
            index = futures[fut]
            try:
                done[index] = fut.result()
            except Exception as exc:  # the worker process itself died
                done[index] = NotebookResult(
                    work[index][0], None, 0.0, 0.0, NotebookStatus.ERROR, f"grader error: {exc!r}"
                )
            if on_result is not None:
                on_result(index, done[index])
    except BaseException:  # Ctrl-C, or on_result failed: do not wait for the rest
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [done[i] for i in range(len(work))]
