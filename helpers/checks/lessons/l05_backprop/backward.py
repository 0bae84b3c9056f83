"""Lesson 5's backward and numerical_gradient: references, random inputs, known mistakes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .... import activations, gradcheck, network
from ...compare import close, shared_factor
from ...exercise import Call, Exercise, Variant
from ...inputs import NOTEBOOK_M, describe_shapes, labels, network_problem, scalar_f
from ...probe import decode, kept_name

GRAD_NAMES = ["dW1", "db1", "dW2", "db2", "dW3", "db3"]
PARAM_NAMES = ["W1", "b1", "W2", "b2", "W3", "b3"]
CACHE_NAMES = ["X", "z1", "a1", "z2", "a2", "z3", "yhat"]
#: backward's params and cache, judged after the call: it must leave both alone
KEPT = [[0, "params", PARAM_NAMES], [1, "cache", CACHE_NAMES]]
CHANGED = (
    "{what} was changed: backward only computes gradients, and leaves params and the "
    "cache as they are (updating the weights is gradient descent's job, lesson 6; a mask "
    "such as relu_derivative(z1) is a new array, not written into cache['z1'])"
)


def kept_causes(label: str) -> dict[str, str]:
    """The cause for each of backward's arguments changed by the call (lesson 5)."""
    names = PARAM_NAMES if label == "params" else CACHE_NAMES
    return {kept_name(label, n): CHANGED.format(what=label) for n in names}


def _case_backward(rng):
    params, X = network_problem(rng)
    _, cache = network.forward(params, X)
    return [params, dict(cache), labels(rng, X.shape[1])], {}


#: what a layer's da is multiplied by, right or wrong, from its z and a (lesson 5 and its
#: tanh transfer exercise); "none" (da itself) is handled by the backward pass
SLOPES = {
    "ok": lambda z, a: activations.relu_derivative(z),
    "relu": lambda z, a: activations.relu(z),
    "tanh": lambda z, a: 1 - a**2,
    "tanh of z": lambda z, a: 1 - z**2,
    "tanh without square": lambda z, a: 1 - a,
    "sigmoid's": lambda z, a: a * (1 - a),
    "tanh twice": lambda z, a: 1 - np.tanh(a) ** 2,
    "square outside": lambda z, a: (1 - a) ** 2,
    "relu and tanh": lambda z, a: activations.relu_derivative(z) * (1 - a**2),
}


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
    "notebook m" (the lessons' global m); mask1, mask2: what da of layer 1 or 2 is
    multiplied by, a name of :data:`SLOPES` ("ok" is relu_derivative(z); the transfer
    exercise's right answer is "tanh" for layer 1).
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

    def through(da, z, a, mask):
        return da if mask == "none" else da * SLOPES[mask](z, a)

    dW3, db3 = dweight(dz3_, a2), dbias(dz3_)
    da2 = p["W3"].T @ dz3_
    dz2 = through(da2, c["z2"], a2, mask2)
    dW2, db2 = dweight(dz2, a1), dbias(dz2)
    da1 = p["W2"].T @ dz2
    dz1 = through(da1, c["z1"], a1, mask1)
    dW1, db1 = dweight(dz1, X), dbias(dz1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def backward_with(**options):
    def fn(params, cache, Y):
        return _backward_with(params, cache, Y, **options)

    return fn


def _bw_variant(cause: str, **options) -> Variant:
    return Variant(cause, backward_with(**options), options)


def backward_shape_advice(message: str, payload: Mapping) -> str:
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
    """A 2-D x, then a 1-D one: every entry of x, whatever its shape."""
    f = scalar_f(rng)
    x = rng.uniform(-1.5, 1.5, size=(int(rng.integers(2, 4)), int(rng.integers(2, 5))))
    h = float(rng.choice([0.01, 0.02, 0.05]))  # large enough that a hard-coded h shows
    x1 = rng.uniform(-1.5, 1.5, size=int(rng.integers(3, 6)))
    return [
        Call([f, x, h], label="when x is a 2-D array"),
        Call(
            [f, x1, h],
            kind={"type": "array", "name": "grad (x a 1-D array)"},
            label="when x is a 1-D array",
        ),
    ]


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
    if any(n not in got or close(got[n], expected[n], 1e-6) for n in GRAD_NAMES):
        return {}
    k = shared_factor(got, expected, GRAD_NAMES)
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
    return dict.fromkeys(GRAD_NAMES, cause)


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


BACKWARD, NUMERICAL_GRADIENT = (
    Exercise(
        "l5-backward",
        "backward",
        "05-backprop",
        "backward(params, cache, Y)",
        _case_backward,
        {"type": "dict", "names": GRAD_NAMES, "kept": KEPT},
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
        combine=backward_with,
        explain=_backward_explain,
        on_error=backward_shape_advice,
        causes={**kept_causes("params"), **kept_causes("cache")},
        success="dW1 ... db3 match the reference on fresh random inputs, and params and "
        "the cache are left as they were",
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
)
