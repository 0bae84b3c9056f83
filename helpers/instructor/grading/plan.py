"""What the grader runs: the solutions' tasks, the submission's lesson, the probed notebook.

Everything here happens in the grader's process before any kernel starts:

- :func:`read_submission` reads the submitted file, refusing what is too large or not a
  notebook;
- :func:`load_solutions` and :func:`solution_tasks` read the source notebooks: each
  exercise (a ``solution: true`` cell), the check after it (a ``grade: true`` cell) and
  its points;
- :func:`identify` tells which lesson a submission is (by its exercises' grade_ids, then
  by the lesson number in its metadata, then by its file name);
- :func:`instrument` builds the cells to run: every locked cell restored from the
  solution by grade_id (a deleted check is put back after its exercise), and before each
  check a probe cell (:func:`probe_cell`) that calls the learner's function on the
  grader's inputs and sends the outputs back tagged with a random nonce.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np

from ...checks import EXERCISES, probe
from ...checks.probe import Status
from .. import nbgrader_meta
from ..nbgrader_meta import grade_id

__all__ = [
    "MIME",
    "PROBE_SOURCE",
    "MAX_NOTEBOOK_BYTES",
    "InvalidSubmission",
    "Task",
    "CheckPlan",
    "read_submission",
    "load_solutions",
    "solution_tasks",
    "solution_ids",
    "course_lesson",
    "identify",
    "probe_cell",
    "instrument",
]

#: the MIME type of a probe's reply in the kernel's display messages
MIME = "application/vnd.course-grade+json"
#: the probe's source text, sent into the kernel (never imported from the kernel's modules)
PROBE_SOURCE = Path(probe.__file__).read_text(encoding="utf-8")
#: larger files are not read at all
MAX_NOTEBOOK_BYTES = 50 * 1024**2


class InvalidSubmission(ValueError):
    """The file cannot be graded (unreadable, too large, not a notebook); says why."""


@dataclass
class Task:
    """An exercise of the solution notebook: its answer cell, its check, its points."""

    answer_id: str
    check_id: str
    check_cell: dict
    points: float


@dataclass
class CheckPlan:
    """Where one check sits in the instrumented cells, and its probe if it has one.

    Attributes
    ----------
    check : index of the check cell
    probe : index of the probe cell before it (None: the exercise has no probe)
    payload : the probe's inputs, as sent to the kernel
    problem : why the exercise cannot be graded (e.g. its cell is missing), or None
    """

    check: int
    probe: int | None = None
    payload: dict | None = None
    problem: str | None = None


def read_submission(path: Path) -> nbformat.NotebookNode:
    """The submitted notebook, checked to have cells of a valid type with source and metadata.

    Raises
    ------
    InvalidSubmission
        when the file is too large, cannot be read, is not a regular file (a folder, a
        pipe or a device, which could block the grader) or is not a notebook.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InvalidSubmission("not a regular file (a folder, a pipe or a device)")
        if info.st_size > MAX_NOTEBOOK_BYTES:
            raise InvalidSubmission(f"the file is larger than {MAX_NOTEBOOK_BYTES // 1024**2} MB")
        with open(path, "rb") as f:
            raw = f.read(MAX_NOTEBOOK_BYTES + 1)
        if len(raw) > MAX_NOTEBOOK_BYTES:  # it grew since
            raise InvalidSubmission(f"the file is larger than {MAX_NOTEBOOK_BYTES // 1024**2} MB")
    except OSError as exc:
        raise InvalidSubmission(f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
        for cell in nb.cells:
            if cell.get("cell_type") not in ("code", "markdown", "raw"):
                raise ValueError("a cell without a valid cell_type")
            if not isinstance(cell.get("source"), str) or not isinstance(
                cell.get("metadata"), dict
            ):
                raise ValueError("a cell without source or metadata")
    except Exception as exc:  # anything unreadable is "not a notebook"
        raise InvalidSubmission(
            f"not a notebook (not valid notebook JSON: {str(exc)[:120]})"
        ) from exc
    return nb


def load_solutions(folder: Path) -> dict[str, nbformat.NotebookNode]:
    """Every ``*.ipynb`` of ``folder``, by file stem (the lesson's name)."""
    out = {}
    for path in sorted(folder.glob("*.ipynb")):
        out[path.stem] = nbformat.read(path, as_version=4)
    return out


def solution_tasks(solution: nbformat.NotebookNode) -> list[Task]:
    """The graded exercises of a solution notebook, in order (a check without an exercise
    before it is a task of its own, named by its grade_id)."""
    tasks: list[Task] = []
    answer = None
    for cell in solution.cells:
        meta = nbgrader_meta.metadata(cell)
        if meta.get("solution") and cell.cell_type == "code":
            answer = meta.get("grade_id")
        elif meta.get("grade") and cell.cell_type == "code":
            gid = answer or meta.get("grade_id")
            tasks.append(Task(gid, meta.get("grade_id"), cell, float(meta.get("points", 0))))
            answer = None
    return tasks


def solution_ids(nb: nbformat.NotebookNode) -> set[str]:
    """The grade_ids of the notebook's exercise (``solution: true``) cells."""
    return {
        nbgrader_meta.metadata(c).get("grade_id")
        for c in nb.cells
        if nbgrader_meta.metadata(c).get("solution") and grade_id(c)
    }


def course_lesson(nb: nbformat.NotebookNode) -> int | None:
    """The lesson number in the notebook's metadata (``{"course": {"lesson": 4}}``), if any."""
    meta = nb.get("metadata")
    course = meta.get("course") if isinstance(meta, dict) else None
    number = course.get("lesson") if isinstance(course, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def identify(
    nb: nbformat.NotebookNode,
    path: Path,
    solutions: dict[str, nbformat.NotebookNode],
    source: str | None,
) -> tuple[str | None, str]:
    """The lesson a submission belongs to, and why not when it is not that lesson.

    Parameters
    ----------
    nb : the submission
    path : its file (its name decides when neither its exercises nor its metadata do)
    solutions : the solution notebooks by lesson name
    source : the lesson it must be, or None to recognise it

    Returns
    -------
    (lesson, reason)
        ``lesson`` is None when the submission is of another lesson or of none; then
        ``reason`` says so, else it is ``""``.
    """
    ids = solution_ids(nb) | {grade_id(c) for c in nb.cells}
    overlap = {name: len(ids & solution_ids(sol)) for name, sol in solutions.items()}
    best = max(overlap, key=lambda k: (overlap[k], k in path.stem), default=None)
    if best is not None and overlap[best] == 0:
        number = course_lesson(nb)
        by_meta = [n for n, sol in solutions.items() if number and course_lesson(sol) == number]
        by_name = [name for name in solutions if name in path.stem]
        best = (by_meta or by_name or [None])[0]
    if source is not None:
        if best is not None and best != source and overlap.get(best, 0) > overlap.get(source, 0):
            return None, f"this is a notebook of lesson {best}, not {source}"
        return source, ""
    if best is None:
        return None, "no exercise of any lesson found (not a notebook of this course?)"
    return best, ""


def probe_cell(name: str, payload: dict, nonce: str) -> nbformat.NotebookNode:
    """The cell that runs the probe on the learner's function ``name`` with ``payload``.

    Its reply is displayed under :data:`MIME`, tagged with ``nonce``; the cell defines
    nothing that outlives it.
    """
    absent = Status.NOT_A_FUNCTION.value
    code = f"""def _grader_probe_{nonce}():
    import json
    from IPython.display import display
    ns = {{"__name__": "_course_probe"}}
    exec(compile({PROBE_SOURCE!r}, "<check probe>", "exec"), ns)
    fn = globals().get({name!r})
    try:
        module = str(getattr(fn, "__module__", ""))
    except Exception:
        module = ""
    if fn is None:
        reply = {{"status": {absent!r}, "message": "is not defined"}}
    elif module == "helpers" or module.startswith("helpers."):
        reply = {{"status": {absent!r}, "message": "is the reference from helpers"}}
    else:
        reply = ns["run"](fn, json.loads({json.dumps(payload)!r}))
    display({{{MIME!r}: {{"nonce": {nonce!r}, "reply": reply}}}}, raw=True)
_grader_probe_{nonce}()
del _grader_probe_{nonce}
"""
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["grader"] = {"probe": name}
    return cell


def instrument(
    nb: nbformat.NotebookNode,
    tasks: list[Task],
    solution: nbformat.NotebookNode,
    nonce: str,
    rng: np.random.Generator,
) -> tuple[list[nbformat.NotebookNode], dict[str, CheckPlan]]:
    """The cells to run, and per check grade_id where its check and probe cells are.

    The submission is not changed: its cells are copied, locked cells replaced by the
    solution's, deleted checks put back after their exercise, duplicated graded cells
    run as ordinary cells, outputs cleared, and a probe inserted before each check of an
    exercise in :data:`helpers.checks.EXERCISES` (its inputs drawn from ``rng``).
    """
    locked = {
        grade_id(c): c
        for c in solution.cells
        if nbgrader_meta.metadata(c).get("locked") and grade_id(c)
    }
    check_ids = {t.check_id for t in tasks}
    answer_of = {t.check_id: t.answer_id for t in tasks}
    cells, seen = [], set()
    for cell in nb.cells:
        cell = nbformat.from_dict(dict(cell))
        gid = grade_id(cell)
        if gid in seen:  # a copy of a graded cell: run as an ordinary cell
            cell.metadata.pop("nbgrader", None)
            gid = None
        if gid in locked:
            seen.add(gid)
            original = locked[gid]
            cell = nbformat.from_dict(
                {**dict(cell), "cell_type": original.cell_type, "source": original.source}
            )
            if original.cell_type == "code":
                cell.setdefault("outputs", [])
                cell.setdefault("execution_count", None)
            else:
                cell.pop("outputs", None)
                cell.pop("execution_count", None)
            cell.metadata["nbgrader"] = dict(nbgrader_meta.metadata(original))
        elif gid is not None:
            seen.add(gid)
        cells.append(cell)
        # a deleted check goes back right after its exercise
        for t in tasks:
            if gid == t.answer_id and t.check_id not in {grade_id(c) for c in nb.cells}:
                cells.append(nbformat.from_dict(dict(t.check_cell)))
                seen.add(t.check_id)
    for cell in cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    plan: dict[str, CheckPlan] = {}
    final = []
    present = {grade_id(c) for c in cells}
    for cell in cells:
        gid = grade_id(cell)
        if gid in check_ids and gid not in plan:
            answer = answer_of[gid]
            problem, probe_at, payload = None, None, None
            if answer not in present:
                problem = f"exercise cell {answer} is missing"
            elif answer in EXERCISES:
                ex = EXERCISES[answer]
                payload = ex.payload(rng)
                probe_at = len(final)
                final.append(probe_cell(ex.name, payload, nonce))
            plan[gid] = CheckPlan(len(final), probe_at, payload, problem)
        final.append(cell)
    return final, plan
