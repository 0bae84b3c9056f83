"""Lesson 4's exercises: forward and compute_loss."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from ... import activations, network
from ...losses import EPS, bce
from ..compare import close
from ..exercise import Call, Exercise, Variant
from ..inputs import NOTEBOOK_M, describe_shapes, labels, network_problem
from ..probe import calls, decode


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


def _forward_with(
    params,
    X,
    act1=activations.relu,
    act2=activations.relu,
    out=None,
    bias="123",
    act3=None,
    feed2="a",
    feed3="a",
):
    """The forward pass with known mistakes: other activations, the biases of only the
    layers named in ``bias``, ``act3`` applied to z3 (kept in the cache) before ``out``,
    and ``feed2``/``feed3`` = "z" feeding a layer the one before's z instead of its a."""
    out = out or activations.sigmoid
    p = params
    b = {k: p[f"b{k}"] if str(k) in bias else 0.0 for k in (1, 2, 3)}
    z1 = p["W1"] @ X + b[1]
    a1 = act1(z1)
    z2 = p["W2"] @ (z1 if feed2 == "z" else a1) + b[2]
    a2 = act2(z2)
    z3 = p["W3"] @ (z2 if feed3 == "z" else a2) + b[3]
    if act3 is not None:
        z3 = act3(z3)
    yhat = out(z3)
    return yhat, {"X": X, "z1": z1, "a1": a1, "z2": z2, "a2": a2, "z3": z3, "yhat": yhat}


def _relu_then_sigmoid(z):
    return activations.sigmoid(activations.relu(z))


_RELU_ON_Z3 = (
    "a ReLU on the output layer: z3 = W3 @ a2 + b3 goes into the sigmoid as it is, "
    "yhat = sigmoid(z3), with no relu"
)


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


_SWAPPED = (
    "Y and yhat are swapped: the loss is −mean(Y log ŷ + (1 − Y) log(1 − ŷ)), the labels "
    "outside the logs and the clipped ŷ inside"
)
_TOO_LARGE_EPS = (
    "the clipping ε is outside 1e-15 to 1e-7: clip as in np.clip(yhat, 1e-12, 1 - 1e-12) "
    "(a larger ε changes the loss when a prediction is exactly 0 or 1, and one near "
    "machine precision makes it depend on rounding)"
)

#: Mistakes that turn the right loss L of a batch of m examples into another number:
#: (cause, (L, m) -> the wrong loss). Each is a Variant, and is named on the saturated
#: call too whatever ε the clip uses.
_LOSS_MISTAKES: tuple[tuple[str, Callable[[float, int], float]], ...] = (
    ("missing 1/m: the loss is the mean over the m examples", lambda L, m: L * m),
    ("wrong sign: L = -mean(y log ŷ + (1 - y) log(1 - ŷ))", lambda L, m: -L),
    (
        "divided by m twice: np.mean already divides by m, so use np.mean(...) or "
        "np.sum(...) / m, not both",
        lambda L, m: L / m,
    ),
    (
        f"divided by the notebook's m = {NOTEBOOK_M}, not by this batch's m: use np.mean, "
        "or divide by Y.shape[1] (not a global m or X.shape[1])",
        lambda L, m: L * m / NOTEBOOK_M,
    ),
)


def _mistaken(wrong: Callable[[float, int], float]) -> Callable:
    def loss(yhat, Y):
        return wrong(compute_loss(yhat, Y), Y.shape[1])

    return loss


def _swapped(yhat, Y):
    """compute_loss(Y, yhat): the labels inside the (clipped) logs, ŷ outside."""
    return compute_loss(Y, yhat)


def _swapped_clip(cases: list[tuple[np.ndarray, np.ndarray, float]]) -> bool:
    """Whether every call's loss is that of the swapped formula with one clip ε = 10^-k,
    −mean(ŷ log c + (1 − ŷ) log(1 − c)) with c = Y clipped to [ε, 1 − ε] (the labels
    clipped: the arguments taken in the wrong order). Each call must match exactly."""
    for eps in 10.0 ** -np.arange(3, 16):
        if all(close(loss, bce(Y, yhat, eps=eps), 1e-6) for yhat, Y, loss in cases):
            return True
    return False


def _loss_explain(payload, got, expected):
    """Causes seen across the two calls: Y and yhat swapped (an infinite loss although
    every ŷ of the first call is inside (0, 1), or both losses those of the labels
    clipped); only the saturated loss infinite: no clip; a known mistake on the first
    call repeated on the saturated one, whatever ε the clip uses; and, with the first
    loss right, an ε too large."""
    main, sat = got.get("loss"), got.get(LOSS_SATURATED)
    if main is None:
        return {}
    if not np.isfinite(main):  # log(Y) or log(1 - Y) of a label: the roles are swapped
        return {name: _SWAPPED for name, v in got.items() if not np.all(np.isfinite(v))}
    if sat is None:
        return {}
    if not np.isfinite(sat):  # only the call with ŷ of exactly 0 or 1 is infinite
        return {LOSS_SATURATED: _CLIP}
    (yhat, Y), (yhat2, Y2) = (decode(call["args"]) for call in calls(payload))
    lo, hi = _loss_bounds(payload)[LOSS_SATURATED]
    for cause, wrong in _LOSS_MISTAKES:
        ends = sorted((wrong(lo, Y2.shape[1]), wrong(hi, Y2.shape[1])))
        slack = 1e-6 * max(abs(ends[0]), abs(ends[1]))
        if close(main, wrong(expected["loss"], Y.shape[1]), 1e-6) and (
            ends[0] - slack <= float(sat) <= ends[1] + slack
        ):
            return {"loss": cause, LOSS_SATURATED: cause}
    if _swapped_clip([(yhat, Y, float(main)), (yhat2, Y2, float(sat))]):
        return {"loss": _SWAPPED, LOSS_SATURATED: _SWAPPED}
    if close(main, expected["loss"], 1e-6):
        return {LOSS_SATURATED: _TOO_LARGE_EPS}
    return {}


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
            "compared": ["X", "yhat"],
        },
        network.forward,
        (
            Variant(
                "missing ReLU: a1 = relu(z1), a2 = relu(z2)",
                lambda p, X: _forward_with(p, X, _identity, _identity),
                joint=True,
            ),
            Variant(
                "missing ReLU on layer 1: a1 = relu(z1)",
                lambda p, X: _forward_with(p, X, act1=_identity),
                joint=True,
            ),
            Variant(
                "missing ReLU on layer 2: a2 = relu(z2)",
                lambda p, X: _forward_with(p, X, act2=_identity),
                joint=True,
            ),
            Variant(
                "layer 2 is fed z1, not a1: z2 = W2 @ a1 + b2 (the ReLU's output goes on)",
                lambda p, X: _forward_with(p, X, feed2="z"),
            ),
            Variant(
                "layer 3 is fed z2, not a2: z3 = W3 @ a2 + b3 (the ReLU's output goes on)",
                lambda p, X: _forward_with(p, X, feed3="z"),
            ),
            Variant(
                "sigmoid in a hidden layer: hidden layers use relu",
                lambda p, X: _forward_with(p, X, activations.sigmoid, activations.sigmoid),
            ),
            Variant(
                "relu instead of sigmoid on the output: yhat = sigmoid(z3), a probability",
                lambda p, X: _forward_with(p, X, out=activations.relu),
            ),
            Variant(_RELU_ON_Z3, lambda p, X: _forward_with(p, X, out=_relu_then_sigmoid)),
            Variant(_RELU_ON_Z3, lambda p, X: _forward_with(p, X, act3=activations.relu)),
            Variant(
                "the bias is missing: z = W·a + b",
                lambda p, X: _forward_with(p, X, bias=""),
            ),
            *(
                Variant(
                    f"b{k} is missing: z{k} = {w} + b{k}",
                    lambda p, X, k=k: _forward_with(p, X, bias="123".replace(str(k), "")),
                )
                for k, w in ((1, "W1 @ X"), (2, "W2 @ a1"), (3, "W3 @ a2"))
            ),
        ),
        on_error=_forward_error,
        causes={
            "cache['X']": "cache['X'] must be the X forward was given, as it is: backward "
            "uses it for dW1",
            "cache['yhat']": "cache['yhat'] must be the yhat forward returns, sigmoid(z3)",
        },
        success="yhat and every z, a in the cache match the reference on fresh random "
        "inputs, and the cache holds X and yhat as they are",
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
            *(Variant(cause, _mistaken(wrong)) for cause, wrong in _LOSS_MISTAKES),
            Variant("missing the (1 - y) log(1 - ŷ) term", _loss_one_term),
            Variant(_SWAPPED, _swapped),
        ),
        explain=_loss_explain,
        bounds=_loss_bounds,
        summary="the mean binary cross-entropy.",
        check="check_loss",
    ),
]
