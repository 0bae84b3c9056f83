"""The explorers redraw in place (blitting) and look the same as a fresh draw."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from helpers import explorers as ex  # noqa: E402
from helpers.explorers._widgets import _png_output, fixed_grid  # noqa: E402
from helpers.explorers.network import ViewNetwork  # noqa: E402
from helpers.explorers.one_dim import View1D  # noqa: E402
from helpers.explorers.two_dim import View2D  # noqa: E402


def _pixels(output: dict) -> np.ndarray:
    png = base64.b64decode(output["data"]["image/png"])
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def _fresh_1d(**settings) -> np.ndarray:
    fig = Figure(figsize=(10, 3.6), dpi=100)
    axes = fig.subplots(1, 3, gridspec_kw=fixed_grid(fig, [3, 3, 1.2], wspace=0.32))
    run = ex.descent_1d(**settings)
    View1D(axes, run).update(run)  # the explorer's fixed window (draw_descent_1d fits)
    return _pixels(_png_output(fig))


def _fresh_2d(**settings) -> np.ndarray:
    fig = Figure(figsize=(10, 4.2), dpi=100)
    axes = fig.subplots(1, 2, gridspec_kw=fixed_grid(fig, [3, 2]))
    ex.draw_descent_2d(axes, ex.descent_2d(**settings))
    return _pixels(_png_output(fig))


def _assert_looks_the_same(live: np.ndarray, fresh: np.ndarray) -> None:
    assert live.shape == fresh.shape
    differ = np.abs(live - fresh).max(axis=2) > 32
    # the moving artists are drawn last, so a few edge pixels where they cross a spine
    # or a tick differ; anything a learner could notice would be thousands
    assert differ.sum() < 100, f"{differ.sum()} pixels differ"


# the learning rates cover converging, oscillating, lr = 1/a and diverging runs
@pytest.mark.parametrize("lr", [0.05, 1.0, 1.5, 2.5, 8.0])
def test_1d_blitted_redraw_looks_like_a_fresh_draw(lr):
    e = ex.explore_descent_1d()
    e.controls["x0"].value = -1.7
    e.controls["lr"].value = lr
    assert e.error is None and e.blitted
    _assert_looks_the_same(_pixels(e.output.outputs[0]), _fresh_1d(lr=lr, x0=-1.7))


@pytest.mark.parametrize(("optimizer", "lr"), [("sgd", 0.07), ("sgd", 0.5), ("adam", 0.3)])
def test_2d_blitted_redraw_looks_like_a_fresh_draw(optimizer, lr):
    e = ex.explore_descent_2d()
    e.controls["optimizer"].value = optimizer
    e.controls["lr"].value = lr
    assert e.error is None and e.blitted
    _assert_looks_the_same(_pixels(e.output.outputs[0]), _fresh_2d(lr=lr, optimizer=optimizer))


# converging, oscillating, and a run that blows up (no decision boundary is drawn)
@pytest.mark.parametrize(("optimizer", "lr"), [("sgd", 0.1), ("sgd", 3.0), ("rmsprop", 10.0)])
def test_network_blitted_redraw_looks_like_a_fresh_draw(optimizer, lr):
    e = ex.explore_network(epochs=20, optimizer=optimizer)
    e.controls["lr"].value = 0.007  # a boundary was drawn before, and is replaced
    e.controls["lr"].value = lr
    assert e.error is None and e.blitted and e.run.lr == lr
    fig = Figure(figsize=(10, 4.0), dpi=100)
    run = ex.train_network(lr=lr, epochs=20, optimizer=optimizer)
    ex.draw_training(fig.subplots(1, 2, width_ratios=[3, 2]), run)
    _assert_looks_the_same(_pixels(e.output.outputs[0]), _pixels(_png_output(fig)))


def test_a_still_part_changing_redraws_the_whole_figure():
    e = ex.explore_descent_1d()
    e.controls["lr"].value = 0.7
    assert e.blitted
    e.controls["steps"].value = 40  # the loss panel's x axis changes
    assert not e.blitted
    _assert_looks_the_same(_pixels(e.output.outputs[0]), _fresh_1d(lr=0.7, steps=40))
    e.controls["lr"].value = 0.2
    assert e.blitted
    _assert_looks_the_same(_pixels(e.output.outputs[0]), _fresh_1d(lr=0.2, steps=40))


def test_the_blitted_picture_really_changes():
    e = ex.explore_descent_2d()
    before = _pixels(e.output.outputs[0])
    e.controls["lr"].value = 0.09
    after = _pixels(e.output.outputs[0])
    assert (np.abs(after - before).max(axis=2) > 32).sum() > 500


@pytest.mark.parametrize(
    ("view", "run", "other"),
    [
        (View1D, ex.descent_1d(), ex.descent_1d(steps=5)),
        (View2D, ex.descent_2d(), ex.descent_2d(steps=5)),
        (ViewNetwork, ex.train_network(epochs=3), ex.train_network(epochs=4)),
    ],
)
def test_a_view_refuses_a_run_it_was_not_drawn_for(view, run, other):
    fig = Figure()
    v = view(fig.subplots(1, 2), run)
    assert set(v.artists) <= set(v.update(run))
    with pytest.raises(ValueError, match="other settings"):
        v.update(other)


def test_draw_descent_1d_fits_the_window_to_the_iterates():
    fig = Figure()
    fitted, fixed = fig.subplots(1, 2)
    run = ex.descent_1d(lr=2.1, x0=2.5)  # diverging slowly: each bounce lands farther out
    ex.draw_descent_1d(fitted, run)
    View1D(fixed, run).update(run)
    assert fitted.get_xlim()[1] == pytest.approx(4 * 2.5)
    assert fixed.get_xlim()[1] == pytest.approx(3.0)
    assert fixed.texts[0].get_text() == "x leaves the plot at step 2"
