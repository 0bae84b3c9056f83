"""Reference answers for the exercises whose function the rest of helpers lacks.

Each has the exercise's exact signature, so a lesson can continue with it
(``checks.fallback``) when a learner's own function is unfinished. The others are
``helpers.relu_derivative``, ``helpers.sigmoid_derivative``, ``helpers.forward``,
``helpers.backward`` and ``helpers.numerical_gradient``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from ..losses import bce

__all__ = [
    "central_difference",
    "gradient",
    "gradient_descent",
    "graph_backward",
    "compute_loss",
    "update_parameters",
]


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


def gradient(p: np.ndarray) -> np.ndarray:
    """Gradient of f(x, y) = (x − 1)² + 10 (y + 0.5)² at p = (x, y) (lesson 2).

    Parameters
    ----------
    p : ndarray of shape (2,)

    Returns
    -------
    ndarray of shape (2,): (2 (x − 1), 20 (y + 0.5))
    """
    x, y = p
    return np.array([2.0 * (x - 1.0), 20.0 * (y + 0.5)])


def gradient_descent(grad: Callable, x0: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """Plain gradient descent x_{k+1} = x_k − lr · grad(x_k) (lesson 2).

    Parameters
    ----------
    grad : callable taking an ndarray of shape (d,) and returning one of shape (d,)
    x0 : ndarray of shape (d,), the start
    lr : float, the learning rate
    steps : int, the number of updates

    Returns
    -------
    path : ndarray of shape (steps + 1, d), row 0 is x0
    """
    x = np.array(x0, dtype=np.float64)
    path = [x.copy()]
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x), dtype=np.float64)
        path.append(x.copy())
    return np.array(path)


def graph_backward(x: float, y: float, z: float) -> tuple[float, float, float]:
    """Partial derivatives of f = (x·y + z)² by one reverse sweep (lesson 3).

    With q = x·y + z: df/dq = 2q, then df/dx = 2q·y, df/dy = 2q·x, df/dz = 2q.

    Returns
    -------
    (df_dx, df_dy, df_dz) : tuple of floats
    """
    q = x * y + z
    df_dq = 2.0 * q
    return float(df_dq * y), float(df_dq * x), float(df_dq)


def compute_loss(yhat: np.ndarray, Y: np.ndarray) -> float:
    """Mean binary cross-entropy of predictions yhat (1, m) against labels Y (1, m) (lesson 4).

    Returns
    -------
    float
    """
    return bce(yhat, Y)


def update_parameters(
    params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray], lr: float
) -> dict[str, np.ndarray]:
    """One gradient-descent step on every parameter, p − lr · dp (lesson 6).

    Parameters
    ----------
    params : dict name -> ndarray (W1 (n1, n_x), b1 (n1, 1), ...)
    grads : dict "d" + name -> ndarray of the same shape
    lr : float, the learning rate

    Returns
    -------
    dict name -> ndarray, new arrays; ``params`` is not changed
    """
    return {k: v - lr * grads["d" + k] for k, v in params.items()}
