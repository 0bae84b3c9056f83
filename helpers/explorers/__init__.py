"""Interactive explorers: sliders for the learning rate, batch size and optimizer
(lessons 2, 6, 7 and 8).

Each explorer has three parts, so each part can be tested on its own:

=================  =====================  =====================  =========================
explorer           compute (numbers in,   draw (only the Axes    widget glue (returns the
                   arrays out)            it is given)           ipywidgets container)
=================  =====================  =====================  =========================
1-D descent        :func:`descent_1d`     :func:`draw_descent_1d`  :func:`explore_descent_1d`
2-D descent        :func:`descent_2d`     :func:`draw_descent_2d`  :func:`explore_descent_2d`
network training   :func:`train_network`  :func:`draw_training`     :func:`explore_network`
=================  =====================  =====================  =========================

A compute function returns a small frozen dataclass of read-only arrays plus
``regime`` ("converging", "oscillating" or "diverging"; the network explorer also
names "noisy", "crawling", "stuck" and "dead units"), ``diverged_at`` (the step
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

Each draw function is a *view* updated once (:class:`~.one_dim.View1D`,
:class:`~.two_dim.View2D`, :class:`~.network.ViewNetwork`): the view draws the still
parts (curves, contours, frames, ticks, with fixed limits) when it is made, and moves
the rest in :meth:`update`. An explorer keeps its view: while a slider changes only
the moving parts, it restores the still image and draws just those artists on top
(blitting), several times faster than drawing the figure again; a setting the still
parts depend on (the number of steps, the surface, the dataset) redraws it all.

:func:`explore_figure` gives a lesson's own plot the same glue (fixed height, redraw on
release, errors shown): ``explore_figure(draw, {"seed": IntSlider(...)})`` calls
``draw(axes, seed=...)`` on every change.

The code lives in one module per job: ``_common`` (checks of numbers, read-only
arrays, regimes, divergence marks, the loss-against-step panel), ``_widgets``
(:class:`Explorer`, the sliders, :func:`explore_figure`), ``one_dim``, ``two_dim``
and ``network`` (one explorer each); import from ``helpers.explorers`` itself.
"""

# ``X as X``: reachable here though not in __all__ (tests use BLOWUP)
from ._common import BLOWUP as BLOWUP
from ._common import REGIMES
from ._widgets import Explorer, explore_figure
from .network import (
    NETWORK_REGIMES,
    NetworkRun,
    draw_training,
    explore_network,
    network_regime,
    train_network,
)
from .one_dim import FUNCTIONS_1D, Descent1D, descent_1d, draw_descent_1d, explore_descent_1d
from .two_dim import (
    SURFACES,
    Descent2D,
    Surface,
    descent_2d,
    draw_descent_2d,
    explore_descent_2d,
)

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
    "network_regime",
    "NETWORK_REGIMES",
    "draw_training",
    "explore_network",
    "explore_figure",
]
