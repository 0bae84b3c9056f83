"""The class report's figures, as PNG bytes with their alt text.

Drawn on a bare :class:`matplotlib.figure.Figure` (no pyplot, so no GUI backend and no
global state), in the course's colour-blind-safe palette (:data:`helpers.style.PALETTE`,
Okabe and Ito's colours, and greys), with hatching as well as colour telling the outcomes
apart, and labelled and titled as the course's figure audit
(:mod:`helpers.instructor.figure_audit`) asks. :func:`histogram_figure` and
:func:`outcomes_figure` draw; :func:`score_histogram` and :func:`exercise_outcomes` return
a :class:`Picture`: the PNG and a sentence saying what it shows, for the ``alt`` text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from ...style import PALETTE
from .summary import OUTCOMES, LessonSummary

__all__ = [
    "OUTCOME_STYLE",
    "Picture",
    "histogram_figure",
    "outcomes_figure",
    "score_histogram",
    "exercise_outcomes",
]

#: colour and hatching of each outcome (blue for passed, orange and vermillion for the
#: mistakes, greys for not attempted and errors)
OUTCOME_STYLE = {
    "passed": (PALETTE["blue"], ""),
    "mistake named": (PALETTE["orange"], "//"),
    "wrong, no known mistake": (PALETTE["vermillion"], "xx"),
    "not attempted": ("#BBBBBB", ".."),
    "error": ("#555555", "\\\\"),
}


@dataclass(frozen=True)
class Picture:
    """A figure as PNG bytes, with its alt text."""

    png: bytes
    alt: str


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def _g(x: float) -> str:
    return f"{x:g}"


def _bins(lesson: LessonSummary) -> tuple[np.ndarray, np.ndarray, bool]:
    """Counts and edges of the scores: one bar per whole point when all scores are whole
    numbers, else ten bins; and whether they are whole."""
    scores = np.asarray(lesson.scores, dtype=float)
    top = max(lesson.max_score, float(scores.max()) if scores.size else 0.0)
    whole = bool(np.all(scores == np.round(scores))) and top == round(top) and top <= 40
    if whole:
        edges = np.arange(-0.5, top + 1.0, 1.0)
    else:
        edges = np.linspace(0.0, max(top, 1e-9), 11)
    counts, edges = np.histogram(scores, bins=edges)
    return counts, edges, whole


def histogram_figure(lesson: LessonSummary) -> Figure:
    """How many graded notebooks got each score."""
    counts, edges, whole = _bins(lesson)
    fig = Figure(figsize=(5.5, 2.8), layout="constrained")
    ax = fig.add_subplot()
    ax.bar(
        (edges[:-1] + edges[1:]) / 2,
        counts,
        width=np.diff(edges) * 0.9,
        color=PALETTE["blue"],
        edgecolor="#555555",
    )
    ax.set_xlabel(f"score (out of {_g(lesson.max_score)})")
    ax.set_ylabel("notebooks")
    ax.set_title(f"{lesson.lesson}: scores of {len(lesson.scores)} graded notebooks")
    if whole:
        ax.set_xticks(np.arange(0, len(counts)))
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def score_histogram(lesson: LessonSummary) -> Picture:
    """:func:`histogram_figure` as a PNG, with alt text giving every bar's count."""
    counts, edges, whole = _bins(lesson)
    if whole:
        bars = zip(range(len(counts)), counts, strict=True)
        parts = [f"{int(c)} scored {s}" for s, c in bars if c]
    else:
        bins = zip(edges[:-1], edges[1:], counts, strict=True)
        parts = [f"{int(c)} between {lo:.3g} and {hi:.3g}" for lo, hi, c in bins if c]
    alt = (
        f"Histogram of the scores in lesson {lesson.lesson} out of {_g(lesson.max_score)} "
        f"points, {len(lesson.scores)} graded notebooks: " + ("; ".join(parts) or "none") + "."
    )
    return Picture(_png(histogram_figure(lesson)), alt)


def outcomes_figure(lesson: LessonSummary) -> Figure:
    """One horizontal bar per exercise: the share of notebooks per outcome, stacked."""
    exercises = lesson.exercises
    fig = Figure(figsize=(6.5, 0.55 * len(exercises) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(exercises))[::-1]
    left = np.zeros(len(exercises))
    for name in OUTCOMES:
        shares = np.array(
            [e.outcomes[name] / e.graded if e.graded else 0.0 for e in exercises], dtype=float
        )
        colour, hatch = OUTCOME_STYLE[name]
        ax.barh(y, shares, left=left, color=colour, hatch=hatch, edgecolor="white", label=name)
        left += shares
    ax.set_yticks(y, [e.grade_id for e in exercises])
    ax.set_xlim(0, 1)
    ax.set_xticks(np.linspace(0, 1, 5), ["0 %", "25 %", "50 %", "75 %", "100 %"])
    ax.set_xlabel("share of graded notebooks")
    ax.set_ylabel("exercise")
    ax.set_title(f"{lesson.lesson}: outcome per exercise")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncols=3, fontsize="small")
    return fig


def exercise_outcomes(lesson: LessonSummary) -> Picture:
    """:func:`outcomes_figure` as a PNG, with alt text giving every exercise's counts."""
    parts = []
    for e in lesson.exercises:
        counts = ", ".join(f"{e.outcomes[n]} {n}" for n in OUTCOMES if e.outcomes[n])
        parts.append(f"{e.grade_id}: {counts or 'no graded notebook'}")
    alt = (
        f"Stacked bars of the outcome of each exercise of lesson {lesson.lesson}, out of "
        f"the graded notebooks. " + "; ".join(parts) + "."
    )
    return Picture(_png(outcomes_figure(lesson)), alt)
