"""The explorers' widget glue (lessons 2, 4, 5, 6, 7 and 8): the :class:`Explorer`
container, its redraw into a fixed-height PNG output, the slider helpers, and
:func:`explore_figure` for a lesson's own plot."""

from __future__ import annotations

import base64
import html
import io
import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ..validate import check_int

DPI = 100


def _display_png(png: bytes, width: int, height: int) -> dict:
    """A display_data output holding a PNG of width × height pixels."""
    return {
        "output_type": "display_data",
        "data": {"image/png": base64.b64encode(png).decode("ascii"),
                 "text/plain": "<explorer figure>"},
        "metadata": {"image/png": {"width": width, "height": height}},
    }  # fmt: skip


def _png_output(fig: Figure) -> dict:
    """Render fig in full to a PNG display_data output (what the inline backend would send)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    w, h = fig.get_size_inches() * DPI
    return _display_png(buf.getvalue(), int(w), int(h))


def _png_from_canvas(canvas: FigureCanvasAgg) -> dict:
    """The canvas's pixels as they stand (after blitting) as a PNG display_data output."""
    buf = io.BytesIO()
    w, h = canvas.get_width_height()
    Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(
        buf, format="png", compress_level=1
    )
    return _display_png(buf.getvalue(), w, h)


def fixed_grid(fig: Figure, widths: list[float], wspace: float = 0.25) -> dict[str, Any]:
    """``gridspec_kw`` for ``fig.subplots``: panels of relative ``widths`` in fixed margins
    (in inches), so the axes never move between redraws; also much faster than a layout
    engine."""
    w, h = fig.get_size_inches()
    return {
        "width_ratios": widths,
        "left": 0.75 / w,
        "right": 1 - 0.2 / w,
        "bottom": 0.55 / h,
        "top": 1 - 0.35 / h,
        "wspace": wspace,
    }


def _stream_output(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


class Explorer(widgets.VBox):
    """The container an ``explore_*`` function returns; display it as a cell's last
    expression.

    Attributes
    ----------
    controls : dict setting name -> widget (sliders and menus)
    output : ipywidgets.Output of fixed height holding the figure (or an error message)
    status : ipywidgets.HTML, one line: the run's message
    run : the last result of the compute function (None if the last redraw failed)
    error : the exception of the last redraw, or None
    seconds : float, kernel time of the last redraw (compute, draw and PNG)
    blitted : bool, whether the last redraw reused the still parts of the figure

    With a ``view`` (a class, or a function of (axes, run), that makes an object like
    :class:`helpers.explorers.one_dim.View1D`: drawn on the Axes for a run, with ``key``
    and ``key_of(run)`` naming what its still parts depend on, ``artists`` the moving
    ones and ``update(run)`` moving them and returning them), the figure is drawn in full only
    when that key changes. Otherwise the still parts are restored from a cached image
    and only the moving artists are drawn on top of it (blitting), which is many times
    faster than drawing the whole figure again.
    """

    def __init__(
        self,
        controls: dict[str, widgets.Widget],
        compute: Callable[..., Any],
        draw: Callable[[Any, Any], Any] | None,
        layout: Callable[[Figure], Any],
        figsize: tuple[float, float],
        fixed: Mapping[str, Any] | None = None,
        view: Any = None,
    ) -> None:
        super().__init__()
        if draw is None and view is None:
            raise TypeError("an Explorer needs draw(axes, run) or a view to draw with.")
        self.view_class = view
        self._view: Any = None
        self._background: Any = None
        self.blitted = False
        self.controls = controls
        self.compute = compute
        self.draw = draw
        self.fixed = dict(fixed or {})
        self.run = None
        self.error: Exception | None = None
        self.seconds = float("nan")
        self.figure = Figure(figsize=figsize, dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self._layout = layout
        height = f"{int(figsize[1] * DPI) + 12}px"
        self.output = widgets.Output(
            layout=widgets.Layout(height=height, min_height=height, overflow="hidden")
        )
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        items = list(controls.values())
        for w in items:  # one width for every control, long enough for "momentum β"
            if hasattr(w, "style") and hasattr(w.style, "description_width"):
                w.style.description_width = "90px"
            w.layout.width = "320px"
        rows = [widgets.HBox(items[i : i + 3]) for i in range(0, len(items), 3)]
        self.children = [*rows, self.status, self.output]
        self.add_class("bp-explorer")
        for w in items:
            w.observe(self._on_change, names="value")
        self.update()

    def _render(self, run: Any) -> dict:
        """Draw ``run`` (in full, or only its moving parts) and return the PNG output."""
        fig = self.figure
        if self.view_class is None:
            fig.clear()
            self.draw(self._layout(fig), run)
            self.blitted = False
            return _png_output(fig)
        view = self._view
        self.blitted = view is not None and view.key_of(run) == view.key
        if self.blitted:
            self.canvas.restore_region(self._background)
        else:
            fig.clear()
            view = self.view_class(self._layout(fig), run)
            for artist in view.artists:
                artist.set_animated(True)  # left out of the full draw below
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(fig.bbox)
            self._view = view
        for artist in view.update(run):
            artist.axes.draw_artist(artist)
        return _png_from_canvas(self.canvas)

    def settings(self) -> dict[str, Any]:
        """The keyword arguments the compute function gets: widget values and fixed ones."""
        values = {k: w.value for k, w in self.controls.items()}
        values.update(self.fixed)
        return values

    def _on_change(self, change: Mapping[str, Any]) -> None:
        self.update()

    def update(self) -> None:
        """Recompute and redraw with the current widget values (called on every change)."""
        start = time.perf_counter()
        try:
            run = self.compute(**self.settings())
            out = self._render(run)
        except Exception as exc:  # shown to the learner instead of lost in the console
            self._view = None  # the next redraw starts from a clean figure
            self.error = exc
            self.run = None
            self.output.outputs = (
                _stream_output(f"Could not redraw: {type(exc).__name__}: {exc}\n"),
            )
            self.status.value = "<b style='color:#b00'>error: see the message below</b>"
        else:
            self.error = None
            self.run = run
            self.output.outputs = (out,)
            regime, message = getattr(run, "regime", None), getattr(run, "message", "")
            colour = {
                "diverging": "#b00",
                "dead units": "#b00",
                "oscillating": "#a60",
                "stuck": "#a60",
                "crawling": "#a60",
            }.get(regime, "#060")
            self.status.value = (
                f"<span style='color:{colour}'>{html.escape(message, quote=False)}</span>"
            )
        self.seconds = time.perf_counter() - start


# Each slider helper widens its range to include the starting value: a widget clamps a
# value outside [min, max], and the explorer would then silently start somewhere else
# than the static figure drawn just above it.


def lr_slider(value: float, low: float, high: float) -> widgets.FloatLogSlider:
    """A log-scale learning-rate slider from about ``low`` to ``high`` (whole decades)."""
    low, high = min(low, value), max(high, value)
    lo, hi = math.floor(math.log10(low)), math.ceil(math.log10(high))
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=lo,
        max=hi,
        step=0.05,
        description="lr",
        continuous_update=False,
        readout_format=".3g",
    )


def float_slider(
    value: float, low: float, high: float, step: float, description: str
) -> widgets.FloatSlider:
    """A slider for a number in [low, high], redrawing on release."""
    low, high = min(low, value), max(high, value)
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=False,
        readout_format=".2f",
    )


def int_slider(value: int, low: int, high: int, description: str) -> widgets.IntSlider:
    """A slider for an integer in [low, high], redrawing on release."""
    low, high = min(low, value), max(high, value)
    return widgets.IntSlider(
        value=value, min=low, max=high, description=description, continuous_update=False
    )


def dropdown(value: Any, options: Sequence[Any], description: str) -> widgets.Dropdown:
    """A menu of ``options`` (e.g. the optimizers' names) starting at ``value``."""
    return widgets.Dropdown(value=value, options=list(options), description=description)


def explore_figure(
    draw: Callable[..., Any],
    controls: Mapping[str, widgets.Widget],
    figsize: tuple[float, float] = (8.0, 3.5),
    ncols: int = 1,
    fixed: Mapping[str, Any] | None = None,
):
    """The explorers' widget glue for a lesson's own plot (any lesson).

    On every change of a control, ``draw(axes, **values)`` draws on fresh Axes (one
    Axes if ``ncols`` is 1, else an array of ``ncols``) in an output area of fixed
    height; an exception is printed there. The explorer's ``run`` is the dict of values
    last drawn.

    Parameters
    ----------
    draw : callable(axes, **values), drawing only on the Axes it is given
    controls : dict name -> ipywidgets widget (sliders: set ``continuous_update=False``
        so they redraw when released)
    figsize : (width, height) in inches; the output area is this high
    ncols : int ≥ 1, Axes side by side
    fixed : dict of further keyword arguments passed to ``draw`` unchanged

    Returns
    -------
    Explorer (an ipywidgets VBox); display it as the last expression of a cell
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function draw(axes, **values); got {draw!r}.")
    ncols = check_int(ncols, "ncols", 1, 8)
    for name, w in controls.items():
        if not isinstance(w, widgets.ValueWidget):
            raise TypeError(f"controls[{name!r}] must be an ipywidgets control like "
                            f"IntSlider; got {type(w).__name__}.")  # fmt: skip

    def compute(**values):
        return values

    def draw_values(axes, values):
        draw(axes, **values)

    return Explorer(
        dict(controls),
        compute,
        draw_values,
        lambda fig: fig.subplots(1, ncols, gridspec_kw=fixed_grid(fig, [1.0] * ncols)),
        figsize,
        fixed,
    )
