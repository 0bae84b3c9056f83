"""Plots that draw into a matplotlib Axes you give them (lessons 2, 4, 6, 7, 8).

No function here creates a figure or calls ``plt.show``: each draws on ``ax`` and
returns it, so notebooks, explorers and tests decide the layout. Labels are plain
Unicode (x₁, ŷ, 10⁻³) rather than mathtext: matplotlib parses every mathtext label again
for each new figure, which made a lesson's figures measurably slower.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.contour import ContourSet
from matplotlib.ticker import LogFormatter, LogLocator, NullLocator

from .network import N_LAYERS, forward_unchecked
from .style import CLASS_STYLE, DIVERGING
from .validate import check_params, check_XY

__all__ = [
    "log_scale",
    "plot_loss",
    "plot_classes",
    "plot_decision_boundary",
    "plot_contour_path",
    "label_contours",
    "data_window",
    "shade_probability",
]


#: how an optimizer's path and its start point are drawn on contours (lessons 2 and 8)
PATH_STYLE = {"marker": ".", "ls": "-", "color": "C3", "ms": 4, "lw": 1}
START_STYLE = {"marker": "o", "ls": "none", "color": "C3", "ms": 6}

_X_AXES = {
    "epochs": "epoch",
    "updates": "update",
    "grad_evals": "gradient evaluations (examples)",
    "time": "wall time (s)",
}


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class PlainLogFormatter(LogFormatter):
    """Log-axis tick labels as plain text, "10⁻³" and "2×10⁻¹", where matplotlib's
    default writes mathtext; it labels the same ticks, but a figure need not parse a
    formula per label (about 50 ms a figure, paid again by every new figure)."""

    def _num_to_string(self, x: float, vmin: float, vmax: float) -> str:
        if not x > 0:
            return ""
        exponent = math.floor(math.log10(x) + 1e-9)
        coefficient = x / 10.0**exponent
        power = "10" + str(exponent).translate(_SUPERSCRIPT)
        return power if abs(coefficient - 1) < 1e-9 else f"{coefficient:.3g}×{power}"


def log_scale(ax: Axes, axis: str = "y", minor: bool = True) -> Axes:
    """Put one or both axes of ``ax`` on a log scale with plain-text tick labels
    (lessons 1, 2, 5–8). Use it instead of ``ax.semilogy`` / ``ax.loglog``, after plotting.

    Parameters
    ----------
    ax : matplotlib Axes
    axis : "x", "y" or "both"
    minor : False drops the minor ticks (the explorers, where every redraw counts)

    Returns
    -------
    ax
    """
    if axis not in ("x", "y", "both"):
        raise ValueError(f'axis must be "x", "y" or "both"; got {axis!r}.')
    for name in ("x", "y") if axis == "both" else (axis,):
        getattr(ax, f"set_{name}scale")("log")
        target = getattr(ax, f"{name}axis")
        target.set_major_formatter(PlainLogFormatter(labelOnlyBase=False))
        if minor:
            target.set_minor_formatter(
                PlainLogFormatter(labelOnlyBase=False, minor_thresholds=(1, 0.4))
            )
        else:
            target.set_major_locator(LogLocator(base=10, numticks=6))
            target.set_minor_locator(NullLocator())
    return ax


def plot_loss(ax: Axes, histories: Mapping[str, object] | object, x: str = "epochs") -> Axes:
    """Loss curves of one or more training runs (lessons 6 and 7).

    Parameters
    ----------
    ax : matplotlib Axes to draw on
    histories : a :class:`helpers.training.History`, or a dict label -> History
    x : "epochs", "updates", "grad_evals" or "time": what the horizontal axis counts

    Returns
    -------
    ax
    """
    if x not in _X_AXES:
        raise ValueError(f"x must be one of {list(_X_AXES)}; got {x!r}.")
    runs = histories if isinstance(histories, Mapping) else {"": histories}
    for label, h in runs.items():
        if x == "epochs":
            xs, ys = np.arange(len(h.loss_per_epoch)), h.loss_per_epoch
        else:
            ys = h.loss_per_update
            xs = {
                "updates": np.arange(1, len(ys) + 1),
                "grad_evals": h.grad_evals,
                "time": h.wall_time,
            }[x]
        ax.plot(xs, ys, label=label or None, lw=1.2 if x == "epochs" else 0.8)
        if getattr(h, "diverged", False) and len(xs):
            ax.plot(xs[-1], ys[-1], "x", color="C3", ms=8)
    ax.set_xlabel(_X_AXES[x])
    ax.set_ylabel("loss")
    log_scale(ax)
    if any(runs):
        ax.legend()
    return ax


def plot_classes(ax: Axes, X: np.ndarray, Y: np.ndarray) -> Axes:
    """The data points of a 2-D dataset: blue circles for y = 0, vermillion triangles for
    y = 1 (lesson 4).

    Parameters
    ----------
    ax : matplotlib Axes
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    ax
    """
    X, Y = check_XY(X, Y, 2)
    _scatter_classes(ax, X, Y)
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_aspect("equal", adjustable="box")
    return ax


def _scatter_classes(ax: Axes, X: np.ndarray, Y: np.ndarray) -> None:
    for k, style in CLASS_STYLE.items():  # class 1 as triangles: not told by colour alone
        mine = Y[0] == k
        ax.scatter(X[0, mine], X[1, mine], s=12, edgecolors="w", lw=0.3, **style)


def data_window(X: np.ndarray, margin: float = 0.5) -> tuple[tuple, tuple]:
    """The (xlim, ylim) around the points X of shape (2, m), with ``margin`` to spare."""
    return (
        (float(X[0].min() - margin), float(X[0].max() + margin)),
        (float(X[1].min() - margin), float(X[1].max() + margin)),
    )


def shade_probability(
    ax: Axes,
    params: Mapping[str, np.ndarray],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    resolution: int = 150,
) -> tuple:
    """Shade the network's ŷ over a window, blue near 0 to vermillion near 1, and draw the
    ŷ = 0.5 line in black (lesson 4). ``params`` must already be checked.

    Returns
    -------
    (shading, line): the two contour sets, so a caller can remove or redraw them
    """
    G0, G1 = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    with np.errstate(over="ignore", invalid="ignore"):
        yhat, _ = forward_unchecked(params, np.vstack([G0.ravel(), G1.ravel()]))
    P = yhat.reshape(G0.shape)
    shading = ax.contourf(G0, G1, P, levels=np.linspace(0, 1, 11), cmap=DIVERGING, alpha=0.35)
    line = ax.contour(G0, G1, P, levels=[0.5], colors="k", linewidths=1.2)
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    return shading, line


def plot_decision_boundary(
    ax: Axes,
    params: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    resolution: int = 150,
    margin: float = 0.5,
    colorbar: bool | Axes | Sequence[Axes] = False,
) -> Axes:
    """Shade the network's predicted probability over the plane and plot the data (lesson 4).

    The shading runs from blue (ŷ near 0) through white to vermillion (ŷ near 1), the
    black line is ŷ = 0.5, and the points are blue circles for y = 0 and vermillion
    triangles for y = 1 (:data:`helpers.style.CLASS_STYLE`).

    Parameters
    ----------
    ax : matplotlib Axes
    params : dict of W1 ... b3 for a network with n_x = 2
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    resolution : int, grid points per side
    margin : float, space around the data
    colorbar : bool or Axes or sequence of Axes; True adds a colour bar for ŷ beside ``ax``,
        taking its room from ``ax``; Axes (e.g. every panel of a figure) share one colour
        bar that takes its room from all of them

    Returns
    -------
    ax
    """
    p = check_params(params, N_LAYERS)
    X, Y = check_XY(X, Y, 2)
    shading, _ = shade_probability(ax, p, *data_window(X, margin), resolution)
    _scatter_classes(ax, X, Y)
    if colorbar is not False:
        room = ax if colorbar is True else colorbar
        ax.figure.colorbar(shading, ax=room, label="ŷ", ticks=[0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_aspect("equal", adjustable="box")
    return ax


def plot_contour_path(
    ax: Axes,
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    path: np.ndarray | Sequence[Sequence[float]] | None = None,
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    levels: int = 25,
    resolution: int = 200,
    label: str | None = None,
) -> Axes:
    """Contours of f(x, y) with an optimizer's path on top (lessons 2 and 8).

    Parameters
    ----------
    ax : matplotlib Axes
    f : callable(x, y) -> z, vectorised over arrays of the same shape
    path : array of shape (k, 2), the points visited, first to last (optional)
    xlim, ylim : the plotted window
    levels : int, number of contour levels
    resolution : int, grid points per side
    label : legend label for the path

    Returns
    -------
    ax
    """
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    gz = np.asarray(f(gx, gy), dtype=np.float64)
    if gz.shape != gx.shape:
        raise ValueError(
            f"f(x, y) must return an array shaped like x; got {gz.shape} for {gx.shape}. "
            "Write f with NumPy operations so it works on whole arrays."
        )
    ax.contour(gx, gy, gz, levels=levels, cmap="viridis", linewidths=0.8)
    if path is not None:
        path = np.asarray(path, dtype=np.float64)
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"path must have shape (k, 2), one point per row; got {path.shape}.")
        ax.plot(path[:, 0], path[:, 1], label=label, **PATH_STYLE)
        ax.plot(path[0, 0], path[0, 1], **START_STYLE)
        if label:
            ax.legend()
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return ax


def label_contours(ax: Axes, every: int = 2, log: bool = False) -> Axes:
    """Write f's value on every few contour lines of ``ax``, so you can read which way is
    down (lesson 2).

    Parameters
    ----------
    ax : an Axes with contour lines on it, e.g. from :func:`plot_contour_path`
    every : int ≥ 1, label one line in ``every`` (starting from the second lowest)
    log : True when the lines were drawn at log(1 + f): the labels still show f

    Returns
    -------
    ax
    """
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise ValueError(f"every must be a whole number ≥ 1; got {every!r}.")
    lines = next((c for c in ax.collections if isinstance(c, ContourSet)), None)
    if lines is None:
        raise ValueError("ax has no contour lines to label: draw them first (plot_contour_path).")

    def fmt(level: float) -> str:  # f's value, rounded to 2 significant digits
        value = np.expm1(level) if log else level
        return np.format_float_positional(value, precision=2, fractional=False, trim="-")

    ax.clabel(lines, lines.levels[every::every], fontsize=7, fmt=fmt)
    return ax
