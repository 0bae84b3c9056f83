"""The 1-D gradient-descent explorer (lesson 2, reused in lesson 6): :func:`descent_1d`,
:func:`draw_descent_1d` and :func:`explore_descent_1d`."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import NullLocator

from ..validate import check_int, check_number, check_positive
from ._common import (
    BLOWUP,
    as_axes_list,
    draw_loss_against_step,
    empirical_regime,
    mark_divergence,
    read_only,
)
from ._widgets import Explorer, fixed_grid, float_slider, int_slider, lr_slider


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
    x0 = check_number(x0, "x0 (the start point)")
    steps = check_int(steps, "steps", 1, 100_000)
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
        regime = empirical_regime(losses, np.diff(xs_arr), diverged_at)
    message = _message_1d(regime, lr, a, ratio, threshold, xs_arr, losses, diverged_at, steps)
    return Descent1D(
        xs=read_only(xs_arr),
        losses=read_only(losses),
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
    axs = as_axes_list(axes, 3, "f(x), loss against step, learning-rate scale")
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
        mark_divergence(ax, f"diverged at step {run.diverged_at}")

    if len(axs) > 1:
        draw_loss_against_step(axs[1], losses, run.steps, "f(xₖ)", run.diverged_at)

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
    run = descent_1d(lr=lr, x0=x0, steps=steps, a=a, func=func)  # validates the starting values
    controls = {
        "lr": lr_slider(run.lr, 0.001 / a, 10.0 / a),
        "x0": float_slider(run.x0, -3.0, 3.0, 0.1, "start x0"),
        "steps": int_slider(run.steps, 1, 100, "steps"),
    }

    def layout(fig):
        return fig.subplots(1, 3, gridspec_kw=fixed_grid(fig, [3, 3, 1.2], wspace=0.32))

    return Explorer(
        controls, descent_1d, draw_descent_1d, layout, (10, 3.6), {"a": a, "func": func}
    )
