"""Lesson 8's exercises: momentum_descent and adam_descent.

Both return the whole path, like lesson 2's gradient_descent, so a check sees several
steps: a velocity that is not carried over, or a bias correction with the wrong t,
only shows after the first step. ``tests/checks/test_l08_optimizers.py`` checks that
the references take the steps of :mod:`helpers.optim`'s SGD(momentum) and Adam.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..compare import close
from ..exercise import Call, Exercise, Variant
from ..inputs import number, quadratic_grad
from ..probe import Source


def momentum_descent(
    grad: Callable, x0: np.ndarray, lr: float, mu: float, steps: int
) -> np.ndarray:
    """Gradient descent with momentum, v ← μ·v + g, x ← x − lr·v, v starting at 0 (lesson 8).

    Parameters
    ----------
    grad : callable taking an ndarray of shape (d,) and returning one of shape (d,)
    x0 : ndarray of shape (d,), the start
    lr : float, the learning rate
    mu : float in [0, 1), the momentum
    steps : int, the number of updates

    Returns
    -------
    path : ndarray of shape (steps + 1, d), row 0 is x0
    """
    x = np.array(x0, dtype=np.float64)
    v = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(steps):
        g = np.asarray(grad(x), dtype=np.float64)
        v = mu * v + g
        x = x - lr * v
        path.append(x.copy())
    return np.array(path)


def adam_descent(
    grad: Callable,
    x0: np.ndarray,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    steps: int,
) -> np.ndarray:
    """Adam with bias correction, t = 1, 2, ... (lesson 8).

    m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  m̂ = m / (1 − β1ᵗ);
    v̂ = v / (1 − β2ᵗ);  x ← x − lr·m̂ / (√v̂ + ε), with m and v starting at 0.

    Parameters
    ----------
    grad, x0, lr, steps : as :func:`momentum_descent`
    beta1, beta2 : float in [0, 1), the decay rates of m and v
    eps : float > 0, added to √v̂

    Returns
    -------
    path : ndarray of shape (steps + 1, d), row 0 is x0
    """
    x = np.array(x0, dtype=np.float64)
    m, v = np.zeros_like(x), np.zeros_like(x)
    path = [x.copy()]
    for t in range(1, steps + 1):
        g = np.asarray(grad(x), dtype=np.float64)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        x = x - lr * m_hat / (np.sqrt(v_hat) + eps)
        path.append(x.copy())
    return np.array(path)


X0_AFTER = "x0 after the call"
OTHER = "path for another grad"


def _two_calls(rng, *hyper):
    """Two bowls from one start (the path must depend on grad) and a 1-D or 3-D one."""
    x0 = rng.uniform(-3, 3, size=2)
    steps = int(rng.integers(4, 9))
    d = int(rng.choice([1, 3]))
    return [
        Call([quadratic_grad(rng, 2), x0, *hyper, steps]),
        Call(
            [quadratic_grad(rng, 2), x0, *hyper, steps],
            kind={"type": "array", "ndarray": True, "name": OTHER, "after": {X0_AFTER: 1}},
            label="when given another grad",
        ),
        Call(
            [quadratic_grad(rng, d), rng.uniform(-3, 3, size=d), *hyper, steps],
            kind={"type": "array", "ndarray": True, "name": f"path with d = {d}"},
            label=f"when x0 has {d} entr{'y' if d == 1 else 'ies'}",
        ),
    ]


def _case_momentum(rng):
    return _two_calls(rng, number(rng, 0.02, 0.12), number(rng, 0.5, 0.95))


def _case_adam(rng):
    # a large ε (0.05 to 0.3) so that where ε goes changes the path visibly
    hyper = (
        number(rng, 0.05, 0.3),
        number(rng, 0.5, 0.95),
        number(rng, 0.8, 0.999),
        number(rng, 0.05, 0.3),
    )
    # and one start whose gradient has both signs: a square root of a negative v then
    # breaks one entry, a division by zero at t = 0 both
    mixed = Call(
        [Source("lambda x: 2.0 * x"), np.array([1.5, -0.5]), *hyper, 3],
        kind={"type": "array", "ndarray": True, "name": "path on f = x·x from (1.5, -0.5)"},
        label="on f(x) = x·x",
    )
    return [*_two_calls(rng, *hyper), mixed]


_ALIAS = (
    "the rows are one and the same array: x -= ... changes x in place, so append x.copy() "
    "(or write x = x - lr * ...)"
)


def _aliased(fn: Callable, keep_first: bool) -> Callable:
    """What ``fn`` returns when every row appended is the one array x, updated in place
    (path = [x], or path = [x.copy()] with ``keep_first``): each row is the last x."""

    def wrong(*args):
        path = fn(*args)
        start = 1 if keep_first else 0
        path[start:] = path[-1]
        return path

    return wrong


def _aliasing_variants(fn: Callable) -> tuple[Variant, ...]:
    return (Variant(_ALIAS, _aliased(fn, False)), Variant(_ALIAS, _aliased(fn, True)))


# ------------------------------------------------------------------ momentum's mistakes


def _momentum_with(form: str) -> Callable:
    """A wrong momentum rule, named by ``form``."""

    def wrong(grad, x0, lr, mu, steps):
        x = np.array(x0, dtype=np.float64)
        v = np.zeros_like(x)
        path = [x.copy()]
        for _ in range(steps):
            g = np.asarray(grad(x), dtype=np.float64)
            old = v
            v = {
                "average": mu * v + (1 - mu) * g,
                "keras_v": mu * v - lr * g,
                "lr_inside": mu * v + lr * g,
                "mu_on_g": v + mu * g,
                "not_carried": g,
            }.get(form, mu * v + g)
            step = lr * old if form == "stale" else lr * v
            x = x + step if form == "ascent" else x - step
            path.append(x.copy())
        return np.array(path)

    return wrong


_KERAS_MIX = (
    "two conventions mixed: Keras writes v = mu * v - lr * g with x = x + v; this "
    "lesson (and torch) writes v = mu * v + g with x = x - lr * v. Pick one pair"
)

_MOMENTUM_VARIANTS = (
    Variant("wrong sign in the update: x = x - lr * v goes downhill", _momentum_with("ascent")),
    Variant(
        "these are plain gradient descent steps: keep v from one step to the next, "
        "v = mu * v + g, and move with it, x = x - lr * v",
        _momentum_with("not_carried"),
    ),
    Variant(
        "you wrote the averaging form v = mu * v + (1 - mu) * g: a real convention, but its "
        "steps are (1 - mu) times shorter. This lesson (and torch) uses v = mu * v + g",
        _momentum_with("average"),
    ),
    Variant(_KERAS_MIX, _momentum_with("keras_v")),
    Variant(
        "lr is applied twice: v = mu * v + g holds no lr; it enters once, in x = x - lr * v",
        _momentum_with("lr_inside"),
    ),
    Variant(
        "mu multiplies the old velocity, not the gradient: v = mu * v + g",
        _momentum_with("mu_on_g"),
    ),
    Variant(
        "x moved with the velocity of the step before: update v first, then x = x - lr * v "
        "with the new v",
        _momentum_with("stale"),
    ),
    *_aliasing_variants(momentum_descent),
)


# ------------------------------------------------------------------ Adam's mistakes


def _adam_with(form: str) -> Callable:
    """A wrong Adam rule, named by ``form``."""

    def wrong(grad, x0, lr, beta1, beta2, eps, steps):
        x = np.array(x0, dtype=np.float64)
        m, v = np.zeros_like(x), np.zeros_like(x)
        path = [x.copy()]
        for t in range(1, steps + 1):
            g = np.asarray(grad(x), dtype=np.float64)
            if form == "swapped":
                m = (1 - beta1) * m + beta1 * g
                v = (1 - beta2) * v + beta2 * g**2
            else:
                m = beta1 * m + (1 - beta1) * g
                v = beta2 * v + (1 - beta2) * (g if form == "v_of_g" else g**2)
            tc = {"t_fixed": 1, "t_next": t + 1}.get(form, t)
            if form == "power_of_one_minus":
                m_hat, v_hat = m / (1 - beta1) ** t, v / (1 - beta2) ** t
            else:
                m_hat = m if form in ("no_correction", "keras", "v_only") else m / (1 - beta1**tc)
                v_hat = v if form in ("no_correction", "m_only", "keras") else v / (1 - beta2**tc)
            if form == "eps_inside":
                step = lr * m_hat / np.sqrt(v_hat + eps)
            elif form == "keras":  # ε on √v, with the correction folded into lr
                step = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t) * m / (np.sqrt(v) + eps)
            else:
                step = lr * m_hat / (np.sqrt(v_hat) + eps)
            x = x + step if form == "ascent" else x - step
            path.append(x.copy())
        return np.array(path)

    return wrong


_NAN_FIRST_STEP = (
    "the first step is already inf or NaN: with t = 0, 1 - beta1**t is 0 and the bias "
    "correction divides by zero. Count t from 1 (for t in range(1, steps + 1))"
)
_NAN_LATER = (
    "v must average the squared gradient, v = beta2 * v + (1 - beta2) * g**2: never "
    "negative, so np.sqrt(v_hat) is defined (a NaN in the path is a square root of a "
    "negative number)"
)


_ADAM_VARIANTS = (
    Variant(
        "wrong sign in the update: x = x - lr * m_hat / (...) goes downhill", _adam_with("ascent")
    ),
    Variant(
        "no bias correction: divide m by (1 - beta1**t) and v by (1 - beta2**t) before "
        "the step (m and v start at 0, so their first values are far too small)",
        _adam_with("no_correction"),
    ),
    Variant(
        "only m is bias-corrected: v_hat = v / (1 - beta2**t) too",
        _adam_with("m_only"),
    ),
    Variant("only v is bias-corrected: m_hat = m / (1 - beta1**t) too", _adam_with("v_only")),
    Variant(
        "the correction divides by 1 - beta1**t (beta1 to the power t, then 1 minus it), "
        "not by (1 - beta1)**t; the same for beta2",
        _adam_with("power_of_one_minus"),
    ),
    Variant(
        "eps is inside the square root: the step divides by np.sqrt(v_hat) + eps",
        _adam_with("eps_inside"),
    ),
    Variant(
        "beta and 1 - beta are swapped: m = beta1 * m + (1 - beta1) * g keeps most of the "
        "old m (and the same for v with beta2)",
        _adam_with("swapped"),
    ),
    Variant(
        "t is not counted: it must be 1 on the first step, 2 on the second, ... in "
        "(1 - beta1**t) and (1 - beta2**t)",
        _adam_with("t_fixed"),
    ),
    Variant(
        "t is one ahead: the first step must use t = 1. Start t at 0 and add 1 before "
        "the correction, or loop for t in range(1, steps + 1)",
        _adam_with("t_next"),
    ),
    Variant(
        "eps is added to √v before the bias correction (Keras' form): a real convention, "
        "but this lesson (and torch) adds it to √v_hat: np.sqrt(v_hat) + eps",
        _adam_with("keras"),
    ),
    Variant(_NAN_LATER, _adam_with("v_of_g")),
    *_aliasing_variants(adam_descent),
)

_IGNORES_GRAD = (
    "the path does not change when grad does: call the grad you are given (grad(x)), "
    "not a function from the notebook"
)


def _adam_diagnose(payload, got, expected):
    """A path that is not finite says which step broke it; else as :func:`_ignores_grad`.

    t = 0 divides by zero in the first step of every call, in every entry; a square root
    of a negative v breaks only the entries (and calls) whose gradient was negative.
    """
    paths = {n: p for n, p in got.items() if n.startswith("path") and p.ndim == 2}
    broken = {n: p for n, p in paths.items() if not np.all(np.isfinite(p))}
    if not broken:
        return _ignores_grad(payload, got, expected)
    first_step_everywhere = len(broken) == len(paths) and all(
        len(p) > 1 and not np.any(np.isfinite(p[1])) for p in paths.values()
    )
    cause = _NAN_FIRST_STEP if first_step_everywhere else _NAN_LATER
    return dict.fromkeys(broken, cause)


def _ignores_grad(payload, got, expected):
    """Both calls gave the same path although their bowls differ."""
    a, b = got.get("path"), got.get(OTHER)
    if a is None or b is None or not close(a, b) or close(expected["path"], expected[OTHER]):
        return {}
    return {name: _IGNORES_GRAD for name in got if name.startswith("path")}


_X0_CAUSE = {X0_AFTER: "x0 was changed: start from a copy, x = np.array(x0, dtype=float)"}

EXERCISES = [
    Exercise(
        "l8-momentum",
        "momentum_descent",
        "08-optimizers",
        "momentum_descent(grad, x0, lr, mu, steps)",
        _case_momentum,
        {"type": "array", "ndarray": True, "name": "path"},
        momentum_descent,
        _MOMENTUM_VARIANTS,
        diagnose=_ignores_grad,
        causes=_X0_CAUSE,
        rows=("path",),
        summary="on random bowls, several steps, v starting at 0.",
    ),
    Exercise(
        "l8-adam",
        "adam_descent",
        "08-optimizers",
        "adam_descent(grad, x0, lr, beta1, beta2, eps, steps)",
        _case_adam,
        {"type": "array", "ndarray": True, "name": "path"},
        adam_descent,
        _ADAM_VARIANTS,
        diagnose=_adam_diagnose,
        causes=_X0_CAUSE,
        rows=("path",),
        summary="on random bowls, several steps, with a large ε so its place matters.",
    ),
]
