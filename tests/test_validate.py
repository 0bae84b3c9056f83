"""The shared input checks: what they accept, and the message for what they refuse."""

import numpy as np
import pytest

from helpers.validate import (
    all_finite,
    check_finite,
    check_int,
    check_number,
    check_params,
    check_positive,
    check_Y,
)


def test_check_int_accepts_whole_numbers_in_range():
    assert check_int(3, "n", 1, 5) == 3
    assert check_int(np.int64(7), "n") == 7
    assert isinstance(check_int(np.int32(2), "n", 1), int)


@pytest.mark.parametrize("value", [True, 2.0, "3", None])
def test_check_int_refuses_other_types(value):
    with pytest.raises(TypeError, match="n must be a whole number"):
        check_int(value, "n")


def test_check_int_range_messages():
    with pytest.raises(ValueError, match="n must be ≥ 1 and ≤ 5; got 6"):
        check_int(6, "n", 1, 5)
    with pytest.raises(ValueError, match="n must be ≥ 1; got 0"):
        check_int(0, "n", 1)
    with pytest.raises(ValueError, match="n must be ≤ 5; got 9"):
        check_int(9, "n", high=5)


def test_check_number_and_check_positive():
    assert check_number(np.float32(0.5), "x") == 0.5
    with pytest.raises(TypeError, match="x must be a number"):
        check_number(False, "x")
    with pytest.raises(ValueError, match="finite"):
        check_number(float("nan"), "x")
    with pytest.raises(ValueError, match="positive"):
        check_positive(0.0, "lr")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("shape", [(1,), (3, 4), (2, 3, 5)])
def test_all_finite_finds_any_nan_or_infinity(bad, shape):
    rng = np.random.default_rng(0)
    for index in np.ndindex(*shape):
        a = rng.standard_normal(shape)
        assert all_finite(a)
        a[index] = bad
        assert not all_finite(a)


def test_all_finite_accepts_entries_whose_squares_overflow():
    # 1e200 squared is inf: the fast sum of squares fails, and the exact test decides.
    a = np.array([[1e200, -1e200], [3.0, 0.0]])
    assert all_finite(a)
    check_finite(a, "W1")
    a[1, 1] = np.nan
    assert not all_finite(a)
    with pytest.raises(ValueError, match="W1 contains 1 NaN"):
        check_finite(a, "W1")


def test_all_finite_on_non_contiguous_views():
    a = np.arange(12.0).reshape(3, 4)
    a[0, 1] = np.inf
    assert all_finite(a[:, ::2])
    assert not all_finite(a.T[1:])


@pytest.mark.parametrize("value", [0.5, 2.0, -1.0, np.nan, 1e-300])
def test_check_Y_refuses_any_label_other_than_0_and_1(value):
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    check_Y(Y)
    Y[0, 2] = value
    with pytest.raises(ValueError, match="NaN|only 0 and 1"):
        check_Y(Y)


def test_check_params_names_the_array_with_a_nan_after_the_shapes_are_checked():
    params = {
        "W1": np.ones((3, 2)),
        "b1": np.zeros((3, 1)),
        "W2": np.ones((1, 3)),
        "b2": np.zeros((1, 1)),
    }
    params["W2"][0, 1] = np.nan
    with pytest.raises(ValueError, match="W2 contains 1 NaN"):
        check_params(params)
    params["b1"] = np.zeros(3)
    with pytest.raises(ValueError, match=r"b1 must have shape \(3, 1\)"):
        check_params(params)
