"""Central differences, the relative error, and the per-tensor report."""

import numpy as np
import pytest

from helpers import grad_check, numerical_gradient, relative_error


def test_numerical_gradient_of_quadratic_form():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(4, 4))
    x = rng.normal(size=(4,))
    numeric = numerical_gradient(lambda v: float(v @ A @ v), x)
    np.testing.assert_allclose(numeric, (A + A.T) @ x, rtol=1e-7)


def test_numerical_gradient_leaves_x_exactly_unchanged():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 5)) * 1e3 + 0.1
    before = x.copy()
    numerical_gradient(lambda v: float(np.sum(np.sin(v))), x, h=1e-3)
    assert np.array_equal(x, before)  # bit for bit


def test_numerical_gradient_rejects_non_float_array():
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda v: 0.0, np.arange(3))
    with pytest.raises(TypeError, match="function"):
        numerical_gradient(3.0, np.zeros(3))
    with pytest.raises(ValueError, match="positive"):
        numerical_gradient(lambda v: 0.0, np.zeros(3), h=-1e-5)


def test_relative_error_properties():
    a = np.array([1.0, 2.0, -3.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(a, 2 * a) == pytest.approx(0.5)
    # a tiny round-off error in an entry that should be 0 is not a bug
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 1e-11])) < 1e-10
    with pytest.raises(ValueError, match="shapes differ"):
        relative_error(np.zeros((2, 3)), np.zeros((3, 2)))


def test_grad_check_report_passes_and_fails():
    x = {"w": np.array([[1.0, -2.0]]), "c": np.array([[0.5]])}

    def f(p):
        return float(np.sum(p["w"] ** 2) + 3 * p["c"][0, 0])

    good = {"dw": 2 * x["w"], "dc": np.array([[3.0]])}
    report = grad_check(f, x, good)
    assert report.passed
    assert [r.name for r in report.rows] == ["dw", "dc"]
    assert "all gradients match" in str(report)

    bad = {"dw": x["w"], "dc": np.array([[3.0]])}  # missing factor 2
    report = grad_check(f, x, bad)
    assert not report.passed
    assert [r.passed for r in report.rows] == [False, True]
    assert "FAIL" in str(report)

    transposed = {"dw": good["dw"].T, "dc": good["dc"]}
    report = grad_check(f, x, transposed)
    assert report.rows[0].note == "transposed?"
    # the parameters are untouched
    np.testing.assert_array_equal(x["w"], [[1.0, -2.0]])


def test_grad_check_missing_gradient():
    with pytest.raises(ValueError, match="no 'dw'"):
        grad_check(lambda p: 0.0, {"w": np.zeros(2)}, {})
