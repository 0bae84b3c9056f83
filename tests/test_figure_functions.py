"""Every function that draws a figure labels its axes and stays in the course palette.

The functions are found, not listed: every public function of a ``helpers`` module whose
first parameter is ``ax`` or ``axes``. Each must have a case below that draws with it,
so a new drawing function cannot skip the check. Titles are the caller's (a function
draws one panel of a figure the lesson lays out), so they are not asked for here; the
lessons' own figures are checked for them by the audit in the test kernels.
"""

import importlib
import inspect
import pkgutil

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers
from helpers import init_params, make_moons, train
from helpers.budget import plot_budget
from helpers.diagrams import draw_backprop_graph, draw_fan_out, draw_network
from helpers.explorers import (
    descent_1d,
    descent_2d,
    draw_descent_1d,
    draw_descent_2d,
    draw_training,
    train_network,
)
from helpers.instructor.figure_audit import audit_figure
from helpers.plots import (
    label_contours,
    log_scale,
    plot_classes,
    plot_contour_path,
    plot_decision_boundary,
    plot_loss,
    shade_probability,
)

# first parameter "ax" or "axes", but they check their argument and draw nothing
NOT_DRAWING = {"as_axes_list", "audit_axes"}


def drawing_functions() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if info.name.endswith("__main__"):  # running it is running a command
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj):
                continue
            if obj.__module__ != module.__name__ or name in NOT_DRAWING:
                continue
            params = list(inspect.signature(obj).parameters)
            if params and params[0] in ("ax", "axes"):
                found.add(name)
    return found


def _data():
    X, Y = make_moons(40, seed=0)
    return X, Y, init_params([2, 4, 3, 1], seed=0)


def _history(seed=0):
    X, Y, params = _data()
    return train(params, X, Y, lr=0.5, epochs=3, batch_size=10, seed=seed, verbose=False)


def _bowl(x, y):
    return x**2 + 3 * y**2


CASES = {
    "plot_loss": (1, lambda ax: plot_loss(ax, {"a": _history(0), "b": _history(1)})),
    "plot_classes": (1, lambda ax: plot_classes(ax, *_data()[:2])),
    "plot_decision_boundary": (
        1,
        lambda ax: plot_decision_boundary(ax, _data()[2], *_data()[:2], 20, colorbar=True),
    ),
    "shade_probability": (1, lambda ax: shade_probability(ax, _data()[2], (-2, 2), (-2, 2), 20)),
    "plot_contour_path": (1, lambda ax: plot_contour_path(ax, _bowl, [[1, 1], [0.5, 0.2]])),
    "label_contours": (1, lambda ax: label_contours(plot_contour_path(ax, _bowl))),
    "log_scale": (
        1,
        lambda ax: log_scale(plot_loss(ax, _history()), "both"),
    ),
    "draw_network": (1, lambda ax: draw_network(ax, [2, 4, 3, 1], ["x", "a₁", "a₂", "ŷ"])),
    "draw_backprop_graph": (1, draw_backprop_graph),
    "draw_fan_out": (1, draw_fan_out),
    "draw_descent_1d": (3, lambda axes: draw_descent_1d(axes, descent_1d())),
    "draw_descent_2d": (2, lambda axes: draw_descent_2d(axes, descent_2d(optimizer="adam"))),
    "draw_training": (2, lambda axes: draw_training(axes, train_network(epochs=3))),
    "plot_budget": (4, lambda axes: plot_budget(axes, {"a": _history(0), "b": _history(1)})),
}
# how a lesson lays out the panels of these: one loss axis for the four units
SHARE_Y = {"plot_budget"}


def test_every_drawing_function_has_a_case():
    missing = drawing_functions() - set(CASES)
    assert not missing, f"add a case to CASES for {sorted(missing)}"
    assert set(CASES) <= drawing_functions(), "a case for a function that is gone"


@pytest.mark.parametrize("name", sorted(CASES))
def test_drawing_function_labels_its_axes_in_the_palette(name):
    n_axes, draw = CASES[name]
    fig, axes = plt.subplots(1, n_axes, figsize=(4 * n_axes, 3), sharey=name in SHARE_Y)
    try:
        draw(axes)
        fig.canvas.draw()  # some colours (contour labels, colour bars) exist only once drawn
        problems = [p for p in audit_figure(fig) if "no title" not in p]
        assert problems == [], f"{name}: " + "; ".join(problems)
    finally:
        plt.close(fig)


def test_the_check_fails_on_a_function_that_leaves_a_label_out():
    fig, ax = plt.subplots()
    try:
        ax.plot(np.arange(3), color="C0")
        ax.set_xlabel("epoch")
        assert [p for p in audit_figure(fig) if "no title" not in p] == [
            "axes 1 of 1: the y axis has no label (ax.set_ylabel(...))"
        ]
    finally:
        plt.close(fig)
