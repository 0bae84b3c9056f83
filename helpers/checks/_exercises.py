"""The course's exercises: one :class:`Exercise` per grade_id, the single source of truth.

An exercise says how to draw fresh random inputs (a *case*) from a NumPy Generator,
what kind of value the learner's function returns, the reference function, and the
known wrong versions ("variants") whose outputs identify a likely mistake. A case may
call the function several times (:class:`Call`): with a float and with an array, with
another ``grad``, at a second point whose ``p`` must be left unchanged, with predictions
of exactly 0 and 1. The in-notebook checks (:mod:`helpers.checks`) and the grader
(:mod:`helpers.grade`) both use this registry.

Functions passed as inputs (to ``central_difference``, ``gradient_descent`` and
``numerical_gradient``) are drawn at random from a family and sent as source text,
e.g. ``lambda x: 1.3 * np.sin(0.7 * x) + -0.2 * x ** 2``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .. import activations, gradcheck, network
from ..losses import EPS, bce
from . import _reference as ref
from .probe import Source, calls, decode, encode, normalise

__all__ = ["Call", "Variant", "Exercise", "EXERCISES", "BY_NAME", "get"]


@dataclass(frozen=True)
class Call:
    """One call of a case: the arguments, how to read the result, and what is special.

    ``kind`` defaults to the exercise's; the output names of a case's calls must differ.
    ``label`` (e.g. "when x is a float") is added to an error raised in this call.
    """

    args: list
    kwargs: dict = field(default_factory=dict)
    kind: Mapping | None = None
    label: str = ""


@dataclass(frozen=True)
class Variant:
    """A known mistake: a wrong version of the function and what it means.

    ``options`` (for an exercise with ``combine``) are the keyword arguments that build
    this mistake, so two mistakes can be combined into one wrong function.
    """

    cause: str
    fn: Callable
    options: Mapping | None = None


@dataclass(frozen=True)
class Exercise:
    """One graded function of the course.

    Attributes
    ----------
    grade_id : the nbgrader grade_id of the exercise cell, e.g. ``"l4-forward"``
    name : the function's name in the lesson, e.g. ``"forward"``
    lesson : the solution notebook's file stem, e.g. ``"04-forward"``
    call : how the check calls it, e.g. ``"forward(params, X)"``
    make_case : rng -> (args list, kwargs dict) of arrays, numbers and :class:`Source`,
        or a list of :class:`Call` (the first is the main call, the success line counts
        its outputs; the others test what one input cannot, e.g. a float and an array)
    kind : how to read its return value (see :func:`helpers.checks.probe.normalise`)
    reference : the correct function, with the same signature
    variants : known mistakes, tried in order when an output is wrong
    rtol : the largest relative error (per output) that passes
    combine : options -> wrong function; when set, pairs of variants with ``options``
        are tried too, so two mistakes at once are both named
    diagnose : (payload, got, expected) -> {output name: cause}, for mistakes seen only
        across outputs (e.g. values in the wrong order); tried before the variants
    explain : like ``diagnose``, tried after the variants (a fallback)
    causes : output name -> the cause to name when nothing else matches
    bounds : payload -> {output name: (lo, hi)}: a number in [lo, hi] passes (for an
        output whose right value depends on a free choice, e.g. the clipping ε)
    rows : output-name prefixes whose reports say the first wrong row
    on_error : (error message, payload) -> advice added when the function raised
    success : what the success line says matched, when "all N outputs match the
        reference on fresh random inputs" would read oddly
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
    combine: Callable[..., Callable] | None = None
    diagnose: Callable | None = None
    explain: Callable | None = None
    causes: Mapping[str, str] = field(default_factory=dict)
    bounds: Callable | None = None
    rows: tuple[str, ...] = ()
    on_error: Callable[[str, Mapping], str] | None = None
    success: str = ""

    def payload(self, rng: np.random.Generator) -> dict:
        """A fresh case, encoded as JSON-able data (what the probe receives)."""
        case = self.make_case(rng)
        todo = case if isinstance(case, list) else [Call(*case)]
        encoded = []
        for c in todo:
            item = {
                "args": encode(c.args),
                "kwargs": encode(c.kwargs),
                "kind": dict(c.kind or self.kind),
            }
            if c.label:
                item["label"] = c.label
            encoded.append(item)
        payload = encoded[0]
        if len(encoded) > 1:
            payload["more"] = encoded[1:]
        return payload

    def outputs_by_call(self, fn: Callable, payload: Mapping) -> list[dict[str, np.ndarray]]:
        """Run a trusted function (reference or variant) on each call: named arrays."""
        out = []
        for call in calls(payload):
            args = decode(call["args"])
            kwargs = decode(call.get("kwargs", {}))
            with np.errstate(all="ignore"):  # a wrong variant may divide by zero
                out.append(normalise(call["kind"], fn(*args, **kwargs), args))
        return out

    def outputs_of(self, fn: Callable, payload: Mapping) -> dict[str, np.ndarray]:
        """Run a trusted function (reference or variant) on a payload: named arrays."""
        merged: dict[str, np.ndarray] = {}
        for outputs in self.outputs_by_call(fn, payload):
            merged.update(outputs)
        return merged


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


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """:func:`helpers.gradcheck.relative_error`, but inf for different shapes and nan for
    non-finite numbers instead of an exception (a learner's output may be anything)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return float("inf")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("nan")
    return gradcheck.relative_error(a, b)


def _close(a: np.ndarray, b: np.ndarray, rtol: float = 1e-9) -> bool:
    """Same shape, finite, and max |a − b| <= rtol · max(|a|, |b|)."""
    err = rel_error(a, b)
    return bool(np.isfinite(err) and err <= rtol)


CD_ARRAY, CD_FLOAT = "result (x a 2-D array)", "result (x a float)"


def _case_central_difference(rng):
    """Every case tries both an array and a float x, so neither kind passes by luck."""
    f = _elementwise_f(rng)
    h = float(rng.choice([0.01, 0.02, 0.05]))
    x = rng.uniform(-2, 2, size=(int(rng.integers(2, 4)), int(rng.integers(3, 6))))
    return [
        Call([f, x, h], label="when x is a 2-D array"),
        Call(
            [f, _num(rng, -2.0, 2.0), h],
            kind={"type": "array", "name": CD_FLOAT},
            label="when x is a float",
        ),
    ]


def _forward_difference(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h


def _backward_difference(f, x, h=1e-5):
    return (f(x) - f(x - h)) / h


def _central_over_h(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / h


def _central_fixed_h(f, x, h=1e-5):
    return (f(x + 1e-5) - f(x - 1e-5)) / (2 * 1e-5)


def _central_precedence(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / 2 * h


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

P_AFTER = "p after the call"


def _away_from(rng: np.random.Generator, centre: float) -> float:
    """A number in [-3, 3] at least 0.3 from ``centre``, so no gradient entry is tiny."""
    while True:
        v = _num(rng, -3.0, 3.0)
        if abs(v - centre) >= 0.3:
            return v


def _point(rng: np.random.Generator) -> np.ndarray:
    return np.array([_away_from(rng, 1.0), _away_from(rng, -0.5)])


def _case_gradient(rng):
    """A point, and a second point at which p must be left unchanged."""
    return [
        Call([_point(rng)]),
        Call(
            [_point(rng)],
            kind={"type": "array", "name": "result at a 2nd point", "after": {P_AFTER: 0}},
            label="at a second point",
        ),
    ]


def _gradient_with(kx=2.0, ky=20.0, swap=False):
    def gradient(p):
        x, y = p
        g = np.array([kx * (x - 1.0), ky * (y + 0.5)])
        return g[::-1] if swap else g

    return gradient


def _gradient_sign(p):
    return -ref.gradient(p)


_GRAD_ENTRY = {
    0: ("df/dx (entry 0)", "df/dy", "d/dx (x - 1)^2 = 2(x - 1)"),
    1: ("df/dy (entry 1)", "df/dx", "d/dy 10(y + 0.5)^2 = 20(y + 0.5)"),
}


def _gradient_explain(payload, got, expected):
    """Which entry of a length-2 gradient is wrong, when the other one is right."""
    out = {}
    for name, exp in expected.items():
        g = got.get(name)
        if name == P_AFTER or g is None or g.shape != (2,) or not np.all(np.isfinite(g)):
            continue
        wrong = [i for i in (0, 1) if not _close(g[i], exp[i], 1e-6)]
        if len(wrong) == 1:
            entry, other, rule = _GRAD_ENTRY[wrong[0]]
            out[name] = f"{entry} is wrong and {other} is right: {rule}"
    return out


GD_OTHER = "path with another grad"
X0_AFTER = "x0 after the call"
_GD_IGNORES_GRAD = (
    "the path is the same whatever grad is passed in: call the grad argument, grad(x), "
    "not a function defined outside (such as gradient)"
)
_GD_ALIAS = (
    "the rows are one and the same array: x -= ... changes x in place, so append x.copy() "
    "(or write x = x - lr * grad(x))"
)


def _case_gradient_descent(rng):
    """Two bowls from one start (the path must depend on grad), and another dimension d."""
    x0 = rng.uniform(-3, 3, size=2)
    lr = _num(rng, 0.02, 0.2)
    steps = int(rng.integers(3, 9))
    d = int(rng.choice([1, 3]))
    return [
        Call([_quadratic_grad(rng, 2), x0, lr, steps]),
        Call(
            [_quadratic_grad(rng, 2), x0, lr, steps],
            kind={"type": "array", "name": GD_OTHER, "after": {X0_AFTER: 1}},
            label="when given another grad",
        ),
        Call(
            [_quadratic_grad(rng, d), rng.uniform(-3, 3, size=d), _num(rng, 0.02, 0.2), steps],
            kind={"type": "array", "name": f"path with d = {d}"},
            label=f"when x0 has {d} entr{'y' if d == 1 else 'ies'}",
        ),
    ]


def _gd_diagnose(payload, got, expected):
    """A path that does not change when grad does: grad is ignored."""
    a, b = got.get("path"), got.get(GD_OTHER)
    if a is None or b is None or not _close(a, b) or _close(expected["path"], expected[GD_OTHER]):
        return {}
    return {name: _GD_IGNORES_GRAD for name in got if name.startswith("path")}


def _gd_ascent(grad, x0, lr, steps):
    return ref.gradient_descent(grad, x0, -lr, steps)


def _gd_no_x0(grad, x0, lr, steps):
    return ref.gradient_descent(grad, x0, lr, steps)[1:]


def _gd_no_lr(grad, x0, lr, steps):
    return ref.gradient_descent(grad, x0, 1.0, steps)


def _gd_last_only(grad, x0, lr, steps):
    return ref.gradient_descent(grad, x0, lr, steps)[-1]


def _gd_aliased(grad, x0, lr, steps):
    """path = [x]; x -= lr * grad(x); path.append(x): every row is the final x."""
    x = np.array(x0, dtype=np.float64)
    path = [x]
    for _ in range(steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)


def _gd_aliased_after_x0(grad, x0, lr, steps):
    """path = [x0.copy()]; then x -= ...; path.append(x): rows 1.. are the final x."""
    x = np.array(x0, dtype=np.float64)
    path = [x.copy()]
    for _ in range(steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)


# ----------------------------------------------------------------- lesson 3


def _case_sigmoid_prime(rng):
    return [rng.uniform(-4, 4, size=(int(rng.integers(2, 4)), int(rng.integers(4, 8))))], {}


def _sigmoid_prime_as_sigma(z):
    return activations.sigmoid(z)


def _sigmoid_prime_of_z(z):
    return z * (1 - z)


def _sigmoid_prime_mixed(z):
    return activations.sigmoid(z) * (1 - z)


def _sigmoid_prime_plus(z):
    s = activations.sigmoid(z)
    return s * (1 + s)


_GB_NAMES = ["df_dx", "df_dy", "df_dz"]
_GB_SWAPPED = (
    "df_dx and df_dy are swapped: with q = x·y, dq/dx = y and dq/dy = x; "
    "return (df_dx, df_dy, df_dz) in that order"
)


def _case_graph_backward(rng):
    """A point where |s| is not small and the three partials clearly differ."""
    while True:
        x, y, z = _num(rng, -3, 3), _num(rng, -3, 3), _num(rng, -3, 3)
        grads = ref.graph_backward(x, y, z)
        s = x * y + z
        apart = all(
            abs(abs(a) - abs(b)) > 0.1 * max(abs(a), abs(b))
            for i, a in enumerate(grads)
            for b in grads[i + 1 :]
        )
        if abs(s) > 0.5 and apart:
            return [x, y, z], {}


def _gb_diagnose(payload, got, expected):
    """The right three numbers in another order."""
    if any(got.get(n) is None or got[n].shape != () for n in _GB_NAMES):
        return {}
    g = [float(got[n]) for n in _GB_NAMES]
    e = [float(expected[n]) for n in _GB_NAMES]
    for order in ((1, 0, 2), (0, 2, 1), (2, 1, 0), (1, 2, 0), (2, 0, 1)):
        if all(_close(g[i], e[j], 1e-6) for i, j in enumerate(order)):
            if order == (1, 0, 2):
                cause = _GB_SWAPPED
            else:
                cause = "the right values in the wrong order: return (df_dx, df_dy, df_dz)"
            return dict.fromkeys(_GB_NAMES, cause)
    return {}


def _gb_no_two(x, y, z):
    s = x * y + z
    return s * y, s * x, s


def _gb_local_only(x, y, z):
    return y, x, 1.0


def _gb_swapped(x, y, z):
    s2 = 2.0 * (x * y + z)
    return s2 * x, s2 * y, s2


# ----------------------------------------------------------------- lesson 4

_FORWARD_NAMES = ["z1", "a1", "z2", "a2", "z3", "yhat"]


def _network_problem(rng: np.random.Generator) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Random params and X whose hidden layers each have negative pre-activations.

    With small layers a random draw can leave every z1 (or z2) positive; the ReLU is
    then the identity there and a missing ReLU (or a missing mask in backward) would
    pass by luck. Redraw until at least a fifth of each layer's entries are negative.
    """
    for _ in range(200):
        n_x, n1, n2, m = _sizes(rng)
        params = _params(rng, n_x, n1, n2)
        X = rng.standard_normal((n_x, m))
        _, cache = network.forward(params, X)
        if min(np.mean(cache["z1"] < 0), np.mean(cache["z2"] < 0)) >= 0.2:
            return params, X
    raise RuntimeError("could not draw a network whose ReLUs matter")  # pragma: no cover


def _case_forward(rng):
    params, X = _network_problem(rng)
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


def _shapes(arrays: Mapping[str, np.ndarray]) -> str:
    return ", ".join(f"{k} {tuple(v.shape)}" for k, v in arrays.items())


def _forward_error(message: str, payload: Mapping) -> str:
    """Advice for a shape error in forward: the shapes it was given, and W @ a."""
    params, X = decode(payload["args"])
    shapes = "the shapes here: " + _shapes({"X": X, **{k: params[k] for k in ("W1", "W2", "W3")}})
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
    main = Call([rng.uniform(0.05, 0.95, size=(1, m)), _labels(rng, m)])
    m2 = int(rng.integers(10, 17))
    yhat, Y = rng.uniform(0.05, 0.95, size=(1, m2)), _labels(rng, m2)
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
    if g is None or main is None or not np.isfinite(g) or not _close(main, expected["loss"], 1e-6):
        return {}
    return {
        LOSS_SATURATED: "clip with a tiny ε, as in np.clip(yhat, 1e-12, 1 - 1e-12): a large ε "
        "changes the loss when a prediction is exactly 0 or 1"
    }


def _loss_sum(yhat, Y):
    return ref.compute_loss(yhat, Y) * Y.shape[1]


def _loss_no_minus(yhat, Y):
    return -ref.compute_loss(yhat, Y)


def _loss_one_term(yhat, Y):
    return float(-np.mean(Y * np.log(np.clip(yhat, EPS, 1.0))))


# ----------------------------------------------------------------- lesson 5

_GRAD_NAMES = ["dW1", "db1", "dW2", "db2", "dW3", "db3"]


def _case_backward(rng):
    params, X = _network_problem(rng)
    _, cache = network.forward(params, X)
    return [params, dict(cache), _labels(rng, X.shape[1])], {}


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


def _bw_variant(cause: str, **options) -> Variant:
    return Variant(cause, _bw(**options), options)


def _backward_error(message: str, payload: Mapping) -> str:
    """Advice for a shape error in backward: the shapes it was given, and dW = dz @ a.T."""
    if "matrix product" not in message and "not aligned" not in message:
        return ""
    params, cache, _ = decode(payload["args"])
    shapes = _shapes({k: cache[k] for k in ("X", "a1", "a2", "yhat")})
    return (
        f"the shapes here: {shapes}\nlikely cause: a gradient has the shape of its "
        "parameter: dW3 = dz3 @ a2.T, dW2 = dz2 @ a1.T, dW1 = dz1 @ X.T; "
        "da2 = W3.T @ dz3, da1 = W2.T @ dz2"
    )


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
_NOT_RESTORED = "x not restored: put x[i] back to its old value after each nudge"

EXERCISES: dict[str, Exercise] = {
    ex.grade_id: ex
    for ex in [
        Exercise(
            "l1-central-difference",
            "central_difference",
            "01-derivatives",
            "central_difference(f, x, h)",
            _case_central_difference,
            {"type": "array", "name": CD_ARRAY},
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
                Variant(
                    "/ 2 * h divides by 2, then multiplies by h: divide by (2 * h), with brackets",
                    _central_precedence,
                ),
            ),
            rtol=1e-8,
        ),
        Exercise(
            "l1-relu-derivative",
            "relu_derivative",
            "01-derivatives",
            "relu_derivative(z)",
            _case_relu_derivative,
            {"type": "array", "name": "result", "float": "(z > 0).astype(float)"},
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
                    "df/dy (entry 1) is missing the factor 10: d/dy 10(y + 0.5)^2 = 20(y + 0.5)",
                    _gradient_with(ky=2.0),
                ),
                Variant(
                    "both entries are missing the factor 2 from the square: 2(x - 1) and "
                    "20(y + 0.5)",
                    _gradient_with(kx=1.0, ky=10.0),
                ),
                Variant(
                    "df/dy (entry 1) is missing the factor 2 from the square: "
                    "d/dy 10(y + 0.5)^2 = 20(y + 0.5); df/dx is right",
                    _gradient_with(ky=10.0),
                ),
                Variant(
                    "df/dx (entry 0) is missing the factor 2 from the square: "
                    "d/dx (x - 1)^2 = 2(x - 1); df/dy is right",
                    _gradient_with(kx=1.0),
                ),
                Variant(
                    "the two entries are swapped: return (df/dx, df/dy) in that order",
                    _gradient_with(swap=True),
                ),
            ),
            explain=_gradient_explain,
            causes={P_AFTER: "don't change p in place; build a new array"},
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
                Variant(_GD_ALIAS, _gd_aliased),
                Variant(_GD_ALIAS, _gd_aliased_after_x0),
            ),
            diagnose=_gd_diagnose,
            causes={X0_AFTER: "x0 was changed: start from a copy, x = np.array(x0, dtype=float)"},
            rows=("path",),
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
                Variant(
                    "used z instead of σ(z) in the second factor: σ(z)(1 - σ(z))",
                    _sigmoid_prime_mixed,
                ),
                Variant("sign: σ(z)(1 - σ(z)), not σ(z)(1 + σ(z))", _sigmoid_prime_plus),
            ),
        ),
        Exercise(
            "l3-graph-backward",
            "graph_backward",
            "03-chain-rule",
            "graph_backward(x, y, z)",
            _case_graph_backward,
            {"type": "tuple", "names": _GB_NAMES},
            ref.graph_backward,
            (
                Variant(
                    "all three are half the right value: the 2 in d(s²)/ds = 2s is missing, or "
                    "the add node's gradient was split in half instead of copied to both inputs",
                    _gb_no_two,
                ),
                Variant(
                    "local gradients only: multiply each by the upstream gradient df/ds = 2s",
                    _gb_local_only,
                ),
                Variant(_GB_SWAPPED, _gb_swapped),
            ),
            diagnose=_gb_diagnose,
        ),
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
            explain=_loss_explain,
            causes={LOSS_SATURATED: _CLIP},
            bounds=_loss_bounds,
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
                _bw_variant("missing 1/m: divide dW and db by m = X.shape[1]", scale=False),
                _bw_variant(_MASK.format(l=2), mask2=False),
                _bw_variant(_MASK.format(l=1), mask1=False),
                _bw_variant(
                    "missing ReLU masks: dz = da * relu_derivative(z)", mask1=False, mask2=False
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
            on_error=_backward_error,
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
            ),
            causes={"x_after": _NOT_RESTORED},
            success="the gradient matches the reference on fresh random inputs and x is unchanged",
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
