"""The course's 3-layer network: ReLU, ReLU, sigmoid output, binary cross-entropy.

Notation (lesson 4): columns are examples. X has shape (n_x, m), Y shape (1, m),
W_l shape (n_l, n_{l-1}) and b_l shape (n_l, 1)::

    z1 = W1·X + b1     a1 = relu(z1)
    z2 = W2·a1 + b2    a2 = relu(z2)
    z3 = W3·a2 + b3    ŷ  = sigmoid(z3)
    L  = mean binary cross-entropy(ŷ, Y)

``forward`` and ``backward`` are written out layer by layer so they can be read
against the maths (lesson 5). Gradients are those of the *mean* loss.

``forward_unchecked`` and ``backward_unchecked`` are the same maths with no input
checks: for loops (training, plotting a grid) that validated their inputs once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .activations import relu, relu_derivative, sigmoid
from .losses import bce_from_logits
from .validate import check_int, check_params, check_X, check_XY, check_Y

__all__ = [
    "N_LAYERS",
    "init_params",
    "forward",
    "backward",
    "forward_unchecked",
    "backward_unchecked",
    "loss",
    "loss_and_grads",
    "predict",
]

#: the course's network has three layers (two ReLU layers and a sigmoid output): params
#: W1, b1, W2, b2, W3, b3
N_LAYERS = 3


def init_params(layer_dims: Sequence[int], seed: int = 0) -> dict[str, np.ndarray]:
    """He initialisation: W_l ~ N(0, 2 / n_{l-1}), b_l = 0 (lesson 4).

    Parameters
    ----------
    layer_dims : sequence of ints [n_x, n_1, ..., n_L]
        Layer sizes, inputs first. The course's network is ``[2, n1, n2, 1]``.
    seed : int
        Seed for ``numpy.random.default_rng``; the same seed gives the same weights.

    Returns
    -------
    params : dict
        ``"W1"`` of shape (n_1, n_x), ``"b1"`` of shape (n_1, 1), ..., ``"bL"``.
    """
    if isinstance(layer_dims, (str, bytes)) or not isinstance(layer_dims, Sequence):
        raise TypeError(
            f"layer_dims must be a list of layer sizes like [2, 8, 8, 1]; got "
            f"{type(layer_dims).__name__}."
        )
    if len(layer_dims) < 2:
        raise ValueError(
            f"layer_dims needs at least an input and an output size, like [2, 8, 8, 1]; "
            f"got {list(layer_dims)}."
        )
    for i, n in enumerate(layer_dims):
        check_int(n, f"layer_dims[{i}] (a layer size)", 1)
    rng = np.random.default_rng(seed)
    params: dict[str, np.ndarray] = {}
    for l in range(1, len(layer_dims)):  # noqa: E741
        n_prev, n_l = int(layer_dims[l - 1]), int(layer_dims[l])
        params[f"W{l}"] = rng.standard_normal((n_l, n_prev)) * np.sqrt(2.0 / n_prev)
        params[f"b{l}"] = np.zeros((n_l, 1))
    return params


#: the keys of the cache that forward returns and backward reads, in the order computed
_CACHE_ORDER = ("X", "z1", "a1", "z2", "a2", "z3", "yhat")
_CACHE_KEYS = frozenset(_CACHE_ORDER)


def forward(
    params: Mapping[str, np.ndarray], X: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Forward pass through the 3-layer network (lesson 4).

    Parameters
    ----------
    params : dict with W1 (n1, n_x), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1),
        W3 (1, n2), b3 (1, 1)
    X : ndarray of shape (n_x, m)

    Returns
    -------
    yhat : ndarray of shape (1, m), predicted probabilities
    cache : dict
        ``X``, ``z1``, ``a1`` (n1, m), ``z2``, ``a2`` (n2, m), ``z3``, ``yhat`` (1, m):
        what ``backward`` needs.
    """
    p = check_params(params, N_LAYERS)
    X = check_X(X, p["W1"].shape[1])
    return forward_unchecked(p, X)


def forward_unchecked(
    p: Mapping[str, np.ndarray], X: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """:func:`forward` with no input checks: for loops that validated their inputs once.

    Parameters
    ----------
    p : dict of float64 arrays W1 (n1, n_x), b1 (n1, 1), ..., b3 (1, 1), as
        :func:`helpers.validate.check_params` returns them
    X : float64 ndarray of shape (n_x, m)

    Returns
    -------
    yhat (1, m) and the cache, as :func:`forward`
    """
    z1 = p["W1"] @ X + p["b1"]
    a1 = relu(z1)
    z2 = p["W2"] @ a1 + p["b2"]
    a2 = relu(z2)
    z3 = p["W3"] @ a2 + p["b3"]
    yhat = sigmoid(z3)
    cache = {"X": X, "z1": z1, "a1": a1, "z2": z2, "a2": a2, "z3": z3, "yhat": yhat}
    return yhat, cache


def backward(
    params: Mapping[str, np.ndarray], cache: Mapping[str, np.ndarray], Y: np.ndarray
) -> dict[str, np.ndarray]:
    """Backpropagation through the 3-layer network (lesson 5).

    The chain rule in the order dL/dŷ, dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1,
    dW1, db1. ``dz_l`` holds, column by column, each example's own derivative; the
    1/m of the mean loss enters where the columns are combined into ``dW_l``, ``db_l``.

    Parameters
    ----------
    params : dict of W1, b1, W2, b2, W3, b3 (shapes as in :func:`forward`)
    cache : dict returned by :func:`forward`
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    grads : dict
        ``"dW1"``, ``"db1"``, ..., ``"db3"``, each the shape of its parameter:
        the gradient of the mean loss. No parameter is changed.
    """
    p = check_params(params, N_LAYERS)
    if not isinstance(cache, Mapping):
        raise TypeError(
            f"cache must be the dict returned by forward(params, X); got {type(cache).__name__}."
        )
    if not _CACHE_KEYS <= cache.keys():
        missing = ", ".join(repr(k) for k in _CACHE_ORDER if k not in cache)
        raise ValueError(
            f"cache is missing {missing}; pass the cache returned by forward(params, X)."
        )
    _, Y = check_XY(cache["X"], Y, p["W1"].shape[1])
    return backward_unchecked(p, cache, Y)


def backward_unchecked(
    p: Mapping[str, np.ndarray], cache: Mapping[str, np.ndarray], Y: np.ndarray
) -> dict[str, np.ndarray]:
    """:func:`backward` with no input checks: for loops that validated their inputs once.

    Parameters
    ----------
    p : dict of float64 arrays W1 ... b3, as :func:`forward_unchecked` takes
    cache : dict from :func:`forward` or :func:`forward_unchecked`
    Y : float64 ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    grads : dict dW1 ... db3, as :func:`backward`
    """
    X, a1, a2, yhat = cache["X"], cache["a1"], cache["a2"], cache["yhat"]
    m = X.shape[1]

    # dL/dŷ = −y/ŷ + (1 − y)/(1 − ŷ) and dŷ/dz3 = ŷ(1 − ŷ); their product simplifies:
    dz3 = yhat - Y  # (1, m)
    dW3 = dz3 @ a2.T / m  # (1, n2)
    db3 = dz3.sum(axis=1, keepdims=True) / m  # (1, 1)
    # (n2, m). np.dot, not @: with W3's single row this is an outer product, which
    # ``@`` computes without BLAS, three times slower at m = 256.
    da2 = np.dot(p["W3"].T, dz3)
    dz2 = da2 * relu_derivative(cache["z2"])  # (n2, m)
    dW2 = dz2 @ a1.T / m  # (n2, n1)
    db2 = dz2.sum(axis=1, keepdims=True) / m  # (n2, 1)
    da1 = p["W2"].T @ dz2  # (n1, m)
    dz1 = da1 * relu_derivative(cache["z1"])  # (n1, m)
    dW1 = dz1 @ X.T / m  # (n1, n_x)
    db1 = dz1.sum(axis=1, keepdims=True) / m  # (n1, 1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def loss(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
    """Mean binary cross-entropy of the network on (X, Y), computed from z3 (lesson 4).

    Parameters
    ----------
    params : dict of W1 ... b3
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)

    Returns
    -------
    float
    """
    _, cache = forward(params, X)
    Y = check_Y(Y, cache["X"].shape[1])
    return bce_from_logits(cache["z3"], Y)


def loss_and_grads(
    params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """One forward and one backward pass: the loss and its gradients (lesson 6).

    Returns
    -------
    loss : float, the mean loss on (X, Y)
    grads : dict of dW1 ... db3, shapes as the parameters
    """
    _, cache = forward(params, X)
    grads = backward(params, cache, Y)
    return bce_from_logits(cache["z3"], np.asarray(Y, dtype=np.float64)), grads


def predict(params: Mapping[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Class predictions, 1 where ŷ > 0.5 (lesson 4).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)

    Returns
    -------
    ndarray of shape (1, m), 0.0 or 1.0
    """
    yhat, _ = forward(params, X)
    return (yhat > 0.5).astype(np.float64)
