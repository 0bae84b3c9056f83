"""Tests of helpers.explorers: compute functions against known results, draw functions
under Agg, the widget glue without a kernel, and the nbval marking of explorer cells."""

from __future__ import annotations

import base64
import json
import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import backward, forward, init_params, make_dataset  # noqa: E402
from helpers import explorers as ex  # noqa: E402
from helpers.gradcheck import numerical_gradient  # noqa: E402
from helpers.optim import OPTIMIZERS, SGD, Adam, Optimizer, register, unregister  # noqa: E402
from helpers.training import train  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------
# 1-D descent: the quadratic's known regimes
# --------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(0.1, 10.0),
    frac=st.floats(0.05, 0.95),
    x0=st.floats(-3, 3).filter(lambda v: abs(v) > 0.1),
)
def test_quadratic_below_threshold_converges(a, frac, x0):
    lr = frac * 2.0 / a
    run = ex.descent_1d(lr=lr, x0=x0, steps=200, a=a)
    assert run.regime in ("converging", "oscillating")
    assert run.diverged_at is None
    assert abs(run.xs[-1]) < abs(x0)
    # each step multiplies x by r = 1 - lr*a exactly
    np.testing.assert_allclose(
        run.xs[1:], (1 - lr * a) * run.xs[:-1], rtol=1e-12, atol=1e-14 * abs(x0)
    )


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0.1, 10.0), factor=st.floats(1.05, 20.0))
def test_quadratic_above_threshold_diverges(a, factor):
    lr = factor * 2.0 / a
    run = ex.descent_1d(lr=lr, x0=1.0, steps=2000, a=a)
    assert run.regime == "diverging"
    assert run.diverged_at is not None
    assert abs(run.xs[-1]) > ex.BLOWUP
    assert f"diverged at step {run.diverged_at}" in run.message
    assert len(run.xs) == run.diverged_at + 1


@pytest.mark.parametrize("a", [0.5, 1.0, 3.0, 4.0])
def test_lr_one_over_a_lands_in_one_step(a):
    run = ex.descent_1d(lr=1.0 / a, x0=2.5, steps=5, a=a)
    assert run.xs[1] == pytest.approx(0.0, abs=1e-12)
    assert "one step" in run.message


def test_regimes_of_the_quadratic():
    assert ex.descent_1d(lr=0.5).regime == "converging"
    assert ex.descent_1d(lr=1.5).regime == "oscillating"
    assert ex.descent_1d(lr=2.5).regime == "diverging"
    edge = ex.descent_1d(lr=2.0, x0=1.0, steps=6)
    assert edge.regime == "oscillating"
    np.testing.assert_allclose(edge.xs, [1, -1, 1, -1, 1, -1, 1])
    assert ex.descent_1d(lr=1.0).threshold == 2.0
    assert "slowly" in ex.descent_1d(lr=0.01).message


def test_double_well_goes_to_nearest_minimum_and_names_regime():
    run = ex.descent_1d(lr=0.1, x0=2.0, steps=200, func="double_well")
    assert run.xs[-1] == pytest.approx(1.0, abs=1e-6)
    assert run.threshold is None and run.regime == "converging"
    assert ex.descent_1d(lr=0.1, x0=-0.5, steps=200, func="double_well").xs[-1] == pytest.approx(
        -1.0, abs=1e-6
    )
    assert ex.descent_1d(lr=3.0, x0=2.0, steps=50, func="double_well").regime == "diverging"


def test_diverging_runs_stop_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run1 = ex.descent_1d(lr=50.0, steps=100)
        run2 = ex.descent_2d(lr=5.0, steps=200)
        run3 = ex.train_network(lr=500.0, epochs=5)
    assert run1.diverged_at == len(run1.xs) - 1
    assert run2.diverged_at is not None and "diverged at step" in run2.message
    assert run3.regime == "diverging"


def test_results_are_read_only_and_shaped():
    run = ex.descent_1d(steps=7)
    assert run.xs.shape == run.losses.shape == (8,)
    with pytest.raises(ValueError):
        run.xs[0] = 1.0
    run2 = ex.descent_2d(steps=9)
    assert run2.path.shape == (10, 2) and run2.losses.shape == (10,)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"lr": 0.0}, ValueError),
        ({"lr": -1.0}, ValueError),
        ({"lr": "big"}, TypeError),
        ({"steps": 0}, ValueError),
        ({"steps": True}, TypeError),
        ({"a": 0.0}, ValueError),
        ({"func": "cubic"}, ValueError),
        ({"x0": float("nan")}, ValueError),
    ],
)
def test_descent_1d_rejects_bad_input(kwargs, error):
    with pytest.raises(error):
        ex.descent_1d(**kwargs)


# --------------------------------------------------------------------------------------
# 1-D and 2-D derivatives are checked against finite differences
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ex.FUNCTIONS_1D))
def test_1d_derivatives_match_finite_differences(name):
    fn = ex.FUNCTIONS_1D[name]
    for x in np.linspace(-2.5, 2.5, 11):
        num = numerical_gradient(lambda v: float(fn.f(v[0], 1.7)), np.array([x]))[0]
        assert fn.df(x, 1.7) == pytest.approx(num, rel=1e-6, abs=1e-7)


# --------------------------------------------------------------------------------------
# 2-D descent uses helpers.optim
# --------------------------------------------------------------------------------------


def test_descent_2d_sgd_is_plain_gradient_descent():
    s = ex.SURFACES["bowl"]
    run = ex.descent_2d(lr=0.05, start=(-2.0, 1.0), steps=30)
    p = np.array([-2.0, 1.0])
    for k in range(30):
        p = p - 0.05 * s.grad(p)
        np.testing.assert_allclose(run.path[k + 1], p, rtol=1e-12)
    assert run.regime == "converging"


def test_descent_2d_momentum_matches_helpers_optim():
    s = ex.SURFACES["bowl"]
    run = ex.descent_2d(lr=0.02, start=(-2.0, 1.0), steps=25, optimizer="momentum", momentum=0.8)
    params, opt = {"p": np.array([-2.0, 1.0])}, SGD(0.02, momentum=0.8)
    for _ in range(25):
        opt.step(params, {"dp": s.grad(params["p"])})
    np.testing.assert_allclose(run.path[-1], params["p"], rtol=1e-12)


def test_descent_2d_bowl_threshold_and_optimizers():
    # the bowl's largest curvature is 20, so plain gradient descent needs lr < 2/20
    assert ex.descent_2d(lr=0.09, steps=300).path[-1] == pytest.approx([1.0, -0.5], abs=1e-6)
    assert ex.descent_2d(lr=0.11, steps=300).regime == "diverging"
    assert ex.descent_2d(lr=0.09, steps=40).regime == "oscillating"
    for opt in ("rmsprop", "adam"):
        run = ex.descent_2d(lr=0.05, steps=300, optimizer=opt)
        assert run.losses[-1] < 0.01 * run.losses[0]
    with pytest.raises(ValueError, match="optimizer"):
        ex.descent_2d(optimizer="newton")
    with pytest.raises(ValueError, match="surface"):
        ex.descent_2d(surface="volcano")


@pytest.mark.parametrize(
    ("optimizer", "expected"),
    [
        ("momentum", lambda: SGD(0.02, momentum=0.6)),
        ("adam", lambda: Adam(0.02, betas=(0.6, 0.999))),
        ("sgd", lambda: SGD(0.02)),
        ("rmsprop", lambda: OPTIMIZERS["rmsprop"].make(0.02)),
    ],
)
def test_the_momentum_slider_drives_each_optimizers_own_hyperparameter(optimizer, expected):
    # μ for momentum, β1 for Adam, nothing for sgd and rmsprop
    s = ex.SURFACES["bowl"]
    run = ex.descent_2d(lr=0.02, steps=15, optimizer=optimizer, momentum=0.6)
    params, opt = {"p": np.array(s.start)}, expected()
    for _ in range(15):
        opt.step(params, {"dp": s.grad(params["p"])})
    np.testing.assert_array_equal(run.path[-1], params["p"])
    net = ex.train_network(lr=0.02, epochs=2, m=40, optimizer=optimizer, momentum=0.6)
    X, Y = make_dataset("moons", m=40, seed=0)
    weights = init_params([2, 16, 8, 1], seed=0)
    history = train(weights, X, Y, expected(), epochs=2, batch_size=32, verbose=False)
    np.testing.assert_array_equal(net.loss_per_epoch, history.loss_per_epoch)


class _Sign(Optimizer):
    """signSGD with a scale, p ← p − lr·κ·sign(g): a trial rule, one class and nothing else."""

    def __init__(self, lr, kappa=1.0):
        super().__init__(lr)
        self.kappa = kappa

    def update(self, p, g, state):
        p -= self.lr * self.kappa * np.sign(g)

    def hyperparameters(self):
        return {"lr": self.lr, "kappa": self.kappa}


def test_a_registered_optimizer_is_in_every_menu_and_label_with_no_other_edit():
    register("trial-sign", label="sign κ={kappa:g}", slider="kappa")(_Sign)
    try:
        e2 = ex.explore_descent_2d()
        assert list(e2.controls["optimizer"].options) == list(OPTIMIZERS)
        assert "trial-sign" in e2.controls["optimizer"].options
        e2.controls["optimizer"].value = "trial-sign"
        assert e2.error is None and e2.run.optimizer == "trial-sign"
        assert e2.run.message.startswith("sign κ=0.9, lr = 0.05: ")
        run = ex.descent_2d(lr=0.01, steps=3, optimizer="trial-sign", momentum=0.5)
        np.testing.assert_allclose(run.path[1], np.array([-2.0, 1.0]) - 0.005 * np.array([-1, 1]))
        assert run.message.startswith("sign κ=0.5, lr = 0.01: ")
        e3 = ex.explore_network(epochs=2, m=40)
        assert "trial-sign" in e3.controls["optimizer"].options
        e3.controls["optimizer"].value = "trial-sign"
        assert e3.error is None and e3.run.message.startswith("trial-sign, lr = 0.5")
    finally:
        unregister("trial-sign")
    assert "trial-sign" not in ex.explore_descent_2d().controls["optimizer"].options


# --------------------------------------------------------------------------------------
# network training reuses helpers.training.train
# --------------------------------------------------------------------------------------


def test_train_network_matches_helpers_training():
    run = ex.train_network(lr=0.3, batch_size=16, epochs=5, m=60, seed=3)
    X, Y = make_dataset("moons", m=60, seed=3)
    params = init_params([2, 16, 8, 1], seed=3)
    history = train(params, X, Y, SGD(0.3), epochs=5, batch_size=16, seed=3, verbose=False)
    np.testing.assert_allclose(run.loss_per_epoch, history.loss_per_epoch, rtol=1e-12)
    np.testing.assert_allclose(run.params["W1"], params["W1"], rtol=1e-12)
    assert run.updates_per_epoch == 4 and len(run.loss_per_update) == 20


@pytest.mark.parametrize(("batch_size", "updates"), [(1, 40 * 3), (40, 3), (16, 3 * 3)])
def test_one_slider_gives_sgd_minibatch_and_full_batch(batch_size, updates):
    run = ex.train_network(batch_size=batch_size, epochs=3, m=40)
    assert len(run.loss_per_update) == updates
    kind = {1: "(SGD)", 40: "(full batch)", 16: "(mini-batch)"}[batch_size]
    assert kind in run.message


def test_sgd_end_of_the_batch_slider_is_not_called_diverged():
    # one misclassified example can cost 10× the average loss on its own: that is SGD's
    # noise, not divergence (the full training loss decides)
    run = ex.train_network(lr=0.1, batch_size=1)
    assert run.diverged_at is None and "diverged" not in run.message
    assert run.loss_per_epoch[-1] < 0.1 * run.loss_per_epoch[0]


def test_train_network_defaults_learn_and_huge_lr_diverges():
    run = ex.train_network()
    assert run.loss_per_epoch[-1] < 0.5 * run.loss_per_epoch[0] and run.accuracy > 0.9
    bad = ex.train_network(lr=1e4, epochs=3)
    assert bad.regime == "diverging" and bad.diverged_at is not None
    assert f"diverged at update {bad.diverged_at}" in bad.message
    with pytest.raises(ValueError, match="batch_size"):
        ex.train_network(batch_size=500, m=100)


@pytest.mark.parametrize(
    ("settings", "regime"),
    [
        ({"lr": 0.1, "batch_size": 8}, "converging"),
        # mini-batch noise in a run that reaches 98 % is not an oscillation
        ({"lr": 0.5, "batch_size": 32}, "noisy"),
        ({"lr": 0.001, "batch_size": 200}, "crawling"),
        # full batch: no sampling noise, so the jumps are the step overshooting
        ({"lr": 2.0, "batch_size": 200}, "oscillating"),
        # a dead network at 50 % has not diverged: its loss stayed near ln 2
        ({"lr": 5.0, "batch_size": 32}, "dead units"),
        ({"lr": 1e4, "batch_size": 32, "epochs": 3}, "diverging"),
    ],
)
def test_network_regime_names_what_the_run_shows(settings, regime):
    run = ex.train_network(**{"epochs": 50, **settings})
    assert run.regime == regime and run.regime in ex.NETWORK_REGIMES, run.message
    assert run.message.count(regime if regime != "diverging" else "diverged") == 1
    L = run.loss_per_epoch
    jumps = int(np.count_nonzero(L[1:] > 1.1 * L[:-1]))
    if regime == "noisy":
        assert jumps >= 5 and run.accuracy > 0.95 and L[-1] < 0.1 * L[0]
    if regime == "oscillating":
        assert jumps >= 5 and run.batch_size == run.X.shape[1]
    if regime == "crawling":
        assert 0.9 * L[0] < L[-1] < L[0] and jumps == 0
    if regime == "dead units":
        params = dict(run.params)
        _, cache = forward(params, run.X)
        assert np.all(cache["a2"] == 0) and run.accuracy == 0.5
        assert abs(L[-1] - L[0]) < 0.1  # near its start: nothing blew up
        grads = backward(params, cache, run.Y)  # and nothing below layer 3 can learn
        assert all(np.all(grads[k] == 0) for k in ("dW1", "db1", "dW2", "db2", "dW3"))
    if regime == "diverging":
        assert run.diverged_at is not None


def test_network_regime_from_given_curves():
    X = np.array([[1.0, -1.0, 0.5], [0.2, 0.3, -0.4]])
    alive = init_params([2, 4, 3, 1], seed=0)
    alive.update(b1=np.ones((4, 1)), b2=np.ones((3, 1)))  # every unit on for every example
    flat = np.array([0.70, 0.70, 0.71, 0.705])
    assert ex.network_regime(flat, None, False, alive, X)[0] == "stuck"
    assert ex.network_regime(np.array([0.7, 0.68, 0.67]), None, False, alive, X)[0] == "crawling"
    assert ex.network_regime(np.array([0.7, 0.3, 0.1]), None, False, alive, X)[0] == "converging"
    jumpy = np.array([0.7, 0.5, 0.6, 0.3, 0.4, 0.2, 0.25])
    assert ex.network_regime(jumpy, None, True, alive, X)[0] == "noisy"
    assert ex.network_regime(jumpy, None, False, alive, X)[0] == "oscillating"
    assert ex.network_regime(jumpy, 7, True, alive, X)[0] == "diverging"
    dead = {**alive, "b1": -10 * np.ones((4, 1))}  # layer 1 off everywhere
    regime, why = ex.network_regime(jumpy, None, True, dead, X)
    assert regime == "dead units" and "layer 1" in why


# --------------------------------------------------------------------------------------
# draw functions under Agg: only the Axes they are given
# --------------------------------------------------------------------------------------


def _untouched(ax) -> bool:
    return not (ax.lines or ax.collections or ax.texts or ax.patches or ax.images)


@pytest.mark.parametrize(
    ("draw", "run", "n"),
    [
        (ex.draw_descent_1d, ex.descent_1d(), 3),
        (ex.draw_descent_1d, ex.descent_1d(lr=9.0, steps=60), 3),
        (ex.draw_descent_1d, ex.descent_1d(func="double_well"), 3),
        (ex.draw_descent_2d, ex.descent_2d(), 2),
        (ex.draw_descent_2d, ex.descent_2d(lr=1.0, steps=100), 2),
        (ex.draw_descent_2d, ex.descent_2d(surface="rosenbrock", optimizer="adam", lr=0.05), 2),
        (ex.draw_training, ex.train_network(epochs=3), 2),
        (ex.draw_training, ex.train_network(lr=1e4, epochs=3), 2),
    ],
)
def test_draw_functions_touch_only_their_axes(draw, run, n):
    fig = Figure()
    axes = fig.subplots(1, n + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        drawn = draw(list(axes[:n]), run)
        fig.canvas.draw()
    assert len(drawn) == n
    assert all(not _untouched(ax) for ax in axes[:n])
    assert _untouched(axes[n])
    texts = " ".join(t.get_text() for ax in axes[:n] for t in ax.texts)
    if run.diverged_at is not None:
        assert f"diverged at {'update' if draw is ex.draw_training else 'step'}" in texts
    assert run.regime in axes[0].get_title()
    # a single Axes works too
    fig2 = Figure()
    assert len(draw(fig2.subplots(), run)) == 1


def test_draw_rejects_non_axes():
    with pytest.raises(TypeError):
        ex.draw_descent_1d("axes", ex.descent_1d())


# --------------------------------------------------------------------------------------
# widget glue, without a kernel
# --------------------------------------------------------------------------------------


def _png(explorer) -> bytes:
    (out,) = explorer.output.outputs
    assert out["output_type"] == "display_data", out
    return base64.b64decode(out["data"]["image/png"])


@pytest.mark.parametrize(
    ("explore", "compute"),
    [
        (ex.explore_descent_1d, ex.descent_1d),
        (ex.explore_descent_2d, ex.descent_2d),
        (ex.explore_network, ex.train_network),
    ],
)
def test_explorer_starts_at_the_static_defaults_and_redraws(explore, compute):
    e = explore()
    assert isinstance(e, widgets.VBox)
    assert e.error is None
    first = _png(e)
    assert first.startswith(b"\x89PNG")
    assert e.run.message == compute().message  # the static figure is what it first shows
    lr = e.controls["lr"]
    assert isinstance(lr, widgets.FloatLogSlider)
    assert all(getattr(w, "continuous_update", False) is False for w in e.controls.values()
               if isinstance(w, (widgets.FloatLogSlider, widgets.FloatSlider,
                                 widgets.IntSlider, widgets.SelectionSlider)))  # fmt: skip
    assert e.output.layout.height and e.output.layout.height.endswith("px")
    lr.value = lr.value * 4
    assert e.run.lr == pytest.approx(lr.value)
    assert _png(e) != first
    assert e.run.message in e.status.value.replace("&gt;", ">").replace("&lt;", "<")
    assert e.seconds > 0


def test_explorer_batch_size_slider_spans_sgd_to_full_batch():
    e = ex.explore_network(m=100, epochs=2)
    slider = e.controls["batch_size"]
    values = [v for _, v in slider.options]
    assert values[0] == 1 and values[-1] == 100
    slider.value = 100
    assert "(full batch)" in e.run.message
    slider.value = 1
    assert "(SGD)" in e.run.message


def test_explorer_diverging_setting_shows_message_not_error():
    e = ex.explore_descent_1d()
    e.controls["lr"].value = 10.0
    assert e.error is None and e.run.regime == "diverging"
    assert "diverged at step" in e.status.value


def test_error_in_callback_is_shown_in_output_area():
    e = ex.explore_descent_1d()

    def broken(**kwargs):
        raise RuntimeError("boom")

    e.compute = broken
    e.controls["steps"].value = 30
    (out,) = e.output.outputs
    assert out["output_type"] == "stream" and out["name"] == "stdout"
    assert "Could not redraw: RuntimeError: boom" in out["text"]
    assert isinstance(e.error, RuntimeError) and e.run is None
    e.compute = ex.descent_1d
    e.controls["steps"].value = 31
    assert e.error is None and _png(e)


def test_explorer_2d_options_reach_the_compute_function():
    e = ex.explore_descent_2d(surface="saddle")
    e.controls["optimizer"].value = "adam"
    e.controls["momentum"].value = 0.5
    assert e.run.optimizer == "adam" and e.run.momentum == 0.5 and e.run.surface == "saddle"


# --------------------------------------------------------------------------------------
# nbval: only explorer cells may ignore their output
# --------------------------------------------------------------------------------------

IGNORE_TAGS = {"nbval-ignore-output", "nbval-skip"}
IGNORE_COMMENTS = re.compile(r"^\s*#\s*NBVAL_(IGNORE_OUTPUT|SKIP)\b", re.MULTILINE)
EXPLORE_CALL = re.compile(r"\bexplore_(\w+)\s*\(")
STATIC_OF = {"descent_1d": "descent_1d", "descent_2d": "descent_2d", "network": "train_network"}


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _ignored(cell) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    return bool(tags & IGNORE_TAGS) or bool(IGNORE_COMMENTS.search(_source(cell)))


def ignored_output_problems(nb: dict, name: str) -> list[str]:
    """Every way ``nb`` breaks the rule: output may be ignored only in explorer cells, an
    explorer cell must be tagged nbval-ignore-output, and a checked cell calling the
    same compute function must come before it."""
    problems = []
    code = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    for i, cell in enumerate(code):
        src = _source(cell)
        calls = EXPLORE_CALL.findall(src)
        tags = set(cell.get("metadata", {}).get("tags", []))
        if _ignored(cell) and not calls:
            problems.append(f"{name}: code cell {i + 1} ignores its output but shows no "
                            f"explorer: {src.strip()[:60]!r}")  # fmt: skip
        if calls and "nbval-ignore-output" not in tags:
            problems.append(f"{name}: explorer cell {i + 1} must be tagged nbval-ignore-output")
        for kind in calls:
            if kind not in STATIC_OF:  # explore_figure: a lesson's own plot
                continue
            compute = STATIC_OF[kind]
            before = [c for c in code[:i] if not _ignored(c)]
            if not any(re.search(rf"\b{compute}\s*\(", _source(c)) for c in before):
                problems.append(f"{name}: explorer cell {i + 1} (explore_{kind}) needs a "
                                f"checked static figure of {compute}(...) before it")  # fmt: skip
    return problems


def _notebooks() -> list[Path]:
    return sorted((ROOT / "solutions").glob("*.ipynb")) + [
        ROOT / "tests" / "fixtures" / "explorer_demo.ipynb"
    ]


def test_only_explorer_cells_ignore_output():
    paths = _notebooks()
    assert len(paths) > 1, "no solution notebooks to scan"
    problems = []
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        problems += ignored_output_problems(nb, str(path.relative_to(ROOT)))
    assert not problems, "\n".join(problems)


def _cell(src, tags=()):
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": src, "outputs": []}


def test_ignored_output_rule_catches_offenders():
    ok = {
        "cells": [
            _cell("run = descent_1d()\nprint(run.message)"),
            _cell("explore_descent_1d()", ["nbval-ignore-output"]),
        ]
    }
    assert ignored_output_problems(ok, "ok") == []
    hidden = {"cells": [_cell("print(np.random.rand())", ["nbval-ignore-output"])]}
    assert "shows no explorer" in ignored_output_problems(hidden, "nb")[0]
    comment = {"cells": [_cell("# NBVAL_IGNORE_OUTPUT\nprint(1)")]}
    assert ignored_output_problems(comment, "nb")
    untagged = {"cells": [_cell("descent_2d()"), _cell("explore_descent_2d()")]}
    assert "must be tagged" in ignored_output_problems(untagged, "nb")[0]
    no_static = {"cells": [_cell("explore_network()", ["nbval-ignore-output"])]}
    assert "train_network" in ignored_output_problems(no_static, "nb")[0]


def test_explore_figure_gives_a_lessons_own_plot_the_same_glue():
    calls = []

    def draw(ax, seed, scale=1.0):
        calls.append((seed, scale))
        ax.plot(np.random.default_rng(seed).standard_normal(20) * scale)

    seed = widgets.IntSlider(value=0, min=0, max=9, continuous_update=False)
    e = ex.explore_figure(draw, {"seed": seed}, figsize=(4, 2), fixed={"scale": 2.0})
    first = _png(e)
    seed.value = 3
    assert calls == [(0, 2.0), (3, 2.0)] and _png(e) != first
    assert e.run == {"seed": 3, "scale": 2.0}
    assert e.output.layout.height == "212px"
    with pytest.raises(TypeError):
        ex.explore_figure(draw, {"seed": 3})
    ok = {"cells": [_cell("explore_figure(draw, {})", ["nbval-ignore-output"])]}
    assert ignored_output_problems(ok, "nb") == []


def test_explorer_starts_where_it_was_told_even_outside_the_default_ranges():
    # a slider clamps a value outside [min, max]: the ranges must widen instead, or the
    # explorer would start elsewhere than the static figure drawn above it
    one = ex.explore_descent_1d(x0=5.0, steps=150, lr=20.0)
    assert one.controls["x0"].value == 5.0 and one.run.x0 == 5.0
    assert one.controls["steps"].value == 150 and one.controls["lr"].value == 20.0
    two = ex.explore_descent_2d(start=(3.0, 2.0))
    assert (two.controls["x0"].value, two.controls["y0"].value) == (3.0, 2.0)
    np.testing.assert_array_equal(two.run.path[0], [3.0, 2.0])
