"""The 2-D descent explorer with an optimizer (lessons 2 and 8): the :class:`Surface`
functions, :func:`descent_2d`, :func:`draw_descent_2d` and :func:`explore_descent_2d`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes

from ..optim import OPTIMIZERS
from ..plots import PATH_STYLE, START_STYLE, plot_contour_path
from ..surfaces import SURFACES, Surface
from ..validate import check_int, check_number, check_positive
from ._common import (
    BLOWUP,
    DivergenceMark,
    LossPanel,
    as_axes_list,
    empirical_regime,
    loss_limits,
    optimizer_from_slider,
    read_only,
)
from ._widgets import Explorer, dropdown, fixed_grid, float_slider, int_slider, lr_slider


@dataclass(frozen=True)
class Descent2D:
    """One optimizer run on a 2-D surface, from :func:`descent_2d`.

    Attributes
    ----------
    path : ndarray of shape (k + 1, 2), the points p_0 ... p_k (k = steps unless the
        run diverged, then k = diverged_at)
    losses : ndarray of shape (k + 1,), f at each point
    lr, momentum : the settings (momentum is μ for "momentum" and β1 for "adam", unused
        by optimizers without a slider hyperparameter)
    optimizer : the optimizer's name in :data:`helpers.optim.OPTIMIZERS`
    steps : int, the number of steps asked for
    surface : str, the surface's name
    regime : "converging", "oscillating" or "diverging"
    diverged_at : int or None
    message : str
    """

    path: np.ndarray
    losses: np.ndarray
    lr: float
    momentum: float
    optimizer: str
    steps: int
    surface: str
    regime: str
    diverged_at: int | None
    message: str


def _surface(surface: str | Surface) -> Surface:
    if isinstance(surface, Surface):
        return surface
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}; choose one of {sorted(SURFACES)}.")
    return SURFACES[surface]


def descent_2d(
    lr: float | None = None,
    start: Sequence[float] | None = None,
    steps: int = 50,
    optimizer: str = "sgd",
    momentum: float = 0.9,
    surface: str | Surface = "bowl",
) -> Descent2D:
    """Run an optimizer from :mod:`helpers.optim` on a 2-D function (lessons 2 and 8).

    Parameters
    ----------
    lr : float > 0, the learning rate; None uses the surface's default (0.05 for the
        bowl, whose threshold for plain gradient descent is 2/20 = 0.1)
    start : (x, y), the start point; None uses the surface's default ((-2, 1) for the bowl)
    steps : int ≥ 1 (default 50)
    optimizer : a name of :data:`helpers.optim.OPTIMIZERS`: "sgd" (default), "momentum",
        "rmsprop" or "adam"
    momentum : float in [0, 1), the "momentum β" slider: the optimizer's slider
        hyperparameter, μ for "momentum" and β1 for "adam"; sgd and rmsprop have none
        and ignore it (default 0.9)
    surface : "bowl" (default, (x − 1)² + 10(y + 0.5)², the ill-conditioned bowl of
        lesson 2), "rosenbrock" (a curved ravine), "saddle", "himmelblau" (four minima),
        or a :class:`Surface`

    Returns
    -------
    Descent2D, with ``path`` of shape (k + 1, 2)
    """
    s = _surface(surface)
    lr = s.lr if lr is None else check_positive(lr, "lr (the learning rate)")
    start = s.start if start is None else start
    if len(start) != 2:
        raise ValueError(f"start must be a point (x, y); got {start!r}.")
    p0 = np.array([check_number(v, "start") for v in start])
    steps = check_int(steps, "steps", 1, 100_000)
    spec, opt = optimizer_from_slider(optimizer, lr, momentum)  # checks the name

    params = {"p": p0.copy()}
    path = [p0.copy()]
    diverged_at = None
    with np.errstate(all="ignore"):
        for k in range(1, steps + 1):
            g = np.asarray(s.grad(params["p"]), dtype=np.float64)
            if not np.all(np.isfinite(g)):
                diverged_at = k
                path.append(np.full(2, np.inf))
                break
            opt.step(params, {"dp": g})
            path.append(params["p"].copy())
            if not np.all(np.isfinite(params["p"])) or np.max(np.abs(params["p"])) > BLOWUP:
                diverged_at = k
                break
        path_arr = np.array(path)
        losses = np.asarray(s.f(path_arr[:, 0], path_arr[:, 1]), dtype=np.float64)
    losses = np.where(np.isfinite(losses), losses, np.inf)
    regime = empirical_regime(losses, np.diff(path_arr, axis=0), diverged_at)
    label = spec.describe(opt.hyperparameters())
    if diverged_at is not None:
        message = f"{label}, lr = {lr:.3g}: diverging: diverged at step {diverged_at}."
    else:
        p = path_arr[-1]
        message = (
            f"{label}, lr = {lr:.3g}: {regime}; after {steps} steps (x, y) = "
            f"({p[0]:.3g}, {p[1]:.3g}), f = {losses[-1]:.3g}."
        )
    return Descent2D(
        path=read_only(path_arr),
        losses=read_only(losses),
        lr=lr,
        momentum=float(momentum),
        optimizer=spec.name,
        steps=steps,
        surface=s.name,
        regime=regime,
        diverged_at=diverged_at,
        message=message,
    )


class View2D:
    """A :class:`Descent2D` drawn on one or two Axes, with its moving parts kept.

    The constructor draws the contours, the minima and the frame of the loss panel,
    which depend only on :attr:`key` (the surface and the number of steps);
    :meth:`update` moves the path, the title, the loss curve and the divergence marks
    to another run with the same key. :func:`draw_descent_2d` is a view updated once.
    """

    def __init__(
        self, axes: Axes | Sequence[Axes], run: Descent2D, surface: Surface | None = None
    ) -> None:
        self.axes = as_axes_list(axes, 2, "contours, loss against step")
        s = self.surface = surface if surface is not None else _surface(run.surface)
        self.key = self.key_of(run)
        f = s.f
        if s.log_levels:

            def f(x, y):
                return np.log1p(np.maximum(s.f(x, y), 0.0))

        ax = self.axes[0]
        plot_contour_path(ax, f, None, s.xlim, s.ylim, levels=20, resolution=120)
        mins = np.array(s.minima)
        ax.plot(mins[:, 0], mins[:, 1], "*", color="k", ms=10)
        (self.path,) = ax.plot([], [], **PATH_STYLE)
        (self.start,) = ax.plot([], [], **START_STYLE)
        ax.set_title(" ", fontsize=10)
        self.mark = DivergenceMark(ax)
        self.artists = [self.path, self.start, ax.title, self.mark.text]
        self.loss = None
        if len(self.axes) > 1:
            gx, gy = np.meshgrid(np.linspace(*s.xlim, 50), np.linspace(*s.ylim, 50))
            top = float(np.max(s.f(gx, gy)))
            self.loss = LossPanel(
                self.axes[1], run.steps, loss_limits(top), "f(pₖ)", fmt="-", color="C3"
            )
            self.artists += self.loss.artists

    def key_of(self, run: Descent2D) -> tuple:
        """What the still parts depend on: another run with the same key is an update."""
        return (self.surface.name, run.steps)

    def update(self, run: Descent2D) -> list:
        """Show ``run`` (same :attr:`key`); returns the artists that changed."""
        if self.key_of(run) != self.key:
            raise ValueError("this view was drawn for other settings; draw a new View2D.")
        path = run.path[np.all(np.isfinite(run.path), axis=1)]
        self.path.set_data(path[:, 0], path[:, 1])
        self.start.set_data(path[:1, 0], path[:1, 1])
        self.axes[0].set_title(f"{self.surface.formula}: {run.regime}", fontsize=10)
        diverged = None if run.diverged_at is None else f"diverged at step {run.diverged_at}"
        self.mark.update(diverged)
        if self.loss is not None:
            self.loss.update(run.losses, run.diverged_at)
        return self.artists


def draw_descent_2d(
    axes: Axes | Sequence[Axes], run: Descent2D, surface: Surface | None = None
) -> list[Axes]:
    """Draw a :class:`Descent2D` run (lessons 2 and 8). Touches only the Axes given.

    Parameters
    ----------
    axes : one Axes (contours with the path) or two (adds loss against step)
    run : the result of :func:`descent_2d`
    surface : the :class:`Surface` used, when it was not one of ``SURFACES``

    Returns
    -------
    list of the Axes drawn on
    """
    view = View2D(axes, run, surface)
    view.update(run)
    return view.axes


def explore_descent_2d(
    lr: float | None = None,
    start: Sequence[float] | None = None,
    steps: int = 50,
    optimizer: str = "sgd",
    momentum: float = 0.9,
    surface: str = "bowl",
):
    """Sliders for gradient descent and its variants on a 2-D surface (lessons 2 and 8):
    learning rate (log scale), start point, steps, optimizer and momentum β.

    The arguments are the starting values, the same defaults as :func:`descent_2d`.

    Returns
    -------
    Explorer (an ipywidgets VBox); display it as the last expression of a cell
    """
    s = _surface(surface)
    run = descent_2d(
        lr=lr,
        start=start,
        steps=steps,
        optimizer=optimizer,
        momentum=momentum,
        surface=surface,
    )
    x0, y0 = run.path[0]
    controls = {
        "lr": lr_slider(run.lr, s.lr / 100, s.lr * 50),
        "optimizer": dropdown(run.optimizer, list(OPTIMIZERS), "optimizer"),
        "momentum": float_slider(run.momentum, 0.0, 0.99, 0.01, "momentum β"),
        "x0": float_slider(float(x0), *s.xlim, 0.1, "start x"),
        "y0": float_slider(float(y0), *s.ylim, 0.1, "start y"),
        "steps": int_slider(run.steps, 1, 500, "steps"),
    }

    def compute(x0, y0, **kw):
        return descent_2d(start=(x0, y0), **kw)

    def layout(fig):
        return fig.subplots(1, 2, gridspec_kw=fixed_grid(fig, [3, 2]))

    def view(axes, r):
        return View2D(axes, r, s)

    return Explorer(controls, compute, None, layout, (10, 4.2), {"surface": s}, view=view)
