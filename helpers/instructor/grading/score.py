"""Scoring: a run's replies turned into one :class:`ExerciseScore` per exercise.

An exercise earns its points when its check cell ran without error (the kernel's execute
reply) *and* its probe's outputs match the reference, judged here, in the grader's
process, by :func:`helpers.checks.report.from_probe`. Exercise statuses are
:class:`helpers.checks.probe.Status` values (plus the few in :class:`GradingStatus`); a
notebook's status is a :class:`NotebookStatus`. All are ``str`` enums, so they compare
equal to, print as and serialise to their values (``"passed"``, ``"graded"``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from ...checks import EXERCISES
from ...checks.probe import Status
from ...checks.report import from_probe
from .plan import CheckPlan, Task
from .run import KERNEL_DIED, TIMED_OUT, Limits, Run

__all__ = [
    "NotebookStatus",
    "GradingStatus",
    "ExerciseScore",
    "NotebookResult",
    "score_exercises",
    "wrong_lesson",
    "run_notes",
    "exercise_status",
    "result_from_dict",
]


class NotebookStatus(str, Enum):
    """What happened to a notebook as a whole."""

    GRADED = "graded"  # it ran; its exercises are scored (whatever the score)
    INVALID = "invalid"  # not gradable: unreadable, not a notebook, another lesson
    ERROR = "error"  # the grader failed on it (no such lesson, the kernel did not start)

    def __str__(self) -> str:
        return self.value


class GradingStatus(str, Enum):
    """Exercise statuses only the grader gives, which :class:`~helpers.checks.probe.Status`
    does not list (yet): the checks in a notebook never meet these cases."""

    MISSING = "missing"  # the exercise cell, or the place of its check, is missing
    TAMPERED = "tampered"  # the probe's reply was missing or forged
    WRONG_LESSON = "wrong-lesson"  # the notebook is of another lesson

    def __str__(self) -> str:
        return self.value


@dataclass
class ExerciseScore:
    """One exercise's line of the report.

    ``causes`` are the likely mistakes the diagnosis named (the check's own words, e.g.
    "missing 1/m: ..."), empty when it passed or no known mistake matched; the class
    report ranks them.
    """

    exercise: str
    points: float
    max: float
    status: Status | GradingStatus
    message: str
    causes: list[str] = field(default_factory=list)


@dataclass
class NotebookResult:
    """The grade of one notebook (``status``: graded, invalid or error)."""

    path: str
    lesson: str | None
    score: float
    max_score: float
    status: NotebookStatus
    message: str = ""
    seed: int | None = None
    exercises: list[ExerciseScore] = field(default_factory=list)


def score_exercises(
    tasks: Sequence[Task], plan: dict[str, CheckPlan], run: Run
) -> list[ExerciseScore]:
    """One score per task, from the run of the cells that ``plan`` describes.

    Parameters
    ----------
    tasks : the solution's exercises (see :func:`~helpers.instructor.grading.plan.solution_tasks`)
    plan : per check grade_id, where its check and probe cells ran
    run : the replies, probe replies and problems of the run
    """
    scores = []
    for t in tasks:
        info = plan.get(t.check_id)
        name = t.answer_id

        def line(status, message, points=0.0, causes=(), t=t, name=name):
            return ExerciseScore(name, points, t.points, status, message, list(causes))

        if info is None or info.problem:
            problem = info.problem if info else f"check {t.check_id} could not be placed"
            scores.append(line(GradingStatus.MISSING, problem))
            continue
        check, probe = info.check, info.probe
        result = None
        if probe is not None:
            if probe in run.problems:
                timed_out = run.problems[probe].startswith(TIMED_OUT)
                status = Status.TIMEOUT if timed_out else Status.ERROR
                scores.append(line(status, f"{EXERCISES[name].name}: {run.problems[probe]}"))
                continue
            replies = run.probes.get(probe, [])
            if len(replies) != 1 or not isinstance(replies[0], dict):
                scores.append(
                    line(GradingStatus.TAMPERED, "the grader's probe result was missing or forged")
                )
                continue
            result = from_probe(EXERCISES[name], info.payload, replies[0])
        if check in run.problems:
            scores.append(line(Status.ERROR, f"the check cell: {run.problems[check]}"))
            continue
        reply = run.replies.get(check, {})
        check_ok = reply.get("status") == "ok"  # the kernel's execute reply (Jupyter's word)
        if result is not None and not result.passed:
            message = result.summary()
            not_attempted = result.status == Status.NOT_ATTEMPTED
            status = Status.NOT_ATTEMPTED if not_attempted else Status.FAILED
            if check_ok:
                message += " (the check cell passed in the notebook, not on the grader's inputs)"
            scores.append(line(status, message, causes=result.causes))
        elif not check_ok:
            error = f"{reply.get('ename', 'error')}: {reply.get('evalue', '')}".strip()
            scores.append(line(Status.FAILED, f"check failed: {error[:300]}"))
        else:
            scores.append(line(Status.PASSED, "✓ passed", t.points))
    return scores


def wrong_lesson(tasks: Sequence[Task], why: str) -> list[ExerciseScore]:
    """Zero for every exercise of the expected lesson, with the reason."""
    status = GradingStatus.WRONG_LESSON
    return [ExerciseScore(t.answer_id, 0.0, t.points, status, why) for t in tasks]


def run_notes(run: Run, limits: Limits) -> str:
    """What the notebook's line says about the run: output cut, the kernel died."""
    notes = []
    if run.truncated:
        notes.append(f"output cut at {limits.max_output} characters")
    died = [p for p in run.problems.values() if p == KERNEL_DIED]
    if died:
        notes.append(died[0])
    return "; ".join(notes)


def exercise_status(value: str) -> Status | GradingStatus:
    """The status named ``value`` (``"passed"``, ``"wrong-lesson"``, ...).

    Raises
    ------
    ValueError
        when ``value`` is no status of the checks or the grader.
    """
    try:
        return Status(value)
    except ValueError:
        pass
    try:
        return GradingStatus(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an exercise status") from None


def result_from_dict(data: Mapping) -> NotebookResult:
    """The :class:`NotebookResult` that ``dataclasses.asdict`` turned into ``data``
    (as the per-notebook JSON stores it).

    Raises
    ------
    ValueError
        when ``data`` lacks a field or holds an unknown status (e.g. a file written by
        another version of the grader, or edited by hand).
    """
    try:
        exercises = [
            ExerciseScore(
                str(e["exercise"]),
                float(e["points"]),
                float(e["max"]),
                exercise_status(e["status"]),
                str(e["message"]),
                [str(c) for c in e.get("causes", [])],
            )
            for e in data["exercises"]
        ]
        seed = data.get("seed")
        return NotebookResult(
            str(data["path"]),
            None if data["lesson"] is None else str(data["lesson"]),
            float(data["score"]),
            float(data["max_score"]),
            NotebookStatus(data["status"]),
            str(data.get("message", "")),
            None if seed is None else int(seed),
            exercises,
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"not a notebook result: {exc!r}") from exc
