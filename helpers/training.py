"""Mini-batches and the training loop (lessons 6 and 7).

``minibatches`` reshuffles the examples every epoch from a seeded generator and
yields each exactly once per epoch. ``train`` runs gradient descent on the 3-layer
network with any optimizer from :mod:`helpers.optim` and records what lesson 7
compares: the loss per update and per epoch, gradient evaluations and wall time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .losses import bce_from_logits
from .network import N_LAYERS, backward_unchecked, forward_unchecked, loss
from .optim import SGD, Optimizer
from .validate import check_int, check_params, check_XY

__all__ = ["minibatches", "History", "train"]


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
    examples, so it is smaller when batch_size does not divide m.
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
    order = rng.permutation(m)
    for start in range(0, m, batch_size):
        idx = order[start : start + batch_size]
        yield X[:, idx], Y[:, idx]


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

    Each update: forward on a mini-batch, backward for its gradients, then
    ``optimizer.step``. ``params`` is updated in place.

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
    rng = np.random.default_rng(seed)
    history = History()
    history.loss_per_epoch.append(loss(params, X, Y))
    evals = 0
    start = time.perf_counter()
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            for Xb, Yb in minibatches(X, Y, batch_size, rng):
                _, cache = forward_unchecked(params, Xb)
                batch_loss = bce_from_logits(cache["z3"], Yb)
                if not np.isfinite(batch_loss):
                    return _stop(history, epoch, verbose)
                grads = backward_unchecked(params, cache, Yb)
                if not all(np.isfinite(g).all() for g in grads.values()):
                    return _stop(history, epoch, verbose)
                optimizer.step(params, grads)
                evals += Xb.shape[1]
                history.loss_per_update.append(batch_loss)
                history.grad_evals.append(evals)
                history.wall_time.append(time.perf_counter() - start)
            history.epochs_done = epoch
            _, cache = forward_unchecked(params, X)
            epoch_loss = bce_from_logits(cache["z3"], Y)
            if not np.isfinite(epoch_loss):
                return _stop(history, epoch, verbose)
            history.loss_per_epoch.append(epoch_loss)
    return history


def _stop(history: History, epoch: int, verbose: bool) -> History:
    history.diverged = True
    history.message = (
        f"Training stopped: the loss became NaN or infinite at update {history.updates + 1} "
        f"(epoch {epoch}). The learning rate is probably too large; try a smaller one. "
        f"The history up to that point is kept."
    )
    if verbose:
        print(history.message)
    return history
