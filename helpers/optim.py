"""Optimizers: SGD, SGD with momentum, RMSProp and Adam (lessons 6 and 8).

Each is a small object holding its hyperparameters and a state per parameter. Its
``step(params, grads)`` updates the arrays in ``params`` **in place**, using
``grads["d" + name]`` for ``params[name]`` (``dW1`` for ``W1``), exactly as
``torch.optim`` does, so a learner moving to PyTorch gets the same numbers:

=========  ==========================================================  =================
optimizer  update for a parameter p with gradient g                    torch.optim
=========  ==========================================================  =================
SGD        p ← p − lr·g                                                ``SGD(lr)``
momentum   v ← μ·v + g;  p ← p − lr·v                                  ``SGD(lr, momentum=μ)``
RMSProp    s ← α·s + (1 − α)·g²;  p ← p − lr·g / (√s + ε)               ``RMSprop(lr, alpha, eps)``
Adam       m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;              ``Adam(lr, betas, eps)``
           p ← p − lr·(m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
=========  ==========================================================  =================

Keras writes momentum as v ← μ·v − lr·g; p ← p + v, which gives the same steps for a
fixed learning rate.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

import numpy as np

from .validate import check_finite, check_number, check_positive

__all__ = ["Optimizer", "SGD", "RMSprop", "Adam", "make_optimizer"]


def _check_fraction(value: object, name: str, allow_zero: bool = True) -> float:
    v = check_number(value, name)
    low_ok = v >= 0 if allow_zero else v > 0
    if not (low_ok and v < 1):
        interval = "[0, 1)" if allow_zero else "(0, 1)"
        raise ValueError(f"{name} must be in {interval}, like 0.9; got {value}.")
    return v


class Optimizer:
    """Base class: matches each parameter to its gradient and keeps per-parameter state.

    Parameters
    ----------
    lr : float > 0, the learning rate (step size)
    """

    def __init__(self, lr: float) -> None:
        self.lr = check_positive(lr, "lr (the learning rate)")
        self.state: dict[str, dict[str, np.ndarray]] = {}
        self.t = 0  # number of steps taken

    def step(self, params: MutableMapping[str, np.ndarray], grads: Mapping[str, np.ndarray]):
        """Update every array in ``params`` in place, one step. Returns None.

        Parameters
        ----------
        params : dict name -> float ndarray, e.g. W1 (n1, n_x)
        grads : dict "d" + name -> ndarray of the same shape, e.g. dW1 (n1, n_x)
        """
        pairs = []
        for name, p in params.items():
            gname = "d" + name
            if gname not in grads:
                raise ValueError(
                    f"grads has no '{gname}' for parameter '{name}': pass the dict from "
                    f"backward(), with keys {['d' + k for k in params]}."
                )
            g = np.asarray(grads[gname], dtype=np.float64)
            if not isinstance(p, np.ndarray) or p.dtype != np.float64:
                raise TypeError(
                    f"params['{name}'] must be a float64 NumPy array so it can be updated "
                    f"in place; got {type(p).__name__}."
                )
            if g.shape != p.shape:
                raise ValueError(
                    f"{gname} has shape {g.shape} but {name} has shape {p.shape}; a gradient "
                    f"must have its parameter's shape."
                )
            check_finite(g, gname)
            pairs.append((name, p, g))
        self.t += 1
        for name, p, g in pairs:
            self._update(name, p, g, self.state.setdefault(name, {}))

    def _update(self, name: str, p: np.ndarray, g: np.ndarray, state: dict) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        hp = ", ".join(f"{k}={v}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({hp})"

    def hyperparameters(self) -> dict[str, float]:
        return {"lr": self.lr}


class SGD(Optimizer):
    """Gradient descent, with optional momentum (torch.optim.SGD's rule).

    Parameters
    ----------
    lr : float > 0
    momentum : float in [0, 1), μ; 0 is plain gradient descent, p ← p − lr·g
    """

    def __init__(self, lr: float, momentum: float = 0.0) -> None:
        super().__init__(lr)
        self.momentum = _check_fraction(momentum, "momentum")

    def _update(self, name, p, g, state):
        if self.momentum == 0.0:
            p -= self.lr * g
            return
        v = state.get("v")
        v = g.copy() if v is None else self.momentum * v + g
        state["v"] = v
        p -= self.lr * v

    def hyperparameters(self):
        return {"lr": self.lr, "momentum": self.momentum}


class RMSprop(Optimizer):
    """RMSProp (torch.optim.RMSprop's rule, no momentum, not centred).

    Parameters
    ----------
    lr : float > 0
    alpha : float in (0, 1), decay of the running mean of g²
    eps : float > 0, added to √s (outside the square root, as torch does)
    """

    def __init__(self, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.alpha = _check_fraction(alpha, "alpha", allow_zero=False)
        self.eps = check_positive(eps, "eps")

    def _update(self, name, p, g, state):
        s = state.get("s", np.zeros_like(p))
        s = self.alpha * s + (1.0 - self.alpha) * g * g
        state["s"] = s
        p -= self.lr * g / (np.sqrt(s) + self.eps)

    def hyperparameters(self):
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps}


class Adam(Optimizer):
    """Adam with bias correction (torch.optim.Adam's rule).

    Parameters
    ----------
    lr : float > 0
    betas : (β1, β2), each in [0, 1): decay of the running means of g and g²
    eps : float > 0, added to the corrected √v
    """

    def __init__(
        self, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(
                f"betas must be a pair (beta1, beta2) like (0.9, 0.999); got {betas!r}."
            )
        self.beta1 = _check_fraction(betas[0], "beta1")
        self.beta2 = _check_fraction(betas[1], "beta2")
        self.eps = check_positive(eps, "eps")

    def _update(self, name, p, g, state):
        m = self.beta1 * state.get("m", np.zeros_like(p)) + (1.0 - self.beta1) * g
        v = self.beta2 * state.get("v", np.zeros_like(p)) + (1.0 - self.beta2) * g * g
        state["m"], state["v"] = m, v
        m_hat = m / (1.0 - self.beta1**self.t)
        v_hat = v / (1.0 - self.beta2**self.t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def hyperparameters(self):
        return {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}


OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")


def make_optimizer(name: str, lr: float, momentum: float = 0.9) -> Optimizer:
    """An optimizer by name, for explorers and menus (lesson 8).

    Parameters
    ----------
    name : "sgd", "momentum", "rmsprop" or "adam"
    lr : float > 0
    momentum : float in [0, 1), μ for "momentum", β1 for "adam"; ignored otherwise

    Returns
    -------
    Optimizer
    """
    key = str(name).lower()
    if key == "sgd":
        return SGD(lr)
    if key == "momentum":
        return SGD(lr, momentum=momentum)
    if key == "rmsprop":
        return RMSprop(lr)
    if key == "adam":
        return Adam(lr, betas=(momentum, 0.999))
    raise ValueError(f"unknown optimizer {name!r}; choose one of {list(OPTIMIZERS)}.")
