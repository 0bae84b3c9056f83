"""Grade submitted notebooks: ``python -m helpers.grade NOTEBOOK...`` (or ``course-grade``).

Each submission is graded on a copy, in a fresh kernel (nbclient) whose working
directory is a temporary folder, under a memory limit, a per-cell and an overall time
limit and a cap on the output kept. Before the run

- every locked cell (the checks) is restored from the solution notebook by grade_id,
  so an edited or deleted check changes nothing (a deleted check is put back after its
  exercise; a missing exercise cell scores 0 with a message);
- before each check the grader inserts a probe: it calls the learner's function on
  fresh inputs the grader drew, and sends the outputs back as ``.npy`` bytes in a
  display message tagged with a random nonce. They are compared with the reference
  *here*, in the grader's process, so replacing the checks, ``numpy.allclose`` or
  ``__eq__`` inside the notebook earns nothing.

An exercise earns its points when its check cell ran without error (the kernel's
execute reply) *and* the probe's outputs match the reference. Output: a table, or
``--json``, ``--gradescope results.json``, ``--csv gradebook.csv``; ``--jobs N`` grades
notebooks in parallel. The exit code is 0 when every notebook was graded (whatever its
score), 1 when the grader itself failed on one, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from queue import Empty

import nbformat
import numpy as np
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from .build_lessons import _nbgrader
from .checks import EXERCISES, probe
from .checks.report import from_probe

__all__ = ["ExerciseScore", "NotebookResult", "Limits", "grade_notebook", "grade_many", "main"]

ROOT = Path(__file__).resolve().parent.parent
MIME = "application/vnd.course-grade+json"
PROBE_SOURCE = Path(probe.__file__).read_text(encoding="utf-8")
#: larger files are not read at all
MAX_NOTEBOOK_BYTES = 50 * 1024**2


@dataclass(frozen=True)
class Limits:
    """What a submission may use: seconds per cell and in all, memory, output, file size."""

    cell_timeout: float = 60.0
    total_timeout: float = 600.0
    memory: int = 2 * 1024**3
    max_output: int = 1_000_000
    max_file: int = 64 * 1024**2


@dataclass
class ExerciseScore:
    """One exercise's line of the report."""

    exercise: str
    points: float
    max: float
    status: str
    message: str


@dataclass
class NotebookResult:
    """The grade of one notebook. status: graded, invalid (not gradable) or error."""

    path: str
    lesson: str | None
    score: float
    max_score: float
    status: str
    message: str = ""
    seed: int | None = None
    exercises: list[ExerciseScore] = field(default_factory=list)


# ----------------------------------------------------------------- solutions


@dataclass
class _Task:
    """An exercise of the solution notebook: its answer cell, its check, its points."""

    answer_id: str
    check_id: str
    check_cell: dict
    points: float


def _tasks(solution) -> list[_Task]:
    tasks: list[_Task] = []
    answer = None
    for cell in solution.cells:
        meta = _nbgrader(cell)
        if meta.get("solution") and cell.cell_type == "code":
            answer = meta.get("grade_id")
        elif meta.get("grade") and cell.cell_type == "code":
            gid = answer or meta.get("grade_id")
            tasks.append(_Task(gid, meta.get("grade_id"), cell, float(meta.get("points", 0))))
            answer = None
    return tasks


def _solution_ids(nb) -> set[str]:
    return {
        _nbgrader(c).get("grade_id")
        for c in nb.cells
        if _nbgrader(c).get("solution") and _nbgrader(c).get("grade_id")
    }


def _load_solutions(folder: Path) -> dict[str, nbformat.NotebookNode]:
    out = {}
    for path in sorted(folder.glob("*.ipynb")):
        out[path.stem] = nbformat.read(path, as_version=4)
    return out


def _identify(nb, path: Path, solutions: dict, source: str | None) -> tuple[str | None, str]:
    """The lesson a submission belongs to, and why not when it is not that lesson."""
    ids = _solution_ids(nb) | {_nbgrader(c).get("grade_id") for c in nb.cells}
    overlap = {name: len(ids & _solution_ids(sol)) for name, sol in solutions.items()}
    best = max(overlap, key=lambda k: (overlap[k], k in path.stem), default=None)
    if best is not None and overlap[best] == 0:
        by_name = [name for name in solutions if name in path.stem]
        best = by_name[0] if by_name else None
    if source is not None:
        if best is not None and best != source and overlap.get(best, 0) > overlap.get(source, 0):
            return None, f"this is a notebook of lesson {best}, not {source}"
        return source, ""
    if best is None:
        return None, "no exercise of any lesson found (not a notebook of this course?)"
    return best, ""


# ----------------------------------------------------------------- building the run


def _probe_cell(name: str, payload: dict, nonce: str) -> nbformat.NotebookNode:
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
        reply = {{"status": "not-a-function", "message": "is not defined"}}
    elif module == "helpers" or module.startswith("helpers."):
        reply = {{"status": "not-a-function", "message": "is the reference from helpers"}}
    else:
        reply = ns["run"](fn, json.loads({json.dumps(payload)!r}))
    display({{{MIME!r}: {{"nonce": {nonce!r}, "reply": reply}}}}, raw=True)
_grader_probe_{nonce}()
del _grader_probe_{nonce}
"""
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["grader"] = {"probe": name}
    return cell


def _build(nb, tasks: list[_Task], solution, nonce: str, rng) -> tuple[list, dict]:
    """The cells to run, and per check grade_id: (probe index, check index) or a problem."""
    locked = {
        _nbgrader(c).get("grade_id"): c
        for c in solution.cells
        if _nbgrader(c).get("locked") and _nbgrader(c).get("grade_id")
    }
    check_ids = {t.check_id for t in tasks}
    answer_of = {t.check_id: t.answer_id for t in tasks}
    cells, seen = [], set()
    for cell in nb.cells:
        cell = nbformat.from_dict(dict(cell))
        gid = _nbgrader(cell).get("grade_id")
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
            cell.metadata["nbgrader"] = dict(_nbgrader(original))
        elif gid is not None:
            seen.add(gid)
        cells.append(cell)
        # a deleted check goes back right after its exercise
        for t in tasks:
            if gid == t.answer_id and t.check_id not in {_g(c) for c in nb.cells}:
                cells.append(nbformat.from_dict(dict(t.check_cell)))
                seen.add(t.check_id)
    for cell in cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    plan: dict[str, dict] = {}
    final = []
    present = {_g(c) for c in cells}
    for cell in cells:
        gid = _g(cell)
        if gid in check_ids and gid not in plan:
            answer = answer_of[gid]
            info: dict = {"check": None, "probe": None, "payload": None}
            if answer not in present:
                info["problem"] = f"exercise cell {answer} is missing"
            elif answer in EXERCISES:
                ex = EXERCISES[answer]
                info["payload"] = ex.payload(rng)
                info["probe"] = len(final)
                final.append(_probe_cell(ex.name, info["payload"], nonce))
            info["check"] = len(final)
            plan[gid] = info
        final.append(cell)
    return final, plan


def _g(cell) -> str | None:
    return _nbgrader(cell).get("grade_id")


# ----------------------------------------------------------------- running


class _GradeKernelManager(AsyncKernelManager):
    """Starts :mod:`helpers._grade_kernel` (ipykernel under resource limits)."""

    def format_kernel_cmd(self, extra_arguments=None):
        return [sys.executable, "-m", "helpers._grade_kernel", "-f", self.connection_file]


class _Client(NotebookClient):
    """nbclient that records execute replies and probe results and caps the output kept."""

    def __init__(self, nb, nonce: str, max_output: int, **kw):
        super().__init__(nb, **kw)
        self.nonce = nonce
        self.max_output = max_output
        self.kept = 0
        self.truncated = False
        self.replies: dict[int, dict] = {}
        self.probes: dict[int, list] = {}

    async def _check_raise_for_error(self, cell, cell_index, exec_reply):
        if exec_reply is not None:
            self.replies[cell_index] = dict(exec_reply.get("content", {}))
        return await super()._check_raise_for_error(cell, cell_index, exec_reply)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        data = content.get("data") if isinstance(content, dict) else None
        if isinstance(data, dict) and MIME in data:
            item = data[MIME]
            if isinstance(item, dict) and item.get("nonce") == self.nonce:
                self.probes.setdefault(cell_index, []).append(item.get("reply"))
            return None
        size = _size(content)
        if self.kept + size > self.max_output:
            if not self.truncated:
                self.truncated = True
                outs.append(nbformat.v4.new_output("stream", name="stderr", text="[output cut]\n"))
            return None
        self.kept += size
        return super().output(outs, msg, display_id, cell_index)


def _size(content) -> int:
    if not isinstance(content, dict):
        return 0
    total = len(str(content.get("text", "")))
    for value in (content.get("data") or {}).values():
        total += len(value) if isinstance(value, str) else len(json.dumps(value))
    total += sum(len(str(line)) for line in content.get("traceback", []) or [])
    return total


#: the problem texts the scoring recognises (so rewording one cannot change a status)
TIMED_OUT = "timed out"
KERNEL_DIED = "the kernel died (a crash, os._exit or the memory limit)"


def _run(
    cells, limits: Limits, nonce: str, workdir: str, skip_after_timeout: dict[int, int]
) -> tuple[_Client, dict[int, str]]:
    """Execute the cells; return the client (replies, probes) and per-cell problems.

    ``skip_after_timeout`` maps a probe cell to its check cell, which is not run when the
    probe timed out (it would call the same function again).
    """
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    client = _Client(
        nb,
        nonce=nonce,
        max_output=limits.max_output,
        timeout=int(limits.cell_timeout),
        startup_timeout=60,
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": "CellTimeoutError", "evalue": "time limit", "traceback": []},
        kernel_manager_class=_GradeKernelManager,
        resources={"metadata": {"path": workdir}},
        iopub_timeout=2,
    )
    env = dict(os.environ)
    env.update(
        COURSE_GRADE_MAX_MEMORY=str(limits.memory),
        COURSE_GRADE_MAX_FILE=str(limits.max_file),
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        MPLBACKEND="Agg",
        HOME=workdir,
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    )
    problems: dict[int, str] = {}
    deadline = time.monotonic() + limits.total_timeout
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    with client.setup_kernel(env=env, cwd=workdir, **quiet):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if index in problems:  # skipped on purpose
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 1:
                problems[index] = "not run: the notebook's overall time limit was reached"
                continue
            client.timeout = max(1, int(min(limits.cell_timeout, remaining)))
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                problems[index] = KERNEL_DIED
                for later in range(index + 1, len(nb.cells)):
                    problems[later] = "not run: the kernel died in an earlier cell"
                break
            except CellTimeoutError:  # defensive: error_on_timeout makes nbclient reply instead
                problems[index] = TIMED_OUT
            reply = client.replies.get(index, {})
            if reply.get("ename") == "CellTimeoutError":
                problems[index] = f"{TIMED_OUT} after {client.timeout} s (an endless loop?)"
                if not _responsive(client):  # the interrupt did not stop it: kill it now
                    for later in range(index + 1, len(nb.cells)):
                        problems[later] = "not run: the kernel did not stop after a time limit"
                    try:
                        run_sync(client.km.shutdown_kernel)(now=True)
                    except Exception:  # already gone
                        pass
                    break
                if index in skip_after_timeout:  # the check would only time out again
                    check = skip_after_timeout[index]
                    problems[check] = "not run: the function timed out on the grader's inputs"
    return client, problems


def _responsive(client: _Client, seconds: float = 3.0) -> bool:
    """Whether the kernel answers a trivial request within ``seconds`` (after an interrupt)."""

    async def wait() -> bool:
        msg_id = client.kc.execute("pass", store_history=False, silent=True)
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(client.kc.shell_channel.get_msg(timeout=left))
            except Empty:
                return False
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return True
        return False

    try:
        return run_sync(wait)()
    except Exception:  # a dead or broken kernel is not responsive
        return False


# ----------------------------------------------------------------- scoring


def _score(tasks, plan, client, problems) -> list[ExerciseScore]:
    scores = []
    for t in tasks:
        info = plan.get(t.check_id)
        name = t.answer_id

        def line(status, message, points=0.0, t=t, name=name):
            return ExerciseScore(name, points, t.points, status, message)

        if info is None or info.get("problem"):
            problem = info.get("problem") if info else f"check {t.check_id} could not be placed"
            scores.append(line("missing", problem))
            continue
        check, probe = info["check"], info["probe"]
        result = None
        if probe is not None:
            if probe in problems:
                status = "timeout" if problems[probe].startswith(TIMED_OUT) else "error"
                scores.append(line(status, f"{EXERCISES[name].name}: {problems[probe]}"))
                continue
            replies = client.probes.get(probe, [])
            if len(replies) != 1 or not isinstance(replies[0], dict):
                scores.append(line("tampered", "the grader's probe result was missing or forged"))
                continue
            result = from_probe(EXERCISES[name], info["payload"], replies[0])
        if check in problems:
            scores.append(line("error", f"the check cell: {problems[check]}"))
            continue
        reply = client.replies.get(check, {})
        check_ok = reply.get("status") == "ok"
        if result is not None and not result.passed:
            message = result.summary()
            status = "not-attempted" if result.status == "not-attempted" else "failed"
            if check_ok:
                message += " (the check cell passed in the notebook, not on the grader's inputs)"
            scores.append(line(status, message))
        elif not check_ok:
            error = f"{reply.get('ename', 'error')}: {reply.get('evalue', '')}".strip()
            scores.append(line("failed", f"check failed: {error[:300]}"))
        else:
            scores.append(line("passed", "✓ passed", t.points))
    return scores


def grade_notebook(
    path: str | Path,
    solutions: str | Path = ROOT / "solutions",
    source: str | None = None,
    limits: Limits = Limits(),
    seed: int | None = None,
) -> NotebookResult:
    """Grade one notebook; never raises for a bad submission, never writes to it.

    Parameters
    ----------
    path : the submission
    solutions : folder of the source notebooks (checks are restored from them)
    source : the lesson (solution file stem) it must be; default: recognised by its
        exercises' grade_ids, then by its file name
    limits : time, memory and output limits
    seed : seed of the grader's random inputs (default: a fresh random one)
    """
    path = Path(path)
    seed = secrets.randbits(63) if seed is None else seed
    base = NotebookResult(str(path), None, 0.0, 0.0, "invalid", seed=seed)
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            base.message = f"the file is larger than {MAX_NOTEBOOK_BYTES // 1024**2} MB"
            return base
        raw = path.read_bytes()
    except OSError as exc:
        base.message = f"cannot read the file: {exc.strerror or exc}"
        return base
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
        base.message = f"not a notebook (not valid notebook JSON: {str(exc)[:120]})"
        return base
    sols = _load_solutions(Path(solutions))
    if source is not None and source not in sols:
        base.status, base.message = "error", f"no solution notebook {source}.ipynb"
        return base
    lesson, why = _identify(nb, path, sols, source)
    base.lesson = lesson
    if lesson is None:
        tasks = _tasks(sols[source]) if source else []
        base.max_score = sum(t.points for t in tasks)
        base.exercises = [
            ExerciseScore(t.answer_id, 0.0, t.points, "wrong-lesson", why) for t in tasks
        ]
        base.message = why
        return base
    solution = sols[lesson]
    tasks = _tasks(solution)
    base.max_score = sum(t.points for t in tasks)
    nonce = secrets.token_hex(16)
    cells, plan = _build(nb, tasks, solution, nonce, np.random.default_rng(seed))
    try:
        with tempfile.TemporaryDirectory(prefix="grade-") as workdir:
            pairs = {p["probe"]: p["check"] for p in plan.values() if p.get("probe") is not None}
            client, problems = _run(cells, limits, nonce, workdir, pairs)
    except Exception as exc:  # the kernel could not start, or nbclient failed
        base.status, base.message = "error", f"grading failed: {type(exc).__name__}: {exc}"
        return base
    base.exercises = _score(tasks, plan, client, problems)
    base.score = sum(e.points for e in base.exercises)
    base.status = "graded"
    notes = []
    if client.truncated:
        notes.append(f"output cut at {limits.max_output} characters")
    died = [p for p in problems.values() if p == KERNEL_DIED]
    if died:
        notes.append(died[0])
    base.message = "; ".join(notes)
    return base


def _grade_safely(args) -> NotebookResult:
    path, solutions, source, limits = args
    try:
        return grade_notebook(path, solutions, source, limits)
    except Exception as exc:  # a grader bug must not stop the batch
        return NotebookResult(str(path), None, 0.0, 0.0, "error", f"grader error: {exc!r}")


def grade_many(
    paths: Sequence[str | Path],
    solutions: str | Path = ROOT / "solutions",
    source: str | None = None,
    limits: Limits = Limits(),
    jobs: int = 1,
) -> list[NotebookResult]:
    """Grade several notebooks (``jobs`` at a time); one result each, in order."""
    work = [(str(p), str(solutions), source, limits) for p in paths]
    if jobs <= 1 or len(work) <= 1:
        return [_grade_safely(w) for w in work]
    results: list[NotebookResult] = []
    # spawn, not fork: a forked copy of a process that talks to kernels can hang.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_grade_safely, w) for w in work]
        for w, fut in zip(work, futures, strict=True):
            try:
                results.append(fut.result())
            except Exception as exc:  # the worker process itself died
                results.append(
                    NotebookResult(w[0], None, 0.0, 0.0, "error", f"grader error: {exc!r}")
                )
    return results


# ----------------------------------------------------------------- reports


def _fmt(x: float) -> str:
    return f"{x:g}"


def table(results: Sequence[NotebookResult]) -> str:
    """A plain-text report: per notebook a header line and one line per exercise."""
    lines = []
    for r in results:
        head = f"{r.path}: {_fmt(r.score)}/{_fmt(r.max_score)}"
        head += f"  (lesson {r.lesson})" if r.lesson else ""
        if r.status != "graded":
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
                    "status": "failed",
                    "output": r.message,
                }
            )
        for e in r.exercises:
            tests.append(
                {
                    "name": prefix + e.exercise,
                    "score": e.points,
                    "max_score": e.max,
                    "status": "passed" if e.status == "passed" else "failed",
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
                r.status,
                _fmt(r.score),
                _fmt(r.max_score),
                *[pts.get(n, "") for n in names],
                r.message,
            ]
        )
    return buf.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="course-grade",
        description="Grade submitted notebooks of the course in fresh, limited kernels.",
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument(
        "--solutions",
        type=Path,
        default=ROOT / "solutions",
        help="folder of the source notebooks (default: the course's solutions/)",
    )
    parser.add_argument("--lesson", help="the lesson every notebook must be (e.g. 04-forward)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--gradescope", type=Path, metavar="PATH", help="write results.json")
    parser.add_argument("--csv", type=Path, metavar="PATH", help="write a CSV gradebook")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks graded at once")
    parser.add_argument("--cell-timeout", type=float, default=Limits.cell_timeout)
    parser.add_argument(
        "--timeout", type=float, default=Limits.total_timeout, help="seconds for a whole notebook"
    )
    parser.add_argument("--memory-mb", type=int, default=Limits.memory // 1024**2)
    parser.add_argument(
        "--max-output",
        type=int,
        default=Limits.max_output,
        help="characters of output kept per notebook",
    )
    args = parser.parse_args(argv)
    if not args.solutions.is_dir():
        print(f"error: no solutions folder {args.solutions}", file=sys.stderr)
        return 2
    limits = Limits(args.cell_timeout, args.timeout, args.memory_mb * 1024**2, args.max_output)
    results = grade_many(args.notebooks, args.solutions, args.lesson, limits, args.jobs)
    print(to_json(results) if args.json else table(results))
    if args.gradescope:
        args.gradescope.write_text(json.dumps(gradescope(results), indent=2, ensure_ascii=False))
    if args.csv:
        args.csv.write_text(gradebook(results), encoding="utf-8")
    return 1 if any(r.status == "error" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
