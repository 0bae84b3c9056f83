"""Tests of helpers.instructor.grading.figures: PNGs in the course palette, with alt text."""

from __future__ import annotations

import io
from collections import Counter

from PIL import Image

from helpers.instructor.figure_audit import audit_figure
from helpers.instructor.grading.figures import (
    OUTCOME_STYLE,
    exercise_outcomes,
    histogram_figure,
    outcomes_figure,
    score_histogram,
)
from helpers.instructor.grading.summary import OUTCOMES, ExerciseSummary, LessonSummary
from helpers.style import PALETTE, is_course_colour


def _lesson(scores, outcomes=None) -> LessonSummary:
    ex = ExerciseSummary("l9-mul-backward", "mul_backward", 1.0)
    ex.outcomes = Counter(outcomes or {})
    ex.graded = sum(ex.outcomes.values())
    return LessonSummary("09-autodiff", 9, 5.0, list(scores), [ex])


def _colours(png: bytes) -> set[str]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {"#{:02X}{:02X}{:02X}".format(*rgb) for _, rgb in image.getcolors(1 << 20)}


def test_every_outcome_has_a_course_colour_and_its_own_hatch():
    assert list(OUTCOME_STYLE) == list(OUTCOMES)
    assert all(is_course_colour(colour) for colour, _ in OUTCOME_STYLE.values())
    assert len({colour for colour, _ in OUTCOME_STYLE.values()}) == len(OUTCOMES)
    assert len({hatch for _, hatch in OUTCOME_STYLE.values()}) == len(OUTCOMES)


def test_the_figures_pass_the_course_figure_audit():
    lesson = _lesson([0, 1, 1, 3], {"passed": 3, "mistake named": 1, "error": 1})
    assert audit_figure(histogram_figure(lesson)) == []
    assert audit_figure(outcomes_figure(lesson)) == []


def test_histogram_counts_whole_scores_in_its_alt_text():
    pic = score_histogram(_lesson([0, 1, 1, 3]))
    assert pic.png[:4] == b"\x89PNG"
    assert "out of 5 points, 4 graded notebooks: 1 scored 0; 2 scored 1; 1 scored 3." in pic.alt
    assert PALETTE["blue"].upper() in _colours(pic.png)
    assert "between 0 and 0.5" in score_histogram(_lesson([0.25, 4.5])).alt
    assert "0 graded notebooks: none." in score_histogram(_lesson([])).alt


def test_outcome_bars_say_what_they_show():
    pic = exercise_outcomes(_lesson([1], {"passed": 3, "mistake named": 1, "not attempted": 2}))
    assert "l9-mul-backward: 3 passed, 1 mistake named, 2 not attempted." in pic.alt
    assert {PALETTE["blue"].upper(), PALETTE["orange"].upper()} <= _colours(pic.png)
    assert "no graded notebook" in exercise_outcomes(_lesson([])).alt
