"""Tests of helpers.checks.lessons.l05_backprop: lesson 5's exercises and their diagnoses."""

from __future__ import annotations

import numpy as np
from support import own, run_many

from helpers import checks
from helpers.checks import probe


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
    from helpers.checks.lessons.l05_backprop import transfer as l5

    ex = checks.get("backward_tanh")
    for seed in range(8):
        args, _ = ex.make_case(np.random.default_rng(seed))
        numeric = l5.backward_tanh(*args)
        analytic = l5._bt()(*args)
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


def _backward_dividing_by(divisor, dz3_scale=1.0, mask=None):
    """A learner's backward with m = divisor(X, Y), dz3 scaled, and a ReLU mask."""
    mask = mask or (lambda z: z > 0)

    def backward(params, cache, Y):
        X, a1, a2, yhat = cache["X"], cache["a1"], cache["a2"], cache["yhat"]
        m = divisor(X, Y)
        dz3 = (yhat - Y) * dz3_scale(m) if callable(dz3_scale) else yhat - Y
        dz2 = params["W3"].T @ dz3 * mask(cache["z2"])
        dz1 = params["W2"].T @ dz2 * mask(cache["z1"])
        grads = {}
        for k, dz, a in ((3, dz3, a2), (2, dz2, a1), (1, dz1, X)):
            grads[f"dW{k}"] = dz @ a.T / m
            grads[f"db{k}"] = np.sum(dz, axis=1, keepdims=True) / m
        return grads

    return backward


def test_backward_with_the_notebooks_global_m_says_so_for_every_tensor():
    m = 200  # the notebook's: X, Y = make_moons(m=200); m = X.shape[1]
    backward = _backward_dividing_by(lambda X, Y: m)
    cause = (
        "divided by the notebook's global m = 200, not by this batch's m: take "
        'X = cache["X"] and m = X.shape[1] inside backward'
    )
    for result in run_many("backward", backward):
        assert result.causes == [cause], result.report()
        wrong = [line for line in result.lines if not line.passed]
        assert all(line.causes == (cause,) for line in wrong), result.report()
        assert "constant factor" not in result.report() and "cause 1" not in result.report()


def test_backward_with_a_global_m_of_another_size_names_the_number():
    # a notebook of 300 examples: no variant knows it, the factor m / 300 says it
    ex = checks.get("backward")
    backward = _backward_dividing_by(lambda X, Y: 300)
    for seed in range(12):
        m = probe.decode(ex.payload(np.random.default_rng(seed))["args"])[2].shape[1]
        result = checks.run_check("backward", backward, np.random.default_rng(seed), quiet=True)
        cause = (
            f"every gradient is divided by 300, not by this batch's m = {m}: take "
            'X = cache["X"] and m = X.shape[1] inside backward, not a global m'
        )
        assert result.causes == [cause], result.report()
        assert all(line.causes == (cause,) for line in result.lines if not line.passed), (
            result.report()
        )


def test_backward_divided_by_m_twice():
    def twice(m):
        return 1.0 / m  # dz3 = (yhat - Y) / m, then dW3 = dz3 @ a2.T / m again

    backward = _backward_dividing_by(lambda X, Y: Y.shape[1], dz3_scale=twice)
    cause = (
        "divided by m twice: the 1/m enters once, in dW and db (dW3 = dz3 @ a2.T / m), so "
        "dz3 = yhat - Y has none"
    )
    for result in run_many("backward", backward):
        assert result.causes == [cause], result.report()
        assert all(line.causes == (cause,) for line in result.lines if not line.passed), (
            result.report()
        )


def test_backward_with_m_from_the_number_of_features():
    ex = checks.get("backward")
    backward = _backward_dividing_by(lambda X, Y: X.shape[0])
    for seed in range(12):
        _, cache, Y = probe.decode(ex.payload(np.random.default_rng(seed))["args"])
        m, n_x = Y.shape[1], cache["X"].shape[0]
        result = checks.run_check("backward", backward, np.random.default_rng(seed), quiet=True)
        assert result.causes == [
            f"every gradient is divided by {n_x}, not by this batch's m = {m}: X.shape[0] = "
            f"{n_x} counts the features; the examples are the columns, m = X.shape[1]"
        ], result.report()


def test_backward_one_gradient_doubled_is_not_read_as_a_division():
    def backward(params, cache, Y):  # m = 2 n_x in some cases: still "a factor 2"
        grads = checks.reference("backward")(params, cache, Y)
        grads["dW1"] = 2.0 * grads["dW1"]
        return grads

    for result in run_many("backward", backward, range(40)):
        assert result.causes == ["off by a constant factor 2"], result.report()


def test_backward_with_relu_itself_as_the_mask():
    backward = _backward_dividing_by(lambda X, Y: Y.shape[1], mask=lambda z: np.maximum(0, z))
    for result in run_many("backward", backward):
        assert result.causes == [
            "relu(z) used as the mask: multiply da by relu_derivative(z), which is 1 where "
            "z > 0 and 0 elsewhere, not by relu(z)"
        ], result.report()
        assert {line.name for line in result.lines if not line.passed} == {
            "dW1",
            "db1",
            "dW2",
            "db2",
        }


def test_numerical_gradient_with_a_hard_coded_h():
    def with_step(step):
        def numerical_gradient(f, x, h=1e-5):
            grad = np.zeros_like(x)
            for i in np.ndindex(x.shape):
                old = x[i]
                x[i] = old + step  # the step written in, not h
                f_plus = f(x)
                x[i] = old - step
                f_minus = f(x)
                x[i] = old
                grad[i] = (f_plus - f_minus) / (2 * step)
            return grad

        return numerical_gradient

    for step in (1e-5, 1e-4, 1e-7):
        for result in run_many("numerical_gradient", with_step(step)):
            assert not result.passed
            assert result.causes == ["ignores the h argument: use the h you are given"], (
                result.report()
            )


def test_numerical_gradient_nudging_every_entry_at_once():
    def numerical_gradient(f, x, h=1e-5):
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            grad[i] = (f(x + h) - f(x - h)) / (2 * h)  # x + h moves every entry
        return grad

    def one_number(f, x, h=1e-5):
        return (f(x + h) - f(x - h)) / (2 * h)

    cause = (
        "x + h nudges every entry at once: nudge one entry x[i] at a time (x[i] = old + h), "
        "so grad[i] sees the change of x[i] alone"
    )
    for fn in (numerical_gradient, one_number):
        for result in run_many("numerical_gradient", fn):
            assert result.causes == [cause], result.report()


def test_newcomers_slips_in_the_new_lesson_5_exercises_are_named():
    from helpers.checks.lessons.l05_backprop import transfer

    for options, start in (
        ({"mask1": "tanh twice"}, "a1 is already tanh(z1)"),
        ({"mask1": "square outside"}, "the square belongs to a1 alone"),
        ({"mask1": "relu and tanh"}, "both slopes at layer 1"),
        ({"divide": "notebook m"}, "divided by the notebook's global m = 200"),
    ):
        for result in run_many("backward_tanh", transfer._bt(**options), seeds=range(3)):
            assert [c[: len(start)] for c in result.causes] == [start], result.report()

    def masked_in_place(da1, z1):
        da1[z1 <= 0] = 0  # overwrites the caller's da1
        return da1

    for result in run_many("predict_dz1", masked_in_place, seeds=range(3)):
        assert [line.name for line in result.lines if not line.passed] == ["da1_after"]
        assert result.causes[0].startswith("da1 was changed in place")

    def mask_from_da1(da1, z1):
        return da1 * (da1 > 0)

    for result in run_many("predict_dz1", mask_from_da1, seeds=range(3)):
        assert result.causes[0].startswith("the mask comes from z1, not from da1")


def test_predict_da1_with_np_dot_gets_the_shapes_too():
    def predict_da1(W2, dz2):
        return np.dot(W2, dz2.T)

    result = checks.run_check("predict_da1", predict_da1, quiet=True)
    assert result.status == "error"
    assert "W2.T @ dz2 gives it" in result.notes[1]


def test_predictions_name_a_global_m_and_a_precedence_slip():
    def global_m(W2, dz2):
        return W2.T @ dz2 / 200

    def precedence(da1, z1):
        return da1 * z1 > 0

    for result in run_many("predict_da1", global_m, seeds=range(3)):
        assert result.causes[0].startswith("no 1/m in da1 (and not the notebook's m either)")
    for result in run_many("predict_dz1", precedence, seeds=range(3)):
        assert result.causes[0].startswith("da1 * z1 > 0 compares the product with 0")


def test_backward_and_the_predictions_leave_their_inputs_alone():
    ref = checks.reference("backward")

    def steps_too(params, cache, Y):  # right gradients, then an update nobody asked for
        grads = ref(params, cache, Y)
        for name in params:
            params[name] -= 0.5 * grads["d" + name]
        return grads

    def masks_the_cache(params, cache, Y):
        for z in ("z1", "z2"):
            cache[z][...] = cache[z] > 0
        return ref(params, cache, Y)

    for fn, what in ((steps_too, "params was changed"), (masks_the_cache, "cache was changed")):
        for result in run_many("backward", fn):
            assert not result.passed and any(what in c for c in result.causes), result.report()

    def divides_dz1(dz1, X):
        dz1 /= X.shape[1]
        return {"dW1": dz1 @ X.T, "db1": dz1.sum(axis=1, keepdims=True)}

    def writes_mask_into_z1(da1, z1):
        z1[...] = z1 > 0
        return da1 * z1

    for result in run_many("predict_dW1_db1", divides_dz1):
        assert any("dz1 was changed" in c for c in result.causes), result.report()
    for result in run_many("predict_dz1", writes_mask_into_z1):
        assert any("z1 was changed" in c for c in result.causes), result.report()


def test_numerical_gradient_visits_every_entry_whatever_the_shape():
    def two_loops(f, x, h=1e-5):
        g = np.zeros_like(x)
        for i in range(x.shape[0]):
            for j in range(x.shape[1]):
                old = x[i, j]
                x[i, j] = old + h
                up = f(x)
                x[i, j] = old - h
                g[i, j] = (up - f(x)) / (2 * h)
                x[i, j] = old
        return g

    assert not any(r.passed for r in run_many("numerical_gradient", two_loops))
