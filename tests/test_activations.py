"""Activations against their definitions and against central differences."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import (
    numerical_gradient,
    relative_error,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
)

finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)


@pytest.mark.parametrize("seed", range(5))
def test_sigmoid_derivative_matches_central_difference(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=3.0, size=(rng.integers(1, 5), rng.integers(1, 7)))
    # sigmoid is elementwise, so d/dz of sum(sigmoid(z)) is sigmoid'(z) entry by entry
    numeric = numerical_gradient(lambda v: np.sum(sigmoid(v)), z.copy())
    assert relative_error(sigmoid_derivative(z), numeric) < 1e-7


@pytest.mark.parametrize("seed", range(5))
def test_relu_derivative_matches_central_difference_away_from_zero(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(3, 8))
    z[np.abs(z) < 1e-3] = 0.5  # the kink at 0 has no derivative
    numeric = numerical_gradient(lambda v: np.sum(relu(v)), z.copy())
    assert relative_error(relu_derivative(z), numeric) < 1e-7


def test_relu_and_derivative_values():
    z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(relu(z), [[0.0, 0.0, 3.0]])
    np.testing.assert_array_equal(relu_derivative(z), [[0.0, 0.0, 1.0]])


@given(arrays(np.float64, st.integers(1, 20), elements=finite))
def test_sigmoid_is_stable_and_bounded(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would fail the test
        s = sigmoid(z)
        d = sigmoid_derivative(z)
    assert np.all(np.isfinite(s)) and np.all((s >= 0) & (s <= 1))
    assert np.all((d >= 0) & (d <= 0.25))
    # symmetry: σ(−z) = 1 − σ(z)
    np.testing.assert_allclose(sigmoid(-z), 1 - s, atol=1e-15)


def test_sigmoid_extremes():
    z = np.array([-1e4, -50.0, 0.0, 50.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(z)
    np.testing.assert_allclose(s, [0.0, np.exp(-50.0), 0.5, 1.0, 1.0], rtol=1e-12)
