"""Lesson 4's exercises: forward and compute_loss."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ... import activations, network
from ...losses import EPS, bce
from ..compare import close
from ..exercise import Call, Exercise, Variant
from ..inputs import describe_shapes, labels, network_problem
from ..probe import decode


def compute_loss(yhat: np.ndarray, Y: np.ndarray) -> float:
    """Mean binary cross-entropy of predictions yhat (1, m) against labels Y (1, m) (lesson 4).

    Returns
    -------
    float
    """
    return bce(yhat, Y)


_FORWARD_NAMES = ["z1", "a1", "z2", "a2", "z3", "yhat"]


def _case_forward(rng):
    params, X = network_problem(rng)
    return [params, X], {}


def _forward_with(params, X, act1=activations.relu, act2=activations.relu, out=None, bias=True):
    out = out or activations.sigmoid
    p = params
    b = (lambda k: p[k]) if bias else (lambda k: 0.0)
    z1 = p["W1"] @ X + b("b1")
    a1 = act1(z1)
    z2 = p["W2"] @ a1 + b("b2")
    a2 = act2(z2)
    z3 = p["W3"] @ a2 + b("b3")
    yhat = out(z3)
    return yhat, {"X": X, "z1": z1, "a1": a1, "z2": z2, "a2": a2, "z3": z3, "yhat": yhat}


def _identity(z):
    return z


def _forward_error(message: str, payload: Mapping) -> str:
    """Advice for a shape error in forward: the shapes it was given, and W @ a."""
    params, X = decode(payload["args"])
    shapes = "the shapes here: " + describe_shapes(
        {"X": X, **{k: params[k] for k in ("W1", "W2", "W3")}}
    )
    if "matrix product" in message or "not aligned" in message:
        return (
            f"{shapes}\nlikely cause: W1 has shape (n1, n_x): compute W1 @ X, not X @ W1 or "
            "W1.T @ X (and likewise W2 @ a1, W3 @ a2)"
        )
    if "could not be broadcast" in message:
        return f"{shapes}\nlikely cause: * multiplies entry by entry; use @ for W1 @ X"
    return ""


LOSS_SATURATED = "loss (some ŷ exactly 0 or 1)"
_CLIP = (
    "clip ŷ into [ε, 1 − ε] before the log (np.clip), or the loss is infinite/NaN when "
    "a prediction is exactly 0 or 1"
)
#: the clipping ε a learner may choose; the loss of a saturated case depends on it
_EPS_RANGE = (1e-15, 1e-7)


def _case_loss(rng):
    """Predictions inside (0, 1); then some exactly 0 and 1, with both labels."""
    m = int(rng.integers(10, 17))
    main = Call([rng.uniform(0.05, 0.95, size=(1, m)), labels(rng, m)])
    m2 = int(rng.integers(10, 17))
    yhat, Y = rng.uniform(0.05, 0.95, size=(1, m2)), labels(rng, m2)
    yhat[0, :4], Y[0, :4] = [0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]
    order = rng.permutation(m2)
    return [
        main,
        Call(
            [yhat[:, order], Y[:, order]],
            kind={"type": "number", "name": LOSS_SATURATED},
            label="when some ŷ are exactly 0 or 1",
        ),
    ]


def _loss_bounds(payload):
    """Any ε in _EPS_RANGE is fine: the loss with ε = 1e-7 and with ε = 1e-15."""
    yhat, Y = decode(payload["more"][0]["args"])
    return {
        LOSS_SATURATED: (
            bce(yhat, Y, eps=_EPS_RANGE[1]),
            bce(yhat, Y, eps=_EPS_RANGE[0]),
        )
    }


def _loss_explain(payload, got, expected):
    """A finite but wrong loss on saturated ŷ, with the ordinary loss right: ε too large."""
    g, main = got.get(LOSS_SATURATED), got.get("loss")
    if g is None or main is None or not np.isfinite(g) or not close(main, expected["loss"], 1e-6):
        return {}
    return {
        LOSS_SATURATED: "clip with a tiny ε, as in np.clip(yhat, 1e-12, 1 - 1e-12): a large ε "
        "changes the loss when a prediction is exactly 0 or 1"
    }


def _loss_sum(yhat, Y):
    return compute_loss(yhat, Y) * Y.shape[1]


def _loss_no_minus(yhat, Y):
    return -compute_loss(yhat, Y)


def _loss_one_term(yhat, Y):
    return float(-np.mean(Y * np.log(np.clip(yhat, EPS, 1.0))))


EXERCISES = [
    Exercise(
        "l4-forward",
        "forward",
        "04-forward",
        "forward(params, X)",
        _case_forward,
        {
            "type": "forward",
            "names": _FORWARD_NAMES,
            "needs": {"X": "backward uses it for dW1"},
        },
        network.forward,
        (
            Variant(
                "missing ReLU: a1 = relu(z1), a2 = relu(z2)",
                lambda p, X: _forward_with(p, X, _identity, _identity),
            ),
            Variant(
                "missing ReLU on layer 1: a1 = relu(z1)",
                lambda p, X: _forward_with(p, X, act1=_identity),
            ),
            Variant(
                "missing ReLU on layer 2: a2 = relu(z2)",
                lambda p, X: _forward_with(p, X, act2=_identity),
            ),
            Variant(
                "sigmoid in a hidden layer: hidden layers use relu",
                lambda p, X: _forward_with(p, X, activations.sigmoid, activations.sigmoid),
            ),
            Variant(
                "relu on the output: yhat = sigmoid(z3)",
                lambda p, X: _forward_with(p, X, out=activations.relu),
            ),
            Variant(
                "the bias is missing: z = W·a + b",
                lambda p, X: _forward_with(p, X, bias=False),
            ),
        ),
        on_error=_forward_error,
        summary="yhat and every z, a in the cache.",
    ),
    Exercise(
        "l4-loss",
        "compute_loss",
        "04-forward",
        "compute_loss(yhat, Y)",
        _case_loss,
        {"type": "number", "name": "loss"},
        compute_loss,
        (
            Variant("missing 1/m: the loss is the mean over the m examples", _loss_sum),
            Variant("wrong sign: L = -mean(y log ŷ + (1 - y) log(1 - ŷ))", _loss_no_minus),
            Variant("missing the (1 - y) log(1 - ŷ) term", _loss_one_term),
        ),
        explain=_loss_explain,
        causes={LOSS_SATURATED: _CLIP},
        bounds=_loss_bounds,
        summary="the mean binary cross-entropy.",
        check="check_loss",
    ),
]
