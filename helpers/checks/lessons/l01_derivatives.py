"""Lesson 1's exercises: central_difference and relu_derivative."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ... import activations
from ..exercise import Call, Exercise, Variant
from ..inputs import elementwise_f, number


def central_difference(f: Callable, x, h: float = 1e-5):
    """(f(x + h) − f(x − h)) / (2h) for an elementwise f (lesson 1).

    Parameters
    ----------
    f : callable, elementwise
    x : float or ndarray of any shape
    h : float, the step

    Returns
    -------
    float or ndarray shaped like x
    """
    return (f(x + h) - f(x - h)) / (2 * h)


CD_ARRAY, CD_FLOAT = "result (x a 2-D array)", "result (x a float)"


def _case_central_difference(rng):
    """Every case tries both an array and a float x, so neither kind passes by luck."""
    f = elementwise_f(rng)
    h = float(rng.choice([0.01, 0.02, 0.05]))
    x = rng.uniform(-2, 2, size=(int(rng.integers(2, 4)), int(rng.integers(3, 6))))
    return [
        Call([f, x, h], label="when x is a 2-D array"),
        Call(
            [f, number(rng, -2.0, 2.0), h],
            kind={"type": "array", "name": CD_FLOAT},
            label="when x is a float",
        ),
    ]


def _forward_difference(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h


def _backward_difference(f, x, h=1e-5):
    return (f(x) - f(x - h)) / h


def _central_over_h(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / h


def _central_fixed_h(f, x, h=1e-5):
    return (f(x + 1e-5) - f(x - 1e-5)) / (2 * 1e-5)


def _central_precedence(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / 2 * h


def _case_relu_derivative(rng):
    z = rng.standard_normal((int(rng.integers(2, 5)), int(rng.integers(5, 9))))
    z[0, 0] = 0.0  # the kink: the course takes relu'(0) = 0
    z[-1, -1] = -abs(z[-1, -1])
    z[0, -1] = abs(z[0, -1])  # one positive entry: else relu(z) or all zeros pass by luck
    return [z], {}


def _relu_derivative_ge(z):
    return (np.asarray(z) >= 0).astype(np.float64)


def _relu_derivative_inverted(z):
    return (np.asarray(z) < 0).astype(np.float64)


EXERCISES = [
    Exercise(
        "l1-central-difference",
        "central_difference",
        "01-derivatives",
        "central_difference(f, x, h)",
        _case_central_difference,
        {"type": "array", "name": CD_ARRAY},
        central_difference,
        (
            Variant(
                "forward difference (f(x+h) - f(x)) / h; use x+h and x-h", _forward_difference
            ),
            Variant(
                "backward difference (f(x) - f(x-h)) / h; use x+h and x-h",
                _backward_difference,
            ),
            Variant("divided by h instead of 2h", _central_over_h),
            Variant("ignores the h argument: use the h you are given", _central_fixed_h),
            Variant(
                "/ 2 * h divides by 2, then multiplies by h: divide by (2 * h), with brackets",
                _central_precedence,
            ),
        ),
        rtol=1e-8,
        summary="on a random smooth f and x.",
    ),
    Exercise(
        "l1-relu-derivative",
        "relu_derivative",
        "01-derivatives",
        "relu_derivative(z)",
        _case_relu_derivative,
        {"type": "array", "name": "result"},
        activations.relu_derivative,
        (
            Variant("returned relu(z), the function, not its derivative", activations.relu),
            Variant(
                "1 at z = 0: the course takes relu'(0) = 0, so use z > 0", _relu_derivative_ge
            ),
            Variant("the mask is inverted: the slope is 1 where z > 0", _relu_derivative_inverted),
        ),
        summary="on a random z (n, m), including z = 0.",
    ),
]
