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
CD_1D, CD_DEFAULT = "result (x a 1-D array)", "result (h left at its default)"
X_AFTER = "x after the call"
_X_CHANGED = (
    "x was changed: compute f(x + h) and f(x - h) without assigning to x (x += h moves "
    "the caller's array too)"
)
_NO_DEFAULT = (
    "keep the default step of the exercise's first line, def central_difference(f, x, "
    "h=1e-5): the lesson's later cells call it without h"
)


def _case_central_difference(rng):
    """Every case tries a 2-D array, a float and a 1-D array x, so no kind passes by luck,
    and h left out (the lesson's later cells rely on its default). h is never 0.01, the
    notebook's own h, so a function that uses that instead of its argument fails."""
    f = elementwise_f(rng)
    h = float(rng.choice([0.003, 0.02, 0.05]))
    x = rng.uniform(-2, 2, size=(int(rng.integers(2, 4)), int(rng.integers(3, 6))))
    return [
        Call([f, x, h], label="when x is a 2-D array"),
        Call(
            [f, number(rng, -2.0, 2.0), h],
            kind={"type": "array", "name": CD_FLOAT},
            label="when x is a float",
        ),
        Call(
            [f, rng.uniform(-2, 2, size=int(rng.integers(3, 7))), h],
            kind={"type": "array", "name": CD_1D},
            label="when x is a 1-D array",
        ),
        Call(
            [f, rng.uniform(-2, 2, size=(2, 3))],
            kind={"type": "array", "name": CD_DEFAULT},
            label="when h is left out",
        ),
    ]


def _cd_error(message: str, payload) -> str:
    """Advice when a call failed: a missing default h, or loops over two axes only."""
    if "missing 1 required positional argument: 'h'" in message:
        return f"likely cause: {_NO_DEFAULT}"
    if ("index" in message and "out of" in message) or "too many indices" in message:
        return "likely cause: x may have any shape (a float, 1-D, 2-D): use array arithmetic"
    return ""


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


Z_AFTER = "z after the call"
RD_1D = "result (z a 1-D array)"
_Z_CHANGED = (
    "z was changed: build a new array, e.g. (z > 0).astype(float), instead of writing "
    "into z (z[z > 0] = 1 changes the caller's array too)"
)


def _case_relu_derivative(rng):
    z = rng.standard_normal((int(rng.integers(2, 5)), int(rng.integers(5, 9))))
    z[0, 0] = 0.0  # the kink: the course takes relu'(0) = 0
    z[-1, -1] = -abs(z[-1, -1])
    z[0, -1] = abs(z[0, -1])  # one positive entry: else relu(z) or all zeros pass by luck
    z1 = rng.standard_normal(int(rng.integers(4, 8)))
    z1[:2] = [0.0, abs(z1[1])]
    return [
        Call([z], label="when z is a 2-D array"),
        Call([z1], kind={"type": "array", "name": RD_1D}, label="when z is a 1-D array"),
    ]


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
        {"type": "array", "name": CD_ARRAY, "after": {X_AFTER: 1}},
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
        causes={
            X_AFTER: _X_CHANGED,
            CD_DEFAULT: f"the result with h left out is off: {_NO_DEFAULT}",
        },
        on_error=_cd_error,
        success="the results for a 2-D, a float and a 1-D x, and with h left out, match the "
        "reference on fresh random inputs, and x is left as it was",
        summary="on a random smooth f and x (2-D, a float, 1-D), and with h left out.",
    ),
    Exercise(
        "l1-relu-derivative",
        "relu_derivative",
        "01-derivatives",
        "relu_derivative(z)",
        _case_relu_derivative,
        {"type": "array", "name": "result", "after": {Z_AFTER: 0}},
        activations.relu_derivative,
        (
            Variant("returned relu(z), the function, not its derivative", activations.relu),
            Variant(
                "1 at z = 0: the course takes relu'(0) = 0, so use z > 0", _relu_derivative_ge
            ),
            Variant("the mask is inverted: the slope is 1 where z > 0", _relu_derivative_inverted),
        ),
        causes={Z_AFTER: _Z_CHANGED},
        success="the results for a 2-D and a 1-D z match the reference on fresh random "
        "inputs, and z is left as it was",
        summary="on a random z (n, m) and a 1-D z, including z = 0.",
    ),
]
