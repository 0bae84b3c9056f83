"""Finding a class's submissions, and whose each one is, from the folder layout alone.

Three forms of input, mixed freely:

- nbgrader's layout, ``submitted/<student>/<assignment>/<notebook>.ipynb`` (what
  ``nbgrader collect`` writes): pass the ``submitted`` folder or the folder holding it.
  The student is the first folder, the assignment the second.
- a flat folder of notebooks named by student: ``alice.ipynb``,
  ``alice-03-chain-rule.ipynb`` or ``03-chain-rule_alice.ipynb``. The student is the
  file name without the lesson's name.
- notebook files named on the command line: each is read as if it were in nbgrader's
  layout when its path has that shape, else by its file name as in a flat folder.
- learners' copies of the course, as a class hub keeps them (see
  ``course/jupyterhub``): ``<homes>/<student>/<course>/lessons/<lesson>.ipynb``, where
  ``<course>/lessons`` holds the ``.build-record.json`` that ``make lessons`` writes.
  Pass the folder of home folders (``/home``, or a copy of the learners' ``lessons/``
  folders made with their paths). The student is the home folder's name. A lesson whose
  bytes are still those the record lists was never saved by its learner and is not
  graded; a copy JupyterLab made (``02-gradient-descent-Copy1.ipynb``) is, as the same
  lesson. Other notebooks there, and ``lessons/backups/``, are not submissions.

Nothing is guessed: a notebook whose student cannot be read off its place or its name
(``03-chain-rule.ipynb``, a notebook directly in ``submitted/``, one in a subfolder of a
flat folder) is returned as :class:`Unattributed`, with the reason, and is not graded.
Hidden files and folders (``.ipynb_checkpoints``) and ``*-checkpoint.ipynb`` are skipped.

The lesson a submission *claims* to be (its assignment folder's or its file's name) is
kept, so the class report can say when a notebook is of another lesson than it was
handed in as; which lesson it *is* is decided from its contents when it is graded.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Submission",
    "Unattributed",
    "Collection",
    "claimed_lesson",
    "student_from_name",
    "collect",
    "nothing_found",
]

#: a lesson named by number: "lesson-3", "lesson03", "l3" (not inside a longer word)
_NUMBERED = re.compile(r"(?<![a-z0-9])(?:lesson|l)[ _-]?0*(\d{1,2})(?![a-z0-9])", re.I)
#: what separates a student's name from a lesson's in a file name
_SEPARATORS = " _-.+,"
#: characters kept as they are in a result's file name
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Submission:
    """A notebook to grade and whose it is.

    Attributes
    ----------
    path : the file
    student : the student's id (from the folder, or the file name)
    assignment : nbgrader's assignment folder, or ``""`` for a flat file
    claimed : the lesson its assignment folder or file name says it is, or None
    key : where its results go inside the output folder, e.g.
        ``alice/03-chain-rule/03-chain-rule`` (file-system safe, unique per submission)
    """

    path: Path
    student: str
    assignment: str
    claimed: str | None
    key: str

    @property
    def label(self) -> str:
        """How the reports name it: ``student/assignment/notebook.ipynb``."""
        return "/".join(p for p in (self.student, self.assignment, self.path.name) if p)


@dataclass(frozen=True)
class Unattributed:
    """A notebook that was found but cannot be said to be any one student's."""

    path: Path
    reason: str


@dataclass
class Collection:
    """What :func:`collect` found: the submissions, and the notebooks of nobody known.

    ``students`` are the learners a hub's layout names even when they saved no lesson
    (they get a gradebook row), and ``unopened`` the lessons left as handed out.
    """

    submissions: list[Submission] = field(default_factory=list)
    unattributed: list[Unattributed] = field(default_factory=list)
    students: set[str] = field(default_factory=set)
    unopened: list[Path] = field(default_factory=list)


def _lesson_spans(name: str, lessons: Sequence[str]) -> tuple[str, tuple[int, int]] | None:
    """The lesson named in ``name`` and where: its full name first, else its number."""
    lower = name.lower()
    for lesson in sorted(lessons, key=len, reverse=True):
        at = lower.find(lesson.lower())
        if at >= 0:
            return lesson, (at, at + len(lesson))
    found = _NUMBERED.search(name)
    if found:
        number = int(found.group(1))
        for lesson in lessons:
            head = lesson.split("-", 1)[0]
            if head.isdigit() and int(head) == number:
                return lesson, found.span()
    return None


def claimed_lesson(name: str, lessons: Sequence[str]) -> str | None:
    """The lesson a folder or file name says: ``"03-chain-rule"`` for
    ``"alice-03-chain-rule"``, ``"lesson3"`` or ``"L03"``; None when it names none.

    Parameters
    ----------
    name : a folder name or a file stem
    lessons : the lessons' names (the solution notebooks' stems)
    """
    found = _lesson_spans(name, lessons)
    return found[0] if found else None


def student_from_name(stem: str, lessons: Sequence[str]) -> str | None:
    """The student in a flat folder's file name: the stem without the lesson it names.

    ``alice-03-chain-rule`` and ``03-chain-rule_alice`` give ``alice``; ``alice`` gives
    ``alice``; ``03-chain-rule`` alone gives None (a lesson, but nobody's).
    """
    found = _lesson_spans(stem, lessons)
    rest = stem
    if found:
        start, stop = found[1]
        rest = (stem[:start].rstrip(_SEPARATORS) + " " + stem[stop:].lstrip(_SEPARATORS)).strip()
    rest = rest.strip(_SEPARATORS)
    return rest or None


def _safe_key(parts: Iterable[str]) -> str:
    """``parts`` joined by "/", each made file-system safe; a short hash of the original
    is added when anything had to change, so two ids never share a result file."""
    parts = list(parts)
    safe = []
    for part in parts:
        clean = _SAFE.sub("_", part).strip(".") or "_"
        if clean != part:
            clean += "-" + hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        safe.append(clean)
    return "/".join(safe)


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.endswith("-checkpoint.ipynb")


def _notebooks_below(folder: Path) -> list[Path]:
    """Every ``*.ipynb`` under ``folder`` (symbolic links to folders not followed)."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        found += [Path(root) / f for f in sorted(files) if f.endswith(".ipynb") and not _hidden(f)]
    return found


def _nbgrader(root: Path, lessons: Sequence[str], out: Collection) -> None:
    for entry in sorted(root.iterdir()):
        if _hidden(entry.name):
            continue
        if entry.is_file():
            if entry.suffix == ".ipynb":
                out.unattributed.append(
                    Unattributed(
                        entry,
                        f"directly in {root.name}/, not in a student's folder "
                        f"({root.name}/<student>/<assignment>/{entry.name})",
                    )
                )
            continue
        if not entry.is_dir():
            continue
        for path in _notebooks_below(entry):
            out.submissions.append(_in_layout(path, entry, lessons))


def _in_layout(path: Path, student_dir: Path, lessons: Sequence[str]) -> Submission:
    """A notebook somewhere below ``submitted/<student>/``."""
    inner = path.relative_to(student_dir).parts
    assignment = inner[0] if len(inner) > 1 else ""
    claimed = (claimed_lesson(assignment, lessons) if assignment else None) or claimed_lesson(
        path.stem, lessons
    )
    key = _safe_key([student_dir.name, *inner[:-1], path.stem])
    return Submission(path, student_dir.name, assignment, claimed, key)


def _flat_file(path: Path, lessons: Sequence[str]) -> Submission | Unattributed:
    student = student_from_name(path.stem, lessons)
    if student is None:
        return Unattributed(
            path,
            f"the file name {path.name} names no student: name it by student "
            f"(alice-{path.stem}.ipynb) or use nbgrader's submitted/<student>/<assignment>/ "
            "layout",
        )
    claimed = claimed_lesson(path.stem, lessons)
    return Submission(path, student, "", claimed, _safe_key([student, path.stem]))


def _flat(folder: Path, lessons: Sequence[str], out: Collection) -> None:
    for path in _notebooks_below(folder):
        if path.parent == folder:
            found = _flat_file(path, lessons)
            target = out.submissions if isinstance(found, Submission) else out.unattributed
            target.append(found)
        else:
            out.unattributed.append(
                Unattributed(
                    path,
                    f"in a subfolder of {folder.name}/: put the notebooks directly in the "
                    "folder, named by student, or pass nbgrader's submitted/ folder",
                )
            )


#: the file ``make lessons`` leaves in ``lessons/`` (:mod:`helpers.instructor.build_record`)
BUILD_RECORD = ".build-record.json"


def _course_copies(folder: Path) -> list[tuple[str, Path]]:
    """(student, their copy's ``lessons/``) for each ``folder/<student>/<course>/lessons``
    holding a build record; hidden folders skipped, sorted."""
    found = []
    for home in sorted(folder.iterdir()):
        if _hidden(home.name) or not home.is_dir() or home.is_symlink():
            continue
        try:
            inside = sorted(home.iterdir())
        except OSError:  # a home the grader may not read
            continue
        for copy in inside:
            lessons = copy / "lessons"
            if not _hidden(copy.name) and (lessons / BUILD_RECORD).is_file():
                found.append((home.name, lessons))
    return found


def _handed_out(lessons_dir: Path) -> dict[str, str]:
    """The build record: lesson file name -> "sha256:..." as handed out ({} if unreadable)."""
    try:
        files = json.loads((lessons_dir / BUILD_RECORD).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return files if isinstance(files, dict) else {}


def _homes(copies: list[tuple[str, Path]], lessons: Sequence[str], out: Collection) -> None:
    for student, lessons_dir in copies:
        out.students.add(student)
        record = _handed_out(lessons_dir)
        for path in sorted(lessons_dir.glob("*.ipynb")):
            claimed = claimed_lesson(path.stem, lessons)
            if claimed is None or _hidden(path.name):
                continue  # the learner's own notebook, not a lesson
            data = path.read_bytes()
            if record.get(path.name) == "sha256:" + hashlib.sha256(data).hexdigest():
                out.unopened.append(path)
                continue
            key = _safe_key([student, lessons_dir.parent.name, path.stem])
            out.submissions.append(Submission(path, student, "", claimed, key))


def _given_file(path: Path, lessons: Sequence[str]) -> Submission | Unattributed:
    """A file named on the command line: in nbgrader's layout if its path has that shape."""
    parents = path.resolve().parents
    for depth in (2, 3):  # submitted/<student>/<notebook> or .../<assignment>/<notebook>
        if len(parents) > depth and parents[depth - 1].name == "submitted":
            student_dir = path.resolve().parents[depth - 2]
            if not _hidden(student_dir.name):
                return _in_layout(path.resolve(), student_dir, lessons)
    if path.resolve().parent.name == "submitted":
        return Unattributed(path, "directly in submitted/, not in a student's folder")
    return _flat_file(path, lessons)


def collect(inputs: Sequence[str | Path], lessons: Sequence[str]) -> Collection:
    """The submissions in ``inputs`` (folders and files), each with its student.

    Parameters
    ----------
    inputs : folders (nbgrader's ``submitted/``, a folder holding it, a folder of
        learners' homes holding copies of the course, or a flat folder) and notebook files
    lessons : the lessons' names (the solution notebooks' stems), to tell a lesson's name
        from a student's

    Returns
    -------
    Collection : the submissions in the order found (folders sorted), and the notebooks
        no student can be given, with the reason; a file given twice is listed once.

    Raises
    ------
    ValueError
        when an input does not exist.
    """
    out = Collection()
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise ValueError(
                f"no such file or folder: {path} (expected notebooks, a folder of notebooks "
                "named by student, or nbgrader's submitted/ folder)"
            )
        if path.is_dir():
            if path.name == "submitted":
                _nbgrader(path, lessons, out)
            elif (path / "submitted").is_dir():
                _nbgrader(path / "submitted", lessons, out)
            elif copies := _course_copies(path):
                _homes(copies, lessons, out)
            else:
                _flat(path, lessons, out)
        else:
            found = _given_file(path, lessons)
            target = out.submissions if isinstance(found, Submission) else out.unattributed
            target.append(found)
    seen: set[Path] = set()
    unique = Collection(students=out.students, unopened=out.unopened)
    for item in [*out.submissions, *out.unattributed]:
        real = item.path.resolve()
        if real in seen:
            continue
        seen.add(real)
        target = unique.submissions if isinstance(item, Submission) else unique.unattributed
        target.append(item)
    return unique


def nothing_found(inputs: Sequence[str | Path], found: Collection | None = None) -> str:
    """The error message for inputs that hold no notebook to grade."""
    named = ", ".join(str(p) for p in inputs)
    if found is not None and found.unopened:
        return (
            f"nothing to grade in {named}: the {len(found.unopened)} lessons in "
            f"{len(found.students)} learners' copies of the course are all as handed out "
            "(none was saved since)"
        )
    return (
        f"no notebooks found in {named}: expected .ipynb files, a folder of them named by "
        "student, nbgrader's submitted/<student>/<assignment>/ folder, or a folder of "
        "learners' homes with their copies of the course"
    )
