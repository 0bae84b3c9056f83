"""The optimizer registry (lessons 6–8): one entry per name, fed by :func:`register`.

Every list of optimizers in the course reads :data:`OPTIMIZERS`: :func:`make_optimizer`,
the optimizer menus of the 2-D and network explorers, and the labels in their messages.
Adding an optimizer is one class in :mod:`helpers.optim.rules`, decorated::

    @register("nesterov", label="Nesterov μ={momentum:g}", defaults={"momentum": 0.9},
              slider="momentum")
    class Nesterov(Optimizer):
        ...

One class may carry several entries: ``SGD`` is both "sgd" (lr only) and "momentum".
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from .base import Optimizer

__all__ = [
    "OPTIMIZERS",
    "OptimizerSpec",
    "register",
    "unregister",
    "optimizer_spec",
    "make_optimizer",
]

#: the lr :func:`register` builds a trial optimizer with, to check an entry once
_TRIAL_LR = 0.01


@dataclass(frozen=True)
class OptimizerSpec:
    """One entry of the registry: an optimizer's name and how to build and show it.

    Attributes
    ----------
    name : str, the name ``make_optimizer`` and the explorers' menus use, e.g. "adam"
    cls : the :class:`Optimizer` subclass
    label : str, how messages name a run: a ``str.format`` template over the
        hyperparameters, e.g. "Adam β1={beta1:g}"
    defaults : dict hyperparameter -> value, what this entry takes besides ``lr``, with
        the values it uses when they are not given
    slider : str or None, the hyperparameter the explorers' second slider ("momentum β")
        drives: "momentum" for momentum, "beta1" for Adam, None when the slider does
        nothing (sgd, rmsprop)
    """

    name: str
    cls: type[Optimizer]
    label: str
    defaults: Mapping[str, float]
    slider: str | None = None

    @property
    def accepts(self) -> tuple[str, ...]:
        """Every keyword :meth:`make` takes, ``lr`` first."""
        return ("lr", *self.defaults)

    def make(self, lr: float, **hyperparameters: float) -> Optimizer:
        """An optimizer of this entry: ``defaults`` overridden by ``hyperparameters``.

        Raises
        ------
        TypeError
            For a hyperparameter this entry does not take, naming the ones it takes.
        """
        unknown = [k for k in hyperparameters if k not in self.defaults]
        if unknown:
            got = []
            for k in unknown:
                owners = [repr(s.name) for s in OPTIMIZERS.values() if k in s.defaults]
                got.append(f"{k} (a hyperparameter of {', '.join(owners)})" if owners else k)
            raise TypeError(f"{self.name} takes {', '.join(self.accepts)}; got {', '.join(got)}.")
        return self.cls.from_hyperparameters(lr, **{**self.defaults, **hyperparameters})

    def describe(self, hyperparameters: Mapping[str, float] | None = None) -> str:
        """The label with the hyperparameters filled in, e.g. "momentum μ=0.9"."""
        return self.label.format(**{**self.defaults, **(hyperparameters or {})})

    def slider_hyperparameters(self, value: float) -> dict[str, float]:
        """The keyword the explorers' second slider sets: ``{slider: value}``, or ``{}``."""
        return {} if self.slider is None else {self.slider: value}


_REGISTRY: dict[str, OptimizerSpec] = {}

#: name -> :class:`OptimizerSpec`, in the order registered (the menus' order); read-only,
#: filled by :func:`register`. ``list(OPTIMIZERS)`` gives the names.
OPTIMIZERS: Mapping[str, OptimizerSpec] = MappingProxyType(_REGISTRY)

OptimizerClass = TypeVar("OptimizerClass", bound=type[Optimizer])


def register(
    name: str,
    *,
    label: str,
    defaults: Mapping[str, float] | None = None,
    slider: str | None = None,
) -> Callable[[OptimizerClass], OptimizerClass]:
    """Class decorator: add an :class:`Optimizer` subclass to the registry under ``name``.

    Parameters
    ----------
    name : str, lower case, not yet registered
    label : str, a ``str.format`` template over the hyperparameters (see
        :class:`OptimizerSpec`); every entry needs one
    defaults : dict hyperparameter -> value, what the entry takes besides lr; None
        takes every hyperparameter the class reports, with the class's own defaults
    slider : str or None, which of ``defaults`` the explorers' second slider drives

    Returns
    -------
    the decorator, which returns the class unchanged

    Raises
    ------
    ValueError
        When the name is taken or not lower case, the label is empty or names an unknown
        hyperparameter, the slider is not one of the defaults, or the class does not
        report the defaults it was built with.
    """
    if not isinstance(name, str) or not name or name != name.lower():
        raise ValueError(f"an optimizer's name must be a lower-case string; got {name!r}.")
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"optimizer {name!r} needs a label for the explorers' messages.")

    def decorate(cls: OptimizerClass) -> OptimizerClass:
        if not (isinstance(cls, type) and issubclass(cls, Optimizer)):
            raise TypeError(f"register({name!r}) decorates an Optimizer subclass; got {cls!r}.")
        if name in _REGISTRY:
            raise ValueError(
                f"optimizer {name!r} is already registered ({_REGISTRY[name].cls.__name__})."
            )
        if defaults is None:
            built = cls(_TRIAL_LR).hyperparameters()
            own = {k: v for k, v in built.items() if k != "lr"}
        else:
            own = dict(defaults)
        fields = {f for _, f, _, _ in string.Formatter().parse(label) if f}
        if fields - set(own):
            raise ValueError(f"the label of {name!r} names {sorted(fields - set(own))}, "
                             f"which it does not take; it takes {sorted(own)}.")  # fmt: skip
        if slider is not None and slider not in own:
            raise ValueError(f"the slider of {name!r} drives {slider!r}, which it does not "
                             f"take; it takes {sorted(own)}.")  # fmt: skip
        reported = cls.from_hyperparameters(_TRIAL_LR, **own).hyperparameters()
        wrong = {k: v for k, v in own.items() if reported.get(k) != v}
        if wrong:
            raise ValueError(f"{cls.__name__}.hyperparameters() does not report {wrong} "
                             f"for optimizer {name!r}.")  # fmt: skip
        _REGISTRY[name] = OptimizerSpec(name, cls, label, MappingProxyType(own), slider)
        return cls

    return decorate


def unregister(name: str) -> OptimizerSpec:
    """Remove an entry (for a test or a notebook that registered a trial optimizer)."""
    return _REGISTRY.pop(optimizer_spec(name).name)


def optimizer_spec(name: str) -> OptimizerSpec:
    """The registry's entry for ``name`` (any case).

    Raises
    ------
    ValueError
        For an unknown name, listing the registered ones.
    """
    key = str(name).lower()
    if key not in _REGISTRY:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {list(_REGISTRY)}.")
    return _REGISTRY[key]


def make_optimizer(name: str, lr: float, **hyperparameters: Any) -> Optimizer:
    """An optimizer by name, for explorers and menus (lessons 6–8).

    Parameters
    ----------
    name : a name of :data:`OPTIMIZERS`: "sgd", "momentum", "rmsprop" or "adam" (any case)
    lr : float > 0, the learning rate
    **hyperparameters : the entry's own, each defaulting as in the registry:
        "sgd" none; "momentum" ``momentum`` (μ, 0.9); "rmsprop" ``alpha`` (0.99) and
        ``eps`` (1e-8); "adam" ``beta1`` (0.9), ``beta2`` (0.999) and ``eps`` (1e-8)

    Returns
    -------
    Optimizer

    Raises
    ------
    ValueError
        For an unknown name, listing the registered ones.
    TypeError
        For a hyperparameter the optimizer does not take, e.g. "adam takes lr, beta1,
        beta2, eps; got momentum".
    """
    return optimizer_spec(name).make(lr, **hyperparameters)
