"""Small pieces shared by the explorers (lessons 2, 6, 7 and 8): checks of numbers,
read-only arrays, naming the regime of a run, log-scale loss axes, the "diverged at
step k" mark and the optimizer a menu and slider choose."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from ..optim import Optimizer, OptimizerSpec, optimizer_spec
from ..plots import log_scale

#: Every regime an explorer names. The 1-D and 2-D descents use the first three; the
#: network explorer adds the others (see :func:`helpers.explorers.network.network_regime`).
REGIMES = (
    "converging",
    "oscillating",
    "diverging",
    "noisy",
    "crawling",
    "stuck",
    "dead units",
)

#: an iterate farther than this from the origin counts as diverged
BLOWUP = 1e6
#: a network's training loss (after an epoch) above this multiple of its untrained loss
#: counts as diverged
BLOWUP_LOSS = 10.0


# --------------------------------------------------------------------------------------
# small shared pieces
# --------------------------------------------------------------------------------------


def read_only(a: Any) -> np.ndarray:
    """A float64 copy of ``a`` (any shape) that cannot be written to: a run's arrays."""
    arr = np.array(a, dtype=np.float64)
    arr.flags.writeable = False
    return arr


def optimizer_from_slider(name: str, lr: float, value: float) -> tuple[OptimizerSpec, Optimizer]:
    """The optimizer an explorer's menu and "momentum β" slider choose (lesson 8).

    ``value`` sets the registry entry's slider hyperparameter (μ for "momentum", β1 for
    "adam") and nothing for an optimizer without one ("sgd", "rmsprop").

    Returns
    -------
    (the registry's entry for ``name``, a fresh optimizer)
    """
    spec = optimizer_spec(name)
    return spec, spec.make(lr, **spec.slider_hyperparameters(value))


def _reversals(steps: np.ndarray) -> int:
    """How many times the step direction turns back (consecutive steps point apart)."""
    if len(steps) < 2:
        return 0
    dots = np.sum(steps[1:] * steps[:-1], axis=-1) if steps.ndim == 2 else steps[1:] * steps[:-1]
    return int(np.count_nonzero(dots < 0))


def empirical_regime(losses: np.ndarray, steps: np.ndarray, diverged_at: int | None) -> str:
    """Name the regime from what the run did (for functions without a known threshold)."""
    if diverged_at is not None:
        return "diverging"
    if len(losses) > 1 and losses[-1] > losses[0] + 1e-12 * max(1.0, abs(losses[0])):
        return "diverging"
    n = len(steps)
    if n >= 3 and _reversals(steps) >= max(2, n // 3):
        return "oscillating"
    return "converging"


def log_floor(values: np.ndarray) -> np.ndarray:
    """Values for a log-scale loss axis: exact zeros (a step onto the minimum) are floored."""
    positive = values[values > 0]
    floor = positive.min() * 1e-3 if positive.size else 1e-16
    return np.maximum(values, max(floor, 1e-300))


def as_axes_list(axes: Axes | Sequence[Axes], most: int, what: str) -> list[Axes]:
    """``axes`` (one Axes, or a list or array of 1 to ``most``) as a flat list; else a
    TypeError naming the panels (``what``) a draw function expects."""
    if isinstance(axes, Axes):
        return [axes]
    out = list(np.ravel(np.asarray(axes, dtype=object)))
    if not 1 <= len(out) <= most or not all(isinstance(a, Axes) for a in out):
        raise TypeError(f"axes must be one Axes or a list of up to {most} Axes ({what}).")
    return out


# --------------------------------------------------------------------------------------
# panels whose moving parts are updated in place (the explorers redraw only those)
# --------------------------------------------------------------------------------------


class DivergenceMark:
    """The red box in the middle of an Axes that says "diverged at step k", made once,
    hidden, and shown or re-worded by :meth:`update`."""

    def __init__(self, ax: Axes) -> None:
        self.text = ax.text(
            0.5,
            0.5,
            "",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="C3",
            fontsize=11,
            fontweight="bold",
            bbox={"boxstyle": "round", "fc": "white", "ec": "C3", "alpha": 0.9},
            visible=False,
        )

    def update(self, text: str | None) -> None:
        """Show ``text`` in the box, or hide the box when ``text`` is None."""
        self.text.set_visible(text is not None)
        self.text.set_text(text or "")


class LossPanel:
    """The "loss against step" panel of the 1-D and 2-D explorers, with fixed limits.

    Parameters
    ----------
    ax : the Axes to draw on
    steps : int, the steps asked for (the x axis runs to it)
    ylim : (low, high) of the log-scale loss axis; a loss outside is drawn clipped
    ylabel : e.g. "f(xₖ)"
    fmt, color : matplotlib line format and colour of the curve
    """

    def __init__(
        self,
        ax: Axes,
        steps: int,
        ylim: tuple[float, float],
        ylabel: str,
        fmt: str = ".-",
        color: str = "C0",
    ) -> None:
        (self.curve,) = ax.plot([], [], fmt, color=color)
        (self.last,) = ax.plot([], [], "x", color="C3", ms=10)
        log_scale(ax, minor=False)  # no minor ticks: a faster redraw
        ax.set_xlim(0, steps)
        ax.set_ylim(*ylim)
        ax.set_xlabel("step k")
        ax.set_ylabel(ylabel)
        ax.set_title("loss against step", fontsize=10)
        self.mark = DivergenceMark(ax)
        self.artists = [self.curve, self.last, self.mark.text]

    def update(self, losses: np.ndarray, diverged_at: int | None) -> None:
        """Show ``losses`` of shape (k + 1,), the loss at p_0 ... p_k (inf after a blow-up)."""
        shown = log_floor(losses[np.isfinite(losses)])
        self.curve.set_data(np.arange(len(shown)), shown)
        ended = diverged_at is not None and len(shown) > 0
        self.last.set_data([len(shown) - 1] if ended else [], [shown[-1]] if ended else [])
        self.mark.update(None if diverged_at is None else f"diverged at step {diverged_at}")


def loss_limits(top: float) -> tuple[float, float]:
    """A fixed log-scale loss axis for a run that starts at or below ``top``: 14 decades
    down from one decade above it, so a converging run stays in view."""
    high = 10.0 ** math.ceil(math.log10(max(top, 1e-300)) + 1.0)
    return high * 1e-15, high
