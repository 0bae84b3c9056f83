"""What a batch size costs: loss against epochs, updates, gradient evaluations and time,
and the cost of reaching a target loss (lesson 7).

:func:`epoch_marks` reads a :class:`~helpers.training.History` at the end of every
epoch, where the full training loss is known, in the four units lesson 7 compares;
:func:`plot_budget` draws those curves for several runs on four Axes.
:func:`time_to_target` trains until the full training loss first reaches a target and
says how many gradient evaluations, updates and seconds of training that took.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes

from .losses import bce_from_logits
from .network import N_LAYERS, backward_unchecked, forward_unchecked
from .plots import log_scale
from .training import History, minibatches
from .validate import check_int, check_params, check_positive, check_XY

__all__ = ["UNITS", "epoch_marks", "plot_budget", "TargetRun", "time_to_target"]

#: the four ways to count training's cost, and their axis labels
UNITS = {
    "epochs": "epochs (passes over the data)",
    "updates": "updates (parameter steps)",
    "grad_evals": "gradient evaluations (examples processed)",
    "time": "wall time (s)",
}


def epoch_marks(history: History) -> dict[str, np.ndarray]:
    """The full training loss after each epoch, and where each epoch ended (lesson 7).

    Parameters
    ----------
    history : a :class:`~helpers.training.History` from :func:`helpers.training.train`
        that ran at least one whole epoch

    Returns
    -------
    dict of ndarrays of shape (epochs_done + 1,), entry 0 before training:
    "loss" (the full training loss), "epochs", "updates", "grad_evals" and "time"
    (seconds of training since the start)
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be a History from train; got {type(history).__name__}.")
    epochs = history.epochs_done
    if epochs < 1:
        raise ValueError("history has no complete epoch; train for at least one epoch.")
    per_epoch = history.updates // epochs
    ends = np.arange(1, epochs + 1) * per_epoch - 1  # the last update of each epoch
    return {
        "loss": np.asarray(history.loss_per_epoch[: epochs + 1], dtype=np.float64),
        "epochs": np.arange(epochs + 1, dtype=np.float64),
        "updates": np.concatenate([[0.0], ends + 1.0]),
        "grad_evals": np.concatenate([[0.0], np.asarray(history.grad_evals)[ends]]),
        "time": np.concatenate([[0.0], np.asarray(history.wall_time)[ends]]),
    }


#: the units whose runs differ by orders of magnitude: drawn on a log axis
_LOG_X = ("updates", "time")


def plot_budget(axes: Sequence[Axes], runs: Mapping[str, History]) -> list[Axes]:
    """The full training loss of each run against epochs, updates, gradient evaluations
    and wall time, one unit per Axes (lesson 7). Touches only the Axes given.

    Each point is the end of an epoch (and the start, on the linear axes); updates and
    wall time are on log axes, where the start at 0 is left out. The loss axis is linear
    (the curves of one budget span about one decade).

    Parameters
    ----------
    axes : four Axes, in the order of :data:`UNITS`
    runs : dict label -> History

    Returns
    -------
    list of the four Axes
    """
    axes = list(np.ravel(axes)) if not isinstance(axes, Axes) else [axes]
    if len(axes) != len(UNITS):
        raise ValueError(f"plot_budget needs {len(UNITS)} Axes ({', '.join(UNITS)}).")
    marks = {label: epoch_marks(h) for label, h in runs.items()}
    for ax, (unit, label_text) in zip(axes, UNITS.items(), strict=True):
        logx = unit in _LOG_X
        for i, (label, mk) in enumerate(marks.items()):
            start = 1 if logx else 0  # the start, at 0, has no place on a log axis
            ax.plot(
                mk[unit][start:], mk["loss"][start:], "-o", ms=2.5, lw=1.4, color=f"C{i}",
                label=label,
            )  # fmt: skip
        ax.set_xlabel(label_text)
        if logx:  # no minor ticks: they cost ~50 ms a figure, and decades need none
            log_scale(ax, "x", minor=False)
    axes[0].set_ylabel("training loss")
    axes[0].legend(fontsize=8)
    return axes


@dataclass(frozen=True)
class TargetRun:
    """The cost of reaching a target loss with one batch size (:func:`time_to_target`).

    Attributes
    ----------
    batch_size, lr : the settings
    reached : bool, whether the full training loss reached the target within the budget
    grad_evals : int, per-example gradient evaluations until then (the budget if not)
    updates : int, parameter updates until then
    seconds : float, wall time of the training steps until then (the loss checks on
        the whole data set are not counted)
    loss : float, the full training loss at the end
    """

    batch_size: int
    lr: float
    reached: bool
    grad_evals: int
    updates: int
    seconds: float
    loss: float


def time_to_target(
    params: dict[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    batch_size: int,
    lr: float,
    target: float,
    max_evals: int,
    seed: int = 0,
    checks_per_epoch: int = 10,
) -> TargetRun:
    """Train with mini-batch gradient descent until the full training loss is ≤ target
    (lesson 7). ``params`` is updated in place.

    The loss on all m examples is computed about ``checks_per_epoch`` times per epoch
    (every ⌈m / checks_per_epoch⌉ gradient evaluations, and at least after every
    update), outside the timed steps.

    Parameters
    ----------
    params : dict W1 (n1, n_x), b1 (n1, 1), ..., b3 (1, 1), updated in place
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    batch_size : int in [1, m]
    lr : float > 0
    target : float > 0, the training loss to reach
    max_evals : int ≥ 1, the budget of gradient evaluations
    seed : int, seeds the shuffling
    checks_per_epoch : int ≥ 1

    Returns
    -------
    TargetRun
    """
    X, Y = check_XY(X, Y)
    p = check_params(params, N_LAYERS)
    m = X.shape[1]
    batch_size = check_int(batch_size, "batch_size", 1, m)
    lr = check_positive(lr, "lr")
    target = check_positive(target, "target")
    max_evals = check_int(max_evals, "max_evals", 1)
    every = -(-m // check_int(checks_per_epoch, "checks_per_epoch", 1))
    rng = np.random.default_rng(seed)
    evals = updates = since_check = 0
    seconds = 0.0
    current = bce_from_logits(forward_unchecked(p, X)[1]["z3"], Y)
    with np.errstate(over="ignore", invalid="ignore"):
        while current > target and evals < max_evals:
            for Xb, Yb in minibatches(X, Y, batch_size, rng):
                start = time.perf_counter()
                grads = backward_unchecked(p, forward_unchecked(p, Xb)[1], Yb)
                for name, value in p.items():
                    value -= lr * grads["d" + name]
                seconds += time.perf_counter() - start
                evals += Xb.shape[1]
                updates += 1
                since_check += Xb.shape[1]
                if since_check >= every or evals >= max_evals:
                    since_check = 0
                    current = bce_from_logits(forward_unchecked(p, X)[1]["z3"], Y)
                    if not np.isfinite(current) or current <= target or evals >= max_evals:
                        break
            if not np.isfinite(current):
                break
    for name in params:
        params[name] = p[name]
    return TargetRun(
        batch_size=batch_size,
        lr=lr,
        reached=bool(current <= target),
        grad_evals=evals,
        updates=updates,
        seconds=seconds,
        loss=float(current),
    )
