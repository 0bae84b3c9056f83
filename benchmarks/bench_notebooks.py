"""Time each solution notebook's execution in a fresh kernel.

Usage: python benchmarks/bench_notebooks.py [NOTEBOOK ...]   (default: solutions/*.ipynb)

Prints one line per notebook: the seconds nbclient took from kernel start to the last
cell (best of --repeat runs). The course's budget is 8 s per lesson on a 2-core machine.
This is a measurement, not a test: nothing here fails the suite.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 8.0


def run_once(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="runs per notebook (best kept)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "solutions").glob("*.ipynb"))
    if not paths:
        print("no notebooks found")
        return 0
    for path in paths:
        best = min(run_once(path) for _ in range(max(1, args.repeat)))
        flag = "" if best <= BUDGET_S else f"  over the {BUDGET_S:.0f} s budget"
        print(f"{path.name:<32} {best:6.2f} s{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
