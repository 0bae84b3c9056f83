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


def test_forward_success_line_counts_the_six_compared_outputs():
    result = checks.run_check("forward", own(checks.reference("forward")), quiet=True)
    assert result.passed
    assert "all 6 outputs match the reference on fresh random inputs" in result.message


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
