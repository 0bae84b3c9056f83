"""Diagrams of the network and of backpropagation (lessons 4 and 5).

Each function draws a static picture into the matplotlib Axes it is given and returns it.
None creates a figure, calls ``plt.show`` or touches any other Axes, so a notebook keeps
a one-line figure cell and the drawing code stays out of the learner's way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from .validate import check_int

__all__ = ["draw_network", "draw_backprop_graph", "draw_fan_out"]

_BOX = {"boxstyle": "round", "fc": "white", "ec": "k"}
# Labels are plain Unicode (z₂, ŷ, ∂ℓ/∂ŷ), not mathtext: every new figure parses each
# mathtext label again, and a diagram of twenty formulas took ~150 ms to render that way.
_SUB = str.maketrans("0123456789k", "₀₁₂₃₄₅₆₇₈₉ₖ")


def _sub(text: object) -> str:
    """``text`` in subscript digits (and k): _sub(12) == "₁₂"."""
    return str(text).translate(_SUB)


_RED = {"arrowstyle": "->", "color": "C3", "lw": 1.5}


def draw_network(ax: Axes, sizes: Sequence[int], labels: Sequence[str]) -> Axes:
    """Draw a fully connected network: one dot per unit, one line per weight (lesson 4).

    Above each gap between two layers the shapes of that layer's ``W`` and ``b`` are
    written, following the course's convention ``W_l`` of shape ``(n_l, n_{l-1})``.

    Parameters
    ----------
    ax : matplotlib Axes to draw on
    sizes : sequence of int, the number of units per layer, input first, e.g. ``[2, 16, 8, 1]``
    labels : sequence of str, one caption per layer, written below it

    Returns
    -------
    ax

    Raises
    ------
    ValueError
        If there are fewer than two layers, a size is not a positive integer, or the
        number of labels differs from the number of layers.
    """
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least two layers (input and output); got {sizes}.")
    for i, n in enumerate(sizes):
        check_int(n, f"sizes[{i}] (a layer size)", 1)
    if len(labels) != len(sizes):
        raise ValueError(
            f"give one label per layer: {len(sizes)} layers but {len(labels)} labels."
        )
    ys = [np.linspace(-1, 1, n) * min(1.0, 0.15 * n) for n in sizes]
    weights = [
        [(i, y0), (i + 1, y1)] for i in range(len(sizes) - 1) for y0 in ys[i] for y1 in ys[i + 1]
    ]  # one segment per weight, drawn as one artist (168 separate lines render slowly)
    ax.add_collection(LineCollection(weights, colors="0.85", linewidths=0.5, zorder=1))
    for i in range(len(sizes) - 1):
        layer = _sub(i + 1)
        shapes = f"W{layer}: ({sizes[i + 1]}, {sizes[i]})\nb{layer}: ({sizes[i + 1]}, 1)"
        ax.text(i + 0.5, 1.2, shapes, ha="center", fontsize=9)
    for i, n in enumerate(sizes):
        ax.scatter(np.full(n, i), ys[i], s=70, color=f"C{i}", edgecolors="k", zorder=2)
        ax.text(i, -1.25, labels[i], ha="center", va="top", fontsize=9)
    ax.set(xlim=(-0.5, len(sizes) - 0.5), ylim=(-1.9, 1.6))
    ax.axis("off")
    return ax


def draw_backprop_graph(ax: Axes) -> Axes:
    """Draw the 3-layer network as a computational graph, forward and backward (lesson 5).

    Black arrows are the forward pass ``X -> z1 -> a1 -> z2 -> a2 -> z3 -> yhat -> L``;
    red arrows are the backward pass, numbered 1 to 12 in the order lesson 5 computes
    ∂ℓ/∂ŷ, dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1.

    Parameters
    ----------
    ax : matplotlib Axes to draw on

    Returns
    -------
    ax
    """
    names = ["X", "z₁", "a₁", "z₂", "a₂", "z₃", "ŷ", "L"]
    ops = ["W₁(·) + b₁", "relu", "W₂(·) + b₂", "relu", "W₃(·) + b₃", "σ", "BCE"]
    for i, name in enumerate(names):
        ax.text(i, 0, name, ha="center", va="center", fontsize=13, bbox=_BOX)
    for i, op in enumerate(ops):
        ax.annotate("", (i + 0.75, 0), (i + 0.25, 0), arrowprops={"arrowstyle": "->"})
        ax.text(i + 0.5, 0.13, op, ha="center", fontsize=8)
    for layer, x in [(1, 1), (2, 3), (3, 5)]:
        ax.text(
            x,
            1.15,
            f"W{_sub(layer)}, b{_sub(layer)}",
            ha="center",
            va="center",
            fontsize=12,
            bbox=_BOX,
        )
        ax.annotate("", (x - 0.08, 0.2), (x - 0.08, 0.95), arrowprops={"arrowstyle": "->"})
    backward = [
        (7, 6, "1  ∂ℓ/∂ŷ"),
        (6, 5, "2  dz3"),
        (5, 4, "5  da2"),
        (4, 3, "6  dz2"),
        (3, 2, "9  da1"),
        (2, 1, "10  dz1"),
    ]
    arc = {**_RED, "connectionstyle": "arc3,rad=-0.5"}
    for start, end, label in backward:
        ax.annotate("", (end + 0.1, -0.2), (start - 0.1, -0.2), arrowprops=arc)
        ax.text((start + end) / 2, -0.62, label, ha="center", color="C3", fontsize=10)
    for steps, x, label in [
        ("3, 4", 5, "dW3, db3"),
        ("7, 8", 3, "dW2, db2"),
        ("11, 12", 1, "dW1, db1"),
    ]:
        ax.annotate("", (x + 0.08, 0.95), (x + 0.08, 0.2), arrowprops=_RED)
        ax.text(x + 0.15, 0.55, f"{steps}  {label}", color="C3", fontsize=10)
    ax.set(xlim=(-0.4, 7.4), ylim=(-0.85, 1.4))
    ax.axis("off")
    return ax


def draw_fan_out(ax: Axes, n_out: int = 8) -> Axes:
    """Draw one unit of layer 1 feeding every unit of layer 2, and the gradients coming back.

    The picture behind step 9 of lesson 5: ``a1[j]`` reaches the loss along ``n_out``
    paths, one through each ``z2[k]`` (grey, forward, weight ``W2[k, j]``), so its
    gradient adds up one term ``W2[k, j] · dz2[k]`` per path (red, backward).

    Parameters
    ----------
    ax : matplotlib Axes to draw on
    n_out : int, the number of units in layer 2 (at least 2)

    Returns
    -------
    ax

    Raises
    ------
    ValueError
        If ``n_out`` is not an integer of at least 2.
    """
    check_int(n_out, "n_out", 2)
    ys = np.linspace(1, -1, n_out)
    ax.text(0, 0, "a₁[j]", ha="center", va="center", fontsize=13, bbox=_BOX)
    for k, y in enumerate(ys):
        ax.plot([0.22, 1.85], [0.0, y], color="0.55", lw=1, zorder=1)
        ax.annotate(
            "",
            (0.22, -0.03),
            (1.85, y - 0.03),
            arrowprops={**_RED, "lw": 1.0, "connectionstyle": "arc3,rad=0.06"},
        )
        ax.text(2.0, y, f"z₂[{k}]", ha="center", va="center", fontsize=10, bbox=_BOX)
        ax.text(2.3, y, f"dz₂[{k}]", ha="left", va="center", fontsize=10, color="C3")
        if k in (0, n_out - 1):
            ax.text(1.5, y + 0.12 * np.sign(y), f"W₂[{k}, j]", ha="center", fontsize=9)
    ax.text(
        -0.35,
        -0.3,
        "da₁[j] = Σₖ W₂[k, j] dz₂[k]\none term per path",
        ha="center",
        va="top",
        fontsize=11,
        color="C3",
    )
    ax.text(1.0, 1.42, "grey: a₁[j] feeds every unit of layer 2", ha="center", fontsize=9)
    ax.text(
        1.0,
        -1.4,
        "red: each path sends back W₂[k, j] dz₂[k]",
        ha="center",
        fontsize=9,
        color="C3",
    )
    ax.set(xlim=(-1.1, 3.0), ylim=(-1.55, 1.6))
    ax.axis("off")
    return ax
