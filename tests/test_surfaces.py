"""helpers.surfaces: each gradient against finite differences, and one list for every user."""

import numpy as np
import pytest

import helpers.explorers as ex
from helpers import numerical_gradient
from helpers.checks.lessons import l02_gradient_descent as l02
from helpers.surfaces import SURFACES, bowl, bowl_gradient


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_surface_gradients_match_finite_differences(name):
    s = SURFACES[name]
    rng = np.random.default_rng(1)
    for _ in range(5):
        p = np.array([rng.uniform(*s.xlim), rng.uniform(*s.ylim)])
        num = numerical_gradient(lambda q: float(s.f(q[0], q[1])), p.copy())
        np.testing.assert_allclose(s.grad(p), num, rtol=1e-6, atol=1e-5)
    for m in s.minima:
        assert s.f(*m) == pytest.approx(0.0, abs=1e-9)
        np.testing.assert_allclose(s.grad(np.array(m)), 0.0, atol=1e-4)


def test_bowl_is_lesson_twos_function_everywhere():
    x, y = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-2, 2, 5))
    np.testing.assert_array_equal(bowl(x, y), (x - 1) ** 2 + 10 * (y + 0.5) ** 2)
    np.testing.assert_array_equal(bowl_gradient(np.array([-1.0, 0.3])), [-4.0, 16.0])
    # the explorer's menu and lesson 2's check read this one definition
    assert ex.SURFACES is SURFACES
    assert SURFACES["bowl"].f is bowl and SURFACES["bowl"].grad is bowl_gradient
    assert l02.gradient is bowl_gradient
