"""Each lesson's kernel memory at its peak, as a learner runs it: the per-learner sizing.

Usage: python benchmarks/bench_memory.py [NOTEBOOK ...]
(default: every lesson in lessons/, exercises unfinished, as learners get them)

Every notebook runs top to bottom in a fresh kernel (errors allowed: the unfinished
exercises raise) while the kernel's resident memory (RSS) is sampled every 50 ms; the
peak, the RSS at the end and the PSS at the end (shared pages split between the processes
that share them) are printed, with an idle kernel for comparison. The single-user server
itself is measured by tests/test_jupyterhub.py (test-artifacts/hub/measurements.json);
course/instructor-guide.md, "Teaching on a JupyterHub", adds the two up.

A measurement, not a test: the exit status is 0.
"""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024


def measure(nb: nbformat.NotebookNode, folder: Path) -> dict[str, float]:
    """Peak and final memory (MiB) of a fresh kernel running ``nb`` in ``folder``."""
    km = KernelManager(kernel_name="python3")
    client = NotebookClient(
        nb, km=km, timeout=300, allow_errors=True, resources={"metadata": {"path": str(folder)}}
    )
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            pid = getattr(km.provisioner, "pid", None)
            if pid:
                try:
                    peak[0] = max(peak[0], psutil.Process(pid).memory_info().rss)
                except psutil.Error:
                    pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
        kernel = psutil.Process(km.provisioner.pid)
        end = kernel.memory_info().rss
        pss = kernel.memory_full_info().pss
    done.set()
    sampler.join()
    return {
        "peak_rss": max(peak[0], end) / MiB,
        "end_rss": end / MiB,
        "end_pss": pss / MiB,
        "seconds": time.perf_counter() - start,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
    idle = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    rows = [("an idle kernel", measure(idle, ROOT))]
    rows += [(p.name, measure(nbformat.read(p, as_version=4), p.parent)) for p in paths]
    print(f"{'notebook':<28} {'peak RSS':>9} {'end RSS':>9} {'end PSS':>9} {'seconds':>8}")
    for name, m in rows:
        print(
            f"{name:<28} {m['peak_rss']:>5.0f} MiB {m['end_rss']:>5.0f} MiB "
            f"{m['end_pss']:>5.0f} MiB {m['seconds']:>8.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
