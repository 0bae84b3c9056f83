"""The same optimizers written the way other libraries write them (lesson 8).

:mod:`helpers.optim` follows ``torch.optim``. A learner moving on will also meet Keras
and course notes, which write momentum, RMSProp and Adam a little differently. Each
function here runs one optimizer in one library's form on a small problem, so the
lesson (and ``tests/test_optim_conventions.py``) can put the forms side by side:

========  ===========================================  ============================
form      momentum                                     where it is used
========  ===========================================  ============================
torch     v ← μ·v + g;        p ← p − lr·v             ``torch.optim.SGD``, helpers
keras     v ← μ·v − lr·g;     p ← p + v                ``keras.optimizers.SGD``
average   v ← μ·v + (1 − μ)·g;  p ← p − lr·v           many course notes
========  ===========================================  ============================

With a fixed learning rate, torch and keras take the same steps, and the average form
takes the torch steps of a learning rate lr·(1 − μ). For RMSProp and Adam the forms
differ in their defaults and in where ε goes (:data:`DEFAULTS`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..validate import check_int, check_positive
from .base import check_fraction

__all__ = ["DEFAULTS", "momentum_path", "rmsprop_path", "adam_path"]

#: Each library's call, its defaults (``keras`` is Keras 3) and its rule as written in
#: its source, for the lesson's table. Keras' RMSprop adds ε inside the square root,
#: torch's outside; Keras' Adam adds ε to √v before the bias correction, torch's to √v̂.
DEFAULTS: dict[str, dict[str, dict[str, object]]] = {
    "torch": {
        "SGD": {
            "call": "torch.optim.SGD(params, lr=0.1, momentum=0.9)",
            "rule": "v ← μ·v + g;  p ← p − lr·v",
        },
        "RMSprop": {
            "call": "torch.optim.RMSprop(params, lr=0.01, alpha=0.99, eps=1e-8)",
            "lr": 0.01,
            "decay": 0.99,
            "eps": 1e-8,
            "rule": "s ← α·s + (1 − α)·g²;  p ← p − lr·g / (√s + ε)",
        },
        "Adam": {
            "call": "torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-8)",
            "lr": 0.001,
            "eps": 1e-8,
            "rule": "p ← p − lr·m̂ / (√v̂ + ε)",
        },
    },
    "keras": {
        "SGD": {
            "call": "keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)",
            "rule": "v ← μ·v − lr·g;  p ← p + v",
        },
        "RMSprop": {
            "call": "keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-7)",
            "lr": 0.001,
            "decay": 0.9,
            "eps": 1e-7,
            "rule": "s ← ρ·s + (1 − ρ)·g²;  p ← p − lr·g / √(s + ε)",
        },
        "Adam": {
            "call": (
                "keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, "
                "epsilon=1e-7)"
            ),
            "lr": 0.001,
            "eps": 1e-7,
            "rule": "p ← p − lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε)",
        },
    },
}

_FORMS = {
    "momentum": ("torch", "keras", "average"),
    "rmsprop": ("torch", "keras"),
    "adam": ("torch", "keras"),
}


def _start(grad: Callable, x0: object, steps: object, form: str, rule: str):
    if not callable(grad):
        raise TypeError("grad must be a function p -> gradient, like surface.grad.")
    if form not in _FORMS[rule]:
        raise ValueError(f"form must be one of {', '.join(_FORMS[rule])}; got {form!r}.")
    x = np.array(x0, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"x0 must be a 1-D array of shape (d,); got shape {x.shape}.")
    return x, check_int(steps, "steps", 0)


def momentum_path(
    grad: Callable[[np.ndarray], np.ndarray],
    x0: np.ndarray,
    lr: float,
    mu: float,
    steps: int,
    form: str = "torch",
) -> np.ndarray:
    """Gradient descent with momentum, in one library's form (lesson 8).

    Parameters
    ----------
    grad : callable, p of shape (d,) -> gradient of shape (d,)
    x0 : ndarray of shape (d,), the start
    lr : float > 0; mu : float in [0, 1), the momentum
    steps : int ≥ 0, the number of updates
    form : "torch", "keras" or "average" (see the module's table); v starts at 0

    Returns
    -------
    path : ndarray of shape (steps + 1, d), row 0 is x0
    """
    x, steps = _start(grad, x0, steps, form, "momentum")
    lr, mu = check_positive(lr, "lr"), check_fraction(mu, "mu")
    v = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(steps):
        g = np.asarray(grad(x), dtype=np.float64)
        if form == "torch":
            v = mu * v + g
            x = x - lr * v
        elif form == "keras":
            v = mu * v - lr * g
            x = x + v
        else:
            v = mu * v + (1.0 - mu) * g
            x = x - lr * v
        path.append(x.copy())
    return np.array(path)


def rmsprop_path(
    grad: Callable[[np.ndarray], np.ndarray],
    x0: np.ndarray,
    lr: float,
    steps: int,
    decay: float,
    eps: float,
    form: str = "torch",
) -> np.ndarray:
    """RMSProp, s ← decay·s + (1 − decay)·g², in one library's form (lesson 8).

    torch divides by √s + ε (its ``alpha`` is ``decay``); keras by √(s + ε) (its ``rho``).

    Parameters
    ----------
    grad, x0, lr, steps : as :func:`momentum_path`
    decay : float in (0, 1); eps : float ≥ 0
    form : "torch" or "keras"

    Returns
    -------
    path : ndarray of shape (steps + 1, d)
    """
    x, steps = _start(grad, x0, steps, form, "rmsprop")
    lr, decay = check_positive(lr, "lr"), check_fraction(decay, "decay", allow_zero=False)
    eps = 0.0 if eps == 0 else check_positive(eps, "eps")
    s = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(steps):
        g = np.asarray(grad(x), dtype=np.float64)
        s = decay * s + (1.0 - decay) * g * g
        denominator = np.sqrt(s) + eps if form == "torch" else np.sqrt(s + eps)
        x = x - lr * g / denominator
        path.append(x.copy())
    return np.array(path)


def adam_path(
    grad: Callable[[np.ndarray], np.ndarray],
    x0: np.ndarray,
    lr: float,
    steps: int,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    form: str = "torch",
    bias_correction: bool = True,
) -> np.ndarray:
    """Adam in one library's form, with or without bias correction (lesson 8).

    torch: p ← p − lr·m̂ / (√v̂ + ε) with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), t = 1, 2, ...
    keras: p ← p − lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε): the same but for ε.
    ``bias_correction=False`` (torch form only) divides m by √v as they are.

    Parameters
    ----------
    grad, x0, lr, steps : as :func:`momentum_path`
    beta1, beta2 : float in [0, 1); eps : float ≥ 0
    form : "torch" or "keras"
    bias_correction : bool

    Returns
    -------
    path : ndarray of shape (steps + 1, d)
    """
    x, steps = _start(grad, x0, steps, form, "adam")
    lr = check_positive(lr, "lr")
    beta1, beta2 = check_fraction(beta1, "beta1"), check_fraction(beta2, "beta2")
    eps = 0.0 if eps == 0 else check_positive(eps, "eps")
    if form == "keras" and not bias_correction:
        raise ValueError("Keras' Adam always corrects the bias; use form='torch' to drop it.")
    m, v = np.zeros_like(x), np.zeros_like(x)
    path = [x.copy()]
    for t in range(1, steps + 1):
        g = np.asarray(grad(x), dtype=np.float64)
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g * g
        if form == "keras":
            x = x - lr * np.sqrt(1.0 - beta2**t) / (1.0 - beta1**t) * m / (np.sqrt(v) + eps)
        elif bias_correction:
            x = x - lr * (m / (1.0 - beta1**t)) / (np.sqrt(v / (1.0 - beta2**t)) + eps)
        else:
            x = x - lr * m / (np.sqrt(v) + eps)
        path.append(x.copy())
    return np.array(path)
