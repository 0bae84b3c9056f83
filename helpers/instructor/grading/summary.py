"""The numbers of the class report: per exercise and per lesson, what the class got wrong.

:func:`summarise` reads the :class:`~helpers.instructor.grading.roster.Roster` and
returns a :class:`ClassSummary`; :mod:`.class_report` only renders it. The statistics are
over the notebooks that count (one per student and lesson) and were graded; notebooks
that could not be graded are listed with the reason instead.

A *mistake* is a likely cause the diagnosis named (the check's own words, the same line a
learner reads in the notebook). Each student counts once per mistake and exercise. Causes
that differ only in a number ("off by a constant factor 3.7" and "... 0.25") are one
mistake, shown with "…" where the numbers differ. The example feedback line of a mistake
is one student's, with the student's id, e-mail addresses and quoted code removed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...checks import EXERCISES
from ...checks.probe import Status
from .collect import Unattributed
from .plan import Task
from .roster import Graded, Roster, lesson_of
from .score import NotebookStatus

__all__ = [
    "OUTCOMES",
    "Mistake",
    "ExerciseSummary",
    "LessonSummary",
    "Problem",
    "Below",
    "ClassSummary",
    "mistake_key",
    "merged_cause",
    "anonymise",
    "summarise",
]

#: how an exercise's result is counted, in the order the report shows them
OUTCOMES = ("passed", "mistake named", "wrong, no known mistake", "not attempted", "error")

#: a number standing alone (not the 1 of "dW1")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?!\w)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CODE = re.compile(r"(line \d+ of your code): [^)]*\)")


def mistake_key(cause: str) -> str:
    """The cause with each number standing alone replaced by "#": causes with one key are
    one mistake."""
    return _NUMBER.sub("#", cause)


def merged_cause(causes: Sequence[str]) -> str:
    """The causes of one :func:`mistake_key` as one text: the numbers they share kept,
    those that differ shown as "…"."""
    texts = _NUMBER.split(causes[0])
    numbers = [_NUMBER.findall(c) for c in causes]
    out = [texts[0]]
    for i, text in enumerate(texts[1:]):
        values = {n[i] for n in numbers}
        out += [values.pop() if len(values) == 1 else "…", text]
    return "".join(out)


def anonymise(line: str, student: str) -> str:
    """A feedback line without the student's id (or its parts), e-mail addresses or the
    text of the student's code that an error message quotes."""
    line = _CODE.sub(r"\1)", _EMAIL.sub("<e-mail>", line))
    names = {student, *re.split(r"[\s._+-]+", student)}
    for name in sorted((n for n in names if len(n) >= 3), key=len, reverse=True):
        line = re.sub(re.escape(name), "<student>", line, flags=re.I)
    return line


def outcome(status: str, causes: Sequence[str]) -> str:
    """Which of :data:`OUTCOMES` an exercise's status and causes count as."""
    if status == Status.PASSED:
        return "passed"
    if status == Status.NOT_ATTEMPTED:
        return "not attempted"
    if causes:
        return "mistake named"
    if status == Status.FAILED:
        return "wrong, no known mistake"
    return "error"


@dataclass
class Mistake:
    """One diagnosed mistake of an exercise: how many students made it, one example line."""

    cause: str
    students: int
    example: str


@dataclass
class ExerciseSummary:
    """An exercise across the class.

    Attributes
    ----------
    grade_id, function : the exercise (``l3-sigmoid-prime``, ``sigmoid_prime``)
    max_points : its points
    graded : notebooks that count and were graded
    points : points earned -> number of notebooks
    outcomes : each of :data:`OUTCOMES` -> number of notebooks
    mistakes : diagnosed mistakes, most students first
    """

    grade_id: str
    function: str
    max_points: float
    graded: int = 0
    points: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    mistakes: list[Mistake] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return self.outcomes["passed"]

    @property
    def pass_rate(self) -> float | None:
        """The share of graded notebooks that passed (None when none was graded)."""
        return self.passed / self.graded if self.graded else None

    @property
    def top_mistake(self) -> Mistake | None:
        return self.mistakes[0] if self.mistakes else None


@dataclass
class LessonSummary:
    """A lesson across the class: its exercises and the graded notebooks' scores."""

    lesson: str
    number: int | None
    max_score: float
    scores: list[float] = field(default_factory=list)
    exercises: list[ExerciseSummary] = field(default_factory=list)
    ungradable: int = 0


@dataclass
class Problem:
    """A notebook the report must name: ungradable, unattributed, misfiled or a duplicate."""

    what: str
    path: str
    student: str
    reason: str


@dataclass
class Below:
    """A student under the threshold in a lesson (``score`` None: nothing handed in)."""

    student: str
    lesson: str
    score: float | None
    max_score: float


@dataclass
class ClassSummary:
    """Everything the class report shows."""

    threshold: float
    students: int
    submissions: int
    reused: int
    lessons: list[LessonSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    below: list[Below] = field(default_factory=list)
    grader: str = ""


def _lesson_number(lesson: str) -> int | None:
    head = lesson.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _exercise(task: Task, counted: Sequence[Graded]) -> ExerciseSummary:
    ex = EXERCISES.get(task.answer_id)
    out = ExerciseSummary(task.answer_id, ex.name if ex else task.answer_id, task.points)
    by_mistake: dict[str, list[tuple[str, str, str]]] = {}
    for g in counted:
        line = next((e for e in g.result.exercises if e.exercise == task.answer_id), None)
        if line is None:
            continue
        out.graded += 1
        out.points[line.points] += 1
        out.outcomes[outcome(line.status, line.causes)] += 1
        if line.status == Status.PASSED:
            continue
        mine = {mistake_key(c): c for c in reversed(line.causes)}  # the first of a key
        for key, cause in mine.items():
            by_mistake.setdefault(key, []).append((g.submission.student, line.message, cause))
    ranked = sorted(
        by_mistake.values(), key=lambda who: (-len(who), merged_cause([w[2] for w in who]))
    )
    for who in ranked:
        student, message, _ = sorted(who)[0]
        cause = merged_cause([w[2] for w in who])
        out.mistakes.append(Mistake(cause, len(who), anonymise(message, student)))
    return out


def _problems(roster: Roster, unattributed: Sequence[Unattributed]) -> list[Problem]:
    out = []
    for g in sorted(roster.counted.values(), key=lambda g: g.submission.label):
        if g.result.status != NotebookStatus.GRADED:
            what = "grader failed" if g.result.status == NotebookStatus.ERROR else "ungradable"
            out.append(Problem(what, g.submission.label, g.submission.student, g.result.message))
    for g in roster.nowhere:
        out.append(
            Problem("ungradable", g.submission.label, g.submission.student, g.result.message)
        )
    for g in roster.mismatched:
        out.append(
            Problem(
                "other lesson",
                g.submission.label,
                g.submission.student,
                f"handed in as {g.submission.claimed}, but it is a notebook of "
                f"{g.result.lesson}: graded as {g.result.lesson}",
            )
        )
    for g, best in roster.duplicates:
        why = f"another notebook of {lesson_of(g)} by the same student counts: "
        why += best.submission.label
        if g.result.status != NotebookStatus.GRADED:
            why = f"{g.result.message}; {why}"
        out.append(Problem("duplicate", g.submission.label, g.submission.student, why))
    for u in unattributed:
        out.append(Problem("whose?", str(u.path), "", u.reason + "; not graded"))
    return out


def summarise(
    roster: Roster,
    tasks: Mapping[str, Sequence[Task]],
    unattributed: Sequence[Unattributed] = (),
    threshold: float = 0.5,
    grader: str = "",
) -> ClassSummary:
    """The class report's numbers.

    Parameters
    ----------
    roster : who handed in what (:func:`~helpers.instructor.grading.roster.build_roster`)
    tasks : each lesson's exercises, from its solution notebook
    unattributed : notebooks no student could be given (listed, not graded)
    threshold : a student is listed for a lesson scored below this share of its points
        (0 to 1), or handed in nothing for it
    grader : the grader's version, for the report's header

    Raises
    ------
    ValueError
        when ``threshold`` is not between 0 and 1.
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be a share between 0 and 1, got {threshold!r}")
    all_graded = list(roster.counted.values()) + roster.nowhere
    all_graded += [g for g, _ in roster.duplicates]
    summary = ClassSummary(
        threshold,
        len(roster.students),
        len(all_graded),
        sum(g.reused for g in all_graded),
        grader=grader,
    )
    for lesson in roster.lessons:
        mine = [g for key, g in sorted(roster.counted.items()) if key[1] == lesson]
        ok = [g for g in mine if g.result.status == NotebookStatus.GRADED]
        lesson_tasks = list(tasks.get(lesson, []))
        summary.lessons.append(
            LessonSummary(
                lesson,
                _lesson_number(lesson),
                sum(t.points for t in lesson_tasks),
                [g.result.score for g in ok],
                [_exercise(t, ok) for t in lesson_tasks],
                len(mine) - len(ok),
            )
        )
        top = summary.lessons[-1].max_score
        for student in roster.students:
            g = roster.counted.get((student, lesson))
            if g is None:
                summary.below.append(Below(student, lesson, None, top))
            elif g.result.status != NotebookStatus.ERROR:
                score = g.result.score if g.result.status == NotebookStatus.GRADED else 0.0
                if score < threshold * top:
                    summary.below.append(Below(student, lesson, score, top))
    summary.below.sort(key=lambda b: (b.student, roster.lessons.index(b.lesson)))
    summary.problems = _problems(roster, unattributed)
    return summary
