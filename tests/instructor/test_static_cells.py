"""Captions (alt text) and explorer notes of the static exports (static_cells)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from helpers.instructor.static_cells import (
    EXPLORER_NOTE,
    WIDGET_MIME,
    CaptionError,
    StaticExplorers,
    check_captions,
    figure_cells,
)

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_every_figure_of_the_solutions_has_a_caption(path):
    nb = nbformat.read(path, as_version=4)
    assert figure_cells(nb), f"{path.name} shows no figure"
    check_captions(nb, path.name)
    for i in figure_cells(nb):
        caption = nb.cells[i].metadata["caption"]
        assert 40 <= len(caption) <= 400 and caption.endswith("."), (path.name, i, caption)


def _figure_notebook():
    nb = nbformat.v4.new_notebook()
    image = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})
    plot = nbformat.v4.new_code_cell("plt.plot(x)\nplt.show()", outputs=[image])
    plot.id = "plot-1"
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), plot]
    return nb


def test_a_figure_without_caption_is_an_error_naming_the_cell():
    nb = _figure_notebook()
    with pytest.raises(CaptionError) as err:
        check_captions(nb, "demo.ipynb")
    message = str(err.value)
    assert "demo.ipynb, cell 2 (id plot-1): plt.plot(x)" in message
    assert 'metadata "caption"' in message
    nb.cells[1].metadata["caption"] = "   "
    with pytest.raises(CaptionError):
        check_captions(nb, "demo.ipynb")
    nb.cells[1].metadata["caption"] = "A line."
    check_captions(nb, "demo.ipynb")


def test_explorer_output_becomes_a_note_and_other_outputs_stay():
    widget = nbformat.v4.new_output(
        "execute_result", data={WIDGET_MIME: {"model_id": "abc"}, "text/plain": "Explorer(...)"}
    )
    text = nbformat.v4.new_output("stream", text="hello\n")
    cell = nbformat.v4.new_code_cell("explore()", outputs=[text, widget])
    cell, _ = StaticExplorers().preprocess_cell(cell, {}, 0)
    assert [o.output_type for o in cell.outputs] == ["stream", "display_data"]
    assert cell.outputs[1].data["text/html"] == EXPLORER_NOTE
    assert "JupyterLab" in EXPLORER_NOTE
