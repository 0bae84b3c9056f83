"""Lesson 5's transfer exercise: backward_tanh, the backward pass with tanh in layer 1,
a network the lesson never works through, checked against central differences."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .... import activations, gradcheck, losses
from ...exercise import Exercise, Variant
from ...inputs import NOTEBOOK_M, labels, network_problem
from .backward import GRAD_NAMES, KEPT, backward_shape_advice, backward_with, kept_causes

# ---------------------------------------------- the transfer exercise: tanh in layer 1


def forward_tanh(params: Mapping[str, np.ndarray], X: np.ndarray) -> tuple[np.ndarray, dict]:
    """Lesson 4's forward pass with tanh in layer 1 (ReLU in layer 2, sigmoid output).

    Parameters
    ----------
    params : W1 (n1, n_x), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1)
    X : ndarray of shape (n_x, m)

    Returns
    -------
    yhat : ndarray of shape (1, m)
    cache : dict of X, z1, a1 (n1, m), z2, a2 (n2, m), z3, yhat (1, m)
    """
    z1 = params["W1"] @ X + params["b1"]
    a1 = np.tanh(z1)
    z2 = params["W2"] @ a1 + params["b2"]
    a2 = activations.relu(z2)
    z3 = params["W3"] @ a2 + params["b3"]
    yhat = activations.sigmoid(z3)
    return yhat, {"X": X, "z1": z1, "a1": a1, "z2": z2, "a2": a2, "z3": z3, "yhat": yhat}


def backward_tanh(params: Mapping[str, np.ndarray], cache: Mapping, Y: np.ndarray) -> dict:
    """The reference for the transfer exercise: every gradient of the mean loss by central
    differences through :func:`forward_tanh`, so it owes nothing to the lesson's algebra.

    Parameters
    ----------
    params : as for :func:`forward_tanh`
    cache : its cache (only ``cache["X"]`` is read)
    Y : ndarray of shape (1, m)

    Returns
    -------
    dict dW1 ... db3, each shaped like its parameter
    """
    X = np.asarray(cache["X"], dtype=np.float64)
    p = {k: np.array(v, dtype=np.float64) for k, v in params.items()}

    def loss(_):
        return losses.bce_from_logits(forward_tanh(p, X)[1]["z3"], Y)

    return {g: gradcheck.numerical_gradient(loss, p[g[1:]]) for g in GRAD_NAMES}


def _bt(**options):
    """The tanh network's backward pass (layer 1's slope 1 - a1**2), with ``options`` of
    lesson 5's :func:`~.backward.backward_with` switching slips on."""
    return backward_with(**{"mask1": "tanh", **options})


def _case_backward_tanh(rng):
    params, X = network_problem(rng)
    _, cache = forward_tanh(params, X)
    return [params, cache, labels(rng, X.shape[1])], {}


_TANH_SLOPE = "tanh'(z1) = 1 - tanh(z1)**2 = 1 - a1**2"
TRANSFER = Exercise(
    "l5-backward-tanh",
    "backward_tanh",
    "05-backprop",
    "backward_tanh(params, cache, Y)",
    _case_backward_tanh,
    {"type": "dict", "names": GRAD_NAMES, "kept": KEPT},
    backward_tanh,
    tuple(
        Variant(cause, _bt(**options), options)
        for cause, options in (
            (
                f"a1 is already tanh(z1): the slope is 1 - a1**2, not 1 - tanh(a1)**2; "
                f"{_TANH_SLOPE}",
                {"mask1": "tanh twice"},
            ),
            (
                f"the square belongs to a1 alone: (1 - a1)**2 is not 1 - a1**2; {_TANH_SLOPE}",
                {"mask1": "square outside"},
            ),
            (
                "both slopes at layer 1: tanh replaces the ReLU there, so drop "
                f"relu_derivative(z1); {_TANH_SLOPE}",
                {"mask1": "relu and tanh"},
            ),
            (
                f"divided by the notebook's global m = {NOTEBOOK_M}, not by this batch's m: "
                'take m = cache["X"].shape[1] inside backward_tanh',
                {"divide": "notebook m"},
            ),
            (
                f"layer 1 still uses the ReLU mask; its slope is now {_TANH_SLOPE}",
                {"mask1": "ok"},
            ),
            (f"the slope squares z1 instead of tanh(z1): {_TANH_SLOPE}", {"mask1": "tanh of z"}),
            (
                f"the square is missing in the slope: {_TANH_SLOPE}",
                {"mask1": "tanh without square"},
            ),
            (f"a1 * (1 - a1) is the sigmoid's slope; {_TANH_SLOPE}", {"mask1": "sigmoid's"}),
            (
                f"no slope at layer 1: dz1 = da1 * (1 - a1**2), since {_TANH_SLOPE}",
                {"mask1": "none"},
            ),
            (
                "only layer 1 changed: layer 2 is still a ReLU, dz2 = da2 * relu_derivative(z2)",
                {"mask2": "tanh"},
            ),
            ("missing 1/m: divide dW and db by m = X.shape[1]", {"divide": "none"}),
            ("transposed: dW = dz @ a_prev.T has the shape of W", {"transpose": True}),
        )
    ),
    rtol=1e-5,  # the reference is itself a central difference
    combine=_bt,
    on_error=backward_shape_advice,
    causes={**kept_causes("params"), **kept_causes("cache")},
    success="dW1 ... db3 match central differences of the loss on fresh random networks, "
    "and params and the cache are left as they were",
    summary="against central differences of the loss, on fresh random networks.",
)
