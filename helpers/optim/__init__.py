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

The package has one module per job: ``base`` (:class:`Optimizer`, the checks and the
state every rule shares), ``registry`` (:data:`OPTIMIZERS`, :func:`register` and
:func:`make_optimizer`), ``rules`` (one class per update rule) and ``flat`` (the
unchecked steps of :func:`helpers.train`'s loop, all parameters at once). Adding an optimizer
is one class in ``rules``, decorated with :func:`register`; ``make_optimizer``, the
explorers' menus and their labels read the registry.
"""

from .base import Optimizer, check_fraction
from .registry import (
    OPTIMIZERS,
    OptimizerSpec,
    make_optimizer,
    optimizer_spec,
    register,
    unregister,
)
from .rules import SGD, Adam, RMSprop

__all__ = [
    "Optimizer",
    "SGD",
    "RMSprop",
    "Adam",
    "OPTIMIZERS",
    "OptimizerSpec",
    "register",
    "unregister",
    "optimizer_spec",
    "make_optimizer",
    "check_fraction",
]
