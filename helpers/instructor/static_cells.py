"""Make a lesson readable without a kernel: alt text for its figures, a note for its explorers.

The static slides (:mod:`helpers.instructor.export_slides`) and the static site
(:mod:`helpers.instructor.site`) both show the stored outputs of ``solutions/``. Two kinds
of output need help there:

- A figure needs alt text. It comes from the code cell's ``metadata.caption``: one
  sentence saying what the figure shows. :func:`check_captions` lists every figure
  without one, and the builds stop on it, naming the cells.
- An explorer (an ipywidgets slider panel) has no kernel to talk to, so it would show
  nothing. :class:`StaticExplorers` replaces its output with a short note; the cell
  before every explorer already shows the same figure, drawn by the same compute and draw
  functions at the explorer's default settings.
"""

from __future__ import annotations

from collections.abc import Mapping

import nbformat
from nbconvert.preprocessors import Preprocessor

__all__ = [
    "WIDGET_MIME",
    "EXPLORER_NOTE",
    "CaptionError",
    "figure_cells",
    "check_captions",
    "StaticExplorers",
]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
EXPLORER_NOTE = (
    '<p class="course-explorer-note"><strong>Interactive explorer.</strong> Its sliders '
    "need a running Python kernel: open this lesson in JupyterLab to move them. The figure "
    "above shows what it draws at its starting settings.</p>"
)


class CaptionError(ValueError):
    """Figures without a caption; the message names each cell and says how to add one."""


def _shows_image(cell: Mapping) -> bool:
    return any(
        any(mime in output.get("data", {}) for mime in IMAGE_MIMES)
        for output in cell.get("outputs", [])
    )


def figure_cells(nb: Mapping) -> list[int]:
    """Indices of the code cells of ``nb`` whose stored outputs include an image."""
    return [
        i
        for i, cell in enumerate(nb.get("cells", []))
        if cell.get("cell_type") == "code" and _shows_image(cell)
    ]


def check_captions(nb: Mapping, name: str = "notebook") -> None:
    """Raise :class:`CaptionError` unless every figure cell has a non-empty caption.

    Parameters
    ----------
    nb : Mapping
        A notebook (``nbformat`` node or plain dict) with its outputs.
    name : str
        The notebook's name, used in the message.

    Raises
    ------
    CaptionError
        Naming each figure cell (number, id, first line of code) without
        ``metadata.caption``.
    """
    missing = []
    for i in figure_cells(nb):
        cell = nb["cells"][i]
        caption = cell.get("metadata", {}).get("caption")
        if not isinstance(caption, str) or not caption.strip():
            first = cell.get("source", "").strip().split("\n", 1)[0][:60]
            ident = f" (id {cell.get('id')})" if cell.get("id") else ""
            missing.append(f"  {name}, cell {i + 1}{ident}: {first}")
    if missing:
        raise CaptionError(
            f"{len(missing)} figure(s) without alt text in {name}:\n"
            + "\n".join(missing)
            + "\nAdd a one-sentence description of what each figure shows as the cell's "
            'metadata "caption" (JupyterLab: Property Inspector, Advanced Tools, Cell '
            "Metadata), then build again."
        )


class StaticExplorers(Preprocessor):
    """An nbconvert preprocessor: each explorer's widget output becomes :data:`EXPLORER_NOTE`."""

    def preprocess_cell(self, cell, resources, index):
        """Replace the cell's widget outputs with one HTML note (other outputs are kept)."""
        if cell.get("cell_type") != "code":
            return cell, resources
        outputs = cell.get("outputs", [])
        if any(WIDGET_MIME in output.get("data", {}) for output in outputs):
            kept = [o for o in outputs if WIDGET_MIME not in o.get("data", {})]
            note = nbformat.v4.new_output("display_data", data={"text/html": EXPLORER_NOTE})
            cell.outputs = [*kept, note]
        return cell, resources
