"""Tests of helpers.checks.lessons.l08_optimizers: lesson 8's exercises, their diagnoses."""

from __future__ import annotations

import numpy as np
import pytest
from support import run_many

from helpers import checks
from helpers.optim.conventions import adam_path, momentum_path
from helpers.surfaces import SURFACES

GRAD = SURFACES["bowl"].grad


@pytest.mark.parametrize("x0", [np.array([-2.0, 1.0]), np.array([1.7, -1.9])])
def test_references_take_the_steps_of_helpers_optimizers(x0):
    # the torch forms of helpers.optim.conventions are the steps of helpers.optim's SGD and
    # Adam (tests/test_optim_conventions.py), so this ties the references to both
    momentum = checks.reference("momentum_descent")(GRAD, x0, 0.03, 0.8, 12)
    np.testing.assert_allclose(momentum, momentum_path(GRAD, x0, 0.03, 0.8, 12))
    adam = checks.reference("adam_descent")(GRAD, x0, 0.2, 0.9, 0.99, 0.1, 12)
    np.testing.assert_allclose(adam, adam_path(GRAD, x0, 0.2, 12, 0.9, 0.99, 0.1))


def test_momentum_by_hand_two_steps():
    # grad = 2x on a 1-D bowl, x0 = 1, lr = 0.1, mu = 0.5:
    # v1 = 2, x1 = 0.8; v2 = 0.5 * 2 + 1.6 = 2.6, x2 = 0.8 - 0.26 = 0.54
    path = checks.reference("momentum_descent")(lambda x: 2 * x, np.array([1.0]), 0.1, 0.5, 2)
    np.testing.assert_allclose(path[:, 0], [1.0, 0.8, 0.54])


def test_adam_by_hand_first_step_is_lr_long():
    # m1 = (1 - b1) g, v1 = (1 - b2) g²: corrected, m̂ = g and v̂ = g², so the step is
    # lr · g / (|g| + eps) = lr · sign(g) when eps = 0
    path = checks.reference("adam_descent")(
        lambda x: np.array([4.0, -0.25]), np.zeros(2), 0.3, 0.9, 0.999, 0.0, 1
    )
    np.testing.assert_allclose(path[1], [-0.3, 0.3])


def test_momentum_in_place_rows_and_keras_mix_are_named():
    def aliased(grad, x0, lr, mu, steps):
        x = np.array(x0, dtype=float)
        v = np.zeros_like(x)
        path = [x]
        for _ in range(steps):
            v = mu * v + grad(x)
            x -= lr * v
            path.append(x)
        return np.array(path)

    def keras_mix(grad, x0, lr, mu, steps):
        x = np.array(x0, dtype=float)
        v = np.zeros_like(x)
        path = [x.copy()]
        for _ in range(steps):
            v = mu * v - lr * grad(x)
            x = x - lr * v
            path.append(x.copy())
        return np.array(path)

    for result in run_many("momentum_descent", aliased):
        assert any("x.copy()" in c for c in result.causes), result.report()
    for result in run_many("momentum_descent", keras_mix):
        assert result.causes and "two conventions mixed" in result.causes[0], result.report()


def test_adam_t_from_zero_and_no_correction_are_named():
    def t_from_zero(grad, x0, lr, beta1, beta2, eps, steps):
        x = np.array(x0, dtype=float)
        m, v = np.zeros_like(x), np.zeros_like(x)
        path = [x.copy()]
        for t in range(steps):
            g = grad(x)
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g**2
            x = x - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
            path.append(x.copy())
        return np.array(path)

    def uncorrected(grad, x0, lr, beta1, beta2, eps, steps):
        x = np.array(x0, dtype=float)
        m, v = np.zeros_like(x), np.zeros_like(x)
        path = [x.copy()]
        for _ in range(steps):
            g = grad(x)
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g**2
            x = x - lr * m / (np.sqrt(v) + eps)
            path.append(x.copy())
        return np.array(path)

    with np.errstate(all="ignore"):
        results = run_many("adam_descent", t_from_zero)
    for result in results:
        assert result.causes and "Count t from 1" in result.causes[0], result.report()
    for result in run_many("adam_descent", uncorrected):
        assert result.causes and result.causes[0].startswith("no bias correction"), result.report()


def _learner_momentum(grad, x0, lr, mu, steps):
    """A learner's correct momentum_descent, its path still a list of rows."""
    x = np.array(x0, dtype=float)
    v = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(steps):
        v = mu * v + grad(x)
        x = x - lr * v
        path.append(x.copy())
    return path


def test_a_correct_learner_version_passes():
    def momentum_descent(*args):
        return np.array(_learner_momentum(*args))

    assert all(r.passed for r in run_many("momentum_descent", momentum_descent))


def test_a_path_returned_as_a_list_is_refused_with_what_to_return():
    for result in run_many("momentum_descent", _learner_momentum, seeds=range(3)):
        assert not result.passed
        assert "not a NumPy array; return np.array(...)" in result.report(), result.report()
