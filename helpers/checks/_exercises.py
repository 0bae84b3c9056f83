"""The course's exercises: one :class:`Exercise` per grade_id, the single source of truth.

An exercise says how to draw fresh random inputs (a *case*) from a NumPy Generator,
what kind of value the learner's function returns, the reference function, and the
known wrong versions ("variants") whose outputs identify a likely mistake. The
in-notebook checks (:mod:`helpers.checks`) and the grader (:mod:`helpers.grade`) both
use this registry.

Functions passed as inputs (to ``central_difference``, ``gradient_descent`` and
``numerical_gradient``) are drawn at random from a family and sent as source text,
e.g. ``lambda x: 1.3 * np.sin(0.7 * x) + -0.2 * x ** 2``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .. import activations, gradcheck, network
from . import _reference as ref
from ._probe import Source, decode, encode, normalise

__all__ = ["Variant", "Exercise", "EXERCISES", "BY_NAME", "get"]


@dataclass(frozen=True)
class Variant:
    """A known mistake: a wrong version of the function and what it means."""

    cause: str
    fn: Callable


@dataclass(frozen=True)
class Exercise:
    """One graded function of the course.

    Attributes
    ----------
    grade_id : the nbgrader grade_id of the exercise cell, e.g. ``"l4-forward"``
    name : the function's name in the lesson, e.g. ``"forward"``
    lesson : the solution notebook's file stem, e.g. ``"04-forward"``
    call : how the check calls it, e.g. ``"forward(params, X)"``
    make_case : rng -> (args list, kwargs dict) of arrays, numbers and :class:`Source`
    kind : how to read its return value (see :func:`helpers.checks._probe.normalise`)
    reference : the correct function, with the same signature
    variants : known mistakes, tried in order when an output is wrong
    rtol : the largest relative error (per output) that passes
    """

    grade_id: str
    name: str
    lesson: str
    call: str
    make_case: Callable[[np.random.Generator], tuple[list, dict]]
    kind: Mapping
    reference: Callable
    variants: tuple[Variant, ...] = field(default_factory=tuple)
    rtol: float = 1e-6

    def payload(self, rng: np.random.Generator) -> dict:
        """A fresh case, encoded as JSON-able data (what the probe receives)."""
        args, kwargs = self.make_case(rng)
        return {"args": encode(args), "kwargs": encode(kwargs), "kind": dict(self.kind)}

    def outputs_of(self, fn: Callable, payload: Mapping) -> dict[str, np.ndarray]:
        """Run a trusted function (reference or variant) on a payload: named arrays."""
        args = decode(payload["args"])
        kwargs = decode(payload.get("kwargs", {}))
        return normalise(self.kind, fn(*args, **kwargs), args)


# ----------------------------------------------------------------- input families


def _num(rng: np.random.Generator, lo: float, hi: float) -> float:
    return round(float(rng.uniform(lo, hi)), 6)


def _sign(rng: np.random.Generator) -> float:
    return float(rng.choice([-1.0, 1.0]))


def _elementwise_f(rng: np.random.Generator) -> Source:
    """a·sin(b·x) + c·x² with random a, b, c: smooth, elementwise, curved."""
    a, b = _num(rng, 0.5, 2.0) * _sign(rng), _num(rng, 0.5, 2.0)
    c = _num(rng, 0.2, 1.0) * _sign(rng)
    return Source(f"lambda x: {a!r} * np.sin({b!r} * x) + {c!r} * x ** 2")


def _scalar_f(rng: np.random.Generator) -> Source:
    """A scalar function of an array whose gradient couples the entries."""
    a, b = _num(rng, 0.5, 2.0) * _sign(rng), _num(rng, 0.5, 2.0)
    c, d = _num(rng, 0.2, 1.0) * _sign(rng), _num(rng, 0.1, 0.5)
    return Source(
        f"lambda x: {a!r} * np.sum(np.sin({b!r} * x)) + {c!r} * np.sum(x) ** 2"
        f" + {d!r} * np.sum(x ** 3)"
    )


def _quadratic_grad(rng: np.random.Generator, d: int) -> Source:
    """The gradient a ⊙ (x − c) of a random axis-aligned bowl in d dimensions."""
    a = [_num(rng, 0.5, 4.0) for _ in range(d)]
    c = [_num(rng, -2.0, 2.0) for _ in range(d)]
    return Source(f"lambda x: np.array({a!r}) * (x - np.array({c!r}))")


def _sizes(rng: np.random.Generator) -> tuple[int, int, int, int]:
    """Distinct layer sizes n_x, n1, n2 and a batch m, so no shape is ambiguous."""
    n_x, n1, n2 = (int(v) for v in rng.choice(np.arange(2, 9), size=3, replace=False))
    m = int(rng.integers(10, 17))
    return n_x, n1, n2, m


def _params(rng: np.random.Generator, n_x: int, n1: int, n2: int) -> dict[str, np.ndarray]:
    dims = [n_x, n1, n2, 1]
    p = {}
    for layer in range(1, 4):
        n_prev, n_l = dims[layer - 1], dims[layer]
        p[f"W{layer}"] = rng.standard_normal((n_l, n_prev)) * np.sqrt(2.0 / n_prev)
        p[f"b{layer}"] = rng.standard_normal((n_l, 1)) * 0.1
    return p


def _labels(rng: np.random.Generator, m: int) -> np.ndarray:
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    Y[0, 0], Y[0, 1] = 0.0, 1.0  # both classes, always
    return Y


# ----------------------------------------------------------------- lesson 1


def _case_central_difference(rng):
    f = _elementwise_f(rng)
    x = _num(rng, -2.0, 2.0) if rng.random() < 0.3 else rng.uniform(-2, 2, size=rng.integers(3, 7))
    h = float(rng.choice([0.01, 0.02, 0.05]))
    return [f, x, h], {}


def _forward_difference(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h


def _backward_difference(f, x, h=1e-5):
    return (f(x) - f(x - h)) / h


def _central_over_h(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / h


def _central_fixed_h(f, x, h=1e-5):
    return (f(x + 1e-5) - f(x - 1e-5)) / (2 * 1e-5)


def _case_relu_derivative(rng):
    z = rng.standard_normal((int(rng.integers(2, 5)), int(rng.integers(5, 9))))
    z[0, 0] = 0.0  # the kink: the course takes relu'(0) = 0
    z[-1, -1] = -abs(z[-1, -1])
    return [z], {}


def _relu_derivative_ge(z):
    return (np.asarray(z) >= 0).astype(np.float64)


def _relu_derivative_inverted(z):
    return (np.asarray(z) < 0).astype(np.float64)


# ----------------------------------------------------------------- lesson 2


def _case_gradient(rng):
    return [rng.uniform(-3, 3, size=2)], {}


def _gradient_no_chain(p):
    x, y = p
    return np.array([2.0 * (x - 1.0), 2.0 * (y + 0.5)])


def _gradient_no_power_factor(p):
    x, y = p
    return np.array([x - 1.0, 10.0 * (y + 0.5)])


def _gradient_sign(p):
    return -ref.gradient(p)


def _case_gradient_descent(rng):
    d = int(rng.integers(1, 4))
    grad = _quadratic_grad(rng, d)
    x0 = rng.uniform(-3, 3, size=d)
    lr = _num(rng, 0.02, 0.2)
    steps = int(rng.integers(3, 9))
    return [grad, x0, lr, steps], {}


def _gd_ascent(grad, x0, lr, steps):
    return ref.gradient_descent(grad, x0, -lr, steps)


def _gd_no_x0(grad, x0, lr, steps):
    return ref.gradient_descent(grad, x0, lr, steps)[1:]


def _gd_no_lr(grad, x0, lr, steps):
    return ref.gradient_descent(grad, x0, 1.0, steps)


def _gd_last_only(grad, x0, lr, steps):
    return ref.gradient_descent(grad, x0, lr, steps)[-1]


# ----------------------------------------------------------------- lesson 3


def _case_sigmoid_prime(rng):
    return [rng.uniform(-4, 4, size=(int(rng.integers(2, 4)), int(rng.integers(4, 8))))], {}


def _sigmoid_prime_as_sigma(z):
    return activations.sigmoid(z)


def _sigmoid_prime_of_z(z):
    return z * (1 - z)


def _sigmoid_prime_plus(z):
    s = activations.sigmoid(z)
    return s * (1 + s)


def _case_graph_backward(rng):
    return [_num(rng, -3, 3), _num(rng, -3, 3), _num(rng, -3, 3)], {}


def _gb_no_two(x, y, z):
    q = x * y + z
    return q * y, q * x, q


def _gb_local_only(x, y, z):
    return y, x, 1.0


def _gb_swapped(x, y, z):
    q = 2.0 * (x * y + z)
    return q * x, q * y, q


# ----------------------------------------------------------------- lesson 4

_FORWARD_NAMES = ["z1", "a1", "z2", "a2", "z3", "yhat"]


def _case_forward(rng):
    n_x, n1, n2, m = _sizes(rng)
    return [_params(rng, n_x, n1, n2), rng.standard_normal((n_x, m))], {}


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
    return yhat, {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "z3": z3, "yhat": yhat}


def _identity(z):
    return z


def _case_loss(rng):
    m = int(rng.integers(10, 17))
    return [rng.uniform(0.05, 0.95, size=(1, m)), _labels(rng, m)], {}


def _loss_sum(yhat, Y):
    return ref.compute_loss(yhat, Y) * Y.shape[1]


def _loss_no_minus(yhat, Y):
    return -ref.compute_loss(yhat, Y)


def _loss_one_term(yhat, Y):
    return float(-np.mean(Y * np.log(yhat)))


# ----------------------------------------------------------------- lesson 5

_GRAD_NAMES = ["dW1", "db1", "dW2", "db2", "dW3", "db3"]


def _case_backward(rng):
    n_x, n1, n2, m = _sizes(rng)
    params = _params(rng, n_x, n1, n2)
    X = rng.standard_normal((n_x, m))
    _, cache = network.forward(params, X)
    return [params, dict(cache), _labels(rng, m)], {}


def _backward_with(
    params, cache, Y, scale=True, mask1=True, mask2=True, db="ok", dz3="ok", transpose=False
):
    p, c = params, cache
    X, a1, a2, yhat = c["X"], c["a1"], c["a2"], c["yhat"]
    m = X.shape[1]
    k = 1.0 / m if scale else 1.0
    if dz3 == "ok":
        dz3_ = yhat - Y
    elif dz3 == "sign":
        dz3_ = Y - yhat
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

    dW3, db3 = dweight(dz3_, a2), dbias(dz3_)
    da2 = p["W3"].T @ dz3_
    dz2 = da2 * activations.relu_derivative(c["z2"]) if mask2 else da2
    dW2, db2 = dweight(dz2, a1), dbias(dz2)
    da1 = p["W2"].T @ dz2
    dz1 = da1 * activations.relu_derivative(c["z1"]) if mask1 else da1
    dW1, db1 = dweight(dz1, X), dbias(dz1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def _bw(**options):
    def fn(params, cache, Y):
        return _backward_with(params, cache, Y, **options)

    return fn


def _case_numerical_gradient(rng):
    f = _scalar_f(rng)
    x = rng.uniform(-1.5, 1.5, size=(int(rng.integers(2, 4)), int(rng.integers(2, 5))))
    h = float(rng.choice([1e-2, 1e-3]))
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


# ----------------------------------------------------------------- lesson 6


def _case_update(rng):
    n_x, n1, n2, _ = _sizes(rng)
    params = _params(rng, n_x, n1, n2)
    grads = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
    return [params, grads, _num(rng, 0.01, 0.5)], {}


def _update_sign(params, grads, lr):
    return ref.update_parameters(params, grads, -lr)


def _update_no_lr(params, grads, lr):
    return ref.update_parameters(params, grads, 1.0)


# ----------------------------------------------------------------- the registry

_MASK = "missing ReLU mask: multiply da{l} by relu_derivative(z{l}) to get dz{l}"

EXERCISES: dict[str, Exercise] = {
    ex.grade_id: ex
    for ex in [
        Exercise(
            "l1-central-difference",
            "central_difference",
            "01-derivatives",
            "central_difference(f, x, h)",
            _case_central_difference,
            {"type": "array", "name": "result"},
            ref.central_difference,
            (
                Variant(
                    "forward difference (f(x+h) - f(x)) / h; use x+h and x-h", _forward_difference
                ),
                Variant(
                    "backward difference (f(x) - f(x-h)) / h; use x+h and x-h",
                    _backward_difference,
                ),
                Variant("divided by h instead of 2h", _central_over_h),
                Variant("ignores the h argument: use the h you are given", _central_fixed_h),
            ),
            rtol=1e-8,
        ),
        Exercise(
            "l1-relu-derivative",
            "relu_derivative",
            "01-derivatives",
            "relu_derivative(z)",
            _case_relu_derivative,
            {"type": "array", "name": "result"},
            activations.relu_derivative,
            (
                Variant("returned relu(z), the function, not its derivative", activations.relu),
                Variant(
                    "1 at z = 0: the course takes relu'(0) = 0, so use z > 0", _relu_derivative_ge
                ),
                Variant(
                    "the mask is inverted: the slope is 1 where z > 0", _relu_derivative_inverted
                ),
            ),
        ),
        Exercise(
            "l2-gradient",
            "gradient",
            "02-gradient-descent",
            "gradient(p)",
            _case_gradient,
            {"type": "array", "name": "result"},
            ref.gradient,
            (
                Variant(
                    "wrong sign: the gradient points uphill, d/dx (x-1)^2 = 2(x-1)", _gradient_sign
                ),
                Variant(
                    "missing the factor 10 in d/dy 10(y+0.5)^2 = 20(y+0.5)", _gradient_no_chain
                ),
                Variant(
                    "missing the factor 2 from the square: d/dx (x-1)^2 = 2(x-1)",
                    _gradient_no_power_factor,
                ),
            ),
        ),
        Exercise(
            "l2-gradient-descent",
            "gradient_descent",
            "02-gradient-descent",
            "gradient_descent(grad, x0, lr, steps)",
            _case_gradient_descent,
            {"type": "array", "name": "path"},
            ref.gradient_descent,
            (
                Variant(
                    "wrong sign in the update: x := x - lr * grad(x) goes downhill", _gd_ascent
                ),
                Variant("row 0 of the path must be x0: return steps + 1 rows", _gd_no_x0),
                Variant("the learning rate is missing from the update", _gd_no_lr),
                Variant("returned only the last point; return every x_k as a row", _gd_last_only),
            ),
        ),
        Exercise(
            "l3-sigmoid-prime",
            "sigmoid_prime",
            "03-chain-rule",
            "sigmoid_prime(z)",
            _case_sigmoid_prime,
            {"type": "array", "name": "result"},
            activations.sigmoid_derivative,
            (
                Variant("σ' written as σ: σ'(z) = σ(z)(1 - σ(z))", _sigmoid_prime_as_sigma),
                Variant("z(1 - z) uses z where σ(z) belongs: σ(z)(1 - σ(z))", _sigmoid_prime_of_z),
                Variant("sign: σ(z)(1 - σ(z)), not σ(z)(1 + σ(z))", _sigmoid_prime_plus),
            ),
        ),
        Exercise(
            "l3-graph-backward",
            "graph_backward",
            "03-chain-rule",
            "graph_backward(x, y, z)",
            _case_graph_backward,
            {"type": "tuple", "names": ["df_dx", "df_dy", "df_dz"]},
            ref.graph_backward,
            (
                Variant("missing the factor 2 from d(q^2)/dq = 2q", _gb_no_two),
                Variant(
                    "local gradients only: multiply by the upstream gradient 2q", _gb_local_only
                ),
                Variant("x and y swapped: d(x*y)/dx = y", _gb_swapped),
            ),
        ),
        Exercise(
            "l4-forward",
            "forward",
            "04-forward",
            "forward(params, X)",
            _case_forward,
            {"type": "forward", "names": _FORWARD_NAMES},
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
        ),
        Exercise(
            "l4-loss",
            "compute_loss",
            "04-forward",
            "compute_loss(yhat, Y)",
            _case_loss,
            {"type": "number", "name": "loss"},
            ref.compute_loss,
            (
                Variant("missing 1/m: the loss is the mean over the m examples", _loss_sum),
                Variant("wrong sign: L = -mean(y log ŷ + (1 - y) log(1 - ŷ))", _loss_no_minus),
                Variant("missing the (1 - y) log(1 - ŷ) term", _loss_one_term),
            ),
        ),
        Exercise(
            "l5-backward",
            "backward",
            "05-backprop",
            "backward(params, cache, Y)",
            _case_backward,
            {"type": "dict", "names": _GRAD_NAMES},
            network.backward,
            (
                Variant("missing 1/m: divide dW and db by m = X.shape[1]", _bw(scale=False)),
                Variant(_MASK.format(l=2), _bw(mask2=False)),
                Variant(_MASK.format(l=1), _bw(mask1=False)),
                Variant(
                    "missing ReLU masks: dz = da * relu_derivative(z)",
                    _bw(mask1=False, mask2=False),
                ),
                Variant(
                    "db summed over the wrong axis: sum over axis=1 (the examples), keepdims=True",
                    _bw(db="axis0"),
                ),
                Variant(
                    "db without keepdims: np.sum(dz, axis=1, keepdims=True) keeps shape (n, 1)",
                    _bw(db="nokeep"),
                ),
                Variant("transposed: dW = dz @ a_prev.T has the shape of W", _bw(transpose=True)),
                Variant("wrong sign: dz3 = yhat - Y", _bw(dz3="sign")),
                Variant(
                    "σ' written as σ in dz3: dz3 = dL/dŷ · σ(z3)(1 - σ(z3)) = yhat - Y",
                    _bw(dz3="sigma"),
                ),
            ),
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
                Variant(
                    "x not restored: put x[i] back to its old value after each nudge",
                    _ng_not_restored,
                ),
            ),
        ),
        Exercise(
            "l6-update",
            "update_parameters",
            "06-training",
            "update_parameters(params, grads, lr)",
            _case_update,
            {"type": "dict", "names": ["W1", "b1", "W2", "b2", "W3", "b3"]},
            ref.update_parameters,
            (
                Variant("wrong sign in the update: p := p - lr * dp", _update_sign),
                Variant("the learning rate is missing: p := p - lr * dp", _update_no_lr),
            ),
        ),
    ]
}

#: The same exercises keyed by function name (``"forward"``).
BY_NAME: dict[str, Exercise] = {ex.name: ex for ex in EXERCISES.values()}


def get(key: str) -> Exercise:
    """The exercise with this grade_id or function name; ValueError listing them if none."""
    if key in EXERCISES:
        return EXERCISES[key]
    if key in BY_NAME:
        return BY_NAME[key]
    raise ValueError(
        f"no exercise called {key!r}; the exercises are {', '.join(sorted(BY_NAME))}."
    )
