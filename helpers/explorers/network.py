"""The network-training explorer (lessons 6, 7 and 8): :func:`train_network`,
:func:`draw_training` and :func:`explore_network`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes

from ..data import DATASETS, make_dataset
from ..network import N_LAYERS, forward_unchecked, init_params, predict
from ..optim import OPTIMIZERS
from ..plots import data_window, log_scale, plot_classes, shade_probability
from ..training import train
from ..validate import check_int, check_positive
from ._common import (
    BLOWUP_LOSS,
    DivergenceMark,
    as_axes_list,
    optimizer_from_slider,
    read_only,
)
from ._widgets import Explorer, dropdown, float_slider, int_slider, lr_slider


@dataclass(frozen=True)
class NetworkRun:
    """One training run of the 3-layer network, from :func:`train_network`.

    Attributes
    ----------
    X : ndarray of shape (2, m), Y : ndarray of shape (1, m), the training data
    params : dict W1 (n1, 2), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1)
        after training (read-only arrays)
    loss_per_epoch : ndarray of shape (epochs_done + 1,), the full training loss before
        training and after each epoch
    loss_per_update : ndarray of shape (updates,), the mini-batch loss before each update
    updates_per_epoch : int, ceil(m / batch_size)
    lr, batch_size, epochs, optimizer, momentum, dataset, seed : the settings
    regime : one of :data:`NETWORK_REGIMES`, named by :func:`network_regime` from what
        the loss curve and the trained network show
    diverged_at : int or None, the update at which the loss became NaN, infinite or more
        than 10 times the untrained loss; the loss curves stop there
    message : str
    """

    X: np.ndarray
    Y: np.ndarray
    params: Mapping[str, np.ndarray]
    loss_per_epoch: np.ndarray
    loss_per_update: np.ndarray
    updates_per_epoch: int
    lr: float
    batch_size: int
    epochs: int
    optimizer: str
    momentum: float
    dataset: str
    seed: int
    regime: str
    diverged_at: int | None
    message: str
    accuracy: float = field(default=float("nan"))


def train_network(
    lr: float = 0.5,
    batch_size: int = 32,
    epochs: int = 50,
    optimizer: str = "sgd",
    momentum: float = 0.9,
    dataset: str = "moons",
    m: int = 200,
    hidden: tuple[int, int] = (16, 8),
    seed: int = 0,
) -> NetworkRun:
    """Train the course's 3-layer network with :func:`helpers.training.train` (lessons 6–8).

    batch_size = 1 is stochastic gradient descent, batch_size = m is full-batch
    gradient descent, anything between is mini-batch; one run uses one seed for the
    data, the initial weights and the shuffling, so runs differ only in the settings.

    Parameters
    ----------
    lr : float > 0, the learning rate (default 0.5)
    batch_size : int in [1, m] (default 32)
    epochs : int ≥ 1, passes over the data (default 50)
    optimizer : a name of :data:`helpers.optim.OPTIMIZERS`: "sgd" (default), "momentum",
        "rmsprop" or "adam"
    momentum : float in [0, 1), the "momentum β" slider: the optimizer's slider
        hyperparameter, μ for "momentum" and β1 for "adam"; sgd and rmsprop have none
        and ignore it (default 0.9)
    dataset : "moons" (default), "circles" or "xor"
    m : int, number of examples (default 200)
    hidden : (n1, n2), the hidden layer sizes (default (16, 8))
    seed : int (default 0)

    Returns
    -------
    NetworkRun
    """
    lr = check_positive(lr, "lr (the learning rate)")
    epochs = check_int(epochs, "epochs", 1, 100_000)  # a cap for the slider's sake
    if len(hidden) != N_LAYERS - 1:
        raise ValueError(f"hidden must be two layer sizes (n1, n2); got {hidden!r}.")
    # the dataset name, m, the optimizer and batch_size are checked where they are used
    # (make_dataset, make_optimizer, train), with the same messages
    X, Y = make_dataset(dataset, m=m, seed=seed)
    params = init_params([2, *(int(n) for n in hidden), 1], seed=seed)
    spec, opt = optimizer_from_slider(optimizer, lr, momentum)
    name = spec.name
    with np.errstate(all="ignore"):
        history = train(
            params, X, Y, opt, epochs=epochs, batch_size=batch_size, seed=seed, verbose=False
        )
    per_epoch = np.array(history.loss_per_epoch, dtype=np.float64)
    per_update = np.array(history.loss_per_update, dtype=np.float64)
    m, batch_size = X.shape[1], int(batch_size)  # as checked by make_dataset and train
    updates_per_epoch = -(-m // batch_size)
    diverged_at = history.updates + 1 if history.diverged else None
    # a training loss ten times the untrained one has blown up too, even while still
    # finite (large weights make confident wrong predictions): stop the curves there.
    # The full loss after each epoch decides, not one mini-batch's loss: with
    # batch_size = 1 a single misclassified example can cost 10× the average on its own.
    blown = np.flatnonzero(per_epoch[1:] > BLOWUP_LOSS * per_epoch[0])
    if blown.size:
        # the last update of the first epoch whose loss had blown up
        first_bad = min((int(blown[0]) + 1) * updates_per_epoch, history.updates)
        if diverged_at is None or first_bad < diverged_at:
            diverged_at = first_bad
    if diverged_at is not None:
        per_update = per_update[: diverged_at - 1]
        per_epoch = per_epoch[: (diverged_at - 1) // updates_per_epoch + 1]
    accuracy = float("nan")
    if diverged_at is None and all(np.all(np.isfinite(v)) for v in params.values()):
        accuracy = float(np.mean(predict(params, X) == Y))
    regime, why = network_regime(per_epoch, diverged_at, batch_size < m, params, X)
    kind = "SGD" if batch_size == 1 else "full batch" if batch_size == m else "mini-batch"
    head = f"{name}, lr = {lr:.3g}, batch {batch_size} ({kind})"
    if diverged_at is not None:
        epoch = (diverged_at - 1) // updates_per_epoch + 1
        message = f"{head}: diverged at update {diverged_at} (epoch {epoch}); try a smaller lr."
    else:
        message = (
            f"{head}: {regime}{why}; loss {per_epoch[0]:.3g} → {per_epoch[-1]:.3g} after "
            f"{history.updates} updates, training accuracy {accuracy:.0%}."
        )
    frozen_params = {k: read_only(v) for k, v in params.items()}
    return NetworkRun(
        X=read_only(X),
        Y=read_only(Y),
        params=frozen_params,
        loss_per_epoch=read_only(per_epoch),
        loss_per_update=read_only(per_update),
        updates_per_epoch=updates_per_epoch,
        lr=lr,
        batch_size=batch_size,
        epochs=epochs,
        optimizer=name,
        momentum=float(momentum),
        dataset=dataset,
        seed=int(seed),
        regime=regime,
        diverged_at=diverged_at,
        message=message,
        accuracy=accuracy,
    )


#: The regimes :func:`network_regime` names, from healthy to broken.
NETWORK_REGIMES = (
    "converging",
    "noisy",
    "crawling",
    "oscillating",
    "stuck",
    "dead units",
    "diverging",
)

#: a full training loss up by more than this factor from one epoch to the next is a jump
JUMP = 1.1


def network_regime(
    loss_per_epoch: np.ndarray,
    diverged_at: int | None,
    mini_batch: bool,
    params: Mapping[str, np.ndarray],
    X: np.ndarray,
) -> tuple[str, str]:
    """Name what a training run did, from its loss curve and its trained network (lesson 6).

    In this order:

    - "diverging": the loss became NaN, infinite or 10 times the untrained loss;
    - "dead units": every unit of a hidden layer outputs 0 for every example, so ŷ is
      the same for all of them and backprop sends no gradient below that layer (the
      ReLUs died, typically after a step that was too large); no learning rate revives it;
    - "oscillating": the full training loss jumps up (by more than 10 %) in several
      epochs, and full-batch training or little progress says it is the step size;
    - "noisy": the same jumps in mini-batch training whose loss still fell to less than
      half its start: it converges, through the mini-batches' sampling noise (or a bold
      step; the curve alone cannot tell them apart);
    - "stuck": the loss ended at or above where it started, without jumps;
    - "crawling": it fell, but by less than 10 % (too small a learning rate, or a plateau);
    - "converging": otherwise.

    Parameters
    ----------
    loss_per_epoch : ndarray of shape (epochs_done + 1,), the full training loss before
        training and after each epoch (up to divergence)
    diverged_at : int or None, the update at which the run diverged
    mini_batch : bool, batch_size < m
    params : dict W1 ... b3 after training
    X : ndarray of shape (n_x, m), the training inputs

    Returns
    -------
    (regime, why) : a name of :data:`NETWORK_REGIMES` and a short reason to append
        to it ("" when the name says it all)
    """
    if diverged_at is not None:
        return "diverging", ""
    with np.errstate(all="ignore"):
        _, cache = forward_unchecked(params, X)
    for layer in (1, 2):
        if not np.any(cache[f"a{layer}"] > 0):
            return "dead units", (
                f" (every unit of layer {layer} outputs 0 for every example, so no gradient flows)"
            )
    L = np.asarray(loss_per_epoch, dtype=np.float64)
    jumps = int(np.count_nonzero(L[1:] > JUMP * L[:-1]))
    if jumps >= max(2, len(L) // 10):
        if mini_batch and L[-1] < 0.5 * L[0]:
            return "noisy", " (the loss jumps but falls overall)"
        return "oscillating", ""
    if L[-1] >= L[0]:
        return "stuck", ""
    if L[-1] > 0.9 * L[0]:
        return "crawling", ""
    return "converging", ""


#: the loss axis of the network explorer: fixed, so a redraw need not lay out its ticks
LOSS_LIMITS = (1e-4, 20.0)


class ViewNetwork:
    """A :class:`NetworkRun` drawn on one or two Axes, with its moving parts kept.

    The constructor draws the frames (axes, ticks, labels, legend), which depend only on
    :attr:`key` (the data and the number of epochs); :meth:`update` moves the loss
    curves, the titles and marks, and redraws the decision boundary, for another run
    with the same key. :func:`draw_training` is a view updated once.
    """

    def __init__(self, axes: Axes | Sequence[Axes], run: NetworkRun) -> None:
        self.axes = as_axes_list(axes, 2, "loss curves, decision boundary")
        self.key = self.key_of(run)
        ax = self.axes[0]
        (self.per_update,) = ax.plot(
            [], [], color="C0", lw=0.6, alpha=0.45, label="mini-batch loss (per update)"
        )
        (self.per_epoch,) = ax.plot([], [], color="C3", lw=1.8, label="training loss (per epoch)")
        log_scale(ax, minor=False)  # no minor ticks: a faster redraw
        ax.set_xlim(0, run.epochs)
        ax.set_ylim(*LOSS_LIMITS)
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        ax.legend(fontsize=8, loc="upper right")
        ax.set_title(" ", fontsize=10)
        self.mark = DivergenceMark(ax)
        self.loss_artists = [self.per_update, self.per_epoch, ax.title, self.mark.text]
        self.artists = list(self.loss_artists)
        self.boundary: tuple = ()
        self.points = None
        if len(self.axes) > 1:
            ax = self.axes[1]
            self.window = data_window(run.X)
            self.points = plot_classes(ax, run.X, run.Y).collections[-1]
            ax.set_xlim(*self.window[0])
            ax.set_ylim(*self.window[1])
            ax.set_title(" ", fontsize=10)
            self.artists += [self.points, ax.title]

    def key_of(self, run: NetworkRun) -> tuple:
        """What the still parts depend on: another run with the same key is an update."""
        return (run.dataset, run.seed, run.X.shape, float(run.X.sum()), run.epochs)

    def update(self, run: NetworkRun) -> list:
        """Show ``run`` (same :attr:`key`); returns the artists that changed, in the order
        they are drawn (the shading under the points)."""
        if self.key_of(run) != self.key:
            raise ValueError("this view was drawn for other settings; draw a new ViewNetwork.")
        if len(run.loss_per_update):
            x_upd = np.arange(1, len(run.loss_per_update) + 1) / run.updates_per_epoch
            self.per_update.set_data(x_upd, run.loss_per_update)
        else:
            self.per_update.set_data([], [])
        self.per_epoch.set_data(np.arange(len(run.loss_per_epoch)), run.loss_per_epoch)
        title = f"lr = {run.lr:.3g}, batch {run.batch_size}: {run.regime}"
        self.axes[0].set_title(title, fontsize=10)
        diverged = None if run.diverged_at is None else f"diverged at update {run.diverged_at}"
        self.mark.update(diverged)
        if self.points is None:
            return self.artists
        ax = self.axes[1]
        for cs in self.boundary:
            cs.remove()
        self.boundary = ()
        if np.isfinite(run.accuracy):  # nan when training diverged
            self.boundary = shade_probability(ax, dict(run.params), *self.window, 100)
            for cs in self.boundary:
                cs.set_animated(self.points.get_animated())
            ax.set_title(f"decision boundary, accuracy {run.accuracy:.0%}", fontsize=10)
        else:
            ax.set_title("no decision boundary: training diverged", fontsize=10)
        self.points.set_zorder(3)
        # the frame goes back on top of the shading, as in a full draw
        return [*self.loss_artists, *self.boundary, self.points, ax.title, *ax.spines.values()]


def draw_training(axes: Axes | Sequence[Axes], run: NetworkRun) -> list[Axes]:
    """Draw a :class:`NetworkRun` (lessons 6–8). Touches only the Axes given.

    Parameters
    ----------
    axes : one Axes (loss curves) or two (loss curves, then the decision boundary)
    run : the result of :func:`train_network`

    Returns
    -------
    list of the Axes drawn on
    """
    view = ViewNetwork(axes, run)
    view.update(run)
    return view.axes


_BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)


def explore_network(
    lr: float = 0.5,
    batch_size: int = 32,
    epochs: int = 50,
    optimizer: str = "sgd",
    momentum: float = 0.9,
    dataset: str = "moons",
    m: int = 200,
    hidden: tuple[int, int] = (16, 8),
    seed: int = 0,
):
    """Sliders for training the 3-layer network (lessons 6, 7 and 8): learning rate
    (log scale), batch size from 1 (SGD) through mini-batches to m (full batch), epochs,
    optimizer, momentum β and dataset. Shows the loss curves and the decision boundary.

    The arguments are the starting values, the same defaults as :func:`train_network`.

    Returns
    -------
    Explorer (an ipywidgets VBox); display it as the last expression of a cell
    """
    run = train_network(
        lr=lr,
        batch_size=batch_size,
        epochs=epochs,
        optimizer=optimizer,
        momentum=momentum,
        dataset=dataset,
        m=m,
        hidden=hidden,
        seed=seed,
    )
    sizes = sorted({b for b in _BATCH_SIZES if b < m} | {run.batch_size, m})
    options = [
        (f"{b} (SGD)" if b == 1 else f"{b} (full batch)" if b == m else str(b), b) for b in sizes
    ]
    controls = {
        "lr": lr_slider(run.lr, 1e-3, 10.0),
        "batch_size": widgets.SelectionSlider(
            options=options,
            value=run.batch_size,
            description="batch size",
            continuous_update=False,
        ),
        "epochs": int_slider(run.epochs, 1, 200, "epochs"),
        "optimizer": dropdown(run.optimizer, list(OPTIMIZERS), "optimizer"),
        "momentum": float_slider(run.momentum, 0.0, 0.99, 0.01, "momentum β"),
        "dataset": dropdown(run.dataset, sorted(DATASETS), "dataset"),
    }

    def layout(fig):
        return fig.subplots(1, 2, width_ratios=[3, 2])

    return Explorer(
        controls,
        train_network,
        None,  # drawn by the view
        layout,
        (10, 4.0),
        {"m": m, "hidden": tuple(hidden), "seed": seed},
        view=ViewNetwork,
    )
