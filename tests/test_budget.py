"""Tests of helpers.budget: epoch marks, the four-panel plot and time to a target loss."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import init_params, loss, loss_and_grads, make_moons, minibatches, train
from helpers.budget import UNITS, epoch_marks, plot_budget, time_to_target


def _data(m=50):
    X, Y = make_moons(m=m, noise=0.2, seed=4)
    return X, Y


@pytest.mark.parametrize("batch_size", [1, 7, 50])
def test_epoch_marks_count_updates_and_evaluations_by_hand(batch_size):
    X, Y = _data()
    h = train(init_params([2, 5, 3, 1], seed=0), X, Y, lr=0.1, epochs=3, batch_size=batch_size)
    marks = epoch_marks(h)
    per_epoch = -(-50 // batch_size)
    np.testing.assert_array_equal(marks["epochs"], [0, 1, 2, 3])
    np.testing.assert_array_equal(marks["updates"], [0, per_epoch, 2 * per_epoch, 3 * per_epoch])
    np.testing.assert_array_equal(marks["grad_evals"], [0, 50, 100, 150])
    np.testing.assert_array_equal(marks["loss"], h.loss_per_epoch)
    assert marks["time"][0] == 0 and np.all(np.diff(marks["time"]) > 0)


def test_plot_budget_draws_every_run_on_four_axes():
    X, Y = _data()
    runs = {
        f"b = {b}": train(init_params([2, 5, 3, 1], seed=0), X, Y, epochs=2, batch_size=b)
        for b in (5, 50)
    }
    fig, axes = plt.subplots(1, 4)
    plot_budget(axes, runs)
    for ax, unit in zip(axes, UNITS, strict=True):
        assert len(ax.lines) == 2 and ax.get_xlabel() == UNITS[unit]
        assert ax.get_xscale() == ("log" if unit in ("updates", "time") else "linear")
    # on the log axes the start (at 0) is left out
    assert len(axes[1].lines[0].get_xdata()) == 2 and len(axes[0].lines[0].get_xdata()) == 3
    with pytest.raises(ValueError, match="needs 4 Axes"):
        plot_budget(axes[:2], runs)
    plt.close(fig)


def _by_hand(X, Y, batch_size, lr, target, max_evals, seed, every):
    """The gradient steps of time_to_target, written out with lesson 6's update rule."""
    p = init_params([2, 5, 3, 1], seed=0)
    rng = np.random.default_rng(seed)
    evals = updates = since = 0
    current = loss(p, X, Y)
    while current > target and evals < max_evals:
        for Xb, Yb in minibatches(X, Y, batch_size, rng):
            _, grads = loss_and_grads(p, Xb, Yb)
            p = {k: v - lr * grads["d" + k] for k, v in p.items()}
            evals, updates, since = evals + Xb.shape[1], updates + 1, since + Xb.shape[1]
            if since >= every or evals >= max_evals:
                since = 0
                current = loss(p, X, Y)
                if current <= target or evals >= max_evals:
                    break
    return p, evals, updates, current


@pytest.mark.parametrize(("batch_size", "target"), [(1, 0.5), (8, 0.45), (50, 0.6)])
def test_time_to_target_takes_the_hand_computed_steps(batch_size, target):
    X, Y = _data()
    p = init_params([2, 5, 3, 1], seed=0)
    run = time_to_target(p, X, Y, batch_size, 0.3, target, max_evals=5000, seed=2)
    hand, evals, updates, current = _by_hand(X, Y, batch_size, 0.3, target, 5000, 2, every=5)
    assert run.reached and run.loss <= target
    assert (run.grad_evals, run.updates) == (evals, updates)
    assert run.loss == pytest.approx(current, rel=1e-12)
    for name in p:
        np.testing.assert_allclose(p[name], hand[name], rtol=1e-12, atol=1e-14)
    assert run.seconds > 0


def test_time_to_target_stops_at_the_budget():
    X, Y = _data()
    run = time_to_target(init_params([2, 5, 3, 1], seed=0), X, Y, 50, 0.01, 0.01, max_evals=200)
    assert not run.reached and run.grad_evals == 200 and run.updates == 4


def test_bad_inputs_say_what_was_expected():
    X, Y = _data()
    p = init_params([2, 5, 3, 1], seed=0)
    with pytest.raises(ValueError, match="batch_size"):
        time_to_target(p, X, Y, 51, 0.1, 0.1, 100)
    with pytest.raises(ValueError, match="target"):
        time_to_target(p, X, Y, 5, 0.1, -1.0, 100)
    with pytest.raises(TypeError, match="History"):
        epoch_marks({"loss": []})
