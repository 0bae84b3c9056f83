"""The update rules: SGD (with momentum), RMSProp and Adam (lessons 6 and 8).

One class per rule, each registered under the names ``make_optimizer`` and the
explorers' menus use. A class writes :meth:`~helpers.optim.Optimizer.update`, the rule
for one parameter p with gradient g and its own ``state``, as the table in
:mod:`helpers.optim` writes it: that is the rule the lessons show and ``step`` runs.

Each also writes :meth:`~helpers.optim.Optimizer.update_inplace`, the same rule line by
line with in-place operations (``*=``, ``+=``, ``out=``) and its state allocated once,
which :func:`helpers.train` runs 25,000 times in a lesson's training run. Every
operation there is the one of ``update``, in the same order, so both give the same bits
(``tests/test_optim_inplace.py`` checks it for every registered optimizer). Every rule is
elementwise (``elementwise = True``).
"""

from __future__ import annotations

import numpy as np

from ..validate import check_positive
from .base import Optimizer, check_fraction
from .registry import register

__all__ = ["SGD", "RMSprop", "Adam"]


# decorators apply bottom-up: "sgd" is registered first, so the menus list it first
@register(
    "momentum", label="momentum μ={momentum:g}", defaults={"momentum": 0.9}, slider="momentum"
)
@register("sgd", label="SGD", defaults={})
class SGD(Optimizer):
    """Gradient descent, with optional momentum (torch.optim.SGD's rule).

    Registered twice: "sgd" (plain, lr only) and "momentum" (μ = 0.9 unless given).

    Parameters
    ----------
    lr : float > 0
    momentum : float in [0, 1), μ; 0 is plain gradient descent, p ← p − lr·g
    """

    elementwise = True  # see helpers.optim.flat

    def __init__(self, lr: float, momentum: float = 0.0) -> None:
        super().__init__(lr)
        self.momentum = check_fraction(momentum, "momentum")

    def update(self, p, g, state):
        if self.momentum == 0.0:
            p -= self.lr * g
            return
        v = state.get("v")
        v = g.copy() if v is None else self.momentum * v + g
        state["v"] = v
        p -= self.lr * v

    def update_inplace(self, p, g, state, work):
        if self.momentum == 0.0:
            g *= self.lr  # lr·g
            p -= g
            return
        v = state.get("v")
        if v is None:
            v = state["v"] = g.copy()  # v ← g on the first step, as torch does
        else:
            v *= self.momentum  # v ← μ·v + g
            v += g
        np.multiply(v, self.lr, out=g)  # lr·v
        p -= g

    def hyperparameters(self):
        return {"lr": self.lr, "momentum": self.momentum}


@register("rmsprop", label="RMSProp")
class RMSprop(Optimizer):
    """RMSProp (torch.optim.RMSprop's rule, no momentum, not centred).

    Parameters
    ----------
    lr : float > 0
    alpha : float in (0, 1), decay of the running mean of g²
    eps : float > 0, added to √s (outside the square root, as torch does)
    """

    elementwise = True  # see helpers.optim.flat

    def __init__(self, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.alpha = check_fraction(alpha, "alpha", allow_zero=False)
        self.eps = check_positive(eps, "eps")

    def update(self, p, g, state):
        s = self.alpha * state.get("s", 0.0) + (1.0 - self.alpha) * g * g  # s starts at 0
        state["s"] = s
        p -= self.lr * g / (np.sqrt(s) + self.eps)

    def update_inplace(self, p, g, state, work):
        s = state.get("s")
        if s is None:
            s = state["s"] = np.zeros_like(p)
        s *= self.alpha  # s ← α·s + (1 − α)·g·g
        np.multiply(g, 1.0 - self.alpha, out=work)
        work *= g
        s += work
        np.sqrt(s, out=work)  # √s + ε
        work += self.eps
        g *= self.lr  # lr·g / (√s + ε)
        g /= work
        p -= g

    def hyperparameters(self):
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps}


@register("adam", label="Adam β1={beta1:g}", slider="beta1")
class Adam(Optimizer):
    """Adam with bias correction (torch.optim.Adam's rule).

    Parameters
    ----------
    lr : float > 0
    betas : (β1, β2), each in [0, 1): decay of the running means of g and g²
    eps : float > 0, added to the corrected √v
    """

    elementwise = True  # see helpers.optim.flat

    def __init__(
        self, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(
                f"betas must be a pair (beta1, beta2) like (0.9, 0.999); got {betas!r}."
            )
        self.beta1 = check_fraction(betas[0], "beta1")
        self.beta2 = check_fraction(betas[1], "beta2")
        self.eps = check_positive(eps, "eps")

    @classmethod
    def from_hyperparameters(cls, lr: float, *, beta1: float, beta2: float, eps: float) -> Adam:
        """Adam from the flat names :meth:`hyperparameters` reports (``make_optimizer``
        fills in the defaults of ``__init__``)."""
        return cls(lr, betas=(beta1, beta2), eps=eps)

    def update(self, p, g, state):
        # m and v start at 0
        m = self.beta1 * state.get("m", 0.0) + (1.0 - self.beta1) * g
        v = self.beta2 * state.get("v", 0.0) + (1.0 - self.beta2) * g * g
        state["m"], state["v"] = m, v
        m_hat = m / (1.0 - self.beta1**self.t)
        v_hat = v / (1.0 - self.beta2**self.t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def update_inplace(self, p, g, state, work):
        if "m" not in state:
            state["m"], state["v"] = np.zeros_like(p), np.zeros_like(p)
        m, v = state["m"], state["v"]
        m *= self.beta1  # m ← β1·m + (1 − β1)·g
        np.multiply(g, 1.0 - self.beta1, out=work)
        m += work
        v *= self.beta2  # v ← β2·v + (1 − β2)·g·g
        np.multiply(g, 1.0 - self.beta2, out=work)
        work *= g
        v += work
        np.divide(m, 1.0 - self.beta1**self.t, out=g)  # m_hat (g is not needed any more)
        np.divide(v, 1.0 - self.beta2**self.t, out=work)  # v_hat, then √v_hat + ε
        np.sqrt(work, out=work)
        work += self.eps
        g *= self.lr  # lr·m_hat / (√v_hat + ε)
        g /= work
        p -= g

    def hyperparameters(self):
        return {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}
