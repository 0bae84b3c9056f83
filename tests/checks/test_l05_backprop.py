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


# ------------------------------------------------ the predictions and the tanh transfer


def test_tanh_reference_is_central_differences_and_agrees_with_the_algebra():
    from helpers.checks.lessons import l05_backprop as l5

    ex = checks.get("backward_tanh")
    for seed in range(8):
        args, _ = ex.make_case(np.random.default_rng(seed))
        numeric = l5.backward_tanh(*args)
        analytic = l5._tanh_with(*args)
        for name in numeric:
            err = np.max(np.abs(numeric[name] - analytic[name])) / np.max(np.abs(analytic[name]))
            assert err < ex.rtol / 10, (seed, name, err)  # far inside the check's tolerance


def _tanh_backward(slope, scale=1.0):
    """A learner-style backward for the tanh network with a chosen layer-1 slope."""

    def backward_tanh(params, cache, Y):
        X, a1, a2, yhat = cache["X"], cache["a1"], cache["a2"], cache["yhat"]
        m = X.shape[1]
        dz3 = yhat - Y
        dz2 = params["W3"].T @ dz3 * (cache["z2"] > 0)
        dz1 = params["W2"].T @ dz2 * slope(cache["z1"], a1)
        grads = {}
        for k, dz, a in ((3, dz3, a2), (2, dz2, a1), (1, dz1, X)):
            grads[f"dW{k}"] = dz @ a.T / m * scale
            grads[f"db{k}"] = np.sum(dz, axis=1, keepdims=True) / m * scale
        return grads

    return backward_tanh


def test_tanh_transfer_names_the_slip():
    right = _tanh_backward(lambda z, a: 1 - np.tanh(z) ** 2)
    assert all(r.passed for r in run_many("backward_tanh", right, seeds=range(4)))
    cases = {
        "layer 1 still uses the ReLU mask": lambda z, a: z > 0,
        "the slope squares z1 instead of tanh(z1)": lambda z, a: 1 - z**2,
        "the square is missing in the slope": lambda z, a: 1 - a,
        "a1 * (1 - a1) is the sigmoid's slope": lambda z, a: a * (1 - a),
    }
    for start, slope in cases.items():
        for result in run_many("backward_tanh", _tanh_backward(slope), seeds=range(4)):
            assert not result.passed
            assert [c[: len(start)] for c in result.causes] == [start], result.report()
            # the gradients above layer 1 are right, and the report says so
            assert {line.name for line in result.lines if not line.passed} == {"dW1", "db1"}
    for result in run_many("backward_tanh", _tanh_backward(lambda z, a: 1 - a**2, 1 / 3)):
        assert not result.passed  # a slip with no name of its own: the factor is named
        assert [c[:24] for c in result.causes] == ["off by a constant factor"], result.report()


def test_predictions_say_what_part_is_off():
    def transposed(W2, dz2):
        return dz2.T @ W2

    for result in run_many("predict_da1", transposed, seeds=range(4)):
        assert result.causes == [
            "that is da1 transposed: da1 has a1's shape (n1, m), so it is W2.T @ dz2"
        ]

    def wrong_product(W2, dz2):
        return W2 @ dz2

    result = checks.run_check("predict_da1", wrong_product, quiet=True)
    assert result.status == "error"
    assert "the shapes here: W2" in result.notes[0]
    assert "W2.T @ dz2 gives it" in result.notes[1]

    from helpers import relu

    def relu_as_mask(da1, z1):
        return da1 * relu(z1)

    for result in run_many("predict_dz1", relu_as_mask, seeds=range(4)):
        assert result.causes[0].startswith("relu(z1) is the activation a1, not its slope")

    def global_m(dz1, X):
        return {"dW1": dz1 @ X.T / 200, "db1": np.sum(dz1, axis=1, keepdims=True) / 200}

    def twice(dz1, X):
        m = X.shape[1]
        return {"dW1": dz1 @ X.T / m / m, "db1": np.sum(dz1, axis=1, keepdims=True) / m / m}

    for fn, start in (
        (global_m, "used the notebook's global m = 200"),
        (twice, "divided by m twice"),
    ):
        for result in run_many("predict_dW1_db1", fn, seeds=range(4)):
            assert result.causes and result.causes[0].startswith(start), result.report()
