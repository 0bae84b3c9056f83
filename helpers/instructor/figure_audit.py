"""Check that a figure is readable by everyone: labelled axes, a title, the course palette.

The tests run every solution lesson with :func:`install` active in the kernel (through an
IPython start-up file, see ``tests/conftest.py``), so a figure that a lesson shows with an
unlabelled axis or a colour outside :mod:`helpers.style` prints a line on stderr, which
nbval reports as a difference in that cell. :func:`audit_figure` is also what the tests
of the plotting functions call directly.

What is checked, for each Axes with visible axes (diagrams drawn with the axes off are
exempt, colour bars need a label along their length):

- an x label and a y label, unless the axis has no ticks (a frame around a picture) or
  is shared with a labelled neighbour;
- a title, on the Axes or the whole figure;
- every line, marker, patch, text and collection drawn in a grey or a palette colour
  (or a tint of one), and every colour-mapped collection using one of
  :data:`helpers.style.COLOUR_MAPS`;
- when the figure is shown without ``bbox_inches="tight"`` (lessons that set their own
  margins to draw faster), nothing sticks out of its edges.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.collections import Collection
from matplotlib.colors import ListedColormap, to_hex, to_rgba
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from ..style import COLOUR_MAPS, is_course_colour

__all__ = ["audit_figure", "audit_axes", "cut_off", "install"]


def audit_figure(fig: Figure | SubFigure) -> list[str]:
    """The readability problems of ``fig``: one sentence each, empty when there are none."""
    problems: list[str] = []
    has_suptitle = bool(getattr(fig, "_suptitle", None) and fig._suptitle.get_text())
    axes = fig.axes
    for i, ax in enumerate(axes, start=1):
        where = f"axes {i} of {len(axes)}"
        problems += [f"{where}: {p}" for p in audit_axes(ax, figure_titled=has_suptitle)]
    for text in fig.texts:
        problems += _colour_problem(text.get_color(), f"figure text {text.get_text()!r}")
    return problems


def audit_axes(ax: Axes, figure_titled: bool = False) -> list[str]:
    """The readability problems of one Axes (see the module's docstring)."""
    problems: list[str] = []
    colorbar = getattr(ax, "_colorbar", None)
    if colorbar is not None:
        long_axis = ax.yaxis if colorbar.orientation == "vertical" else ax.xaxis
        if not long_axis.get_label_text():
            problems.append("the colour bar has no label saying what its colours mean")
        return problems
    if ax.axison:
        for name in ("x", "y"):
            if not _labelled(ax, name):
                problems.append(f"the {name} axis has no label (ax.set_{name}label(...))")
        titled = any(ax.get_title(loc) for loc in ("center", "left", "right"))
        if not (titled or figure_titled):
            problems.append("no title on the axes or the figure (ax.set_title(...))")
    for artist, what in _coloured_artists(ax):
        if isinstance(artist, Collection) and artist.get_array() is not None:
            cmap = artist.get_cmap()
            if cmap.name in COLOUR_MAPS:
                continue
            if isinstance(cmap, ListedColormap):  # e.g. contour(..., colors="k")
                for colour in cmap.colors:
                    problems += _colour_problem(colour, what)
                continue
            problems.append(
                f"{what} uses the colour map {cmap.name!r}; use one of {sorted(COLOUR_MAPS)}"
            )
            continue
        for colour in _colours_of(artist):
            problems += _colour_problem(colour, what)
    return sorted(set(problems))


def _labelled(ax: Axes, name: str) -> bool:
    """Whether the x or y axis of ``ax`` is labelled, itself or by a shared neighbour;
    an axis without ticks (a frame around a picture, not a scale) needs no label."""
    if getattr(ax, f"get_{name}label")() or len(getattr(ax, f"get_{name}ticks")()) == 0:
        return True
    shared = ax.get_shared_x_axes() if name == "x" else ax.get_shared_y_axes()
    siblings = [o for o in shared.get_siblings(ax) if o is not ax]
    return any(getattr(o, f"get_{name}label")() for o in siblings)


def _coloured_artists(ax: Axes) -> Iterator[tuple[object, str]]:
    for line in ax.lines:
        yield line, f"the line {line.get_label()!r}"
    for coll in ax.collections:
        yield coll, f"a {type(coll).__name__}"
    for patch in ax.patches:
        yield patch, f"a {type(patch).__name__}"
    # a contour line's label is drawn in the line's colour, from the line's colour map
    contour_labels = {id(t) for c in ax.collections for t in getattr(c, "labelTexts", ())}
    for text in ax.texts:
        if id(text) not in contour_labels:
            yield text, f"the text {text.get_text()[:30]!r}"


def _colours_of(artist: object) -> Iterator[object]:
    if isinstance(artist, Line2D):
        yield artist.get_color()
        if artist.get_marker() not in (None, "None", "", " "):
            yield artist.get_markerfacecolor()
            yield artist.get_markeredgecolor()
    elif isinstance(artist, Collection):
        yield from artist.get_facecolors()
        yield from artist.get_edgecolors()
    elif isinstance(artist, Patch):
        yield artist.get_facecolor()
        yield artist.get_edgecolor()
    elif isinstance(artist, Text):
        yield artist.get_color()
        box = artist.get_bbox_patch()
        if box is not None:
            yield box.get_facecolor()
            yield box.get_edgecolor()


def _colour_problem(colour: object, what: str) -> list[str]:
    if isinstance(colour, str) and colour.lower() in ("none", "auto"):
        return []
    rgba = np.asarray(to_rgba(colour))
    if rgba.size == 4 and rgba[3] == 0:  # invisible
        return []
    if is_course_colour(colour):
        return []
    return [f"{what} is drawn in {to_hex(rgba)}, not a colour of helpers.style.PALETTE"]


def cut_off(fig: Figure, tolerance: float = 1.0) -> list[str]:
    """The edges of ``fig`` where something drawn (a label, a title, a legend) sticks out
    by more than ``tolerance`` pixels, e.g. ``["left by 8 px"]``: what a figure saved
    without ``bbox_inches="tight"`` loses there."""
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)  # inches
    dpi, (width, height) = fig.dpi, fig.get_size_inches()
    over = {
        "left": -box.x0 * dpi,
        "right": (box.x1 - width) * dpi,
        "bottom": -box.y0 * dpi,
        "top": (box.y1 - height) * dpi,
    }
    return [f"{edge} by {px:.0f} px" for edge, px in over.items() if px > tolerance]


def _audit_before_print(original):
    """``original`` (matplotlib's print_figure), auditing the figure before it runs; a
    figure printed without a tight bounding box must also fit inside its own edges."""

    def print_figure(self, *args, **kwargs):
        problems = audit_figure(self.figure)
        if kwargs.get("bbox_inches") != "tight":
            edges = cut_off(self.figure)
            if edges:
                problems.append(
                    "cut off at the figure's edge (" + ", ".join(edges) + "): give it room "
                    "with fig.subplots_adjust(...) or a larger figsize"
                )
        if problems:
            print("figure audit: " + "; ".join(problems), file=sys.stderr)
        return original(self, *args, **kwargs)

    print_figure.__wrapped__ = original
    return print_figure


def install() -> None:
    """Audit every figure as it is rendered (``FigureCanvasBase.print_figure``, which the
    inline backend calls for each figure a cell shows) and print its problems on stderr.
    For test kernels; calling it twice installs it once."""
    if not hasattr(FigureCanvasBase.print_figure, "__wrapped__"):
        FigureCanvasBase.print_figure = _audit_before_print(FigureCanvasBase.print_figure)
