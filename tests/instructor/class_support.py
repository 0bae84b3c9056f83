"""Hand-made results for the class tests that need no kernel (roster, gradebook, summary,
report): a notebook's result is built from a few words instead of a grading run."""

from __future__ import annotations

from pathlib import Path

from helpers.instructor.grading.collect import Submission
from helpers.instructor.grading.plan import Task
from helpers.instructor.grading.roster import Graded
from helpers.instructor.grading.score import ExerciseScore, NotebookResult, NotebookStatus

#: two small lessons: exercise -> points
LESSONS = {
    "03-chain-rule": {"l3-graph-backward": 2.0, "l3-sigmoid-prime": 2.0},
    "09-autodiff": {"l9-mul-backward": 1.0, "l9-tanh-backward": 1.0, "l9-reverse-sweep": 3.0},
}
TASKS = {
    lesson: [Task(gid, gid + "-check", {}, pts) for gid, pts in exercises.items()]
    for lesson, exercises in LESSONS.items()
}


def line(gid: str, outcome, points: float) -> ExerciseScore:
    """An exercise's line: outcome "passed", "stub", "error", a cause text, or a list of
    causes (a failed check naming them)."""
    if outcome == "passed":
        return ExerciseScore(gid, points, points, "passed", "✓ passed")
    if outcome == "stub":
        return ExerciseScore(gid, 0.0, points, "not-attempted", f"{gid}: not attempted yet")
    if outcome == "error":
        return ExerciseScore(gid, 0.0, points, "error", f"✗ {gid} raised ValueError")
    if outcome == "wrong":
        return ExerciseScore(gid, 0.0, points, "failed", f"✗ {gid} gives a wrong result")
    causes = [outcome] if isinstance(outcome, str) else list(outcome)
    message = f"✗ {gid} gives a wrong result — likely cause: " + "; ".join(causes)
    return ExerciseScore(gid, 0.0, points, "failed", message, causes)


def graded(
    student: str,
    lesson: str | None,
    outcomes: dict | None = None,
    status: str = "graded",
    claimed: str | None = "same",
    name: str | None = None,
    message: str = "",
) -> Graded:
    """A submission of ``student`` in nbgrader's layout and its result; exercises not in
    ``outcomes`` passed. ``claimed="same"`` claims the lesson it is."""
    claimed = lesson if claimed == "same" else claimed
    assignment = claimed or lesson or "unknown"
    path = Path("submitted") / student / assignment / f"{name or assignment}.ipynb"
    sub = Submission(path, student, assignment, claimed, f"{student}/{assignment}/{path.stem}")
    exercises = []
    if status == "graded" and lesson is not None:
        outcomes = outcomes or {}
        exercises = [line(g, outcomes.get(g, "passed"), p) for g, p in LESSONS[lesson].items()]
    score = sum(e.points for e in exercises)
    top = sum(LESSONS[lesson].values()) if lesson else 0.0
    result = NotebookResult(
        str(path), lesson, score, top, NotebookStatus(status), message, 1, exercises
    )
    return Graded(sub, result)
