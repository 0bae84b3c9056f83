"""Tests of helpers.checks.lessons.l05_backprop: lesson 5's exercises and their diagnoses."""

from __future__ import annotations

import numpy as np
from support import own, run_many

from helpers import checks


def test_numerical_gradient_success_line_reads_naturally():
    result = checks.run_check(
        "numerical_gradient", own(checks.reference("numerical_gradient")), quiet=True
    )
    assert result.passed
    assert "outputs" not in result.message
    assert "the gradient matches the reference on fresh random inputs and x is unchanged" in (
        result.message
    )


def test_numerical_gradient_must_leave_x_unchanged():
    def numerical_gradient(f, x, h=1e-5):
        grad = checks.reference("numerical_gradient")(f, x.copy(), h)
        x += 1.0  # changes the caller's array
        return grad

    result = checks.run_check("numerical_gradient", numerical_gradient, quiet=True)
    assert [line.name for line in result.lines if not line.passed] == ["x_after"]


def test_backward_sigma_prime_applied_twice():
    def backward(params, cache, Y):
        X, a1, a2, yhat = cache["X"], cache["a1"], cache["a2"], cache["yhat"]
        m = X.shape[1]
        dz3 = (yhat - Y) * yhat * (1 - yhat)  # σ' again, on top of ŷ − y
        dz2 = params["W3"].T @ dz3 * (cache["z2"] > 0)
        dz1 = params["W2"].T @ dz2 * (cache["z1"] > 0)
        grads = {}
        for k, dz, a in ((3, dz3, a2), (2, dz2, a1), (1, dz1, X)):
            grads[f"dW{k}"] = dz @ a.T / m
            grads[f"db{k}"] = np.sum(dz, axis=1, keepdims=True) / m
        return grads

    for result in run_many("backward", backward):
        assert result.causes == [
            "ŷ − y already includes σ′(z3); don't multiply by ŷ(1 − ŷ) again"
        ], result.report()


def test_numerical_gradient_looping_over_the_first_axis_only():
    def numerical_gradient(f, x, h=1e-5):
        grad = np.zeros_like(x)
        for i in range(len(x)):
            x[i] += h
            f_plus = f(x)
            x[i] -= 2 * h
            f_minus = f(x)
            x[i] += h
            grad[i] = (f_plus - f_minus) / (2 * h)
        return grad

    def with_nditer(f, x, h=1e-5):
        grad = np.zeros_like(x)
        it = np.nditer(x, flags=["multi_index"])
        for _ in it:
            i = it.multi_index
            old = x[i]
            x[i] = old + h
            f_plus = f(x)
            x[i] = old - h
            f_minus = f(x)
            x[i] = old
            grad[i] = (f_plus - f_minus) / (2 * h)
        return grad

    for result in run_many("numerical_gradient", numerical_gradient):
        assert any("only the first axis was visited" in c for c in result.causes), result.report()
    assert all(r.passed for r in run_many("numerical_gradient", with_nditer))
