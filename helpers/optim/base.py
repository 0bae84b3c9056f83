"""The optimizers' base class (lessons 6 and 8).

:class:`Optimizer` matches each parameter to its gradient, checks both, counts the steps
and keeps a state per parameter; a subclass writes only its update rule for one
parameter (:meth:`Optimizer.update`) and the hyperparameters it reports. It may also
write the same rule without allocation (:meth:`Optimizer.update_inplace`) for the
training loop, and declare it elementwise.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any, ClassVar

import numpy as np

from ..validate import check_finite, check_number, check_positive

__all__ = ["Optimizer", "check_fraction", "check_updatable", "missing_gradient"]


def check_fraction(value: object, name: str, allow_zero: bool = True) -> float:
    """Return ``value`` as a float in [0, 1) (or (0, 1) without ``allow_zero``), else raise.

    For decay rates and momentum coefficients such as μ, α, β1 and β2 (lesson 8).
    """
    v = check_number(value, name)
    low_ok = v >= 0 if allow_zero else v > 0
    if not (low_ok and v < 1):
        interval = "[0, 1)" if allow_zero else "(0, 1)"
        raise ValueError(f"{name} must be in {interval}, like 0.9; got {value}.")
    return v


def check_updatable(name: str, p: object) -> np.ndarray:
    """Return ``p`` if it is a float64 NumPy array (so it can be updated in place), else raise.

    Parameters
    ----------
    name : str, the parameter's name, e.g. "W1", for the message
    p : the parameter, any shape

    Raises
    ------
    TypeError
        For anything but a float64 ndarray.
    """
    if not isinstance(p, np.ndarray) or p.dtype != np.float64:
        raise TypeError(
            f"params['{name}'] must be a float64 NumPy array so it can be updated "
            f"in place; got {type(p).__name__}."
        )
    return p


def missing_gradient(name: str, params: Mapping[str, object]) -> ValueError:
    """The error for a parameter with no gradient ``"d" + name`` (to raise)."""
    return ValueError(
        f"grads has no 'd{name}' for parameter '{name}': pass the dict from "
        f"backward(), with keys {['d' + k for k in params]}."
    )


class Optimizer:
    """Base class: matches each parameter to its gradient and keeps per-parameter state.

    A subclass sets its hyperparameters in ``__init__``, writes :meth:`update` (the rule
    for one parameter) and :meth:`hyperparameters`; registering it with
    :func:`helpers.optim.register` puts it in ``make_optimizer`` and the explorers' menus.

    Parameters
    ----------
    lr : float > 0, the learning rate (step size)

    Attributes
    ----------
    lr : float
    state : dict parameter name -> dict, each parameter's own state (e.g. its velocity)
    t : int, the number of steps taken
    elementwise : bool, class attribute; True when :meth:`update` changes each entry of
        ``p`` from the same entry of ``g`` and of the state alone, with scalar
        hyperparameters (SGD, momentum, RMSProp, Adam). Then one call on all the
        parameters laid end to end is the same maths as one call per parameter, and
        :func:`helpers.train` steps them that way (:mod:`helpers.optim.flat`). False, the
        default, is always safe.
    """

    elementwise: ClassVar[bool] = False

    def __init__(self, lr: float) -> None:
        self.lr = check_positive(lr, "lr (the learning rate)")
        self.state: dict[str, dict[str, np.ndarray]] = {}
        self.t = 0  # number of steps taken

    @classmethod
    def from_hyperparameters(cls, lr: float, **hyperparameters: Any) -> Optimizer:
        """Build from the names :meth:`hyperparameters` reports (what ``make_optimizer``
        accepts). Override when the constructor groups them, as Adam's ``betas`` does."""
        return cls(lr, **hyperparameters)

    def step(
        self, params: MutableMapping[str, np.ndarray], grads: Mapping[str, np.ndarray]
    ) -> None:
        """Update every array in ``params`` in place, one step, after checking both.

        Every gradient is checked (present, the parameter's shape, finite) and every
        parameter (a float64 array), then :meth:`update` runs once per parameter.

        Parameters
        ----------
        params : dict name -> float ndarray, e.g. W1 (n1, n_x)
        grads : dict "d" + name -> ndarray of the same shape, e.g. dW1 (n1, n_x)
        """
        pairs = []
        for name, p in params.items():
            gname = "d" + name
            if gname not in grads:
                raise missing_gradient(name, params)
            g = np.asarray(grads[gname], dtype=np.float64)
            check_updatable(name, p)
            if g.shape != p.shape:
                raise ValueError(
                    f"{gname} has shape {g.shape} but {name} has shape {p.shape}; a gradient "
                    f"must have its parameter's shape."
                )
            check_finite(g, gname)
            pairs.append((name, p, g))
        self.t += 1
        for name, p, g in pairs:
            self.update(p, g, self.state.setdefault(name, {}))

    def update(self, p: np.ndarray, g: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """The update rule for one parameter: change ``p`` in place (lesson 8).

        Called by :meth:`step` after its checks, with ``self.t`` already counting this
        step (1 on the first).

        Parameters
        ----------
        p : float64 ndarray, the parameter, any shape
        g : float64 ndarray of p's shape, its gradient
        state : dict, this parameter's own state, kept between steps (empty at first)
        """
        raise NotImplementedError(f"{type(self).__name__} must define update(p, g, state).")

    def update_inplace(
        self, p: np.ndarray, g: np.ndarray, state: dict[str, np.ndarray], work: np.ndarray
    ) -> None:
        """:meth:`update` with no allocation, for :func:`helpers.train`'s loop.

        The same maths as :meth:`update`, written with in-place operations. This default
        calls :meth:`update`; a subclass may override it, keeping :meth:`update` as the
        readable rule. The tests check that both give the same numbers.

        Parameters
        ----------
        p : float64 ndarray, the parameter, changed in place
        g : float64 ndarray of p's shape, its gradient; it may be overwritten (the
            caller does not read it again)
        state : dict, this parameter's state, with the keys and meaning :meth:`update`
            gives them; arrays in it, once created, are updated in place
        work : float64 ndarray of p's shape, scratch space whose contents mean nothing
        """
        self.update(p, g, state)

    def __repr__(self) -> str:
        hp = ", ".join(f"{k}={v}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({hp})"

    def hyperparameters(self) -> dict[str, float]:
        """The settings by name, ``lr`` first: what :meth:`from_hyperparameters` takes."""
        return {"lr": self.lr}
