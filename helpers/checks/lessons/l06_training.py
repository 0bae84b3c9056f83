"""Lesson 6's exercises: update_parameters, train_loop and accuracy."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from ... import network
from ..exercise import Exercise, Variant
from ..inputs import describe_shapes, labels, network_problem, number, random_params, sizes
from ..probe import decode, kept_name

PARAM_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


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


def _case_update(rng):
    n_x, n1, n2, _ = sizes(rng)
    params = random_params(rng, n_x, n1, n2)
    grads = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
    return [params, grads, number(rng, 0.01, 0.5)], {}


def _update_sign(params, grads, lr):
    return update_parameters(params, grads, -lr)


def _update_no_lr(params, grads, lr):
    return update_parameters(params, grads, 1.0)


def _update_in_place(params, grads, lr):
    for k in params:
        params[k] -= lr * grads["d" + k]
    return params


#: the parameters as they are after the call: update_parameters must leave them alone
_KEPT = [[0, "params", list(PARAM_NAMES)]]

_CHANGED_PARAMS = (
    "params was changed: update_parameters must leave it as it is and return a new dict, "
    "e.g. {name: value - lr * grads['d' + name] for name, value in params.items()} "
    "(params[name] -= ... or params[name] = ... changes the caller's parameters too)"
)


# ---------------------------------------------------------------- the training loop


def train_loop(
    params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray, lr: float, epochs: int
) -> list[float]:
    """Full-batch gradient descent on the 3-layer network, written out (lesson 6).

    Each epoch: the loss and the gradients at the current parameters
    (:func:`helpers.network.loss_and_grads`), the loss recorded, then one step
    p := p − lr · dp on every parameter.

    Parameters
    ----------
    params : dict W1 (n1, n_x), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1);
        **updated in place**: afterwards it holds the trained parameters
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    lr : float, the learning rate
    epochs : int, the number of updates (one per epoch: every example, every update)

    Returns
    -------
    losses : list of ``epochs`` floats, the training loss *before* each update, so
        ``losses[0]`` is the untrained loss
    """
    return _loop(params, X, Y, lr, epochs)


def _loop(
    params, X, Y, lr, epochs, sign=1.0, fixed_lr=None, record="before", stale=False,
    skip=(), extra=0, in_place=True,
):  # fmt: skip
    """The training loop with known mistakes switched on (the defaults are right)."""
    p = params if in_place else dict(params)
    step = lr if fixed_lr is None else fixed_lr
    losses: list[float] = []
    first = network.loss_and_grads(p, X, Y)[1] if stale else None
    for _ in range(epochs + extra):
        loss, grads = network.loss_and_grads(p, X, Y)
        if stale:
            grads = first
        if record == "before":
            losses.append(loss)
        new = {k: v - sign * step * grads["d" + k] for k, v in p.items()}
        p.update({k: v for k, v in new.items() if k not in skip})
        if record == "after":
            losses.append(network.loss(p, X, Y))
    return losses


def _mistake(**options) -> Callable:
    def train_loop(params, X, Y, lr, epochs):
        return _loop(params, X, Y, lr, epochs, **options)

    return train_loop


def _one_loss_too_many(params, X, Y, lr, epochs):
    losses = _loop(params, X, Y, lr, epochs)
    return [*losses, network.loss(params, X, Y)]


def _case_train_loop(rng):
    """A random network on random data; n_x is never 2, so a loop that uses the
    notebook's own X (2, 200) instead of its argument fails with a shape error."""
    while True:
        params, X = network_problem(rng)
        if X.shape[0] != 2:
            break
    Y = labels(rng, X.shape[1])
    return [params, X, Y, number(rng, 0.05, 0.5), int(rng.integers(4, 9))], {}


_AFTER = {"arg": 0, "names": list(PARAM_NAMES)}

_NOT_IN_PLACE = (
    "params still holds the starting values: train_loop must update the dict it is "
    "given, e.g. params.update(update_parameters(params, grads, lr)) or params[k] = ...; "
    "`params = update_parameters(...)` inside the function only renames a local variable"
)


def _skipped(name: str) -> str:
    return (
        f"{name} is never updated: the step p := p - lr * dp goes to every parameter, "
        "W1, b1, W2, b2, W3 and b3"
    )


_BIASES = "the biases are never updated: the step p := p - lr * dp goes to b1, b2 and b3 too"


def _train_loop_diagnose(payload, got, expected):
    """Parameters left at their starting values (all: not in place; the biases; one), which
    also changes the losses; the history as one number or one entry short."""
    params, epochs = decode(payload["args"])[0], decode(payload["args"])[4]
    after = {k: got.get(f"{k} after") for k in PARAM_NAMES}
    if all(v is not None for v in after.values()):
        same = [k for k in PARAM_NAMES if np.array_equal(after[k], params[k])]
        cause = None
        if len(same) == len(PARAM_NAMES):
            cause = _NOT_IN_PLACE
        elif same == ["b1", "b2", "b3"]:
            cause = _BIASES
        elif len(same) == 1:
            cause = _skipped(same[0])
        if cause is not None:
            # the losses are those of the right loop only when nothing was updated
            names = [f"{k} after" for k in PARAM_NAMES] + ["losses"]
            return {name: cause for name in names}
    losses = got.get("losses")
    if losses is None:
        return {}
    if losses.ndim == 0:
        return {"losses": f"return the list of all {epochs} losses, one per epoch, not one number"}
    if losses.ndim == 1 and losses.size == epochs - 1:
        return {
            "losses": f"one loss short: record the loss before each of the {epochs} updates "
            "(for _ in range(epochs))"
        }
    return {}


def _train_loop_error(message: str, payload: Mapping) -> str:
    """Advice for a shape error: the loop may use the notebook's X and Y, not its own."""
    shape_error = ("matrix product", "broadcast", "rows but the network expects", "labels but")
    if not any(fragment in message for fragment in shape_error):
        return ""
    params, X, Y = decode(payload["args"])[:3]
    shapes = describe_shapes({"X": X, "Y": Y, "W1": params["W1"]})
    return (
        f"the shapes here: {shapes}\nlikely cause: the loop uses the notebook's own X or Y "
        "(2, 200); use the X and Y passed to train_loop"
    )


_SKIPPED = tuple(Variant(_skipped(name), _mistake(skip=(name,))) for name in PARAM_NAMES)


# ---------------------------------------------------------------- accuracy


def accuracy(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
    """The fraction of examples the network classifies right (lesson 6).

    Parameters
    ----------
    params : dict W1 ... b3
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    float in [0, 1]: the mean of (ŷ > 0.5) == Y
    """
    return float(np.mean(network.predict(params, X) == Y))


def _case_accuracy(rng):
    """A network whose accuracy and the results of every known mistake all differ (so
    none passes and each is named: an error rate of 1/2, or a z3 thresholded at 0.5
    that happens to give the same count, would be ambiguous)."""
    for _ in range(500):
        params, X = network_problem(rng)
        Y = labels(rng, X.shape[1])
        values = [accuracy(params, X, Y)] + [v.fn(params, X, Y) for v in _ACCURACY_MISTAKES]
        if 0 < values[0] < 1 and min(np.diff(np.sort(values))) > 1e-3:
            return [params, X, Y], {}
    raise RuntimeError("could not draw a case for accuracy")  # pragma: no cover


def _acc_of(predicted: Callable) -> Callable:
    def accuracy(params, X, Y):
        _, cache = network.forward(params, X)
        return float(np.mean(predicted(cache) == Y))

    return accuracy


_ACCURACY_MISTAKES = (
    Variant(
        "this is the error rate: accuracy is the share of examples classified right",
        lambda p, X, Y: 1.0 - accuracy(p, X, Y),
    ),
    Variant(
        "a percentage: return a fraction between 0 and 1 (np.mean, not 100 * ...)",
        lambda p, X, Y: 100.0 * accuracy(p, X, Y),
    ),
    Variant(
        "a count: divide by the number of examples m (np.mean does)",
        lambda p, X, Y: accuracy(p, X, Y) * X.shape[1],
    ),
    Variant(
        "z3 compared with 0.5: the probability is yhat = sigmoid(z3); predict 1 where "
        "yhat > 0.5 (that is, where z3 > 0)",
        _acc_of(lambda c: (c["z3"] > 0.5).astype(float)),
    ),
    Variant(
        "yhat compared with Y directly: yhat is a probability, so threshold it first, "
        "(yhat > 0.5) == Y",
        _acc_of(lambda c: c["yhat"]),
    ),
)


EXERCISES = [
    Exercise(
        "l6-update",
        "update_parameters",
        "06-training",
        "update_parameters(params, grads, lr)",
        _case_update,
        {"type": "dict", "names": list(PARAM_NAMES), "kept": _KEPT},
        update_parameters,
        (
            Variant("wrong sign in the update: p := p - lr * dp", _update_sign),
            Variant("the learning rate is missing: p := p - lr * dp", _update_no_lr),
            Variant(_CHANGED_PARAMS, _update_in_place),
        ),
        causes={kept_name("params", name): _CHANGED_PARAMS for name in PARAM_NAMES},
        success="the new parameters match the reference on fresh random inputs, and params "
        "is left as it was",
        summary="p − lr · dp for every p, in a new dict.",
    ),
    Exercise(
        "l6-train-loop",
        "train_loop",
        "06-training",
        "train_loop(params, X, Y, lr, epochs)",
        _case_train_loop,
        {"type": "array", "name": "losses", "updated": _AFTER},
        train_loop,
        (
            Variant(
                "wrong sign in the update: the loss should fall, so step against the "
                "gradient, p := p - lr * dp",
                _mistake(sign=-1.0),
            ),
            Variant(
                "the learning rate is ignored (a step of 1): p := p - lr * dp",
                _mistake(fixed_lr=1.0),
            ),
            Variant(
                "the loss is recorded after the update: record it before each update, so "
                "losses[0] is the untrained loss (the loss loss_and_grads returns)",
                _mistake(record="after"),
            ),
            Variant(
                "stale gradients: the gradients were computed once, before the loop; compute "
                "them again at the current parameters in every epoch",
                _mistake(stale=True),
            ),
            Variant(
                "one loss too many: losses holds the loss before each of the epochs "
                "updates; don't add the loss after the last one",
                _one_loss_too_many,
            ),
            Variant(_BIASES, _mistake(skip=("b1", "b2", "b3"))),
            *_SKIPPED,
            Variant(_NOT_IN_PLACE, _mistake(in_place=False)),
        ),
        diagnose=_train_loop_diagnose,
        on_error=_train_loop_error,
        causes={f"{name} after": _NOT_IN_PLACE for name in PARAM_NAMES},
        success="the losses and the trained parameters match the reference on fresh random data",
        summary="the loss before each update, and params trained in place.",
    ),
    Exercise(
        "l6-accuracy",
        "accuracy",
        "06-training",
        "accuracy(params, X, Y)",
        _case_accuracy,
        {"type": "number", "name": "accuracy"},
        accuracy,
        (*_ACCURACY_MISTAKES,),
        summary="the share of examples with (ŷ > 0.5) == Y.",
    ),
]
