"""Binary cross-entropy: values, stability, and derivatives checked numerically."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import (
    bce,
    bce_derivative,
    bce_from_logits,
    numerical_gradient,
    relative_error,
    sigmoid,
)


def _labels(rng, m):
    return rng.integers(0, 2, size=(1, m)).astype(float)


def test_bce_known_value():
    yhat = np.array([[0.9, 0.2]])
    Y = np.array([[1.0, 0.0]])
    expected = -(np.log(0.9) + np.log(0.8)) / 2
    assert bce(yhat, Y) == pytest.approx(expected, rel=1e-14)
    assert bce_from_logits(np.log(yhat / (1 - yhat)), Y) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_bce_derivative_matches_central_difference(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 30))
    yhat = rng.uniform(0.05, 0.95, size=(1, m))
    Y = _labels(rng, m)
    numeric = numerical_gradient(lambda v: bce(v, Y), yhat.copy())
    assert relative_error(bce_derivative(yhat, Y), numeric) < 1e-7


@pytest.mark.parametrize("seed", range(5))
def test_bce_from_logits_gradient_is_yhat_minus_y_over_m(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 30))
    z = rng.normal(scale=3, size=(1, m))
    Y = _labels(rng, m)
    numeric = numerical_gradient(lambda v: bce_from_logits(v, Y), z.copy())
    assert relative_error((sigmoid(z) - Y) / m, numeric) < 1e-7


def test_bce_is_finite_at_exact_zero_and_one():
    Y = np.array([[1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(bce(np.array([[0.0, 1.0]]), Y))
        assert np.isfinite(bce_derivative(np.array([[0.0, 1.0]]), Y)).all()
        assert bce(np.array([[1.0, 0.0]]), Y) == pytest.approx(0.0, abs=1e-11)


@given(
    arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e4, 1e4)),
    st.integers(0, 2**32 - 1),
)
def test_bce_from_logits_stable_and_matches_clipped_form(z, seed):
    z = z.reshape(1, -1)
    Y = _labels(np.random.default_rng(seed), z.shape[1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        L = bce_from_logits(z, Y)
    assert np.isfinite(L) and L >= 0
    # Where sigmoid is not saturated the clipped probability form agrees.
    if np.all(np.abs(z) < 20):
        assert L == pytest.approx(bce(sigmoid(z), Y), rel=1e-9, abs=1e-12)


def test_bce_from_logits_exact_for_large_wrong_logit():
    # a confident wrong answer costs |z|, not a clipped log(1e-12)
    assert bce_from_logits(np.array([[-1000.0]]), np.array([[1.0]])) == pytest.approx(1000.0)
