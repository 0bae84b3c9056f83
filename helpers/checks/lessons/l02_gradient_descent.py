"""Lesson 2's exercises: gradient and gradient_descent."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ...surfaces import bowl_gradient as gradient  # the reference: lesson 2's bowl
from ..compare import close
from ..exercise import Call, Exercise, Variant
from ..inputs import number, quadratic_grad
from ..probe import Source


def gradient_descent(grad: Callable, x0: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """Plain gradient descent x_{k+1} = x_k − lr · grad(x_k) (lesson 2).

    Parameters
    ----------
    grad : callable taking an ndarray of shape (d,) and returning one of shape (d,)
    x0 : ndarray of shape (d,), the start
    lr : float, the learning rate
    steps : int, the number of updates

    Returns
    -------
    path : ndarray of shape (steps + 1, d), row 0 is x0
    """
    x = np.array(x0, dtype=np.float64)
    path = [x.copy()]
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x), dtype=np.float64)
        path.append(x.copy())
    return np.array(path)


P_AFTER = "p after the call"


def _away_from(rng: np.random.Generator, centre: float) -> float:
    """A number in [-3, 3] at least 0.3 from ``centre``, so no gradient entry is tiny."""
    while True:
        v = number(rng, -3.0, 3.0)
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
            kind={
                "type": "array",
                "ndarray": True,
                "name": "result at a 2nd point",
                "after": {P_AFTER: 0},
            },
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
    return -gradient(p)


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
        wrong = [i for i in (0, 1) if not close(g[i], exp[i], 1e-6)]
        if len(wrong) == 1:
            entry, other, rule = _GRAD_ENTRY[wrong[0]]
            out[name] = f"{entry} is wrong and {other} is right: {rule}"
    return out


GD_OTHER = "path with another grad"
GD_NEAR = "path from next to the minimum"
_GD_STOPS = (
    "the path stops early: take all steps updates and return steps + 1 points, even when "
    "the gradient is already tiny (when to stop is a separate rule, section 6)"
)
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
    lr = number(rng, 0.02, 0.2)
    steps = int(rng.integers(3, 9))
    d = int(rng.choice([1, 3]))
    return [
        Call([quadratic_grad(rng, 2), x0, lr, steps]),
        Call(
            [quadratic_grad(rng, 2), x0, lr, steps],
            kind={"type": "array", "ndarray": True, "name": GD_OTHER, "after": {X0_AFTER: 1}},
            label="when given another grad",
        ),
        Call(
            [quadratic_grad(rng, d), rng.uniform(-3, 3, size=d), number(rng, 0.02, 0.2), steps],
            kind={"type": "array", "ndarray": True, "name": f"path with d = {d}"},
            label=f"when x0 has {d} entr{'y' if d == 1 else 'ies'}",
        ),
        Call(  # the gradient is tiny all along: every step is still taken
            [Source("lambda x: np.array([1.5, 3.0]) * x"), rng.uniform(-1e-4, 1e-4, 2), 0.1, 12],
            kind={"type": "array", "ndarray": True, "name": GD_NEAR},
            label="when x0 is next to the minimum",
        ),
    ]


def _gd_diagnose(payload, got, expected):
    """A path that does not change when grad does: grad is ignored."""
    a, b = got.get("path"), got.get(GD_OTHER)
    if a is None or b is None or not close(a, b) or close(expected["path"], expected[GD_OTHER]):
        return {}
    return {name: _GD_IGNORES_GRAD for name in got if name.startswith("path")}


def _gd_ascent(grad, x0, lr, steps):
    return gradient_descent(grad, x0, -lr, steps)


def _gd_no_x0(grad, x0, lr, steps):
    return gradient_descent(grad, x0, lr, steps)[1:]


def _gd_no_lr(grad, x0, lr, steps):
    return gradient_descent(grad, x0, 1.0, steps)


def _gd_one_more(grad, x0, lr, steps):
    return gradient_descent(grad, x0, lr, steps + 1)


def _gd_one_more_no_x0(grad, x0, lr, steps):
    return gradient_descent(grad, x0, lr, steps + 1)[1:]


def _gd_one_less(grad, x0, lr, steps):
    return gradient_descent(grad, x0, lr, steps - 1)


_GD_ONE_MORE = (
    "one update too many: steps updates, for _ in range(steps), give steps + 1 rows "
    "(x0, then one row per update)"
)


def _gd_last_only(grad, x0, lr, steps):
    return gradient_descent(grad, x0, lr, steps)[-1]


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


EXERCISES = [
    Exercise(
        "l2-gradient",
        "gradient",
        "02-gradient-descent",
        "gradient(p)",
        _case_gradient,
        {"type": "array", "ndarray": True, "name": "result"},
        gradient,
        (
            Variant(
                "wrong sign: the gradient points uphill, d/dx (x-1)^2 = 2(x-1)", _gradient_sign
            ),
            Variant(
                "df/dy (entry 1) is missing the factor 10: d/dy 10(y + 0.5)^2 = 20(y + 0.5)",
                _gradient_with(ky=2.0),
            ),
            Variant(
                "both entries are missing the factor 2 from the square: 2(x - 1) and 20(y + 0.5)",
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
        summary="of f(x, y) = (x − 1)² + 10 (y + 0.5)², p of shape (2,).",
    ),
    Exercise(
        "l2-gradient-descent",
        "gradient_descent",
        "02-gradient-descent",
        "gradient_descent(grad, x0, lr, steps)",
        _case_gradient_descent,
        {"type": "array", "ndarray": True, "name": "path"},
        gradient_descent,
        (
            Variant("wrong sign in the update: x := x - lr * grad(x) goes downhill", _gd_ascent),
            Variant("row 0 of the path must be x0: return steps + 1 rows", _gd_no_x0),
            Variant("the learning rate is missing from the update", _gd_no_lr),
            Variant("returned only the last point; return every x_k as a row", _gd_last_only),
            Variant(_GD_ONE_MORE, _gd_one_more),
            Variant(
                "row 0 of the path must be x0, then one row per update: steps updates, "
                "for _ in range(steps)",
                _gd_one_more_no_x0,
            ),
            Variant(
                "one update too few: loop for _ in range(steps) and append x after each "
                "update, giving steps + 1 rows with x0 first",
                _gd_one_less,
            ),
            Variant(_GD_ALIAS, _gd_aliased),
            Variant(_GD_ALIAS, _gd_aliased_after_x0),
        ),
        diagnose=_gd_diagnose,
        causes={
            X0_AFTER: "x0 was changed: start from a copy, x = np.array(x0, dtype=float)",
            GD_NEAR: _GD_STOPS,
        },
        rows=("path",),
        summary="on a random bowl.",
    ),
]
