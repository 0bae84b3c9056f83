"""Plot functions draw only on the Axes they are given (Agg backend)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from helpers import init_params, make_moons, train
from helpers.plots import (
    label_contours,
    log_scale,
    plot_classes,
    plot_contour_path,
    plot_decision_boundary,
    plot_loss,
)
from helpers.style import CLASS_STYLE, DIVERGING


@pytest.fixture
def axes():
    fig, (ax1, ax2) = plt.subplots(1, 2)
    yield ax1, ax2
    plt.close(fig)


def test_plot_loss_all_x_axes(axes):
    ax, other = axes
    X, Y = make_moons(40, seed=0)
    runs = {
        "full": train(init_params([2, 4, 4, 1], 0), X, Y, lr=0.5, epochs=3),
        "mini": train(init_params([2, 4, 4, 1], 0), X, Y, lr=0.5, epochs=3, batch_size=8),
    }
    for x in ["epochs", "updates", "grad_evals", "time"]:
        ax.clear()
        plot_loss(ax, runs, x=x)
        assert len(ax.lines) == 2
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["full", "mini"]
    assert len(ax.lines[1].get_xdata()) == 15  # 3 epochs × 5 mini-batches
    assert not other.lines and not other.collections
    with pytest.raises(ValueError, match="x must be one of"):
        plot_loss(ax, runs, x="steps")


def assert_classes_drawn(scatters, X, Y):
    """Class 0 then class 1, each its own points, in its palette colour and its marker."""
    markers = []
    for k, points in enumerate(scatters):
        np.testing.assert_allclose(points.get_offsets(), X[:, Y[0] == k].T)
        np.testing.assert_allclose(
            points.get_facecolors()[:, :3], [to_rgb(CLASS_STYLE[k]["color"])]
        )
        markers.append(points.get_paths()[0].vertices.shape)
    assert markers[0] != markers[1], "the classes must differ in marker, not colour alone"


def test_plot_decision_boundary(axes):
    ax, other = axes
    X, Y = make_moons(30, seed=0)
    plot_decision_boundary(ax, init_params([2, 4, 4, 1], 0), X, Y, resolution=20)
    assert len(ax.collections) >= 3  # filled contours and a scatter per class
    assert_classes_drawn(ax.collections[-2:], X, Y)
    assert not other.collections
    with pytest.raises(ValueError, match="transposed"):
        plot_decision_boundary(ax, init_params([2, 4, 4, 1], 0), X.T, Y)
    assert len(ax.figure.axes) == 2  # no colour bar unless asked for


def test_plot_decision_boundary_colours_and_colorbar(axes):
    ax, other = axes
    X, Y = make_moons(30, seed=0)
    plot_decision_boundary(ax, init_params([2, 4, 4, 1], 0), X, Y, resolution=20, colorbar=True)
    assert_classes_drawn(ax.collections[-2:], X, Y)
    shading = ax.collections[0]
    assert shading.get_cmap().name == DIVERGING.name
    assert len(ax.figure.axes) == 3
    assert ax.figure.axes[-1].get_ylabel() == "ŷ"
    shared = [ax, other]  # one colour bar beside several panels
    plot_decision_boundary(
        other, init_params([2, 4, 4, 1], 1), X, Y, resolution=20, colorbar=shared
    )
    assert len(ax.figure.axes) == 4


def test_plot_contour_path(axes):
    ax, other = axes
    path = np.array([[1.5, 1.5], [0.5, 0.8], [0.1, 0.1]])
    plot_contour_path(ax, lambda x, y: x**2 + 3 * y**2, path, label="SGD")
    np.testing.assert_allclose(ax.lines[0].get_xydata(), path)
    assert ax.get_xlim() == (-2.0, 2.0)
    assert not other.lines
    with pytest.raises(ValueError, match=r"shape \(k, 2\)"):
        plot_contour_path(ax, lambda x, y: x + y, path.T)
    with pytest.raises(ValueError, match="NumPy operations"):
        plot_contour_path(ax, lambda x, y: 1.0)


def test_plot_classes_colours_each_point_by_its_label(axes):
    ax = axes[0]
    X, Y = make_moons(40, seed=0)
    plot_classes(ax, X, Y)
    assert len(ax.collections) == 2
    assert_classes_drawn(ax.collections, X, Y)
    with pytest.raises(ValueError, match="shape"):
        plot_classes(ax, X.T, Y)


def test_label_contours_shows_f_even_on_log_levels(axes):
    ax, empty = axes
    plot_contour_path(ax, lambda x, y: np.log1p(x * x + y * y), levels=[0.5, 1.0, 1.5])
    label_contours(ax, every=1, log=True)
    labels = sorted(float(t.get_text()) for t in ax.texts)
    assert labels == [1.7, 3.5]  # expm1 of the levels 1 and 1.5, to 2 digits
    with pytest.raises(ValueError, match="no contour lines"):
        label_contours(empty)
    with pytest.raises(ValueError, match="every"):
        label_contours(ax, every=0)


def test_log_scale_labels_are_plain_text_powers_of_ten(axes):
    ax = axes[0]
    ax.plot([1, 2, 3], [1.0, 1e-2, 1e-5])
    log_scale(ax)
    ax.figure.canvas.draw()
    assert ax.get_yscale() == "log" and ax.get_xscale() == "linear"
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert "10⁻²" in labels and "10⁰" in labels, labels
    assert not any("$" in s for s in labels), "labels must not be mathtext"


def test_log_scale_short_range_labels_minor_ticks(axes):
    ax = axes[0]
    ax.plot([0, 1], [0.2, 0.6])
    log_scale(ax)
    ax.figure.canvas.draw()
    minor = [t.get_text() for t in ax.yaxis.get_minorticklabels() if t.get_text()]
    assert "2×10⁻¹" in minor and "4×10⁻¹" in minor, minor


def test_log_scale_both_and_bad_axis(axes):
    ax = axes[0]
    log_scale(ax, "both", minor=False)
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert not ax.yaxis.get_minor_locator()()  # no minor ticks: the explorers' fast form
    with pytest.raises(ValueError, match='axis must be "x", "y" or "both"'):
        log_scale(ax, "z")
