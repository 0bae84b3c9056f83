"""Execute the solution notebooks in place, so their stored outputs come from a real run.

Usage::

    python -m helpers.instructor.execute                       # every solution notebook
    python -m helpers.instructor.execute solutions/02-*.ipynb  # some of them

``make solutions`` runs this and then rebuilds ``lessons/``. Each notebook runs in a
fresh kernel with its own folder as the working directory; a cell that raises stops the
run unless the cell is tagged ``raises-exception``; an exercise or check cell (one with
nbgrader metadata) that raises is refused even when tagged, because a solution must pass
its own checks. Widget state is not stored (the
explorers are live widgets, and their state would add megabytes that nothing reads).
The notebook is written back the way nbformat writes it, with a final newline.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .checkout import NoCheckoutError, course_folder

__all__ = ["SolutionFailedError", "execute_notebook", "main"]


class SolutionFailedError(RuntimeError):
    """An exercise or check cell of a solution notebook raised; nothing was written."""


def execute_notebook(path: Path, timeout: int = 300) -> float:
    """Run the notebook at ``path`` top to bottom and store its outputs in the file.

    Parameters
    ----------
    path : the .ipynb file, executed with its folder as the working directory
    timeout : seconds allowed for one cell

    Returns
    -------
    float, the wall time of the run in seconds

    Raises
    ------
    SolutionFailedError
        When a cell with nbgrader metadata raised (the file is left as it was).
    """
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    seconds = time.perf_counter() - start
    failed = [
        f"cell {n} ({cell.get('id')}): {out.ename}: {out.evalue}"
        for n, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and "nbgrader" in cell.metadata
        for out in cell.outputs
        if out.output_type == "error"
    ]
    if failed:
        raise SolutionFailedError(
            f"{path.name}: a solution's exercise or check cell raised, so its outputs were "
            "not stored; fix the solution and run again:\n  " + "\n  ".join(failed)
        )
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.instructor.execute",
        description="Execute solution notebooks in place (outputs from a real run).",
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to execute (default: every notebook in the checkout's solutions/)",
    )
    args = parser.parse_args(argv)
    paths = args.notebooks
    if not paths:
        try:
            paths = sorted(course_folder("solutions").glob("*.ipynb"))
        except NoCheckoutError as err:
            parser.error(str(err))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    for path in paths:
        try:
            seconds = execute_notebook(path.resolve())
        except SolutionFailedError as err:
            print(err, file=sys.stderr)
            return 1
        print(f"{path.name}: {seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
