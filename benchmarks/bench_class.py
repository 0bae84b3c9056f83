"""Seconds per submission when grading a class of 30, at ``--jobs 1`` and ``--jobs 2``.

Usage: python benchmarks/bench_class.py [--students N] [--repeat N]

The class is built as the class test builds its own (tests/fixtures/grading/make_class.py):
N notebooks in nbgrader's layout, the nine lessons in turn, each exercise either right or
one of the checks' own mistake variants. It is graded into a fresh output folder with
``grade_class`` (what ``course-grade --out`` runs) at one job and at two, interleaved
``--repeat`` times, and the medians are compared, so a busy machine slows both alike.
A last run into the folder of the previous one, with nothing changed, shows what a re-run
costs. Budget: two jobs at least 1.3 times as fast as one (the machine has 2 cores).

This is a measurement, not a test: nothing here fails the suite; the exit status is 1
only if the budget is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from helpers.instructor.grading.batch import grade_class

ROOT = Path(__file__).resolve().parents[1]
SPEED_UP_BUDGET = 1.3  # --jobs 2 against --jobs 1
LESSONS = sorted(p.stem for p in (ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))


def _make_class():
    path = ROOT / "tests" / "fixtures" / "grading" / "make_class.py"
    spec = importlib.util.spec_from_file_location("make_class", path)
    module = sys.modules["make_class"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_once(folder: Path, out: Path, jobs: int) -> float:
    """Seconds to grade the class in ``folder`` into ``out`` with ``jobs`` at once."""
    start = time.perf_counter()
    grade_class([folder], out, ROOT / "solutions", jobs=jobs, stream=io.StringIO())
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30, help="submissions in the class")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds (medians)")
    args = parser.parse_args(argv)
    make_class = _make_class()
    with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp:
        folder = Path(tmp) / "class"
        make_class.write_class(folder, make_class.cycle_plan(args.students, LESSONS))
        times: dict[int, list[float]] = {1: [], 2: []}
        load_before = os.getloadavg()
        out = Path(tmp) / "out"
        for r in range(max(1, args.repeat)):
            for jobs in (1, 2):
                out = Path(tmp) / f"out-{jobs}-{r}"
                times[jobs].append(run_once(folder, out, jobs))
        load_after = os.getloadavg()
        rerun = run_once(folder, out, 2)  # the same folder again: nothing to grade
    n = args.students
    one, two = statistics.median(times[1]), statistics.median(times[2])
    speed_up = one / two
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)")
    print(f"a class of {n} notebooks, lessons {', '.join(LESSONS)} in turn")
    for jobs, total in ((1, one), (2, two)):
        runs = ", ".join(f"{t:.1f}" for t in times[jobs])
        print(f"--jobs {jobs}: {total / n:5.2f} s per submission ({total:.1f} s; runs {runs})")
    over = speed_up < SPEED_UP_BUDGET
    flag = f"  UNDER the budget of {SPEED_UP_BUDGET}×" if over else ""
    print(f"speed-up of --jobs 2: {speed_up:.2f}×{flag}")
    print(f"re-run with nothing changed: {rerun:.2f} s ({rerun / n * 1000:.0f} ms per submission)")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
