"""Mini-batches and the training loop (lessons 6 and 7).

``minibatches`` reshuffles the examples every epoch from a seeded generator and
yields each exactly once per epoch. ``train`` runs gradient descent on the 3-layer
network with any optimizer from :mod:`helpers.optim` and records what lesson 7
compares: the loss per update and per epoch, gradient evaluations and wall time.

``train`` checks its inputs once, then its loop runs the unchecked forms: the batches of
``_epoch_batches``, ``forward_unchecked``, ``backward_unchecked`` and the optimizer's
:class:`~helpers.optim.flat.Stepper`. The numbers are those of the checked functions.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .losses import bce_from_logits
from .network import N_LAYERS, backward_unchecked, forward_unchecked, loss
from .optim import SGD, Optimizer
from .optim.base import missing_gradient
from .optim.flat import Stepper
from .validate import check_int, check_params, check_XY

__all__ = ["minibatches", "History", "train"]

#: the parameters of the course's network, W1, b1, ..., b3
_PARAM_NAMES = tuple(f"{k}{l}" for l in range(1, N_LAYERS + 1) for k in "Wb")  # noqa: E741


def _check_batch_size(batch_size: object, m: int) -> int:
    batch_size = check_int(batch_size, "batch_size")
    if not 1 <= batch_size <= m:
        raise ValueError(
            f"batch_size must be between 1 (SGD) and m = {m} (full batch); got {batch_size}."
        )
    return batch_size


def minibatches(
    X: np.ndarray, Y: np.ndarray, batch_size: int, rng: np.random.Generator
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield the mini-batches of one epoch, in a fresh random order (lesson 7).

    Every example appears exactly once. The last batch keeps the leftover
    examples, so it is smaller when batch_size does not divide m. The batches are
    slices of one shuffled copy of X and Y, so changing one leaves X and Y alone.
    ``batch_size = m`` is full-batch gradient descent, ``batch_size = 1`` is SGD.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    batch_size : int in [1, m]
    rng : numpy.random.Generator, e.g. ``np.random.default_rng(seed)``; calling this
        again with the same generator gives the next epoch's (different) order

    Yields
    ------
    X_batch : ndarray of shape (n_x, b)
    Y_batch : ndarray of shape (1, b), with b = batch_size except perhaps the last
    """
    X, Y = check_XY(X, Y)
    m = X.shape[1]
    batch_size = _check_batch_size(batch_size, m)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng must be a numpy Generator; create one with np.random.default_rng(seed)."
        )
    yield from _epoch_batches(X, Y, batch_size, rng)


def _epoch_batches(
    X: np.ndarray, Y: np.ndarray, batch_size: int, rng: np.random.Generator
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """:func:`minibatches` with no input checks (for :func:`train`, which checked them).

    The epoch's order is applied once, to a copy of X and Y; each batch is a slice of it.
    """
    m = X.shape[1]
    order = rng.permutation(m)
    X_shuffled, Y_shuffled = X[:, order], Y[:, order]
    for start in range(0, m, batch_size):
        stop = start + batch_size
        yield X_shuffled[:, start:stop], Y_shuffled[:, start:stop]


@dataclass
class History:
    """What happened during :func:`train`. Every list grows as training goes.

    Attributes
    ----------
    loss_per_update : list of float, the mini-batch loss before each update
    loss_per_epoch : list of float, the full training loss before training
        (entry 0) and after each epoch
    grad_evals : list of int, cumulative per-example gradient evaluations, per update
    wall_time : list of float, cumulative seconds since training started, per update
    epochs_done : int
    diverged : bool, True if the loss became NaN or infinite
    message : str, why training stopped early ("" if it ran to the end)
    """

    loss_per_update: list[float] = field(default_factory=list)
    loss_per_epoch: list[float] = field(default_factory=list)
    grad_evals: list[int] = field(default_factory=list)
    wall_time: list[float] = field(default_factory=list)
    epochs_done: int = 0
    diverged: bool = False
    message: str = ""

    @property
    def updates(self) -> int:
        """Number of parameter updates made."""
        return len(self.loss_per_update)


def train(
    params: dict[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    optimizer: Optimizer | None = None,
    *,
    lr: float = 0.1,
    epochs: int = 100,
    batch_size: int | None = None,
    seed: int = 0,
    verbose: bool = True,
) -> History:
    """Train the 3-layer network with mini-batch gradient descent (lessons 6 and 7).

    Each update: forward on a mini-batch, backward for its gradients, then one
    optimizer step, the numbers ``optimizer.step`` would give. The inputs are checked
    once, here, not at every update (:mod:`helpers.optim.flat`). ``params`` is updated
    in place. A NaN or infinite loss or gradient stops training before that update,
    with a message saying where.

    Parameters
    ----------
    params : dict of W1 ... b3 (see :func:`helpers.network.forward`), updated in place
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    optimizer : Optimizer, optional; default ``SGD(lr)``
    lr : float > 0, used only when no optimizer is given
    epochs : int ≥ 1, passes over the data
    batch_size : int in [1, m], or None for full batch (m)
    seed : int, seeds the shuffling
    verbose : bool, print the message when training stops early

    Returns
    -------
    History
    """
    X, Y = check_XY(X, Y)
    check_params(params, N_LAYERS)
    m = X.shape[1]
    batch_size = m if batch_size is None else _check_batch_size(batch_size, m)
    epochs = check_int(epochs, "epochs", 1)
    if optimizer is None:
        optimizer = SGD(lr)
    elif not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be one of helpers.optim's (SGD, RMSprop, Adam); got "
            f"{type(optimizer).__name__}."
        )
    for name in params:
        if name not in _PARAM_NAMES:  # Optimizer.step's error, before any update
            raise missing_gradient(name, params)
    stepper = Stepper(optimizer, params)  # checks the arrays can be updated in place
    rng = np.random.default_rng(seed)
    history = History()
    history.loss_per_epoch.append(loss(params, X, Y))
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            _loop(stepper, X, Y, batch_size, epochs, rng, history)
    finally:
        stepper.finish()  # params get the trained values, however the loop ended
    if history.diverged and verbose:
        print(history.message)
    return history


def _loop(
    stepper: Stepper,
    X: np.ndarray,
    Y: np.ndarray,
    batch_size: int,
    epochs: int,
    rng: np.random.Generator,
    history: History,
) -> None:
    """The epochs of :func:`train`, on checked inputs; stops at the first NaN or infinity."""
    p = stepper.params
    evals = 0
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        for Xb, Yb in _epoch_batches(X, Y, batch_size, rng):
            _, cache = forward_unchecked(p, Xb)
            batch_loss = bce_from_logits(cache["z3"], Yb)
            if not math.isfinite(batch_loss):
                return _stop(history, epoch)
            if not stepper.load(backward_unchecked(p, cache, Yb)):
                return _stop(history, epoch)
            stepper.step()
            evals += Xb.shape[1]
            history.loss_per_update.append(batch_loss)
            history.grad_evals.append(evals)
            history.wall_time.append(time.perf_counter() - start)
        history.epochs_done = epoch
        _, cache = forward_unchecked(p, X)
        epoch_loss = bce_from_logits(cache["z3"], Y)
        if not math.isfinite(epoch_loss):
            return _stop(history, epoch)
        history.loss_per_epoch.append(epoch_loss)


def _stop(history: History, epoch: int) -> None:
    history.diverged = True
    history.message = (
        f"Training stopped: the loss became NaN or infinite at update {history.updates + 1} "
        f"(epoch {epoch}). The learning rate is probably too large; try a smaller one. "
        f"The history up to that point is kept."
    )
