"""Diagrams draw into the Axes they are given and nowhere else (Agg backend)."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.collections import LineCollection

from helpers.diagrams import draw_backprop_graph, draw_fan_out, draw_network


@pytest.fixture
def axes():
    fig, (ax, other) = plt.subplots(1, 2)
    yield fig, ax, other
    plt.close(fig)


def _artists(ax):
    return [*ax.lines, *ax.texts, *ax.collections, *ax.patches]


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def _assert_only_on(fig, ax, other):
    assert len(fig.axes) == 2, "a diagram must not add Axes to the figure"
    assert not _artists(other), "a diagram must not draw on another Axes"
    assert not ax.axison, "a diagram hides its axes"


def test_draw_network(axes):
    fig, ax, other = axes
    assert draw_network(ax, [2, 16, 8, 1], ["in", "h1", "h2", "out"]) is ax
    _assert_only_on(fig, ax, other)
    (weights,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(weights.get_segments()) == 2 * 16 + 16 * 8 + 8 * 1  # one segment per weight
    units = [c for c in ax.collections if not isinstance(c, LineCollection)]
    assert sum(len(c.get_offsets()) for c in units) == 2 + 16 + 8 + 1
    texts = _texts(ax)
    assert "W₂: (8, 16)\nb₂: (8, 1)" in texts
    assert {"in", "h1", "h2", "out"} <= set(texts)


def test_draw_network_rejects_bad_input(axes):
    _, ax, _ = axes
    with pytest.raises(ValueError, match="one label per layer"):
        draw_network(ax, [2, 3, 1], ["in", "out"])
    with pytest.raises(ValueError, match="at least two layers"):
        draw_network(ax, [2], ["in"])
    with pytest.raises(ValueError, match=r"sizes\[1\] \(a layer size\) must be ≥ 1; got 0"):
        draw_network(ax, [2, 0, 1], ["a", "b", "c"])
    with pytest.raises(TypeError, match="whole number"):
        draw_network(ax, [2, True, 1], ["a", "b", "c"])


def test_draw_backprop_graph_numbers_all_twelve_steps(axes):
    fig, ax, other = axes
    assert draw_backprop_graph(ax) is ax
    _assert_only_on(fig, ax, other)
    labels = " ".join(t for t in _texts(ax) if any(ch.isdigit() for ch in t[:2]))
    numbers = {int(n) for n in labels.replace(",", " ").split() if n.isdigit()}
    assert numbers == set(range(1, 13))


def test_draw_fan_out(axes):
    fig, ax, other = axes
    assert draw_fan_out(ax, n_out=5) is ax
    _assert_only_on(fig, ax, other)
    assert len(ax.lines) == 5  # one forward path per unit of layer 2
    assert sum(t.startswith("dz₂[") for t in _texts(ax)) == 5
    with pytest.raises(ValueError, match="n_out must be ≥ 2"):
        draw_fan_out(ax, n_out=1)
