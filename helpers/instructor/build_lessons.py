"""Write the student lessons/ from the source notebooks in solutions/ (``make lessons``).

For every ``solutions/*.ipynb`` the lesson of the same name is the same notebook with

- each solution region (between the nbgrader begin/end solution marker lines, in a
  cell whose nbgrader metadata has ``solution: true``) replaced by
  ``# YOUR CODE HERE`` and ``raise NotImplementedError()`` at the marker's indentation
  (a solution cell without markers is replaced whole), as nbgrader's ClearSolutions does;
- each hidden-tests region (only allowed in ``grade: true`` cells) removed;
- outputs and execution counts cleared, widget state dropped;
- the ``raises-exception`` tag on exercise and check cells, so "Run All" in
  JupyterLab (and nbclient) goes on past an unfinished exercise (solutions/ carry it
  already, for nbgrader's own generate_assignment; it is added where missing);
- every other cell, the cell ids and all metadata kept, so nbgrader also works on
  solutions/ unchanged.

The output is byte-for-byte reproducible. Malformed markers (unclosed, nested, an end
without a begin, a region in a cell without the right metadata) stop the build with
the notebook, the cell and the line.

The builder never overwrites or removes a lesson that differs from what it last wrote
(see :mod:`helpers.instructor.build_record`): such a lesson is kept as it is when its
source has not changed since, and otherwise the build stops, names the files and writes
nothing. ``--force`` first copies them into ``lessons/backups/<date>/``, then rebuilds.
A notebook in lessons/ that the builder never wrote and that has no source (a learner's
own) is left alone.

Usage::

    python -m helpers.instructor.build_lessons            # solutions/ -> lessons/
    python -m helpers.instructor.build_lessons --check    # exit 1 if lessons/ is out of date
    python -m helpers.instructor.build_lessons --force    # also replace edited lessons
    python -m helpers.instructor.build_lessons --solutions DIR --lessons DIR

Without ``--solutions`` / ``--lessons`` the folders are the course checkout's (see
:mod:`helpers.instructor.checkout`), so it works from anywhere inside a clone and, with
both options, from anywhere at all.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import build_record, nbgrader_meta
from .checkout import NoCheckoutError, course_folder

__all__ = [
    "MarkerError",
    "EditedLessonsError",
    "BuildResult",
    "BEGIN_SOLUTION",
    "END_SOLUTION",
    "BEGIN_HIDDEN",
    "END_HIDDEN",
    "CODE_STUB",
    "TEXT_STUB",
    "ALLOW_ERRORS_TAG",
    "make_lesson",
    "lesson_text",
    "build",
    "stale",
    "main",
]

# Built by concatenation: the marker phrases themselves appear only in solutions/.
BEGIN_SOLUTION = "BEGIN " + "SOLUTION"
END_SOLUTION = "END " + "SOLUTION"
BEGIN_HIDDEN = "BEGIN " + "HIDDEN TESTS"
END_HIDDEN = "END " + "HIDDEN TESTS"
CODE_STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]
TEXT_STUB = ["YOUR ANSWER HERE"]
ALLOW_ERRORS_TAG = "raises-exception"
#: cell metadata that only describes the last run, dropped with the outputs
TRANSIENT_CELL_METADATA = ("collapsed", "scrolled", "execution", "ExecuteTime")


class MarkerError(ValueError):
    """A malformed solution or hidden-tests region; the message says where."""


class EditedLessonsError(RuntimeError):
    """Lessons that a build would overwrite or remove differ from what it last wrote.

    Attributes
    ----------
    lessons : Path
        The lessons folder.
    names : list of str
        The edited lesson files, by name.
    """

    def __init__(self, lessons: Path, names: Sequence[str]):
        self.lessons = lessons
        self.names = list(names)
        listed = "".join(f"\n  {lessons.name}/{name}" for name in self.names)
        super().__init__(
            f"{len(self.names)} lesson(s) differ from what the builder last wrote (edited "
            f"since?), so nothing was written:{listed}\n"
            f"To replace them anyway, keeping a dated copy of each in {lessons.name}/"
            f"{build_record.BACKUP_FOLDER}/, run `make lessons FORCE=1` "
            "(or add --force)."
        )


@dataclass
class BuildResult:
    """What :func:`build` did.

    Attributes
    ----------
    changed : list of Path
        Lesson files written or removed.
    backup : Path or None
        The folder holding copies of the edited lessons that ``force`` replaced.
    kept : list of Path
        Edited lessons left as they are because their source has not changed since the
        last build (a fresh build would be what the builder wrote then).
    left_alone : list of Path
        Notebooks in the lessons folder without a source that the builder never wrote.
    """

    changed: list[Path] = field(default_factory=list)
    backup: Path | None = None
    kept: list[Path] = field(default_factory=list)
    left_alone: list[Path] = field(default_factory=list)


def _where(name: str, index: int, cell, line: int | None = None) -> str:
    cid = cell.get("id")
    text = f"{name}, cell {index + 1}" + (f" (id {cid})" if cid else "")
    return text + (f", line {line}" if line is not None else "")


def _replace_regions(
    lines: list[str], begin: str, end: str, stub: list[str] | None, where
) -> tuple[list[str], bool]:
    """Replace (stub given) or remove (stub None) every begin..end region of ``lines``."""
    out: list[str] = []
    start: int | None = None
    found = False
    for number, line in enumerate(lines, start=1):
        if begin in line:
            if start is not None:
                raise MarkerError(
                    f"{where(number)}: nested '{begin}' (the region opened on line {start} "
                    f"is not closed); close it with '{end}' first."
                )
            start, found = number, True
            if stub is not None:
                indent = re.match(r"\s*", line).group(0)
                out += [indent + s for s in stub]
        elif end in line:
            if start is None:
                raise MarkerError(f"{where(number)}: '{end}' without a '{begin}' before it.")
            start = None
        elif start is None:
            out.append(line)
    if start is not None:
        raise MarkerError(f"{where(start)}: '{begin}' is never closed; add '{end}'.")
    return out, found


def _lesson_cell(cell, index: int, name: str):
    """The lesson's version of one source cell (a new object; the source is untouched)."""
    cell = copy.deepcopy(cell)
    meta = nbgrader_meta.metadata(cell)
    is_solution = bool(meta.get("solution"))
    is_grade = bool(meta.get("grade"))
    lines = cell.get("source", "").split("\n")

    def where(line):
        return _where(name, index, cell, line)

    stub = CODE_STUB if cell["cell_type"] == "code" else TEXT_STUB
    lines, replaced = _replace_regions(lines, BEGIN_SOLUTION, END_SOLUTION, stub, where)
    if replaced and not is_solution:
        raise MarkerError(
            f"{where(None)}: a solution region in a cell without nbgrader metadata "
            "'solution: true'; mark the cell as an exercise (Autograded answer)."
        )
    lines, removed = _replace_regions(lines, BEGIN_HIDDEN, END_HIDDEN, None, where)
    if removed and not is_grade:
        raise MarkerError(
            f"{where(None)}: a hidden-tests region in a cell without nbgrader metadata "
            "'grade: true'; hidden tests belong in a check cell."
        )
    if is_solution and not replaced:
        lines = list(stub)
    cell["source"] = "\n".join(lines)
    if cell["cell_type"] == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
        for key in TRANSIENT_CELL_METADATA:
            cell["metadata"].pop(key, None)
        if is_solution or is_grade:
            tags = list(cell["metadata"].get("tags", []))
            if ALLOW_ERRORS_TAG not in tags:
                tags.append(ALLOW_ERRORS_TAG)
            cell["metadata"]["tags"] = tags
    return cell


def make_lesson(source: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """The lesson generated from one solution notebook (``name`` is used in errors).

    Raises
    ------
    MarkerError
        for a malformed solution or hidden-tests region, naming notebook, cell and line.
    """
    nb = copy.deepcopy(source)
    nb["cells"] = [_lesson_cell(c, i, name) for i, c in enumerate(source["cells"])]
    nb["metadata"].pop("widgets", None)
    nb["metadata"].pop("celltoolbar", None)
    # Cell ids: keep the source's; derive missing ones from the notebook name and position.
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) < (4, 5):
        nb["nbformat"], nb["nbformat_minor"] = 4, 5
    seen: set[str] = set()
    for i, cell in enumerate(nb["cells"]):
        cid = cell.get("id")
        if not cid or cid in seen:
            cid = hashlib.sha1(f"{name}:{i}".encode()).hexdigest()[:8]
            cell["id"] = cid
        seen.add(cid)
    return nb


def lesson_text(path: Path) -> str:
    """The lesson file's exact text for the solution notebook at ``path``."""
    try:
        source = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    except (json.JSONDecodeError, UnicodeDecodeError, nbformat.reader.NotJSONError) as exc:
        raise MarkerError(f"{path.name}: not a readable notebook ({exc}).") from exc
    nb = make_lesson(source, path.name)
    text = nbformat.writes(nb, version=4)  # Jupyter's own layout: indent 1, sorted keys
    return text if text.endswith("\n") else text + "\n"


def _sources(solutions: Path) -> list[Path]:
    return sorted(p for p in solutions.glob("*.ipynb") if p.is_file())


def _plan(solutions: Path, lessons: Path) -> tuple[dict[str, str], list[str], list[Path]]:
    """Every lesson's fresh text, the names whose file differs, and lessons without a source.

    Every source is converted first, so a malformed notebook raises before anything is
    written.
    """
    texts = {p.name: lesson_text(p) for p in _sources(solutions)}
    differ = [
        name
        for name, text in texts.items()
        if not (lessons / name).exists() or (lessons / name).read_text(encoding="utf-8") != text
    ]
    orphans = sorted(p for p in lessons.glob("*.ipynb") if p.name not in texts)
    return texts, differ, orphans


def stale(solutions: Path, lessons: Path) -> list[str]:
    """Lesson files that differ from a fresh build (or are missing, or have no source)."""
    _, differ, orphans = _plan(solutions, lessons)
    return differ + [p.name for p in orphans]


def build(solutions: Path, lessons: Path, force: bool = False) -> BuildResult:
    """Write ``lessons/NAME.ipynb`` for every ``solutions/NAME.ipynb``.

    Every source is converted before anything is written, so a malformed notebook
    leaves lessons/ as it was. Lessons the builder wrote whose source is gone are removed;
    other notebooks without a source are left alone. An edited lesson whose source has
    not changed since the last build is kept as it is.

    Parameters
    ----------
    solutions, lessons : Path
        The source folder and the folder the lessons are written to.
    force : bool
        Also replace (or remove) lessons that differ from what the builder last wrote,
        after copying them into ``lessons/backups/<date>/``.

    Raises
    ------
    MarkerError
        for a malformed source notebook.
    EditedLessonsError
        without ``force``, when a lesson to be replaced or removed was edited; nothing
        is written then.
    """
    texts, differ, orphans = _plan(solutions, lessons)
    record = build_record.read(lessons)
    ours = [p for p in orphans if p.name in record]
    at_stake = [name for name in differ if (lessons / name).exists()] + [p.name for p in ours]
    edited = build_record.edited(lessons, at_stake, record)
    # an edited lesson whose fresh build is what the builder wrote last time has nothing new
    # to receive: it stays as it is (unless forced)
    same = {n for n in edited if n in texts and record.get(n) == build_record.digest(texts[n])}
    if force:
        same = set()
    blocking = [n for n in edited if n not in same]
    if blocking and not force:
        raise EditedLessonsError(lessons, blocking)
    result = BuildResult(
        kept=[lessons / n for n in sorted(same)],
        left_alone=[p for p in orphans if p.name not in record],
    )
    if edited and force:
        result.backup = build_record.back_up(lessons, edited)
    lessons.mkdir(parents=True, exist_ok=True)
    written = [name for name in differ if name not in same]
    for name in written:
        (lessons / name).write_text(texts[name], encoding="utf-8", newline="\n")
    for old in ours:
        old.unlink()
    build_record.write(lessons, {name: build_record.digest(t) for name, t in texts.items()})
    result.changed = [lessons / name for name in written] + ours
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build lessons/ (or ``--check`` it).

    Returns
    -------
    int
        0 on success; 1 for a malformed notebook, for edited lessons (without
        ``--force``) or, with ``--check``, lessons out of date; 2 when no folder was
        given and no course checkout was found.
    """
    parser = argparse.ArgumentParser(
        prog="python -m helpers.instructor.build_lessons",
        description="Generate the student lessons from the solution notebooks.",
    )
    parser.add_argument(
        "--solutions",
        type=Path,
        metavar="DIR",
        help="folder of the source notebooks (default: the course checkout's solutions/)",
    )
    parser.add_argument(
        "--lessons",
        type=Path,
        metavar="DIR",
        help="folder the lessons are written to (default: the course checkout's lessons/)",
    )
    parser.add_argument(
        "--check", action="store_true", help="only report lessons that differ from a fresh build"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="also replace lessons edited since the last build (a dated copy is kept first)",
    )
    args = parser.parse_args(argv)
    try:
        solutions = args.solutions or course_folder("solutions")
        lessons = args.lessons or course_folder("lessons")
    except NoCheckoutError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        if args.check:
            names = stale(solutions, lessons)
            for name in names:
                print(f"out of date: {lessons.name}/{name}")
            if names:
                print("run `make lessons` to regenerate them.")
            return 1 if names else 0
        result = build(solutions, lessons, force=args.force)
    except (MarkerError, EditedLessonsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if result.backup is not None:
        for copy_ in sorted(result.backup.iterdir()):
            print(f"edited lesson kept as {copy_.relative_to(lessons.parent)}")
    for path in result.kept:
        print(f"kept as you edited it: {lessons.name}/{path.name} (its source has not changed)")
    for path in result.left_alone:
        print(f"left alone: {lessons.name}/{path.name} (not built from {solutions.name}/)")
    n = len(_sources(solutions))
    print(f"{n} lesson(s) built in {lessons.name}/; {len(result.changed)} file(s) changed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
