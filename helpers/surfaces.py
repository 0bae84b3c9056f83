"""The 2-D functions gradient descent is tried on (lessons 2 and 8), each with its gradient.

``bowl`` is lesson 2's stretched bowl f(x, y) = (x − 1)² + 10(y + 0.5)²; the explorer's
other surfaces (a curved ravine, a saddle, four minima) come in lesson 8. :data:`SURFACES`
is the one list the 2-D explorer's menu, its tests and lesson 2's checks read.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["Surface", "SURFACES", "bowl", "bowl_gradient"]


def bowl(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """f(x, y) = (x − 1)² + 10(y + 0.5)², elementwise (lesson 2).

    Parameters
    ----------
    x, y : arrays of the same shape (or floats)

    Returns
    -------
    array of that shape; the minimum is 0 at (1, −0.5)
    """
    return (x - 1) ** 2 + 10 * (y + 0.5) ** 2


def bowl_gradient(p: np.ndarray) -> np.ndarray:
    """∇f of :func:`bowl` at p = (x, y) (lesson 2).

    Parameters
    ----------
    p : ndarray of shape (2,)

    Returns
    -------
    ndarray of shape (2,): (2(x − 1), 20(y + 0.5))
    """
    x, y = p
    return np.array([2.0 * (x - 1.0), 20.0 * (y + 0.5)])


def _rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _rosenbrock_gradient(p):
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def _saddle(x, y):
    return x * x + (y * y - 2) ** 2 / 4


def _saddle_gradient(p):
    return np.array([2 * p[0], p[1] * (p[1] ** 2 - 2)])


def _himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def _himmelblau_gradient(p):
    x, y = p
    u, v = x * x + y - 11, x + y * y - 7
    return np.array([4 * x * u + 2 * v, 2 * u + 4 * y * v])


@dataclass(frozen=True)
class Surface:
    """A 2-D function for :func:`helpers.explorers.descent_2d`: f, its gradient, how to plot it.

    ``f(x, y)`` works elementwise on arrays; ``grad(p)`` takes p of shape (2,) and
    returns the gradient, shape (2,). ``minima`` lists the global minima, shape (j, 2).
    """

    name: str
    f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: tuple[float, float]
    lr: float
    minima: tuple[tuple[float, float], ...]
    formula: str
    log_levels: bool = True


SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface(
            "bowl",
            bowl,
            bowl_gradient,
            (-2.5, 2.5),
            (-2.0, 1.5),
            (-2.0, 1.0),
            0.05,
            ((1.0, -0.5),),
            "f = (x − 1)² + 10(y + 0.5)²",
        ),
        Surface(
            "rosenbrock",
            _rosenbrock,
            _rosenbrock_gradient,
            (-2.0, 2.0),
            (-1.0, 3.0),
            (-1.5, 2.0),
            0.001,
            ((1.0, 1.0),),
            "Rosenbrock: f = (1 − x)² + 100(y − x²)²",
        ),
        Surface(
            "saddle",
            _saddle,
            _saddle_gradient,
            (-2.0, 2.0),
            (-2.5, 2.5),
            (-1.5, 0.001),
            0.1,
            ((0.0, math.sqrt(2.0)), (0.0, -math.sqrt(2.0))),
            "saddle at 0: f = x² + (y² − 2)²/4",
        ),
        Surface(
            "himmelblau",
            _himmelblau,
            _himmelblau_gradient,
            (-5.0, 5.0),
            (-5.0, 5.0),
            (0.0, 0.0),
            0.01,
            ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
            "Himmelblau: four minima",
        ),
    )
}
