"""The 1-D gradient-descent explorer (lesson 2, reused in lesson 6): :func:`descent_1d`,
:func:`draw_descent_1d` and :func:`explore_descent_1d`."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.ticker import NullLocator

from ..style import tint
from ..validate import check_int, check_number, check_positive
from ._common import (
    BLOWUP,
    DivergenceMark,
    LossPanel,
    as_axes_list,
    empirical_regime,
    loss_limits,
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


def _half_width(fn: Function1D, run: Descent1D, fit: bool) -> float:
    """Half the plotted window: the function's own, widened to show the start point, and
    with ``fit`` widened further (up to 4·|x0|) to show where the iterates went."""
    half = max(fn.window, 1.1 * abs(run.x0))
    if fit:
        finite = run.xs[np.isfinite(run.xs) & (np.abs(run.xs) <= BLOWUP)]
        reach = float(np.max(np.abs(finite))) if finite.size else fn.window
        half = max(half, min(reach * 1.1, 4.0 * max(abs(run.x0), 1.0)))
    return half


def _lr_bounds(run: Descent1D) -> tuple[float, float]:
    """The learning-rate scale's range: the explorer's slider range, widened if needed."""
    return min(0.0005 / run.a, run.lr / 2), max(20.0 / run.a, run.lr * 2)


class View1D:
    """A :class:`Descent1D` drawn on one to three Axes, with its moving parts kept.

    The constructor draws what depends only on :attr:`key` (the function, the window,
    the number of steps, the scales); :meth:`update` moves the iterates, curves, marks
    and titles to another run with the same key, so an explorer redraws only
    :attr:`artists`. :func:`draw_descent_1d` is a view updated once, with ``fit=True``:
    its window also fits the iterates, which an explorer's fixed window cannot (an
    iterate outside it is reported as "x leaves the plot at step k").
    """

    def __init__(self, axes: Axes | Sequence[Axes], run: Descent1D, fit: bool = False) -> None:
        self.axes = as_axes_list(axes, 3, "f(x), loss against step, learning-rate scale")
        self.fit = fit
        self.key = self.key_of(run)
        fn = FUNCTIONS_1D[run.func]
        self.fn = fn
        self.half = half = self.key[3]

        ax = self.axes[0]
        grid = np.linspace(-half, half, 400)
        curve = fn.f(grid, run.a)
        ax.plot(grid, curve, color="0.3", lw=1.5)
        (self.path,) = ax.plot([], [], "-", color="C3", lw=0.8, alpha=0.6)
        self.points = ax.scatter(
            [], [], c=[], cmap="plasma", norm=Normalize(0, run.steps), s=22, zorder=3
        )
        (self.start,) = ax.plot([], [], "o", mfc="none", mec="k", ms=10, zorder=4)
        ax.set_xlim(-half, half)
        top = float(np.max(curve))
        ax.set_ylim(-0.05 * top, 1.05 * top)
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
        ax.set_title(" ", fontsize=10)
        self.leaves = ax.text(
            0.02, 0.96, "", transform=ax.transAxes, va="top", fontsize=9, color="C3"
        )
        self.mark = DivergenceMark(ax)
        self.artists = [
            self.path, self.points, self.start, ax.title, self.leaves, self.mark.text
        ]  # fmt: skip
        self.loss = None
        if len(self.axes) > 1:
            self.loss = LossPanel(self.axes[1], run.steps, loss_limits(top), "f(xₖ)")
            self.artists += self.loss.artists
        self.lr_marks: list = []
        if len(self.axes) > 2:
            self.lr_marks = _draw_lr_scale(self.axes[2], run)
            self.artists += self.lr_marks

    def key_of(self, run: Descent1D) -> tuple:
        """What the still parts depend on: another run with the same key is an update."""
        half = _half_width(FUNCTIONS_1D[run.func], run, self.fit)
        return (run.func, run.a, run.steps, half, _lr_bounds(run))

    def update(self, run: Descent1D) -> list:
        """Show ``run`` (same :attr:`key`); returns the artists that changed."""
        if self.key_of(run) != self.key:
            raise ValueError("this view was drawn for other settings; draw a new View1D.")
        xs, losses = run.xs, run.losses
        finite = np.isfinite(xs) & (np.abs(xs) <= BLOWUP)
        inside = finite & (np.abs(xs) <= self.half)
        k = np.arange(len(xs))
        self.path.set_data(xs[inside], losses[inside])
        self.points.set_offsets(np.column_stack([xs[inside], losses[inside]]))
        self.points.set_array(k[inside])
        self.start.set_data([xs[0]], [losses[0]])
        self.axes[0].set_title(f"{self.fn.formula}, lr = {run.lr:.3g}: {run.regime}", fontsize=10)
        out = not inside.all()
        self.leaves.set_text(f"x leaves the plot at step {int(np.argmin(inside))}" if out else "")
        diverged = None if run.diverged_at is None else f"diverged at step {run.diverged_at}"
        self.mark.update(diverged)
        if self.loss is not None:
            self.loss.update(losses, run.diverged_at)
        if self.lr_marks:
            _move_lr_mark(self.lr_marks, run)
        return self.artists


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
    view = View1D(axes, run, fit=True)
    view.update(run)
    return view.axes


def _draw_lr_scale(ax: Axes, run: Descent1D) -> list:
    """A vertical log scale of learning rates: the regimes of the quadratic, and the
    moving mark of where lr is (returned: the arrow and its label)."""
    if run.threshold is None:
        ax.set_axis_off()
        label = ax.text(
            0.5, 0.5, "", ha="center", va="center", transform=ax.transAxes, fontsize=9
        )  # fmt: skip
        return [label]
    one, two = 1.0 / run.a, run.threshold
    lo, hi = _lr_bounds(run)
    zones = [
        (lo, one, tint("green", 0.85), "converging\n(no overshoot)"),
        (one, two, tint("orange", 0.8), "oscillating,\nconverging"),
        (two, hi, tint("vermillion", 0.82), "diverging"),
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
    (arrow,) = ax.plot([0.08], [run.lr], marker=">", color="k", ms=11,
                       transform=ax.get_yaxis_transform())  # fmt: skip
    text = ax.text(0.16, run.lr, "lr", va="center", fontsize=9, transform=ax.get_yaxis_transform())
    ax.set_yscale("log")
    ax.set_ylim(lo, hi)
    ax.set_xticks([])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_yticks([one, two], [f"1/a = {one:.3g}", f"2/a = {two:.3g}"])
    ax.set_title("learning rate", fontsize=10)
    ax.set_ylabel("α (log scale)", labelpad=1)
    return [arrow, text]


def _move_lr_mark(marks: list, run: Descent1D) -> None:
    if len(marks) == 1:  # no threshold: the label says lr
        marks[0].set_text(f"lr = {run.lr:.3g}\n(no single\nthreshold here)")
        return
    arrow, text = marks
    arrow.set_ydata([run.lr])
    text.set_y(run.lr)


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
        controls,
        descent_1d,
        None,  # drawn by the view
        layout,
        (10, 3.6),
        {"a": a, "func": func},
        view=View1D,
    )
