"""Kernel time of one slider change in each explorer (helpers.explorers).

Usage: python benchmarks/bench_explorers.py [--repeat N]

Starts a fresh Python kernel (the one a learner's JupyterLab uses), builds each
explorer there and times ``slider.value = v`` for a sweep of learning rates: that
call runs the whole redraw (compute, draw, PNG, the message to the browser), so it is
the kernel time a learner waits after releasing a slider. It also times the other
way to redraw, clearing an Output and drawing a fresh pyplot figure with
``plt.subplots`` + ``plt.show()`` through the inline backend, for comparison.

Budgets: ≤ 150 ms for the 1-D and 2-D explorers, ≤ 1 s for the network explorer at
its default size (issue 5); and the 1-D and 2-D explorers' median redraw at least 5×
faster than the fresh pyplot redraw of the same figure, measured in the same kernel
(issue 11). This is a measurement, not a test: nothing here fails the suite; the exit
status is 1 only if a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from jupyter_client.manager import start_new_kernel

BUDGETS_MS = {"descent_1d": 150.0, "descent_2d": 150.0, "network": 1000.0}
#: explorer -> (the fresh pyplot redraw it is compared with, the least speed-up)
RATIO_BUDGETS = {
    "descent_1d": ("descent_1d via plt.subplots + plt.show", 5.0),
    "descent_2d": ("descent_2d via plt.subplots + plt.show", 5.0),
    # training takes part of the time of both, so this ratio stays below the 3× that
    # issue 11 asks of the network explorer against its old rebuild (old training too):
    # compare across runs with the table in benchmarks/README.md for that
    "network": ("network, whole figure redrawn", 1.0),
}

KERNEL_CODE = r"""
import json, statistics, time
import matplotlib.pyplot as plt
import ipywidgets as widgets
from IPython.display import clear_output
from helpers import explorers as ex

REPEAT = {repeat}

def sweep(explorer, key, values):
    times = []
    for _ in range(REPEAT):
        for v in values:
            t = time.perf_counter()
            explorer.controls[key].value = v
            times.append(1000 * (time.perf_counter() - t))
            if explorer.error is not None:
                raise explorer.error
    return times

LRS_1D = [0.05, 0.3, 1.0, 1.5, 2.5, 8.0, 0.01, 0.6]
LRS_2D = [0.01, 0.05, 0.09, 0.12, 0.5, 0.02, 0.07, 0.03]
LRS_NET = [0.1, 0.5, 1.0, 3.0, 0.05, 0.3]
results = {{}}
e1 = ex.explore_descent_1d()
results["descent_1d"] = sweep(e1, "lr", LRS_1D)
e2 = ex.explore_descent_2d()
results["descent_2d"] = sweep(e2, "lr", LRS_2D)
for opt in ("momentum", "adam"):
    e2.controls["optimizer"].value = opt
    results["descent_2d"] += sweep(e2, "lr", LRS_2D)
e3 = ex.explore_network()
results["network"] = sweep(e3, "lr", LRS_NET)
e3.controls["batch_size"].value = 1
results["network (batch size 1)"] = sweep(e3, "lr", LRS_NET[:2])
# the same explorer redrawing its whole figure on every change (as before blitting)
e4 = ex.explore_network()
e4.view_class = None
e4.draw = ex.network.draw_training  # the pure draw function the lessons and tests use
results["network, whole figure redrawn"] = sweep(e4, "lr", LRS_NET)

# the alternative redraw: a fresh pyplot figure shown through the inline backend
out = widgets.Output()
def pyplot_redraw(lr):
    run = ex.descent_1d(lr)
    with out:
        clear_output(wait=True)
        fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), width_ratios=[3, 3, 1.2])
        ex.draw_descent_1d(axes, run)
        plt.show()
def pyplot_redraw_2d(lr, optimizer):
    run = ex.descent_2d(lr, optimizer=optimizer)
    with out:
        clear_output(wait=True)
        fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), width_ratios=[3, 2])
        ex.draw_descent_2d(axes, run)
        plt.show()
times, times_2d = [], []
for _ in range(REPEAT):
    for lr in LRS_1D:
        t = time.perf_counter()
        pyplot_redraw(lr)
        times.append(1000 * (time.perf_counter() - t))
    for opt in ("sgd", "momentum", "adam"):
        for lr in LRS_2D:
            t = time.perf_counter()
            pyplot_redraw_2d(lr, opt)
            times_2d.append(1000 * (time.perf_counter() - t))
results["descent_1d via plt.subplots + plt.show"] = times
results["descent_2d via plt.subplots + plt.show"] = times_2d
print("RESULTS " + json.dumps(results))
"""


def run_in_kernel(repeat: int) -> dict[str, list[float]]:
    km, kc = start_new_kernel(kernel_name="python3")
    lines: list[str] = []
    errors: list[str] = []

    def hook(msg):
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            lines.extend(content["text"].splitlines())
        elif kind == "error":
            errors.append("\n".join(content["traceback"]))

    try:
        kc.execute_interactive(KERNEL_CODE.format(repeat=repeat), timeout=600, output_hook=hook)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    if errors:
        raise RuntimeError("the benchmark failed in the kernel:\n" + "\n".join(errors))
    for line in lines:
        if line.startswith("RESULTS "):
            return json.loads(line[len("RESULTS ") :])
    raise RuntimeError("the kernel printed no results:\n" + "\n".join(lines))


def _percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="sweeps per explorer")
    args = parser.parse_args(argv)
    results = run_in_kernel(args.repeat)
    missed = False
    print(f"{'redraw after one slider change':42s} {'n':>4s} {'median':>9s} {'p90':>9s} "
          f"{'max':>9s}  budget")  # fmt: skip
    for name, times in results.items():
        budget = BUDGETS_MS.get(name)
        med = _percentile(times, 0.5)
        verdict = ""
        if budget is not None:
            ok = med <= budget
            missed |= not ok
            verdict = f"{budget:.0f} ms (median {'within' if ok else 'OVER'})"
        print(f"{name:42s} {len(times):4d} {med:7.0f}ms {_percentile(times, 0.9):7.0f}ms "
              f"{max(times):7.0f}ms  {verdict}")  # fmt: skip
    for name, (baseline, least) in RATIO_BUDGETS.items():
        ratio = _percentile(results[baseline], 0.5) / _percentile(results[name], 0.5)
        ok = ratio >= least
        missed |= not ok
        print(f"{name}: {ratio:.1f}× faster than '{baseline}' "
              f"(budget {least:.0f}×{'' if ok else ', MISSED'})")  # fmt: skip
    print(f"load average (1 min): {os.getloadavg()[0]:.2f}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
