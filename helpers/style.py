"""The course's matplotlib settings, set once when ``helpers`` is imported (every lesson).

Only settings that change how fast a figure is drawn, never what a learner sees, live
here; a lesson can still override any of them with ``plt.rcParams[...] = ...``.
"""

from __future__ import annotations

import matplotlib as mpl

__all__ = ["COURSE_RC", "use_course_style"]

#: rcParams the course sets (see :func:`use_course_style`)
COURSE_RC: dict[str, object] = {
    # Titles sit at the top of their axes (y = 1, the default place). Left at its default
    # (None), matplotlib moves each title above any tick labels on top of the axes, and to
    # find out it lays out the ticks of every axes in the figure again while drawing:
    # about a fifth of the time of a four-panel figure. The course puts no ticks on top.
    "axes.titley": 1.0,
}


def use_course_style() -> None:
    """Apply :data:`COURSE_RC` to matplotlib's rcParams (lesson 1 onward, on import)."""
    mpl.rcParams.update(COURSE_RC)
