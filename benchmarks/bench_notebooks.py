"""Each solution notebook's execution time in a fresh kernel, against the floor.

Usage: python benchmarks/bench_notebooks.py [NOTEBOOK ...] [--repeat N]
(default: every notebook in solutions/)

The floor is a fresh kernel that runs one cell importing what every lesson imports
(helpers, matplotlib.pyplot, ipywidgets): no lesson can be faster than that. The floor
and the lessons are run interleaved, ``--repeat`` rounds of them, and the medians are
compared, so a busy machine slows both alike. Budgets (issue 11): no lesson over 2.5×
the floor, and the whole course within 2× the floor times the number of lessons.

This is a measurement, not a test: nothing here fails the suite; the exit status is 1
only if a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
LESSON_BUDGET = 2.5  # × the floor, per lesson
COURSE_BUDGET = 2.0  # × the floor × the number of lessons, for the whole course
FLOOR_CELL = "import helpers\nimport matplotlib.pyplot as plt\nimport ipywidgets as widgets"


def run_once(nb: nbformat.NotebookNode, folder: Path) -> float:
    """Seconds from kernel start to the end of the last cell, in a fresh kernel."""
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (medians kept)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
    if not paths:
        print("no notebooks found")
        return 0
    floor_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])
    times: dict[str, list[float]] = {"floor": [], **{p.name: [] for p in paths}}
    load_before = os.getloadavg()
    for _ in range(max(1, args.repeat)):
        times["floor"].append(run_once(floor_nb, ROOT))
        for path in paths:
            times[path.name].append(run_once(nbformat.read(path, as_version=4), path.parent))
    load_after = os.getloadavg()
    median = {name: statistics.median(ts) for name, ts in times.items()}
    floor = median["floor"]
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)")
    print(f"{'floor (a kernel importing helpers, pyplot, ipywidgets)':<56} {floor:6.2f} s")
    missed = False
    for path in paths:
        ratio = median[path.name] / floor
        over = ratio > LESSON_BUDGET
        missed |= over
        flag = f"  OVER {LESSON_BUDGET}× the floor" if over else ""
        print(f"{path.name:<56} {median[path.name]:6.2f} s  {ratio:4.2f}× floor{flag}")
    total = sum(median[p.name] for p in paths)
    course = total / (floor * len(paths))
    over = course > COURSE_BUDGET
    missed |= over
    print(
        f"{'all ' + str(len(paths)) + ' lessons':<56} {total:6.2f} s  {course:4.2f}× "
        f"(floor × {len(paths)}; budget {COURSE_BUDGET}×){'  OVER' if over else ''}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
