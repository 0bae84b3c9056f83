"""helpers.instructor.execute: outputs come from a real run, and a raising cell stops it."""

from __future__ import annotations

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from helpers.instructor.execute import SolutionFailedError, execute_notebook, main


def _write(path, *sources, tags=()):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    for cell, t in zip(nb.cells, tags, strict=False):
        cell.metadata["tags"] = list(t)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return path


def test_outputs_are_stored_and_the_file_keeps_nbformats_layout(tmp_path):
    path = _write(tmp_path / "a.ipynb", "import os\nprint(os.getcwd())", "6 * 7")
    execute_notebook(path)
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    assert nb.cells[0].outputs[0].text.strip() == str(tmp_path)  # ran in its own folder
    assert nb.cells[1].outputs[0].data["text/plain"] == "42"
    assert text == nbformat.writes(nb) + "\n"
    assert "widgets" not in nb.metadata


def test_a_raising_cell_stops_the_run_unless_tagged(tmp_path):
    tagged = _write(tmp_path / "ok.ipynb", "1 / 0", "'after'", tags=[["raises-exception"], []])
    execute_notebook(tagged)
    nb = nbformat.read(tagged, as_version=4)
    assert nb.cells[0].outputs[0].ename == "ZeroDivisionError"
    assert nb.cells[1].outputs[0].data["text/plain"] == "'after'"

    untagged = _write(tmp_path / "bad.ipynb", "1 / 0", "'after'")
    before = untagged.read_text(encoding="utf-8")
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        execute_notebook(untagged)
    assert untagged.read_text(encoding="utf-8") == before  # nothing half-written


def test_cli_names_a_missing_notebook(tmp_path, capsys):
    with pytest.raises(SystemExit) as err:
        main([str(tmp_path / "nope.ipynb")])
    assert err.value.code == 2
    assert "no such notebook" in capsys.readouterr().err


def test_a_solutions_check_cell_may_not_raise_even_when_tagged(tmp_path, capsys):
    path = _write(tmp_path / "sol.ipynb", "1 / 0", tags=[["raises-exception"]])
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].metadata["nbgrader"] = {"grade": True, "grade_id": "c1", "points": 1}
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(SolutionFailedError, match="cell 0 .*ZeroDivisionError"):
        execute_notebook(path)
    assert path.read_text(encoding="utf-8") == before
    assert main([str(path)]) == 1
    assert "fix the solution" in capsys.readouterr().err
