"""Binary cross-entropy, its derivative, and a form computed from logits.

Introduced in lesson 3 (sigmoid + cross-entropy gives ŷ − y) and used from lesson 4 on.
All losses are the *mean* over the m examples.
"""

from __future__ import annotations

import numpy as np

__all__ = ["EPS", "bce", "bce_derivative", "bce_from_logits"]

#: ŷ is clipped to [EPS, 1 − EPS] in :func:`bce` so log never sees 0.
EPS = 1e-12


def bce(yhat: np.ndarray, Y: np.ndarray, eps: float = EPS) -> float:
    """Mean binary cross-entropy, L = −(1/m) Σ [y log ŷ + (1 − y) log(1 − ŷ)].

    ŷ is clipped to [eps, 1 − eps], so the loss stays finite when a prediction is
    exactly 0 or 1. Use :func:`bce_from_logits` when you have z3: it is exact there.

    Parameters
    ----------
    yhat : ndarray of shape (1, m), predicted probabilities
    Y : ndarray of shape (1, m), labels 0 or 1
    eps : float, the clip (default :data:`EPS`)

    Returns
    -------
    float, the mean loss
    """
    yhat = np.clip(np.asarray(yhat, dtype=np.float64), eps, 1.0 - eps)
    Y = np.asarray(Y, dtype=np.float64)
    m = Y.shape[-1]
    return float(-np.sum(Y * np.log(yhat) + (1.0 - Y) * np.log1p(-yhat)) / m)


def bce_derivative(yhat: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dL/dŷ of the mean loss: (1/m) (−y/ŷ + (1 − y)/(1 − ŷ)), elementwise.

    Parameters
    ----------
    yhat : ndarray of shape (1, m)
    Y : ndarray of shape (1, m)

    Returns
    -------
    dyhat : ndarray of shape (1, m)
    """
    yhat = np.clip(np.asarray(yhat, dtype=np.float64), EPS, 1.0 - EPS)
    Y = np.asarray(Y, dtype=np.float64)
    m = Y.shape[-1]
    return (-Y / yhat + (1.0 - Y) / (1.0 - yhat)) / m


def bce_from_logits(z: np.ndarray, Y: np.ndarray) -> float:
    """Mean binary cross-entropy of sigmoid(z) against Y, computed from the logits z.

    Uses log σ(z) = −log(1 + e^(−z)) and log(1 − σ(z)) = −log(1 + e^z), evaluated with
    ``np.logaddexp`` so nothing overflows and nothing is clipped: the loss is exact
    even for |z| in the thousands.

    Parameters
    ----------
    z : ndarray of shape (1, m), the pre-activation z3
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    float, the mean loss
    """
    z = np.asarray(z, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    m = Y.shape[-1]
    # y·log(1 + e^(−z)) + (1 − y)·log(1 + e^z)
    return float((Y * np.logaddexp(0.0, -z) + (1.0 - Y) * np.logaddexp(0.0, z)).sum() / m)
