"""How noisy a mini-batch gradient is (lesson 7).

The gradient of a mini-batch of b examples drawn without replacement from the m
examples is the mean of their per-example gradients. Over all such batches its mean is
the full gradient (it is unbiased), and its expected squared distance from the full
gradient is

    E ‖ĝ_b − g‖² = σ²/b · (m − b)/(m − 1),     σ² = (1/m) Σ_i ‖g_i − g‖²,

the variance of a sample mean without replacement (:func:`sampling_variance`).
:func:`per_example_gradients` gives every g_i at once (one row per example, all the
parameters laid end to end, W1, b1, ..., b3) and :func:`batch_gradients` the
gradients of many random batches, so the law can be measured.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .network import N_LAYERS, forward
from .validate import check_int, check_params, check_XY

__all__ = [
    "PARAM_ORDER",
    "flatten",
    "per_example_gradients",
    "gradient_variance",
    "batch_gradients",
    "sampling_variance",
]

#: the order in which :func:`flatten` lays the parameters (or their gradients) end to end
PARAM_ORDER = tuple(f"{k}{layer}" for layer in range(1, N_LAYERS + 1) for k in "Wb")


def flatten(grads: Mapping[str, np.ndarray]) -> np.ndarray:
    """The gradients dW1, db1, ..., db3 laid end to end as one vector (lesson 7).

    Parameters
    ----------
    grads : dict "dW1" (n1, n_x), "db1" (n1, 1), ..., "db3" (1, 1), as from
        :func:`helpers.network.backward`

    Returns
    -------
    ndarray of shape (P,), P the number of parameters
    """
    if not isinstance(grads, Mapping):
        raise TypeError(f"grads must be a dict of dW1, db1, ...; got {type(grads).__name__}.")
    missing = [f"d{name}" for name in PARAM_ORDER if f"d{name}" not in grads]
    if missing:
        raise ValueError(f"grads has no {', '.join(missing)}; expected dW1, db1, ..., db3.")
    return np.concatenate([np.ravel(grads[f"d{name}"]) for name in PARAM_ORDER])


def per_example_gradients(
    params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray
) -> np.ndarray:
    """Each example's own gradient: row i is the gradient of example i's loss (lesson 7).

    One forward and one backward pass over all m examples; the weight gradients are
    then split per example (``dW_l`` of example i is ``dz_l[:, i] a_{l-1}[:, i]ᵀ``)
    instead of averaged. The mean of the rows is ``flatten(backward(...))``, the
    gradient of the mean loss.

    Parameters
    ----------
    params : dict W1 (n1, n_x), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1)
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)

    Returns
    -------
    G : ndarray of shape (m, P), the parameters in the order of :data:`PARAM_ORDER`
    """
    check_params(params, N_LAYERS)
    X, Y = check_XY(X, Y)
    m = X.shape[1]
    _, cache = forward(params, X)
    dz3 = cache["yhat"] - Y  # (1, m): column i is example i's own dℓ_i/dz3
    dz2 = (params["W3"].T @ dz3) * (cache["z2"] > 0)  # (n2, m)
    dz1 = (params["W2"].T @ dz2) * (cache["z1"] > 0)  # (n1, m)
    inputs = {1: X, 2: cache["a1"], 3: cache["a2"]}
    dz = {1: dz1, 2: dz2, 3: dz3}
    parts = []
    for layer in range(1, N_LAYERS + 1):
        dW = np.einsum("im,jm->mij", dz[layer], inputs[layer])  # (m, n_l, n_{l-1})
        parts += [dW.reshape(m, -1), dz[layer].T]  # db_l of example i is dz_l[:, i]
    return np.concatenate(parts, axis=1)


def gradient_variance(G: np.ndarray) -> float:
    """σ² = (1/m) Σ_i ‖g_i − g‖², the spread of the per-example gradients (lesson 7).

    Parameters
    ----------
    G : ndarray of shape (m, P), one example's gradient per row

    Returns
    -------
    float
    """
    G = _check_G(G)
    return float(np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1)))


def batch_gradients(
    G: np.ndarray, batch_size: int, draws: int, rng: np.random.Generator
) -> np.ndarray:
    """The gradients of ``draws`` random mini-batches, each drawn without replacement.

    A batch's gradient is the mean of its examples' rows of G. The batches are
    independent of each other (each is b distinct examples, a fresh draw), as one batch
    of a freshly shuffled epoch is (lesson 7).

    Parameters
    ----------
    G : ndarray of shape (m, P), from :func:`per_example_gradients`
    batch_size : int b in [1, m]
    draws : int ≥ 1, the number of batches
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (draws, P)
    """
    G = _check_G(G)
    m = G.shape[0]
    b = check_int(batch_size, "batch_size", 1, m)
    draws = check_int(draws, "draws", 1)
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy Generator, e.g. np.random.default_rng(0).")
    # row r picks the b examples with the smallest of m uniform keys: a random subset
    keys = rng.random((draws, m))
    chosen = np.argpartition(keys, b - 1, axis=1)[:, :b] if b < m else None
    weights = np.zeros((draws, m))
    if chosen is None:
        weights[:] = 1.0 / m
    else:
        np.put_along_axis(weights, chosen, 1.0 / b, axis=1)
    return weights @ G


def sampling_variance(sigma2: float, m: int, b: int | np.ndarray) -> float | np.ndarray:
    """E ‖ĝ_b − g‖² = σ²/b · (m − b)/(m − 1) for batches of b of m examples (lesson 7).

    The variance of the mean of b examples drawn without replacement: σ²/b as with
    replacement, times the finite-population factor (m − b)/(m − 1), which makes it 0
    for the full batch, b = m.

    Parameters
    ----------
    sigma2 : float ≥ 0, from :func:`gradient_variance`
    m : int ≥ 2, the number of examples
    b : int or ndarray of whole numbers in [1, m], the batch size(s)

    Returns
    -------
    float, or ndarray of the shape of b
    """
    if isinstance(sigma2, bool) or not isinstance(sigma2, (int, float, np.floating, np.integer)):
        raise TypeError(f"sigma2 must be a number; got {type(sigma2).__name__}.")
    if not sigma2 >= 0:
        raise ValueError(f"sigma2 is a variance, so ≥ 0; got {sigma2}.")
    m = check_int(m, "m", 2)
    b_arr = np.asarray(b)
    whole = b_arr.dtype.kind in "iu" or (
        b_arr.dtype.kind == "f" and np.all(np.isfinite(b_arr)) and np.all(b_arr == np.round(b_arr))
    )
    if not whole or b_arr.size == 0 or np.any(b_arr < 1) or np.any(b_arr > m):
        raise ValueError(f"b must be whole batch sizes between 1 and m = {m}; got {b!r}.")
    b_arr = b_arr.astype(np.float64)
    value = sigma2 / b_arr * (m - b_arr) / (m - 1)
    return float(value) if value.ndim == 0 else value


def _check_G(G: object) -> np.ndarray:
    if not isinstance(G, np.ndarray) or G.ndim != 2 or G.shape[0] < 1:
        shape = getattr(G, "shape", type(G).__name__)
        raise ValueError(f"G must be an array of shape (m, P), one example per row; got {shape}.")
    return np.asarray(G, dtype=np.float64)
