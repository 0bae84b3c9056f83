"""The grader's command line: ``course-grade`` or ``python -m helpers.instructor.grading``.

Usage::

    course-grade INPUT... [--out DIR] [--threshold PCT] [--id-column NAME]
                 [--solutions DIR] [--lesson NAME]
                 [--jobs N] [--json] [--gradescope PATH] [--csv PATH]
                 [--cell-timeout S] [--timeout S] [--memory-mb MB] [--max-output N]

An INPUT is a notebook, a folder of notebooks named by student, nbgrader's
``submitted/`` folder (or the folder holding it), or a folder of learners' home folders
with their copies of the course (a class hub's ``/home``); see :mod:`.collect`. With ``--out``,
the class is graded into that folder (:mod:`.batch`): a gradebook with one row per
student, the class report (HTML and Markdown) and one JSON per notebook; a re-run into
the same folder grades only what changed. Without it, the notebooks' scores are printed
(a table, or ``--json``). Progress goes to standard error: a bar on a terminal, a line
per notebook otherwise.

Without ``--solutions`` the source notebooks are the course checkout's ``solutions/``
(found from the working directory, see :mod:`helpers.instructor.checkout`). The exit
code is 0 when every notebook was graded (whatever its score), 1 when the grader itself
failed on one, 2 for a usage error (an input that does not exist, no notebooks, no
solutions folder, ``--jobs`` below 1, a threshold outside 0–100).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..checkout import NoCheckoutError
from .batch import grade_collection
from .collect import collect, nothing_found
from .grade import grade_many, solutions_folder
from .plan import load_solutions
from .progress import Progress
from .reports import gradebook, gradescope, table, to_json
from .run import Limits
from .score import NotebookStatus

__all__ = ["main"]


class UsageError(ValueError):
    """A command line that cannot be run; the message says what to pass instead."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course-grade",
        description="Grade submitted notebooks of the course in fresh, limited kernels.",
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="notebooks, folders of notebooks named by student, nbgrader's submitted/, or "
        "a folder of learners' homes holding their copies of the course",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="grade the class into DIR: gradebook.csv, report.html, report.md, "
        "notebooks/*.json (a re-run skips unchanged notebooks)",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=50.0,
        metavar="PCT",
        help="with --out: list students below PCT %% of a lesson's points (default 50)",
    )
    parser.add_argument(
        "--id-column",
        default="student",
        metavar="NAME",
        help="with --out: the gradebook's student column header, e.g. SID (default student)",
    )
    parser.add_argument(
        "--solutions",
        type=Path,
        metavar="DIR",
        help="folder of the source notebooks (default: the course checkout's solutions/)",
    )
    parser.add_argument("--lesson", help="the lesson every notebook must be (e.g. 04-forward)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--gradescope", type=Path, metavar="PATH", help="write results.json")
    parser.add_argument(
        "--csv", type=Path, metavar="PATH", help="write a CSV with one row per notebook"
    )
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
    return parser


def _check(args: argparse.Namespace) -> Path:
    """The solutions folder, once the arguments are known to make sense."""
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    if not 0 <= args.threshold <= 100:
        raise UsageError(f"--threshold is a percentage from 0 to 100, got {args.threshold:g}")
    if not args.id_column.strip() or any(c in args.id_column for c in "\r\n"):
        raise UsageError(f"--id-column needs a one-line name, e.g. SID; got {args.id_column!r}")
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file; give a folder (it is made if missing)")
    try:
        solutions = solutions_folder(args.solutions)
    except NoCheckoutError as exc:
        raise UsageError(str(exc)) from exc
    if not solutions.is_dir():
        raise UsageError(f"no solutions folder {solutions}")
    return solutions


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def main(argv: Sequence[str] | None = None) -> int:
    """Grade the notebooks named in ``argv`` (default: ``sys.argv``); return the exit code."""
    args = _parser().parse_args(argv)
    limits = Limits(args.cell_timeout, args.timeout, args.memory_mb * 1024**2, args.max_output)
    try:
        solutions = _check(args)
        found = collect(args.inputs, list(load_solutions(solutions)))
        paths = [s.path for s in found.submissions] + [u.path for u in found.unattributed]
        if not paths:
            raise UsageError(nothing_found(args.inputs, found))
    except (UsageError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        if args.out is not None:
            run = grade_collection(
                found,
                args.out,
                solutions,
                args.lesson,
                limits,
                args.jobs,
                threshold=args.threshold / 100,
                id_column=args.id_column,
            )
            results = [g.result for g in run.graded]
        else:
            progress = Progress(len(paths))
            results = grade_many(
                paths,
                solutions,
                args.lesson,
                limits,
                args.jobs,
                on_result=lambda i, r: progress.advance(f"graded: {paths[i]}"),
            )
    except KeyboardInterrupt:
        saved = " (each graded notebook is saved)" if args.out is not None else ""
        print(f"\ninterrupted{saved}: run the same command again to go on", file=sys.stderr)
        return 130
    except OSError as exc:  # the output folder cannot be written
        where = exc.filename or args.out
        print(f"error: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if args.json:
        print(to_json(results))
    elif args.out is None:
        print(table(results))
    else:
        s = run.summary
        print(
            f"{_count(len(results), 'notebook')} of {_count(s.students, 'student')} "
            f"({s.reused} unchanged since the last run); {len(s.problems)} to look at, "
            f"{len(s.below)} below {args.threshold:g} % in a lesson"
        )
        for path in run.files:
            print(f"wrote {path}")
    if args.gradescope:
        args.gradescope.write_text(json.dumps(gradescope(results), indent=2, ensure_ascii=False))
    if args.csv:
        args.csv.write_text(gradebook(results), encoding="utf-8")
    return 1 if any(r.status == NotebookStatus.ERROR for r in results) else 0
