"""Lesson 5's exercises: the predictions of steps 9 to 12 (predict_da1, predict_dz1,
predict_dW1_db1), backward, numerical_gradient, and the transfer exercise backward_tanh
(layer 1 with tanh, a network the lesson never works through)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ... import activations, gradcheck, losses, network
from ..compare import close, shared_factor
from ..exercise import Exercise, Variant
from ..inputs import NOTEBOOK_M, describe_shapes, labels, network_problem, scalar_f, sizes
from ..probe import decode

_GRAD_NAMES = ["dW1", "db1", "dW2", "db2", "dW3", "db3"]


def _case_backward(rng):
    params, X = network_problem(rng)
    _, cache = network.forward(params, X)
    return [params, dict(cache), labels(rng, X.shape[1])], {}


def _backward_with(
    params,
    cache,
    Y,
    divide="m",
    mask1="ok",
    mask2="ok",
    db="ok",
    dz3="ok",
    transpose=False,
):
    """The backward pass with one or more known mistakes (the defaults are all right).

    divide: what dW and db are divided by: "m" (X.shape[1]), "none", "m twice" or
    "notebook m" (the lessons' global m); mask1, mask2: the mask of layer 1 or 2:
    "ok" (relu_derivative(z)), "none" or "relu" (relu(z) itself).
    """
    p, c = params, cache
    X, a1, a2, yhat = c["X"], c["a1"], c["a2"], c["yhat"]
    m = X.shape[1]
    k = {
        "m": 1.0 / m,
        "none": 1.0,
        "m twice": 1.0 / m**2,
        "notebook m": 1.0 / NOTEBOOK_M,
    }[divide]
    if dz3 == "ok":
        dz3_ = yhat - Y
    elif dz3 == "sign":
        dz3_ = Y - yhat
    elif dz3 == "twice":  # σ' applied again on top of ŷ − y
        dz3_ = (yhat - Y) * yhat * (1 - yhat)
    else:  # σ' written as σ: dL/dŷ · σ(z3) instead of dL/dŷ · σ'(z3)
        dyhat = -Y / yhat + (1 - Y) / (1 - yhat)
        dz3_ = dyhat * activations.sigmoid(c["z3"])

    def dbias(dz):
        if db == "axis0":
            return np.sum(dz, axis=0, keepdims=True) * k
        if db == "nokeep":
            return np.sum(dz, axis=1) * k
        return np.sum(dz, axis=1, keepdims=True) * k

    def dweight(dz, a_prev):
        return (a_prev @ dz.T if transpose else dz @ a_prev.T) * k

    def through_relu(da, z, mask):
        if mask == "none":
            return da
        return da * (activations.relu(z) if mask == "relu" else activations.relu_derivative(z))

    dW3, db3 = dweight(dz3_, a2), dbias(dz3_)
    da2 = p["W3"].T @ dz3_
    dz2 = through_relu(da2, c["z2"], mask2)
    dW2, db2 = dweight(dz2, a1), dbias(dz2)
    da1 = p["W2"].T @ dz2
    dz1 = through_relu(da1, c["z1"], mask1)
    dW1, db1 = dweight(dz1, X), dbias(dz1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def _bw(**options):
    def fn(params, cache, Y):
        return _backward_with(params, cache, Y, **options)

    return fn


def _bw_variant(cause: str, **options) -> Variant:
    return Variant(cause, _bw(**options), options)


def _backward_error(message: str, payload: Mapping) -> str:
    """Advice for a shape error in backward: the shapes it was given, and dW = dz @ a.T."""
    if "matrix product" not in message and "not aligned" not in message:
        return ""
    params, cache, _ = decode(payload["args"])
    shapes = describe_shapes({k: cache[k] for k in ("X", "a1", "a2", "yhat")})
    return (
        f"the shapes here: {shapes}\nlikely cause: a gradient has the shape of its "
        "parameter: dW3 = dz3 @ a2.T, dW2 = dz2 @ a1.T, dW1 = dz1 @ X.T; "
        "da2 = W3.T @ dz3, da1 = W2.T @ dz2"
    )


def _case_numerical_gradient(rng):
    f = scalar_f(rng)
    x = rng.uniform(-1.5, 1.5, size=(int(rng.integers(2, 4)), int(rng.integers(2, 5))))
    h = float(rng.choice([0.01, 0.02, 0.05]))  # large enough that a hard-coded h shows
    return [f, x, h], {}


def _ng_forward(f, x, h=1e-5):
    g = np.zeros_like(x)
    f0 = f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        g[i] = (f(x) - f0) / h
        x[i] = old
    return g


def _ng_over_h(f, x, h=1e-5):
    return 2.0 * gradcheck.numerical_gradient(f, x, h)


def _ng_not_restored(f, x, h=1e-5):
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += h
        f_plus = f(x)
        x[i] -= 2 * h
        f_minus = f(x)
        g[i] = (f_plus - f_minus) / (2 * h)
    return g


def _ng_first_axis(f, x, h=1e-5):
    """for i in range(len(x)): x[i] is a whole row of a 2-D x, nudged all at once."""
    g = np.zeros_like(x)
    for i in range(len(x)):
        old = x[i].copy()
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old
        g[i] = (f_plus - f_minus) / (2 * h)
    return g


_M_TWICE = (
    "divided by m twice: the 1/m enters once, in dW and db (dW3 = dz3 @ a2.T / m), so "
    "dz3 = yhat - Y has none"
)
_NOTEBOOK_M = (
    f"divided by the notebook's global m = {NOTEBOOK_M}, not by this batch's m: take "
    'X = cache["X"] and m = X.shape[1] inside backward'
)


def _backward_explain(payload: Mapping, got: Mapping, expected: Mapping) -> dict[str, str]:
    """All six gradients off by one factor m / M: divided by M instead of this batch's m.

    A global m (or X) from a notebook of any size M gives this, or m = X.shape[0]; the
    check names M, whatever it is, and the fact holds however the learner got there.
    (All six, so that one tensor off by, say, 2 is not read as a division.)
    """
    _, cache, Y = decode(payload["args"])
    m, n_x = Y.shape[1], cache["X"].shape[0]
    if any(n not in got or close(got[n], expected[n], 1e-6) for n in _GRAD_NAMES):
        return {}
    k = shared_factor(got, expected, _GRAD_NAMES)
    if k is None or k < 0:
        return {}
    M = round(m / k)
    if not 1 < M <= 10**6 or M == m or abs(m / k - M) > 1e-6:
        return {}
    if M == n_x:
        fix = (
            f"X.shape[0] = {n_x} counts the features; the examples are the columns, m = X.shape[1]"
        )
    else:
        fix = 'take X = cache["X"] and m = X.shape[1] inside backward, not a global m'
    cause = f"every gradient is divided by {M}, not by this batch's m = {m}: {fix}"
    return dict.fromkeys(_GRAD_NAMES, cause)


def _ng_fixed_h(f, x, h=1e-5):
    """The step 1e-5 of the signature's default, whatever h is passed."""
    return gradcheck.numerical_gradient(f, x, 1e-5)


def _ng_whole_array(f, x, h=1e-5):
    """f(x + h) - f(x - h) with x + h nudging every entry at once, in every entry."""
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))


def _ng_whole_array_once(f, x, h=1e-5):
    """The same, returned as the one number it is."""
    return (f(x + h) - f(x - h)) / (2 * h)


_IGNORES_H = "ignores the h argument: use the h you are given"
#: steps a learner may write in place of h (the check passes 0.01, 0.02 or 0.05)
_FIXED_STEPS = (1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-7, 1e-8)


def _ng_explain(payload: Mapping, got: Mapping, expected: Mapping) -> dict[str, str]:
    """The gradient of central differences with a step other than the h passed in."""
    g = got.get("grad")
    f, x, h = decode(payload["args"])
    if g is None or g.shape != x.shape:
        return {}
    for step in _FIXED_STEPS:
        if step != h and close(g, gradcheck.numerical_gradient(f, x.copy(), step), 1e-6):
            return {"grad": _IGNORES_H}
    return {}


_MASK = "missing ReLU mask: multiply da{l} by relu_derivative(z{l}) to get dz{l}"
_WHOLE_ARRAY = (
    "x + h nudges every entry at once: nudge one entry x[i] at a time (x[i] = old + h), "
    "so grad[i] sees the change of x[i] alone"
)
_NOT_RESTORED = "x not restored: put x[i] back to its old value after each nudge"


# ----------------------------------------------------------- the predictions, steps 9-12
# Each is asked before the lesson shows the answer; the check says which part is off.


def predict_da1(W2: np.ndarray, dz2: np.ndarray) -> np.ndarray:
    """Step 9: da1 = W2.T @ dz2, the sum over the paths through layer 2 (lesson 5).

    Parameters
    ----------
    W2 : ndarray of shape (n2, n1)
    dz2 : ndarray of shape (n2, m)

    Returns
    -------
    da1 : ndarray of shape (n1, m)
    """
    return W2.T @ dz2


def predict_dz1(da1: np.ndarray, z1: np.ndarray) -> np.ndarray:
    """Step 10: dz1 = da1 ⊙ relu'(z1), entry by entry (lesson 5).

    Parameters
    ----------
    da1, z1 : ndarrays of shape (n1, m)

    Returns
    -------
    dz1 : ndarray of shape (n1, m)
    """
    return da1 * activations.relu_derivative(z1)


def _dW1_db1_with(dz1, X, m="ok", db="ok", transpose=False):
    n = {"ok": X.shape[1], "none": 1.0, "global": NOTEBOOK_M, "twice": X.shape[1] ** 2}[m]
    dW1 = (X @ dz1.T if transpose else dz1 @ X.T) / n
    if db == "axis0":
        db1 = np.sum(dz1, axis=0, keepdims=True) / n
    elif db == "nokeep":
        db1 = np.sum(dz1, axis=1) / n
    else:
        db1 = np.sum(dz1, axis=1, keepdims=True) / n
    return {"dW1": dW1, "db1": db1}


def predict_dW1_db1(dz1: np.ndarray, X: np.ndarray) -> dict[str, np.ndarray]:
    """Steps 11 and 12: dW1 = dz1 @ X.T / m and db1 = the mean of dz1 over the examples.

    Parameters
    ----------
    dz1 : ndarray of shape (n1, m)
    X : ndarray of shape (n_x, m)

    Returns
    -------
    dict with dW1 of shape (n1, n_x) and db1 of shape (n1, 1)
    """
    return _dW1_db1_with(dz1, X)


def _layer1_fn(**options):
    def fn(dz1, X):
        return _dW1_db1_with(dz1, X, **options)

    return fn


def _case_da1(rng):
    _, n1, n2, m = sizes(rng)
    return [rng.standard_normal((n2, n1)), rng.standard_normal((n2, m))], {}


def _case_dz1(rng):
    _, n1, _, m = sizes(rng)
    return [rng.standard_normal((n1, m)), rng.standard_normal((n1, m))], {}


def _case_dW1_db1(rng):
    n_x, n1, _, m = sizes(rng)
    return [rng.standard_normal((n1, m)), rng.standard_normal((n_x, m))], {}


def _shape_advice(want: str, names: tuple[str, ...]):
    def advice(message: str, payload: Mapping) -> str:
        if "matrix product" not in message and "broadcast" not in message:
            return ""
        shapes = describe_shapes(dict(zip(names, decode(payload["args"]), strict=True)))
        return f"the shapes here: {shapes}\nlikely cause: {want}"

    return advice


_ONE_M = "divide by m = X.shape[1] once"
PREDICTIONS = [
    Exercise(
        "l5-predict-da1",
        "predict_da1",
        "05-backprop",
        "predict_da1(W2, dz2)",
        _case_da1,
        {"type": "array", "name": "da1"},
        predict_da1,
        (
            Variant(
                "that is da1 transposed: da1 has a1's shape (n1, m), so it is W2.T @ dz2",
                lambda W2, dz2: dz2.T @ W2,
            ),
            Variant(
                "no 1/m in da1: it holds each example's own derivative; "
                "the 1/m comes in only at dW and db",
                lambda W2, dz2: W2.T @ dz2 / dz2.shape[1],
            ),
            Variant(
                "W2 and dz2 were summed separately; each path pairs W2[k, j] with "
                "dz2[k, i], so sum the products over k: W2.T @ dz2",
                lambda W2, dz2: np.sum(W2, axis=0)[:, None] * np.sum(dz2, axis=0),
            ),
        ),
        on_error=_shape_advice(
            "da1 has a1's shape (n1, m); of W2 (n2, n1) and dz2 (n2, m), W2.T @ dz2 gives it",
            ("W2", "dz2"),
        ),
        summary="W2 (n2, n1) and dz2 (n2, m) of fresh random sizes.",
    ),
    Exercise(
        "l5-predict-dz1",
        "predict_dz1",
        "05-backprop",
        "predict_dz1(da1, z1)",
        _case_dz1,
        {"type": "array", "name": "dz1"},
        predict_dz1,
        (
            Variant(
                "relu(z1) is the activation a1, not its slope: multiply da1 by "
                "relu_derivative(z1), which is 1 where z1 > 0 and 0 elsewhere",
                lambda da1, z1: da1 * activations.relu(z1),
            ),
            Variant("missing ReLU mask: multiply da1 by relu_derivative(z1)", lambda da1, z1: da1),
            Variant(
                "only the mask: multiply it by the gradient arriving from above, da1",
                lambda da1, z1: activations.relu_derivative(z1),
            ),
            Variant(
                "the mask is inverted: the slope is 1 where z1 > 0",
                lambda da1, z1: da1 * (z1 < 0),
            ),
            Variant(
                "that is the sigmoid's slope; layer 1 is a ReLU: relu_derivative(z1)",
                lambda da1, z1: da1 * activations.sigmoid_derivative(z1),
            ),
        ),
        on_error=_shape_advice(
            "dz1 = da1 * relu_derivative(z1) works entry by entry (*), not as a matrix "
            "product (@)",
            ("da1", "z1"),
        ),
        summary="da1 and z1 (n1, m), about half of z1 negative.",
    ),
    Exercise(
        "l5-predict-dW1-db1",
        "predict_dW1_db1",
        "05-backprop",
        "predict_dW1_db1(dz1, X)",
        _case_dW1_db1,
        {"type": "dict", "names": ["dW1", "db1"]},
        predict_dW1_db1,
        (
            Variant(
                "missing 1/m: dW1 and db1 are means over the m = X.shape[1] examples",
                _layer1_fn(m="none"),
                {"m": "none"},
            ),
            Variant(
                f"divided by m twice: dz1 holds each example's own derivative; {_ONE_M}",
                _layer1_fn(m="twice"),
                {"m": "twice"},
            ),
            Variant(
                f"used the notebook's global m = {NOTEBOOK_M}; take m from the batch you "
                "are given, m = X.shape[1]",
                _layer1_fn(m="global"),
                {"m": "global"},
            ),
            Variant(
                "transposed: dW1 = dz1 @ X.T has W1's shape (n1, n_x)",
                _layer1_fn(transpose=True),
                {"transpose": True},
            ),
            Variant(
                "db1 summed over the wrong axis: sum over axis=1 (the examples), keepdims=True",
                _layer1_fn(db="axis0"),
                {"db": "axis0"},
            ),
            Variant(
                "db1 without keepdims: np.sum(dz1, axis=1, keepdims=True) keeps shape (n1, 1)",
                _layer1_fn(db="nokeep"),
                {"db": "nokeep"},
            ),
        ),
        combine=_layer1_fn,
        on_error=_shape_advice(
            "dW1 has W1's shape (n1, n_x): dz1 (n1, m) @ X.T (m, n_x)", ("dz1", "X")
        ),
        summary="dz1 (n1, m) and X (n_x, m) of fresh random sizes.",
    ),
]


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

    return {g: gradcheck.numerical_gradient(loss, p[g[1:]]) for g in _GRAD_NAMES}


def _tanh_with(params, cache, Y, slope="ok", scale=True, transpose=False, tanh2=False):
    """The analytic backward pass of the tanh network, with one slip switched on."""
    X, a1, a2, yhat = cache["X"], cache["a1"], cache["a2"], cache["yhat"]
    k = 1.0 / X.shape[1] if scale else 1.0

    def grads(dz, a_prev):
        dW = (a_prev @ dz.T if transpose else dz @ a_prev.T) * k
        return dW, np.sum(dz, axis=1, keepdims=True) * k

    dz3 = yhat - Y
    dW3, db3 = grads(dz3, a2)
    da2 = params["W3"].T @ dz3
    mask2 = 1 - a2**2 if tanh2 else activations.relu_derivative(cache["z2"])
    dz2 = da2 * mask2
    dW2, db2 = grads(dz2, a1)
    da1 = params["W2"].T @ dz2
    z1 = cache["z1"]
    dz1 = (
        da1
        * {
            "ok": lambda: 1 - a1**2,
            "relu": lambda: activations.relu_derivative(z1),
            "z": lambda: 1 - z1**2,
            "nosquare": lambda: 1 - a1,
            "sigmoid": lambda: a1 * (1 - a1),
            "none": lambda: np.ones_like(a1),
        }[slope]()
    )
    dW1, db1 = grads(dz1, X)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def _bt(**options):
    def fn(params, cache, Y):
        return _tanh_with(params, cache, Y, **options)

    return fn


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
    {"type": "dict", "names": _GRAD_NAMES},
    backward_tanh,
    tuple(
        Variant(cause, _bt(**options), options)
        for cause, options in (
            (
                f"layer 1 still uses the ReLU mask; its slope is now {_TANH_SLOPE}",
                {"slope": "relu"},
            ),
            (f"the slope squares z1 instead of tanh(z1): {_TANH_SLOPE}", {"slope": "z"}),
            (f"the square is missing in the slope: {_TANH_SLOPE}", {"slope": "nosquare"}),
            (f"a1 * (1 - a1) is the sigmoid's slope; {_TANH_SLOPE}", {"slope": "sigmoid"}),
            (
                f"no slope at layer 1: dz1 = da1 * (1 - a1**2), since {_TANH_SLOPE}",
                {"slope": "none"},
            ),
            (
                "only layer 1 changed: layer 2 is still a ReLU, dz2 = da2 * relu_derivative(z2)",
                {"tanh2": True},
            ),
            ("missing 1/m: divide dW and db by m = X.shape[1]", {"scale": False}),
            ("transposed: dW = dz @ a_prev.T has the shape of W", {"transpose": True}),
        )
    ),
    rtol=1e-5,  # the reference is itself a central difference
    combine=_bt,
    on_error=_backward_error,
    summary="against central differences of the loss, on fresh random networks.",
)

EXERCISES = [
    *PREDICTIONS,
    Exercise(
        "l5-backward",
        "backward",
        "05-backprop",
        "backward(params, cache, Y)",
        _case_backward,
        {"type": "dict", "names": _GRAD_NAMES},
        network.backward,
        (
            _bw_variant("missing 1/m: divide dW and db by m = X.shape[1]", divide="none"),
            _bw_variant(_M_TWICE, divide="m twice"),
            _bw_variant(_NOTEBOOK_M, divide="notebook m"),
            _bw_variant(_MASK.format(l=2), mask2="none"),
            _bw_variant(_MASK.format(l=1), mask1="none"),
            _bw_variant(
                "missing ReLU masks: dz = da * relu_derivative(z)", mask1="none", mask2="none"
            ),
            _bw_variant(
                "relu(z) used as the mask: multiply da by relu_derivative(z), which is 1 "
                "where z > 0 and 0 elsewhere, not by relu(z)",
                mask1="relu",
                mask2="relu",
            ),
            _bw_variant(
                "db summed over the wrong axis: sum over axis=1 (the examples), keepdims=True",
                db="axis0",
            ),
            _bw_variant(
                "db without keepdims: np.sum(dz, axis=1, keepdims=True) keeps shape (n, 1)",
                db="nokeep",
            ),
            _bw_variant("transposed: dW = dz @ a_prev.T has the shape of W", transpose=True),
            _bw_variant("wrong sign: dz3 = yhat - Y", dz3="sign"),
            _bw_variant(
                "σ' written as σ in dz3: dz3 = dL/dŷ · σ(z3)(1 - σ(z3)) = yhat - Y",
                dz3="sigma",
            ),
            _bw_variant(
                "ŷ − y already includes σ′(z3); don't multiply by ŷ(1 − ŷ) again",
                dz3="twice",
            ),
        ),
        combine=_bw,
        explain=_backward_explain,
        on_error=_backward_error,
        summary="dW1 ... db3, tensor by tensor.",
    ),
    Exercise(
        "l5-numerical-gradient",
        "numerical_gradient",
        "05-backprop",
        "numerical_gradient(f, x, h)",
        _case_numerical_gradient,
        {"type": "array", "name": "grad", "after": {"x_after": 1}},
        gradcheck.numerical_gradient,
        (
            Variant(
                "forward difference (f(x+h) - f(x)) / h; use central differences", _ng_forward
            ),
            Variant("divided by h instead of 2h", _ng_over_h),
            Variant(_NOT_RESTORED, _ng_not_restored),
            Variant(
                "only the first axis was visited; loop over every entry with "
                "np.ndindex(x.shape) or np.nditer",
                _ng_first_axis,
            ),
            Variant(_IGNORES_H, _ng_fixed_h),
            Variant(_WHOLE_ARRAY, _ng_whole_array),
            Variant(_WHOLE_ARRAY, _ng_whole_array_once),
        ),
        explain=_ng_explain,
        causes={"x_after": _NOT_RESTORED},
        success="the gradient matches the reference on fresh random inputs and x is unchanged",
        summary="central differences, and x left unchanged.",
    ),
    TRANSFER,
]
