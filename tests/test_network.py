"""The 3-layer network: shapes, He initialisation, and backprop against finite differences."""

import copy

import numpy as np
import pytest

from helpers import (
    backward,
    forward,
    grad_check,
    init_params,
    loss,
    loss_and_grads,
    predict,
    relative_error,
)
from helpers.gradcheck import numerical_gradient
from helpers.network import N_LAYERS, backward_unchecked, forward_unchecked


def _problem(seed):
    rng = np.random.default_rng(seed)
    n_x, n1, n2 = (int(v) for v in rng.integers(1, 7, size=3))
    m = int(rng.integers(1, 25))
    params = init_params([n_x, n1, n2, 1], seed=seed)
    for key in params:  # non-zero biases so db is exercised
        if key.startswith("b"):
            params[key] = rng.normal(scale=0.1, size=params[key].shape)
    X = rng.normal(size=(n_x, m))
    Y = rng.integers(0, 2, size=(1, m)).astype(float)
    return params, X, Y


def test_init_params_shapes_and_he_scale():
    p = init_params([2, 400, 300, 1], seed=3)
    assert {k: v.shape for k, v in p.items()} == {
        "W1": (400, 2),
        "b1": (400, 1),
        "W2": (300, 400),
        "b2": (300, 1),
        "W3": (1, 300),
        "b3": (1, 1),
    }
    assert np.std(p["W2"]) == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert np.all(p["b1"] == 0)
    np.testing.assert_array_equal(
        init_params([2, 4, 3, 1], 7)["W1"], init_params([2, 4, 3, 1], 7)["W1"]
    )
    assert not np.array_equal(
        init_params([2, 4, 3, 1], 7)["W1"], init_params([2, 4, 3, 1], 8)["W1"]
    )


@pytest.mark.parametrize("seed", range(3))
def test_unchecked_fast_paths_are_forward_and_backward(seed):
    params, X, Y = _problem(seed)
    assert len(params) == 2 * N_LAYERS
    yhat, cache = forward(params, X)
    yhat_fast, cache_fast = forward_unchecked(params, X)
    np.testing.assert_array_equal(yhat_fast, yhat)
    assert cache_fast.keys() == cache.keys()
    grads, fast = backward(params, cache, Y), backward_unchecked(params, cache_fast, Y)
    assert fast.keys() == grads.keys()
    for key in grads:
        np.testing.assert_array_equal(fast[key], grads[key])


def test_forward_shapes_and_cache():
    params, X, _ = _problem(0)
    yhat, cache = forward(params, X)
    m = X.shape[1]
    assert yhat.shape == (1, m)
    assert cache["a1"].shape == (params["W1"].shape[0], m)
    assert cache["a2"].shape == (params["W2"].shape[0], m)
    np.testing.assert_array_equal(cache["yhat"], yhat)
    np.testing.assert_allclose(cache["a1"], np.maximum(0, params["W1"] @ X + params["b1"]))


@pytest.mark.parametrize("seed", range(12))
def test_backward_matches_finite_differences(seed):
    params, X, Y = _problem(seed)
    _, cache = forward(params, X)
    grads = backward(params, cache, Y)
    report = grad_check(lambda p: loss(p, X, Y), params, grads)
    worst = max(r.rel_error for r in report.rows)
    assert report.passed, str(report)
    assert worst < 1e-7


@pytest.mark.parametrize("seed", range(3))
def test_each_gradient_tensor_individually(seed):
    params, X, Y = _problem(100 + seed)
    _, grads = loss_and_grads(params, X, Y)
    for name in params:
        work = copy.deepcopy(params)
        numeric = numerical_gradient(lambda v, n=name, w=work: loss({**w, n: v}, X, Y), work[name])
        assert grads["d" + name].shape == params[name].shape
        assert relative_error(grads["d" + name], numeric) < 1e-7, name


def test_backward_changes_no_parameter():
    params, X, Y = _problem(5)
    before = copy.deepcopy(params)
    _, cache = forward(params, X)
    backward(params, cache, Y)
    for key in params:
        np.testing.assert_array_equal(params[key], before[key])


def test_loss_and_grads_agree_with_loss():
    params, X, Y = _problem(9)
    L, _ = loss_and_grads(params, X, Y)
    assert L == pytest.approx(loss(params, X, Y))


def test_predict_is_threshold_of_yhat():
    params, X, _ = _problem(2)
    yhat, _ = forward(params, X)
    np.testing.assert_array_equal(predict(params, X), (yhat > 0.5).astype(float))


# --- bad input ---------------------------------------------------------------------


def test_transposed_X_is_named():
    params = init_params([2, 4, 3, 1], seed=0)
    X = np.ones((10, 2))
    with pytest.raises(ValueError, match=r"transposed.*X\.T"):
        forward(params, X)


def test_wrong_number_of_features():
    params = init_params([2, 4, 3, 1], seed=0)
    with pytest.raises(ValueError, match="n_x = 2"):
        forward(params, np.ones((3, 10)))


def test_missing_param_key():
    params = init_params([2, 4, 3, 1], seed=0)
    del params["b2"]
    with pytest.raises(ValueError, match="missing 'b2'"):
        forward(params, np.ones((2, 5)))


def test_wrong_param_shape():
    params = init_params([2, 4, 3, 1], seed=0)
    params["b1"] = np.zeros(4)
    with pytest.raises(ValueError, match=r"b1 must have shape \(4, 1\)"):
        forward(params, np.ones((2, 5)))
    params = init_params([2, 4, 3, 1], seed=0)
    params["W2"] = params["W2"].T
    with pytest.raises(ValueError, match="W2"):
        forward(params, np.ones((2, 5)))


def test_two_layer_params_rejected_for_three_layer_network():
    with pytest.raises(ValueError, match="3 layers are needed"):
        forward(init_params([2, 4, 1], seed=0), np.ones((2, 5)))


def test_nan_in_inputs():
    params = init_params([2, 4, 3, 1], seed=0)
    X = np.ones((2, 5))
    X[0, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        forward(params, X)
    params["W1"][0, 0] = np.inf
    with pytest.raises(ValueError, match="W1 contains 1 NaN or infinite"):
        forward(params, np.ones((2, 5)))


def test_backward_checks_labels():
    params = init_params([2, 4, 3, 1], seed=0)
    _, cache = forward(params, np.ones((2, 5)))
    with pytest.raises(ValueError, match="only 0 and 1"):
        backward(params, cache, np.full((1, 5), 2.0))
    with pytest.raises(ValueError, match=r"transposed"):
        backward(params, cache, np.zeros((5, 1)))
    with pytest.raises(ValueError, match="4 labels but X has 5"):
        backward(params, cache, np.zeros((1, 4)))
    with pytest.raises(ValueError, match="cache is missing 'z1', 'a1', 'z2', 'a2', 'z3', 'yhat'"):
        backward(params, {"X": np.ones((2, 5))}, np.zeros((1, 5)))
    with pytest.raises(TypeError, match="cache must be the dict returned by forward"):
        backward(params, [cache], np.zeros((1, 5)))
    with pytest.raises(ValueError, match="the network expects n_x = 2"):
        backward(params, {**cache, "X": np.ones((3, 5))}, np.zeros((1, 5)))


def test_init_params_bad_dims():
    with pytest.raises(ValueError, match=r"layer_dims\[1\] \(a layer size\) must be ≥ 1"):
        init_params([2, 0, 1])
    with pytest.raises(TypeError, match="whole number"):
        init_params([2, 2.5, 1])
    with pytest.raises(TypeError, match="list of layer sizes"):
        init_params("2,4,1")
    with pytest.raises(ValueError, match="at least"):
        init_params([2])
