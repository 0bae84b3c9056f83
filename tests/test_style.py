"""The course palette: its colours, tints and the check every figure is held to."""

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.colors import to_rgb

import helpers  # noqa: F401 - importing helpers applies the course style
from helpers.style import (
    CLASS_STYLE,
    COURSE_RC,
    CYCLE,
    PALETTE,
    is_course_colour,
    tint,
    use_course_style,
)


def test_the_cycle_is_the_palette_and_importing_helpers_sets_it():
    assert set(CYCLE) == set(PALETTE.values()) and len(CYCLE) == 8
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == list(CYCLE)
    mpl.rcParams["axes.prop_cycle"] = mpl.cycler(color=["#1f77b4"])
    use_course_style()
    assert mpl.rcParams["axes.prop_cycle"] == COURSE_RC["axes.prop_cycle"]


def test_classes_differ_in_colour_and_in_marker():
    assert CLASS_STYLE[0]["color"] != CLASS_STYLE[1]["color"]
    assert CLASS_STYLE[0]["marker"] != CLASS_STYLE[1]["marker"]


def test_tint_mixes_with_white():
    assert tint("blue", 0.0).lower() == PALETTE["blue"].lower()
    assert tint("blue", 1.0) == "#ffffff"
    np.testing.assert_allclose(to_rgb(tint("#000000", 0.5)), [0.5, 0.5, 0.5], atol=1 / 255)
    with pytest.raises(ValueError, match="between 0"):
        tint("blue", 1.5)


@pytest.mark.parametrize("colour", [*PALETTE.values(), "k", "w", "0.6", "C0", "C7"])
def test_palette_colours_and_greys_pass(colour):
    assert is_course_colour(colour)


@pytest.mark.parametrize("name", list(PALETTE))
@pytest.mark.parametrize("amount", [0.2, 0.5, 0.85])
def test_tints_of_the_palette_pass(name, amount):
    assert is_course_colour(tint(name, amount))


# matplotlib's old default blue and red, pure red and green, and colours near the palette
@pytest.mark.parametrize(
    "colour", ["#1f77b4", "#d62728", "r", "g", "#00ff00", "#7f3fbf", (0.2, 0.4, 0.1, 0.5)]
)
def test_other_colours_fail(colour):
    assert not is_course_colour(colour)
