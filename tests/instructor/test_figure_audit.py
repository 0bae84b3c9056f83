"""The figure audit finds what makes a figure hard to read, and is live in test kernels."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.instructor.figure_audit import audit_figure, cut_off
from helpers.style import tint


@pytest.fixture
def fig():
    figure = plt.figure(figsize=(4, 3))
    yield figure
    plt.close(figure)


def test_a_labelled_titled_figure_in_the_palette_passes(fig):
    ax = fig.subplots()
    ax.plot([0, 1], [1, 0], "C0o-", label="loss")
    ax.axhspan(0.2, 0.4, color=tint("green", 0.8))
    ax.scatter([0.5], [0.5], color="C3", marker="^")
    ax.set(xlabel="epoch", ylabel="loss", title="a title")
    assert audit_figure(fig) == []


def test_missing_labels_and_title_are_named(fig):
    ax = fig.subplots()
    ax.plot([0, 1], [1, 0])
    problems = audit_figure(fig)
    assert any("x axis has no label" in p for p in problems)
    assert any("y axis has no label" in p for p in problems)
    assert any("no title" in p for p in problems)
    fig.suptitle("one title for the figure")
    ax.set(xlabel="x", ylabel="y")
    assert audit_figure(fig) == []


def test_colours_outside_the_palette_are_named(fig):
    ax = fig.subplots()
    ax.set(xlabel="x", ylabel="y", title="t")
    ax.plot([0, 1], [0, 1], color="#1f77b4")  # matplotlib's old blue
    ax.text(0.5, 0.5, "note", bbox={"fc": "#f4a582"})  # a salmon, no tint of the palette
    problems = audit_figure(fig)
    assert any("#1f77b4" in p for p in problems)
    assert any("#f4a582" in p for p in problems)


def test_colour_maps_must_be_the_course_ones(fig):
    ax = fig.subplots()
    ax.set(xlabel="x", ylabel="y", title="t")
    grid = np.arange(16.0).reshape(4, 4)
    ax.contourf(grid, cmap="jet")
    assert any("colour map 'jet'" in p for p in audit_figure(fig))
    ax.collections[0].remove()
    lines = ax.contour(grid, cmap="viridis")
    ax.clabel(lines)  # labels drawn in the lines' colours pass with them
    ax.contour(grid, levels=[5.0], colors="k")
    assert audit_figure(fig) == []


def test_axes_without_ticks_shared_axes_and_colour_bars(fig):
    left, right = fig.subplots(1, 2, sharey=True)
    left.set(xlabel="x", ylabel="y", title="left")
    right.set(xlabel="x", title="right")  # its y axis is labelled on the left
    assert audit_figure(fig) == []
    right.set_xlabel("")
    right.set_xticks([])  # a frame around a picture, not a scale
    assert audit_figure(fig) == []
    image = left.imshow(np.eye(3), cmap="viridis")
    bar = fig.colorbar(image, ax=right)
    assert any("colour bar has no label" in p for p in audit_figure(fig))
    bar.set_label("value")
    assert audit_figure(fig) == []


def test_axis_off_diagrams_need_no_labels(fig):
    ax = fig.subplots()
    ax.set_axis_off()
    ax.text(0.5, 0.5, "x₁", color="C2")
    assert audit_figure(fig) == []


def test_a_label_outside_the_figure_is_found_on_its_edge(fig):
    ax = fig.subplots()
    ax.plot([0, 1], [1000000, 0])
    ax.set(xlabel="epoch", ylabel="a long label of the loss", title="a title")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.3)
    edges = cut_off(fig)
    assert any(e.startswith("left by ") for e in edges) and any(
        e.startswith("top by ") for e in edges
    ), edges
    assert not any(e.startswith("bottom") for e in edges), edges
    fig.subplots_adjust(left=0.3, right=0.9, top=0.8, bottom=0.3)
    assert cut_off(fig) == []


def test_the_audit_runs_in_the_kernels_the_tests_start(kernel_manager):
    """tests/conftest.py gives every kernel the tests start (nbval's too) the audit: a
    figure shown with problems prints them on stderr, where nbval sees a new output."""
    kernel_manager.start_kernel()
    client = kernel_manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        stderr = []
        client.execute_interactive(
            "import matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots()\n"
            "ax.plot([0, 1], [0, 1], color='#1f77b4')\n"
            "plt.show()\n"
            "%config InlineBackend.print_figure_kwargs = {'bbox_inches': None}\n"
            "fig, ax = plt.subplots()\n"
            "ax.set(xlabel='x', ylabel='y', title='a title')\n"
            "fig.subplots_adjust(left=0)\n"
            "plt.show()",
            timeout=60,
            output_hook=lambda msg: (
                stderr.append(msg["content"].get("text", ""))
                if msg["msg_type"] == "stream" and msg["content"]["name"] == "stderr"
                else None
            ),
        )
    finally:
        client.stop_channels()
        kernel_manager.shutdown_kernel(now=True)
    text = "".join(stderr)
    assert "figure audit:" in text
    assert "x axis has no label" in text and "#1f77b4" in text
    assert "cut off at the figure's edge (left by" in text
