"""The grader's command line: ``course-grade`` or ``python -m helpers.instructor.grading``.

Usage::

    course-grade NOTEBOOK... [--solutions DIR] [--lesson NAME] [--jobs N]
                 [--json] [--gradescope PATH] [--csv PATH]
                 [--cell-timeout S] [--timeout S] [--memory-mb MB] [--max-output N]

Without ``--solutions`` the source notebooks are the course checkout's ``solutions/``
(found from the working directory, see :mod:`helpers.instructor.checkout`). The exit
code is 0 when every notebook was graded (whatever its score), 1 when the grader itself
failed on one, 2 for a usage error (including no solutions folder).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..checkout import NoCheckoutError
from .grade import grade_many, solutions_folder
from .reports import gradebook, gradescope, table, to_json
from .run import Limits
from .score import NotebookStatus

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Grade the notebooks named in ``argv`` (default: ``sys.argv``); return the exit code."""
    parser = argparse.ArgumentParser(
        prog="course-grade",
        description="Grade submitted notebooks of the course in fresh, limited kernels.",
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument(
        "--solutions",
        type=Path,
        metavar="DIR",
        help="folder of the source notebooks (default: the course checkout's solutions/)",
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
    try:
        solutions = solutions_folder(args.solutions)
    except NoCheckoutError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not solutions.is_dir():
        print(f"error: no solutions folder {solutions}", file=sys.stderr)
        return 2
    limits = Limits(args.cell_timeout, args.timeout, args.memory_mb * 1024**2, args.max_output)
    results = grade_many(args.notebooks, solutions, args.lesson, limits, args.jobs)
    print(to_json(results) if args.json else table(results))
    if args.gradescope:
        args.gradescope.write_text(json.dumps(gradescope(results), indent=2, ensure_ascii=False))
    if args.csv:
        args.csv.write_text(gradebook(results), encoding="utf-8")
    return 1 if any(r.status == NotebookStatus.ERROR for r in results) else 0
