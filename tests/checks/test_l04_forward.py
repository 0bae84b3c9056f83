"""Tests of helpers.checks.lessons.l04_forward: lesson 4's exercises and their diagnoses."""

from __future__ import annotations

import numpy as np
import pytest
from support import own, run_many

from helpers import checks
from helpers.checks import probe


def test_forward_cache_must_hold_X():
    def forward(params, X):
        yhat, cache = checks.reference("forward")(params, X)
        return yhat, {k: v for k, v in cache.items() if k != "X"}

    result = checks.run_check("forward", forward, quiet=True)
    assert result.status == "bad-output" and not result.passed
    assert "cache needs 'X' too: backward uses it for dW1" in result.message


def test_forward_success_line_says_what_was_compared():
    result = checks.run_check("forward", own(checks.reference("forward")), quiet=True)
    assert result.passed
    assert "yhat and every z, a in the cache match the reference" in result.message
    assert "the cache holds X and yhat as they are" in result.message


def test_loss_is_tried_on_predictions_of_exactly_0_and_1():
    def unclipped(yhat, Y):
        return float(-np.mean(Y * np.log(yhat) + (1 - Y) * np.log(1 - yhat)))

    def lesson_solution(yhat, Y):  # solutions/04-forward.ipynb
        yhat = np.clip(yhat, 1e-12, 1 - 1e-12)
        return float(np.mean(-(Y * np.log(yhat) + (1 - Y) * np.log1p(-yhat))))

    def other_eps(yhat, Y):
        yhat = np.clip(yhat, 1e-7, 1 - 1e-7)
        return float(-np.mean(np.where(Y == 1, np.log(yhat), np.log(1 - yhat))))

    ex = checks.get("compute_loss")
    saturated = probe.decode(ex.payload(np.random.default_rng(0))["more"][0]["args"])
    pairs = {(float(a), float(b)) for a, b in zip(*(v.ravel() for v in saturated), strict=True)}
    assert {(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)} <= pairs
    for result in run_many("compute_loss", unclipped):
        assert result.causes == [
            "clip ŷ into [ε, 1 − ε] before the log (np.clip), or the loss is infinite/NaN "
            "when a prediction is exactly 0 or 1"
        ], result.report()
    for fn in (lesson_solution, other_eps):
        assert all(r.passed for r in run_many("compute_loss", fn))
    result = checks.run_check("compute_loss", lesson_solution, quiet=True)
    assert "max relative error 0.0e+00" in result.message


@pytest.mark.parametrize(
    "layer1",
    ['X @ params["W1"]', 'params["W1"].T @ X'],
)
def test_forward_shape_error_is_explained_with_the_shapes(layer1):
    source = f"""def forward(params, X):
    z1 = {layer1} + params["b1"]
    return z1, {{}}
"""
    scope = {"np": np}
    exec(compile(source, "<learner cell>", "exec"), scope)
    result = checks.run_check("forward", scope["forward"], quiet=True)
    report = result.report()
    assert result.status == "error" and "gufunc" not in report, report
    assert "the shapes here: X (" in report and "W1 (" in report
    assert "W1 has shape (n1, n_x): compute W1 @ X, not X @ W1 or W1.T @ X" in report


def _forward(relu_z3=None, relu_out=None, b2=True):
    """A learner's forward pass, with a ReLU on z3 (before the sigmoid) or b2 left out."""

    def forward(params, X):
        relu = lambda z: np.maximum(0, z)  # noqa: E731
        z1 = params["W1"] @ X + params["b1"]
        a1 = relu(z1)
        z2 = params["W2"] @ a1 + (params["b2"] if b2 else 0)
        a2 = relu(z2)
        z3 = params["W3"] @ a2 + params["b3"]
        if relu_z3 == "stored":
            z3 = relu(z3)
        yhat = 1 / (1 + np.exp(-(relu(z3) if relu_z3 == "inside" else z3)))
        cache = {"X": X, "z1": z1, "a1": a1, "z2": z2, "a2": a2, "z3": z3, "yhat": yhat}
        return yhat, cache

    return forward


def test_forward_without_b2():
    for result in run_many("forward", _forward(b2=False)):
        assert result.causes == ["b2 is missing: z2 = W2 @ a1 + b2"], result.report()
        assert {line.name for line in result.lines if not line.passed} == {
            "z2",
            "a2",
            "z3",
            "yhat",
            "cache['yhat']",
        }


def test_forward_with_a_relu_before_the_sigmoid():
    cause = (
        "a ReLU on the output layer: z3 = W3 @ a2 + b3 goes into the sigmoid as it is, "
        "yhat = sigmoid(z3), with no relu"
    )
    for how in ("inside", "stored"):
        for result in run_many("forward", _forward(relu_z3=how)):
            assert result.causes == [cause], result.report()


def _clipped(loss_of):
    def compute_loss(yhat, Y):
        yhat = np.clip(yhat, 1e-12, 1 - 1e-12)
        return float(loss_of(yhat, Y))

    return compute_loss


def test_loss_with_the_notebooks_global_m():
    # lesson 4's notebook has X of 200 columns: X.shape[1] there is not this batch's m
    cause = (
        "divided by the notebook's m = 200, not by this batch's m: use np.mean, or divide "
        "by Y.shape[1] (not a global m or X.shape[1])"
    )
    for eps in (1e-12, 1e-7, 1e-15):

        def compute_loss(yhat, Y, eps=eps):
            yhat = np.clip(yhat, eps, 1 - eps)
            return float(-np.sum(Y * np.log(yhat) + (1 - Y) * np.log(1 - yhat)) / 200)

        for result in run_many("compute_loss", compute_loss):
            assert result.causes == [cause], result.report()  # not "clip ŷ" on either call
            assert all(line.causes == (cause,) for line in result.lines), result.report()


def test_loss_divided_by_m_twice():
    twice = _clipped(
        lambda yhat, Y: -np.mean(Y * np.log(yhat) + (1 - Y) * np.log(1 - yhat)) / Y.shape[1]
    )
    for result in run_many("compute_loss", twice):
        assert result.causes == [
            "divided by m twice: np.mean already divides by m, so use np.mean(...) or "
            "np.sum(...) / m, not both"
        ], result.report()


def test_loss_with_Y_and_yhat_swapped():
    cause = (
        "Y and yhat are swapped: the loss is −mean(Y log ŷ + (1 − Y) log(1 − ŷ)), the labels "
        "outside the logs and the clipped ŷ inside"
    )
    swapped = _clipped(lambda yhat, Y: -np.mean(yhat * np.log(Y) + (1 - yhat) * np.log(1 - Y)))

    def arguments_swapped(Y, yhat, eps=1e-7):  # the parameters in the wrong order
        yhat = np.clip(yhat, eps, 1 - eps)
        return float(-np.mean(Y * np.log(yhat) + (1 - Y) * np.log(1 - yhat)))

    for fn in (swapped, arguments_swapped):
        for result in run_many("compute_loss", fn):
            assert result.causes == [cause], result.report()  # not "clip ŷ": it is clipped
            assert all(line.causes == (cause,) for line in result.lines), result.report()


def test_loss_clip_advice_only_when_the_saturated_loss_is_infinite():
    def doubled(yhat, Y):  # clipped, so the saturated loss is finite (and also doubled)
        yhat = np.clip(yhat, 1e-12, 1 - 1e-12)
        return float(-2 * np.mean(Y * np.log(yhat) + (1 - Y) * np.log(1 - yhat)))

    for result in run_many("compute_loss", doubled):
        assert result.status == "failed"
        assert not any("clip" in c for c in result.causes), result.report()


def _forward_feeding(layer: int, cache_x=None, cache_yhat=None):
    def forward(params, X):
        z1 = params["W1"] @ X + params["b1"]
        a1 = np.maximum(z1, 0)
        z2 = params["W2"] @ (z1 if layer == 2 else a1) + params["b2"]
        a2 = np.maximum(z2, 0)
        z3 = params["W3"] @ (z2 if layer == 3 else a2) + params["b3"]
        yhat = 1 / (1 + np.exp(-z3))
        cache = {"X": X, "z1": z1, "a1": a1, "z2": z2, "a2": a2, "z3": z3, "yhat": yhat}
        cache["X"] = X if cache_x is None else cache_x(X)
        cache["yhat"] = yhat if cache_yhat is None else cache_yhat(z3)
        return yhat, cache

    return forward


def test_a_layer_fed_the_z_before_the_relu_is_named_as_such():
    for layer, a in ((2, "a1"), (3, "a2")):
        for result in run_many("forward", _forward_feeding(layer)):
            assert len(result.causes) == 1 and f"not {a}" in result.causes[0], result.report()


def test_the_cache_must_hold_x_and_yhat_as_they_are():
    for result in run_many("forward", _forward_feeding(0, cache_x=lambda X: X.T.copy().T * 2)):
        assert any("cache['X'] must be the X" in c for c in result.causes), result.report()
    for result in run_many("forward", _forward_feeding(0, cache_yhat=lambda z3: z3)):
        assert any("cache['yhat'] must be the yhat" in c for c in result.causes)
