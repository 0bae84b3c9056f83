"""Interactive explorers: sliders for the learning rate, batch size and optimizer
(lessons 2, 6, 7 and 8).

Each explorer has three parts, so each part can be tested on its own:

=================  =====================  =====================  =========================
explorer           compute (numbers in,   draw (only the Axes    widget glue (returns the
                   arrays out)            it is given)           ipywidgets container)
=================  =====================  =====================  =========================
1-D descent        :func:`descent_1d`     :func:`draw_descent_1d`  :func:`explore_descent_1d`
2-D descent        :func:`descent_2d`     :func:`draw_descent_2d`  :func:`explore_descent_2d`
network training   :func:`train_network`  :func:`draw_network`     :func:`explore_network`
=================  =====================  =====================  =========================

A compute function returns a small frozen dataclass of read-only arrays plus
``regime`` ("converging", "oscillating" or "diverging"), ``diverged_at`` (the step
where the run blew up, or None) and ``message`` (one sentence for the learner). A
diverging run stops at that step, so plots show "diverged at step k" instead of NaN
axes, and no NumPy warnings are printed.

In a notebook, show a static figure of the compute function at the default settings
first (nbval checks it), then display the explorer as the last expression of a cell
tagged ``nbval-ignore-output``::

    run = descent_1d()                       # the defaults the slider starts at
    print(run.message)
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), width_ratios=[3, 3, 2])
    draw_descent_1d(axes, run)

    explore_descent_1d()                     # next cell, tagged nbval-ignore-output

The sliders redraw when released (``continuous_update=False``). The figure is drawn
with matplotlib and shown as a PNG in an output area of fixed height, so nothing
below it jumps; an error inside a redraw is printed in that area instead of being
lost in the browser's console.

:func:`explore_figure` gives a lesson's own plot the same glue (fixed height, redraw on
release, errors shown): ``explore_figure(draw, {"seed": IntSlider(...)})`` calls
``draw(axes, seed=...)`` on every change.
"""

from __future__ import annotations

import base64
import io
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from .data import DATASETS, make_dataset
from .network import _forward, init_params
from .optim import OPTIMIZERS, make_optimizer
from .plots import plot_contour_path, plot_decision_boundary
from .training import train
from .validate import check_positive

__all__ = [
    "REGIMES",
    "Descent1D",
    "Descent2D",
    "NetworkRun",
    "Surface",
    "SURFACES",
    "FUNCTIONS_1D",
    "Explorer",
    "descent_1d",
    "draw_descent_1d",
    "explore_descent_1d",
    "descent_2d",
    "draw_descent_2d",
    "explore_descent_2d",
    "train_network",
    "draw_network",
    "explore_network",
    "explore_figure",
]

REGIMES = ("converging", "oscillating", "diverging")

#: an iterate farther than this from the origin counts as diverged
BLOWUP = 1e6
#: a network's training loss (after an epoch) above this multiple of its untrained loss
#: counts as diverged
BLOWUP_LOSS = 10.0


# --------------------------------------------------------------------------------------
# small shared pieces
# --------------------------------------------------------------------------------------


def _check_int(value: object, name: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number; got {value!r}.")
    if value < low or (high is not None and value > high):
        upper = "" if high is None else f" and ≤ {high}"
        raise ValueError(f"{name} must be ≥ {low}{upper}; got {value}.")
    return int(value)


def _check_number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number; got {type(value).__name__}.")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number; got {value}.")
    return v


def _frozen(a: Any) -> np.ndarray:
    arr = np.array(a, dtype=np.float64)
    arr.flags.writeable = False
    return arr


def _reversals(steps: np.ndarray) -> int:
    """How many times the step direction turns back (consecutive steps point apart)."""
    if len(steps) < 2:
        return 0
    dots = np.sum(steps[1:] * steps[:-1], axis=-1) if steps.ndim == 2 else steps[1:] * steps[:-1]
    return int(np.count_nonzero(dots < 0))


def _empirical_regime(losses: np.ndarray, steps: np.ndarray, diverged_at: int | None) -> str:
    """Name the regime from what the run did (for functions without a known threshold)."""
    if diverged_at is not None:
        return "diverging"
    if len(losses) > 1 and losses[-1] > losses[0] + 1e-12 * max(1.0, abs(losses[0])):
        return "diverging"
    n = len(steps)
    if n >= 3 and _reversals(steps) >= max(2, n // 3):
        return "oscillating"
    return "converging"


def _log_floor(values: np.ndarray) -> np.ndarray:
    """Values for a log-scale loss axis: exact zeros (a step onto the minimum) are floored."""
    positive = values[values > 0]
    floor = positive.min() * 1e-3 if positive.size else 1e-16
    return np.maximum(values, max(floor, 1e-300))


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_label(value: float, _pos: object = None) -> str:
    """ "10³" for exact powers of ten, "" otherwise: plain text, no mathtext to parse."""
    if value <= 0:
        return ""
    e = math.log10(value)
    if abs(e - round(e)) > 1e-9:
        return ""
    return "10" + str(round(e)).translate(_SUPERSCRIPT)


def _log_y(ax: Axes) -> None:
    """A log-scale y axis whose labels are plain text (mathtext labels cost ~50 ms a draw)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, numticks=6))
    ax.yaxis.set_major_formatter(FuncFormatter(_power_label))
    ax.yaxis.set_minor_locator(NullLocator())  # fewer tick objects: a faster redraw


def _as_axes_list(axes: Axes | Sequence[Axes], most: int, what: str) -> list[Axes]:
    if isinstance(axes, Axes):
        return [axes]
    try:
        out = list(np.ravel(np.asarray(axes, dtype=object)))
    except TypeError as exc:  # pragma: no cover - not iterable
        raise TypeError(
            f"axes must be a matplotlib Axes or a list of them; got {axes!r}."
        ) from exc
    if not 1 <= len(out) <= most or not all(isinstance(a, Axes) for a in out):
        raise TypeError(f"axes must be one Axes or a list of up to {most} Axes ({what}).")
    return out


def _mark_divergence(ax: Axes, text: str) -> None:
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color="C3",
        fontsize=11,
        fontweight="bold",
        bbox={"boxstyle": "round", "fc": "white", "ec": "C3", "alpha": 0.9},
    )


# --------------------------------------------------------------------------------------
# 1-D gradient descent (lesson 2, reused in lesson 6)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Function1D:
    """A 1-D function for :func:`descent_1d`, with its derivative and the plotted window."""

    name: str
    f: Callable[[np.ndarray, float], np.ndarray]
    df: Callable[[np.ndarray, float], np.ndarray]
    window: float
    formula: str


FUNCTIONS_1D: dict[str, Function1D] = {
    "quadratic": Function1D(
        "quadratic",
        lambda x, a: 0.5 * a * x**2,
        lambda x, a: a * x,
        3.0,
        "f(x) = a·x²/2",
    ),
    "double_well": Function1D(
        "double_well",
        lambda x, a: 0.25 * a * (x**2 - 1.0) ** 2,
        lambda x, a: a * x * (x**2 - 1.0),
        2.0,
        "f(x) = a·(x² − 1)²/4",
    ),
}


@dataclass(frozen=True)
class Descent1D:
    """One run of 1-D gradient descent, from :func:`descent_1d`.

    Attributes
    ----------
    xs : ndarray of shape (k + 1,), the iterates x_0 ... x_k; k = steps unless the run
        diverged, then k = diverged_at (the last iterate is the first one that blew up)
    losses : ndarray of shape (k + 1,), f(x_0) ... f(x_k)
    lr, a, x0 : the settings
    steps : int, the number of steps asked for
    func : str, the function's name ("quadratic", "double_well")
    threshold : float or None, 2/a for the quadratic: larger learning rates diverge
    ratio : float or None, the quadratic's factor per step, x_{k+1} = (1 − lr·a)·x_k
    regime : "converging", "oscillating" or "diverging"
    diverged_at : int or None, the step at which |x| passed 1e6 or became NaN
    message : str, one sentence describing the run
    """

    xs: np.ndarray
    losses: np.ndarray
    lr: float
    a: float
    x0: float
    steps: int
    func: str
    threshold: float | None
    ratio: float | None
    regime: str
    diverged_at: int | None
    message: str


def descent_1d(
    lr: float = 0.3,
    x0: float = 2.5,
    steps: int = 20,
    a: float = 1.0,
    func: str = "quadratic",
) -> Descent1D:
    """Gradient descent x ← x − lr·f'(x) on a 1-D function (lesson 2).

    For the quadratic f(x) = a·x²/2 (so f'' = a) each step multiplies x by
    r = 1 − lr·a, which gives the four regimes: lr < 1/a converges without
    overshooting (slowly when lr is small), lr = 1/a lands on the minimum in one
    step, 1/a < lr < 2/a overshoots and oscillates while converging, and lr > 2/a
    diverges. lr = 2/a exactly bounces between ±x0 for ever.

    Parameters
    ----------
    lr : float > 0, the learning rate α (default 0.3)
    x0 : float, the start point (default 2.5)
    steps : int ≥ 1, the number of steps (default 20)
    a : float > 0, the curvature (default 1.0, so 2/a = 2)
    func : "quadratic" (default) or "double_well", f(x) = a·(x² − 1)²/4 with two minima

    Returns
    -------
    Descent1D, with ``xs`` and ``losses`` of shape (k + 1,)
    """
    lr = check_positive(lr, "lr (the learning rate)")
    x0 = _check_number(x0, "x0 (the start point)")
    steps = _check_int(steps, "steps", 1, 100_000)
    a = check_positive(a, "a (the curvature)")
    if func not in FUNCTIONS_1D:
        raise ValueError(f"unknown function {func!r}; choose one of {sorted(FUNCTIONS_1D)}.")
    fn = FUNCTIONS_1D[func]

    xs = [x0]
    diverged_at = None
    x = x0
    with np.errstate(all="ignore"):
        for k in range(1, steps + 1):
            x = x - lr * float(fn.df(np.float64(x), a))
            xs.append(x)
            if not math.isfinite(x) or abs(x) > BLOWUP:
                diverged_at = k
                break
        xs_arr = np.array(xs)
        losses = fn.f(xs_arr, a)
    losses = np.where(np.isfinite(losses), losses, np.inf)

    threshold = ratio = None
    if func == "quadratic":
        threshold = 2.0 / a
        ratio = 1.0 - lr * a
        if abs(ratio) > 1.0 + 1e-12:
            regime = "diverging"
        elif ratio < -1e-12:
            regime = "oscillating"
        else:
            regime = "converging"
    else:
        regime = _empirical_regime(losses, np.diff(xs_arr), diverged_at)
    message = _message_1d(regime, lr, a, ratio, threshold, xs_arr, losses, diverged_at, steps)
    return Descent1D(
        xs=_frozen(xs_arr),
        losses=_frozen(losses),
        lr=lr,
        a=a,
        x0=x0,
        steps=steps,
        func=func,
        threshold=threshold,
        ratio=ratio,
        regime=regime,
        diverged_at=diverged_at,
        message=message,
    )


def _message_1d(regime, lr, a, ratio, threshold, xs, losses, diverged_at, steps) -> str:
    head = f"lr = {lr:.3g}"
    if threshold is not None:
        head += f" (2/a = {threshold:.3g})"
    if diverged_at is not None:
        return f"{head}: diverging: diverged at step {diverged_at}, |x| passed {BLOWUP:.0e}."
    end = f"after {steps} steps x = {xs[-1]:.3g}, f(x) = {losses[-1]:.3g}"
    if ratio is None:
        return f"{head}: {regime}; {end}."
    if regime == "diverging":
        return f"{head}: diverging: each step multiplies x by {ratio:.3g}; {end}."
    if abs(ratio) < 1e-12:
        return f"{head}: converging: lr = 1/a lands on the minimum in one step."
    if abs(ratio + 1.0) <= 1e-12:
        return f"{head}: oscillating: lr = 2/a bounces between ±x0 and never converges."
    if regime == "oscillating":
        return f"{head}: oscillating: x changes sign every step but shrinks; {end}."
    speed = "slowly " if ratio > 0.9 else ""
    return f"{head}: converging {speed}without overshooting; {end}."


def draw_descent_1d(axes: Axes | Sequence[Axes], run: Descent1D) -> list[Axes]:
    """Draw a :class:`Descent1D` run (lesson 2). Touches only the Axes given.

    Parameters
    ----------
    axes : one Axes (f(x) with the iterates), two (adds loss against step) or three
        (adds a learning-rate scale marking 1/a and the 2/a threshold of the quadratic)
    run : the result of :func:`descent_1d`

    Returns
    -------
    list of the Axes drawn on
    """
    axs = _as_axes_list(axes, 3, "f(x), loss against step, learning-rate scale")
    fn = FUNCTIONS_1D[run.func]
    xs, losses = run.xs, run.losses
    finite = np.isfinite(xs) & (np.abs(xs) <= BLOWUP)
    shown = xs[finite]
    reach = float(np.max(np.abs(shown))) if shown.size else fn.window
    half = max(fn.window, min(reach * 1.1, 4.0 * max(abs(run.x0), 1.0)))

    ax = axs[0]
    grid = np.linspace(-half, half, 400)
    ax.plot(grid, fn.f(grid, run.a), color="0.3", lw=1.5)
    inside = finite & (np.abs(xs) <= half)
    k = np.arange(len(xs))
    ax.plot(xs[inside], losses[inside], "-", color="C3", lw=0.8, alpha=0.6)
    ax.scatter(xs[inside], losses[inside], c=k[inside], cmap="plasma", s=22, zorder=3)
    ax.plot(xs[0], losses[0], "o", mfc="none", mec="k", ms=10, zorder=4)
    ax.set_xlim(-half, half)
    top = float(np.max(fn.f(grid, run.a)))
    ax.set_ylim(-0.05 * top, 1.05 * top)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title(f"{fn.formula}, lr = {run.lr:.3g}: {run.regime}", fontsize=10)
    if not inside.all():
        first_out = int(np.argmin(inside))
        ax.text(
            0.02,
            0.96,
            f"x leaves the plot at step {first_out}",
            transform=ax.transAxes,
            va="top",
            fontsize=9,
            color="C3",
        )
    if run.diverged_at is not None:
        _mark_divergence(ax, f"diverged at step {run.diverged_at}")

    if len(axs) > 1:
        ax = axs[1]
        shown_losses = losses[np.isfinite(losses)]
        ax.plot(np.arange(len(shown_losses)), _log_floor(shown_losses), ".-", color="C0")
        _log_y(ax)
        ax.set_xlim(0, run.steps)
        ax.set_xlabel("step k")
        ax.set_ylabel("f(xₖ)")
        ax.set_title("loss against step", fontsize=10)
        if run.diverged_at is not None:
            ax.plot(len(shown_losses) - 1, _log_floor(shown_losses)[-1], "x", color="C3", ms=10)
            _mark_divergence(ax, f"diverged at step {run.diverged_at}")

    if len(axs) > 2:
        _draw_lr_scale(axs[2], run)
    return axs


def _draw_lr_scale(ax: Axes, run: Descent1D) -> None:
    """A vertical log scale of learning rates: the regimes of the quadratic and where lr is."""
    if run.threshold is None:
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            f"lr = {run.lr:.3g}\n(no single\nthreshold here)",
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontsize=9,
        )
        return
    one, two = 1.0 / run.a, run.threshold
    lo, hi = min(one / 300, run.lr / 2), max(two * 5, run.lr * 2)
    zones = [
        (lo, one, "#d8ecd8", "converging\n(no overshoot)"),
        (one, two, "#fbeccd", "oscillating,\nconverging"),
        (two, hi, "#f6d3d3", "diverging"),
    ]
    for y0, y1, colour, label in zones:
        ax.axhspan(y0, y1, color=colour)
        ax.text(
            0.95,
            math.sqrt(y0 * y1),
            label,
            ha="right",
            va="center",
            fontsize=8,
            transform=ax.get_yaxis_transform(),
        )
    ax.axhline(two, color="C3", lw=1.5)
    ax.axhline(one, color="C2", lw=1, ls="--")
    ax.plot([0.08], [run.lr], marker=">", color="k", ms=11, transform=ax.get_yaxis_transform())
    ax.text(0.16, run.lr, "lr", va="center", fontsize=9, transform=ax.get_yaxis_transform())
    ax.set_yscale("log")
    ax.set_ylim(lo, hi)
    ax.set_xticks([])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_yticks([one, two], [f"1/a = {one:.3g}", f"2/a = {two:.3g}"])
    ax.set_title("learning rate", fontsize=10)


# --------------------------------------------------------------------------------------
# 2-D descent with an optimizer (lessons 2 and 8)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Surface:
    """A 2-D function for :func:`descent_2d`: f, its gradient, and how to plot it.

    ``f(x, y)`` works elementwise on arrays; ``grad(p)`` takes p of shape (2,) and
    returns the gradient, shape (2,). ``minima`` lists the global minima, shape (j, 2).
    """

    name: str
    f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: tuple[float, float]
    lr: float
    minima: tuple[tuple[float, float], ...]
    formula: str
    log_levels: bool = True


def _rosen_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def _himmel_grad(p):
    x, y = p
    u, v = x * x + y - 11, x + y * y - 7
    return np.array([4 * x * u + 2 * v, 2 * u + 4 * y * v])


SURFACES: dict[str, Surface] = {
    "bowl": Surface(
        "bowl",
        lambda x, y: (x - 1) ** 2 + 10 * (y + 0.5) ** 2,
        lambda p: np.array([2 * (p[0] - 1), 20 * (p[1] + 0.5)]),
        (-2.5, 2.5),
        (-2.0, 1.5),
        (-2.0, 1.0),
        0.05,
        ((1.0, -0.5),),
        "f = (x − 1)² + 10(y + 0.5)²",
    ),
    "rosenbrock": Surface(
        "rosenbrock",
        lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
        _rosen_grad,
        (-2.0, 2.0),
        (-1.0, 3.0),
        (-1.5, 2.0),
        0.001,
        ((1.0, 1.0),),
        "Rosenbrock: f = (1 − x)² + 100(y − x²)²",
    ),
    "saddle": Surface(
        "saddle",
        lambda x, y: x * x + (y * y - 2) ** 2 / 4,
        lambda p: np.array([2 * p[0], p[1] * (p[1] ** 2 - 2)]),
        (-2.0, 2.0),
        (-2.5, 2.5),
        (-1.5, 0.001),
        0.1,
        ((0.0, math.sqrt(2.0)), (0.0, -math.sqrt(2.0))),
        "saddle at 0: f = x² + (y² − 2)²/4",
    ),
    "himmelblau": Surface(
        "himmelblau",
        lambda x, y: (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
        _himmel_grad,
        (-5.0, 5.0),
        (-5.0, 5.0),
        (0.0, 0.0),
        0.01,
        ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
        "Himmelblau: four minima",
    ),
}


@dataclass(frozen=True)
class Descent2D:
    """One optimizer run on a 2-D surface, from :func:`descent_2d`.

    Attributes
    ----------
    path : ndarray of shape (k + 1, 2), the points p_0 ... p_k (k = steps unless the
        run diverged, then k = diverged_at)
    losses : ndarray of shape (k + 1,), f at each point
    lr, momentum : the settings (momentum is μ for "momentum" and β1 for "adam")
    optimizer : "sgd", "momentum", "rmsprop" or "adam"
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
    optimizer : "sgd" (default), "momentum", "rmsprop" or "adam"
    momentum : float in [0, 1), μ for "momentum" and β1 for "adam" (default 0.9)
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
    p0 = np.array([_check_number(v, "start") for v in start])
    steps = _check_int(steps, "steps", 1, 100_000)
    name = str(optimizer).lower()
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; choose one of {list(OPTIMIZERS)}.")
    opt = make_optimizer(name, lr, momentum=momentum)

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
    regime = _empirical_regime(losses, np.diff(path_arr, axis=0), diverged_at)
    label = {
        "sgd": "SGD",
        "momentum": f"momentum μ={momentum:g}",
        "rmsprop": "RMSProp",
        "adam": f"Adam β1={momentum:g}",
    }[name]
    if diverged_at is not None:
        message = f"{label}, lr = {lr:.3g}: diverging: diverged at step {diverged_at}."
    else:
        p = path_arr[-1]
        message = (
            f"{label}, lr = {lr:.3g}: {regime}; after {steps} steps (x, y) = "
            f"({p[0]:.3g}, {p[1]:.3g}), f = {losses[-1]:.3g}."
        )
    return Descent2D(
        path=_frozen(path_arr),
        losses=_frozen(losses),
        lr=lr,
        momentum=float(momentum),
        optimizer=name,
        steps=steps,
        surface=s.name,
        regime=regime,
        diverged_at=diverged_at,
        message=message,
    )


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
    axs = _as_axes_list(axes, 2, "contours, loss against step")
    s = surface if surface is not None else _surface(run.surface)
    f = s.f
    if s.log_levels:

        def f(x, y):
            return np.log1p(np.maximum(s.f(x, y), 0.0))

    path = run.path[np.all(np.isfinite(run.path), axis=1)]
    ax = axs[0]
    plot_contour_path(ax, f, path, s.xlim, s.ylim, levels=20, resolution=120)
    mins = np.array(s.minima)
    ax.plot(mins[:, 0], mins[:, 1], "*", color="k", ms=10)
    ax.set_title(f"{s.formula}: {run.regime}", fontsize=10)
    if run.diverged_at is not None:
        _mark_divergence(ax, f"diverged at step {run.diverged_at}")
    if len(axs) > 1:
        ax = axs[1]
        shown = run.losses[np.isfinite(run.losses)]
        ax.plot(np.arange(len(shown)), _log_floor(shown), "-", color="C3")
        _log_y(ax)
        ax.set_xlim(0, run.steps)
        ax.set_xlabel("step k")
        ax.set_ylabel("f(pₖ)")
        ax.set_title("loss against step", fontsize=10)
        if run.diverged_at is not None:
            _mark_divergence(ax, f"diverged at step {run.diverged_at}")
    return axs


# --------------------------------------------------------------------------------------
# training the 3-layer network (lessons 6, 7 and 8)
# --------------------------------------------------------------------------------------


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
    regime : "converging", "oscillating" or "diverging"
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
    optimizer : "sgd" (default), "momentum", "rmsprop" or "adam"
    momentum : float in [0, 1), μ for "momentum" and β1 for "adam" (default 0.9)
    dataset : "moons" (default), "circles" or "xor"
    m : int, number of examples (default 200)
    hidden : (n1, n2), the hidden layer sizes (default (16, 8))
    seed : int (default 0)

    Returns
    -------
    NetworkRun
    """
    lr = check_positive(lr, "lr (the learning rate)")
    epochs = _check_int(epochs, "epochs", 1, 100_000)
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; choose one of {sorted(DATASETS)}.")
    m = _check_int(m, "m (the number of examples)", 2)
    batch_size = _check_int(batch_size, "batch_size", 1)
    if batch_size > m:
        raise ValueError(
            f"batch_size must be between 1 (SGD) and m = {m} (full batch); got {batch_size}."
        )
    if len(hidden) != 2:
        raise ValueError(f"hidden must be two layer sizes (n1, n2); got {hidden!r}.")
    name = str(optimizer).lower()
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; choose one of {list(OPTIMIZERS)}.")
    X, Y = make_dataset(dataset, m=m, seed=seed)
    params = init_params([2, int(hidden[0]), int(hidden[1]), 1], seed=seed)
    opt = make_optimizer(name, lr, momentum=momentum)
    with np.errstate(all="ignore"):
        history = train(
            params, X, Y, opt, epochs=epochs, batch_size=batch_size, seed=seed, verbose=False
        )
    per_epoch = np.array(history.loss_per_epoch, dtype=np.float64)
    per_update = np.array(history.loss_per_update, dtype=np.float64)
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
        with np.errstate(all="ignore"):
            yhat, _ = _forward(params, X)
        accuracy = float(np.mean((yhat > 0.5) == (Y == 1)))
    if diverged_at is not None:
        regime = "diverging"
    else:
        # the mini-batch loss is always noisy; call a run oscillating when the full
        # training loss jumps up (by more than 10 %) in several epochs
        jumps = int(np.count_nonzero(per_epoch[1:] > 1.1 * per_epoch[:-1]))
        if per_epoch[-1] >= per_epoch[0]:
            regime = "diverging"
        elif jumps >= max(2, len(per_epoch) // 10):
            regime = "oscillating"
        else:
            regime = "converging"
    kind = "SGD" if batch_size == 1 else "full batch" if batch_size == m else "mini-batch"
    head = f"{name}, lr = {lr:.3g}, batch {batch_size} ({kind})"
    if diverged_at is not None:
        epoch = (diverged_at - 1) // updates_per_epoch + 1
        message = f"{head}: diverged at update {diverged_at} (epoch {epoch}); try a smaller lr."
    else:
        message = (
            f"{head}: {regime}; loss {per_epoch[0]:.3g} → {per_epoch[-1]:.3g} after "
            f"{history.updates} updates, training accuracy {accuracy:.0%}."
        )
    frozen_params = {k: _frozen(v) for k, v in params.items()}
    return NetworkRun(
        X=_frozen(X),
        Y=_frozen(Y),
        params=frozen_params,
        loss_per_epoch=_frozen(per_epoch),
        loss_per_update=_frozen(per_update),
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


def draw_network(axes: Axes | Sequence[Axes], run: NetworkRun) -> list[Axes]:
    """Draw a :class:`NetworkRun` (lessons 6–8). Touches only the Axes given.

    Parameters
    ----------
    axes : one Axes (loss curves) or two (loss curves, then the decision boundary)
    run : the result of :func:`train_network`

    Returns
    -------
    list of the Axes drawn on
    """
    axs = _as_axes_list(axes, 2, "loss curves, decision boundary")
    ax = axs[0]
    if len(run.loss_per_update):
        x_upd = np.arange(1, len(run.loss_per_update) + 1) / run.updates_per_epoch
        ax.plot(
            x_upd,
            run.loss_per_update,
            color="C0",
            lw=0.6,
            alpha=0.45,
            label="mini-batch loss (per update)",
        )
    ax.plot(
        np.arange(len(run.loss_per_epoch)),
        run.loss_per_epoch,
        color="C3",
        lw=1.8,
        label="training loss (per epoch)",
    )
    _log_y(ax)
    ax.set_xlim(0, run.epochs)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.legend(fontsize=8, loc="upper right")
    ax.set_title(f"lr = {run.lr:.3g}, batch {run.batch_size}: {run.regime}", fontsize=10)
    if run.diverged_at is not None:
        _mark_divergence(ax, f"diverged at update {run.diverged_at}")
    if len(axs) > 1:
        ax = axs[1]
        ok = all(np.all(np.isfinite(v)) for v in run.params.values())
        if run.diverged_at is None and ok:
            plot_decision_boundary(ax, dict(run.params), run.X, run.Y, resolution=100)
            ax.set_title(f"decision boundary, accuracy {run.accuracy:.0%}", fontsize=10)
        else:
            X, Y = run.X, run.Y
            ax.scatter(
                X[0], X[1], c=Y[0], cmap="RdBu_r", vmin=0, vmax=1, s=12, edgecolors="k", lw=0.3
            )
            ax.set_aspect("equal", adjustable="box")
            ax.set_title("no decision boundary: training diverged", fontsize=10)
    return axs


# --------------------------------------------------------------------------------------
# widget glue
# --------------------------------------------------------------------------------------

DPI = 100


def _png_output(fig: Figure) -> dict:
    """Render fig to a PNG display_data output (what the inline backend would send)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    w, h = fig.get_size_inches() * DPI
    return {
        "output_type": "display_data",
        "data": {"image/png": data, "text/plain": "<explorer figure>"},
        "metadata": {"image/png": {"width": int(w), "height": int(h)}},
    }


def _grid(fig: Figure, widths: list[float], wspace: float = 0.25) -> dict:
    """Fixed margins (in inches) so the axes never move between redraws; also much
    faster than a layout engine."""
    w, h = fig.get_size_inches()
    return {
        "width_ratios": widths,
        "left": 0.75 / w,
        "right": 1 - 0.2 / w,
        "bottom": 0.55 / h,
        "top": 1 - 0.35 / h,
        "wspace": wspace,
    }


def _stream_output(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


class Explorer(widgets.VBox):
    """The container an ``explore_*`` function returns; display it as a cell's last
    expression.

    Attributes
    ----------
    controls : dict setting name -> widget (sliders and menus)
    output : ipywidgets.Output of fixed height holding the figure (or an error message)
    status : ipywidgets.HTML, one line: the run's message
    run : the last result of the compute function (None if the last redraw failed)
    error : the exception of the last redraw, or None
    seconds : float, kernel time of the last redraw (compute, draw and PNG)
    """

    def __init__(
        self,
        controls: dict[str, widgets.Widget],
        compute: Callable[..., Any],
        draw: Callable[[Any, Any], Any],
        layout: Callable[[Figure], Any],
        figsize: tuple[float, float],
        fixed: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.controls = controls
        self.compute = compute
        self.draw = draw
        self.fixed = dict(fixed or {})
        self.run = None
        self.error: Exception | None = None
        self.seconds = float("nan")
        self.figure = Figure(figsize=figsize, dpi=DPI)
        self._layout = layout
        height = f"{int(figsize[1] * DPI) + 12}px"
        self.output = widgets.Output(
            layout=widgets.Layout(height=height, min_height=height, overflow="hidden")
        )
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        items = list(controls.values())
        for w in items:  # one width for every control, long enough for "momentum β"
            if hasattr(w, "style") and hasattr(w.style, "description_width"):
                w.style.description_width = "90px"
            w.layout.width = "320px"
        rows = [widgets.HBox(items[i : i + 3]) for i in range(0, len(items), 3)]
        self.children = [*rows, self.status, self.output]
        self.add_class("bp-explorer")
        for w in items:
            w.observe(self._on_change, names="value")
        self.update()

    def settings(self) -> dict[str, Any]:
        """The keyword arguments the compute function gets: widget values and fixed ones."""
        values = {k: w.value for k, w in self.controls.items()}
        values.update(self.fixed)
        return values

    def _on_change(self, change: Mapping[str, Any]) -> None:
        self.update()

    def update(self) -> None:
        """Recompute and redraw with the current widget values (called on every change)."""
        start = time.perf_counter()
        try:
            run = self.compute(**self.settings())
            fig = self.figure
            fig.clear()
            self.draw(self._layout(fig), run)
            out = _png_output(fig)
        except Exception as exc:  # shown to the learner instead of lost in the console
            self.error = exc
            self.run = None
            self.output.outputs = (
                _stream_output(f"Could not redraw: {type(exc).__name__}: {exc}\n"),
            )
            self.status.value = "<b style='color:#b00'>error: see the message below</b>"
        else:
            self.error = None
            self.run = run
            self.output.outputs = (out,)
            regime, message = getattr(run, "regime", None), getattr(run, "message", "")
            colour = {"diverging": "#b00", "oscillating": "#a60"}.get(regime, "#060")
            self.status.value = f"<span style='color:{colour}'>{_html(message)}</span>"
        self.seconds = time.perf_counter() - start


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _lr_slider(value: float, low: float, high: float, description: str = "lr"):
    lo, hi = math.floor(math.log10(low)), math.ceil(math.log10(high))
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=lo,
        max=hi,
        step=0.05,
        description=description,
        continuous_update=False,
        readout_format=".3g",
    )


def _float_slider(value, low, high, step, description):
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=False,
        readout_format=".2f",
    )


def _int_slider(value, low, high, description):
    return widgets.IntSlider(
        value=value, min=low, max=high, description=description, continuous_update=False
    )


def _dropdown(value, options, description):
    return widgets.Dropdown(value=value, options=list(options), description=description)


def explore_descent_1d(
    lr: float = 0.3, x0: float = 2.5, steps: int = 20, a: float = 1.0, func: str = "quadratic"
):
    """Sliders for 1-D gradient descent (lesson 2): learning rate (log scale), start point
    and number of steps, for f(x) = a·x²/2 by default.

    The figure shows f with the iterates, the loss against step and a learning-rate
    scale with 1/a and the 2/a threshold. The arguments are the starting values, the
    same defaults as :func:`descent_1d`, so a static figure of ``descent_1d()`` is what
    the explorer first shows.

    Returns
    -------
    Explorer (an ipywidgets VBox); display it as the last expression of a cell
    """
    run = descent_1d(lr, x0, steps, a, func)  # validates the starting values
    controls = {
        "lr": _lr_slider(run.lr, min(0.001 / a, run.lr), max(10.0 / a, run.lr)),
        "x0": _float_slider(run.x0, -3.0, 3.0, 0.1, "start x0"),
        "steps": _int_slider(run.steps, 1, max(100, run.steps), "steps"),
    }

    def layout(fig):
        return fig.subplots(1, 3, gridspec_kw=_grid(fig, [3, 3, 1.2], wspace=0.32))

    return Explorer(
        controls, descent_1d, draw_descent_1d, layout, (10, 3.6), {"a": a, "func": func}
    )


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
    run = descent_2d(lr, start, steps, optimizer, momentum, surface)
    x0, y0 = run.path[0]
    controls = {
        "lr": _lr_slider(run.lr, min(s.lr / 100, run.lr), max(s.lr * 50, run.lr)),
        "optimizer": _dropdown(run.optimizer, OPTIMIZERS, "optimizer"),
        "momentum": _float_slider(run.momentum, 0.0, 0.99, 0.01, "momentum β"),
        "x0": _float_slider(float(x0), *s.xlim, 0.1, "start x"),
        "y0": _float_slider(float(y0), *s.ylim, 0.1, "start y"),
        "steps": _int_slider(run.steps, 1, max(500, run.steps), "steps"),
    }

    def compute(x0, y0, **kw):
        return descent_2d(start=(x0, y0), **kw)

    def draw(axes, r):
        return draw_descent_2d(axes, r, s)

    def layout(fig):
        return fig.subplots(1, 2, gridspec_kw=_grid(fig, [3, 2]))

    return Explorer(controls, compute, draw, layout, (10, 4.2), {"surface": s})


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
    run = train_network(lr, batch_size, epochs, optimizer, momentum, dataset, m, hidden, seed)
    sizes = sorted({b for b in _BATCH_SIZES if b < m} | {run.batch_size, m})
    options = [
        (f"{b} (SGD)" if b == 1 else f"{b} (full batch)" if b == m else str(b), b) for b in sizes
    ]
    controls = {
        "lr": _lr_slider(run.lr, min(1e-3, run.lr), max(10.0, run.lr)),
        "batch_size": widgets.SelectionSlider(
            options=options,
            value=run.batch_size,
            description="batch size",
            continuous_update=False,
        ),
        "epochs": _int_slider(run.epochs, 1, max(200, run.epochs), "epochs"),
        "optimizer": _dropdown(run.optimizer, OPTIMIZERS, "optimizer"),
        "momentum": _float_slider(run.momentum, 0.0, 0.99, 0.01, "momentum β"),
        "dataset": _dropdown(run.dataset, sorted(DATASETS), "dataset"),
    }

    def layout(fig):
        return fig.subplots(1, 2, width_ratios=[3, 2])

    return Explorer(
        controls,
        train_network,
        draw_network,
        layout,
        (10, 4.0),
        {"m": m, "hidden": tuple(hidden), "seed": seed},
    )


def explore_figure(
    draw: Callable[..., Any],
    controls: Mapping[str, widgets.Widget],
    figsize: tuple[float, float] = (8.0, 3.5),
    ncols: int = 1,
    fixed: Mapping[str, Any] | None = None,
):
    """The explorers' widget glue for a lesson's own plot (any lesson).

    On every change of a control, ``draw(axes, **values)`` draws on fresh Axes (one
    Axes if ``ncols`` is 1, else an array of ``ncols``) in an output area of fixed
    height; an exception is printed there. The explorer's ``run`` is the dict of values
    last drawn.

    Parameters
    ----------
    draw : callable(axes, **values), drawing only on the Axes it is given
    controls : dict name -> ipywidgets widget (sliders: set ``continuous_update=False``
        so they redraw when released)
    figsize : (width, height) in inches; the output area is this high
    ncols : int ≥ 1, Axes side by side
    fixed : dict of further keyword arguments passed to ``draw`` unchanged

    Returns
    -------
    Explorer (an ipywidgets VBox); display it as the last expression of a cell
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function draw(axes, **values); got {draw!r}.")
    ncols = _check_int(ncols, "ncols", 1, 8)
    for name, w in controls.items():
        if not isinstance(w, widgets.ValueWidget):
            raise TypeError(f"controls[{name!r}] must be an ipywidgets control like "
                            f"IntSlider; got {type(w).__name__}.")  # fmt: skip

    def compute(**values):
        return values

    def draw_values(axes, values):
        draw(axes, **values)

    return Explorer(
        dict(controls),
        compute,
        draw_values,
        lambda fig: fig.subplots(1, ncols, gridspec_kw=_grid(fig, [1.0] * ncols)),
        figsize,
        fixed,
    )
