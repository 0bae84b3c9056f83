"""Activation functions and their derivatives, each forward beside its backward.

Introduced in lesson 1 (derivatives checked numerically) and used by the network in
lessons 4 and 5. Every function works elementwise on an array of any shape.
"""

from __future__ import annotations

import numpy as np

__all__ = ["relu", "relu_derivative", "sigmoid", "sigmoid_derivative"]


def relu(z: np.ndarray) -> np.ndarray:
    """ReLU, max(0, z), elementwise.

    Parameters
    ----------
    z : ndarray of any shape, e.g. (n_l, m)

    Returns
    -------
    a : ndarray, same shape as z
    """
    return np.maximum(z, 0.0)  # array first: numpy converts a leading scalar more slowly


def relu_derivative(z: np.ndarray) -> np.ndarray:
    """Derivative of ReLU: 1 where z > 0, else 0 (we take 0 at the kink z = 0).

    Parameters
    ----------
    z : ndarray of any shape, the input of the ReLU (not its output)

    Returns
    -------
    ndarray of 0.0 and 1.0, same shape as z
    """
    return (np.asarray(z) > 0).astype(np.float64)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid 1 / (1 + exp(-z)), without overflow for large |z|.

    For z >= 0 it computes 1 / (1 + exp(-z)); for z < 0 the equal form
    exp(z) / (1 + exp(z)), so exp never sees a large positive argument.

    Parameters
    ----------
    z : ndarray of any shape, e.g. z3 of shape (1, m)

    Returns
    -------
    yhat : ndarray in [0, 1], same shape as z
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    # both forms share the denominator 1 + e, with numerator 1 (z >= 0) or e (z < 0)
    yhat = np.where(z >= 0, 1.0, e)
    yhat /= 1.0 + e
    return yhat


def sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    """Derivative of the sigmoid, σ'(z) = σ(z)(1 − σ(z)) (lesson 3).

    Parameters
    ----------
    z : ndarray of any shape, the input of the sigmoid

    Returns
    -------
    ndarray in [0, 0.25], same shape as z
    """
    s = sigmoid(z)
    return s * (1.0 - s)
