"""The course's look, set once when ``helpers`` is imported (every lesson).

One colour-blind-safe palette, Okabe and Ito's eight colours, is matplotlib's colour
cycle, so ``"C0"`` ... ``"C7"`` in any lesson are palette colours; class 0 and class 1
differ in marker as well as colour; colour maps are perceptually uniform (viridis,
plasma) or built from the palette. The remaining settings make figures cheaper to draw
without changing what a learner sees. A lesson can still override any of them with
``plt.rcParams[...] = ...``.

Reference: M. Okabe and K. Ito, "Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people" (2002).
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from cycler import cycler
from matplotlib.colors import LinearSegmentedColormap, to_rgb, to_rgba_array

__all__ = [
    "PALETTE",
    "CYCLE",
    "CLASS_STYLE",
    "DIVERGING",
    "COLOUR_MAPS",
    "COURSE_RC",
    "tint",
    "is_course_colour",
    "use_course_style",
]

#: Okabe and Ito's colour-blind-safe colours, by name
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: matplotlib's colour cycle, "C0" to "C7": the roles of matplotlib's default cycle kept
#: (C0 blue, C1 orange, C2 green, C3 red, C4 purple)
CYCLE: tuple[str, ...] = tuple(
    PALETTE[n] for n in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow")
) + (PALETTE["black"],)

#: how the two classes of a dataset are drawn (lesson 4 onward): colour *and* marker differ
CLASS_STYLE: dict[int, dict[str, str]] = {
    0: {"color": PALETTE["blue"], "marker": "o"},
    1: {"color": PALETTE["vermillion"], "marker": "^"},
}

#: a predicted probability from 0 (class 0's blue) through white to 1 (class 1's vermillion)
DIVERGING = LinearSegmentedColormap.from_list(
    "course_diverging", [PALETTE["blue"], "#FFFFFF", PALETTE["vermillion"]]
)

#: the colour maps figures may use: perceptually uniform ones, and the palette's own
COLOUR_MAPS: frozenset[str] = frozenset({"viridis", "plasma", "cividis", DIVERGING.name})

#: rcParams the course sets (see :func:`use_course_style`)
COURSE_RC: dict[str, object] = {
    "axes.prop_cycle": cycler(color=list(CYCLE)),
    "image.cmap": "viridis",
    # Titles sit at the top of their axes (y = 1, the default place). Left at its default
    # (None), matplotlib moves each title above any tick labels on top of the axes, and to
    # find out it lays out the ticks of every axes in the figure again while drawing:
    # about a fifth of the time of a four-panel figure. The course puts no ticks on top.
    "axes.titley": 1.0,
    # Room below the axes for tick labels and an x label in the course's short, wide
    # figures (matplotlib's 0.11 of the height cuts the label of a 3-inch figure by a few
    # pixels). It matters where a lesson shows figures without bbox_inches="tight",
    # which costs a second layout of every figure; elsewhere the margin is cropped away.
    "figure.subplot.bottom": 0.17,
}


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` 0 is the colour, 1 is white (a light fill).

    Parameters
    ----------
    colour : a palette name ("blue", ...) or any matplotlib colour
    amount : float in [0, 1]

    Returns
    -------
    str, the mixed colour as "#rrggbb"
    """
    if not 0.0 <= amount <= 1.0:
        raise ValueError(f"amount must be between 0 (the colour) and 1 (white); got {amount}.")
    rgb = np.array(to_rgb(PALETTE.get(colour, colour)))
    mixed = rgb + (1.0 - rgb) * amount
    return "#" + "".join(f"{round(255 * c):02x}" for c in mixed)


_PALETTE_RGB = to_rgba_array(list(PALETTE.values()))[:, :3]


def is_course_colour(colour: object, tol: float = 0.02) -> bool:
    """True if ``colour`` is a grey (black and white included), a palette colour, or a
    palette colour mixed with white (:func:`tint`); transparency does not matter.

    Parameters
    ----------
    colour : a matplotlib colour, or an RGB(A) sequence of floats in [0, 1]
    tol : how far (per channel, 0 to 1) a colour may be from the nearest allowed one
    """
    r, g, b = to_rgba_array(colour)[0, :3]
    if max(r, g, b) - min(r, g, b) <= tol:
        return True
    rgb = np.array([r, g, b])
    for base in _PALETTE_RGB:
        # rgb = base + (1 - base) * t for one t in [0, 1]: solve for t by least squares
        room = 1.0 - base
        t = float(np.clip(room @ (rgb - base) / max(room @ room, 1e-12), 0.0, 1.0))
        if np.max(np.abs(base + room * t - rgb)) <= tol:
            return True
    return False


def use_course_style() -> None:
    """Apply :data:`COURSE_RC` to matplotlib's rcParams (``helpers`` does, on import)."""
    mpl.rcParams.update(COURSE_RC)
