"""The slide metadata of the solution notebooks (helpers.instructor.slides)."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers.instructor import nbgrader_meta, slides

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))


def _kinds(nb) -> list[str]:
    return [cell.metadata.get("slideshow", {}).get("slide_type") for cell in nb.cells]


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_every_solution_has_sensible_slide_metadata(path):
    nb = nbformat.read(path, as_version=4)
    kinds = _kinds(nb)
    assert all(kind in slides.WRITTEN_TYPES for kind in kinds), (path.name, set(kinds))
    assert "-" not in kinds, f'{path.name}: jupyterlab-slideshow hides a cell marked "-"'
    assert kinds[0] == "slide", f"{path.name}: the title cell must start the first slide"
    assert nb.metadata.get("rise", {}).get("theme") == "white", "RISE's default theme is online"
    n_slides = kinds.count("slide")
    assert n_slides >= 5, f"{path.name}: only {n_slides} slides"
    for i, cell in enumerate(nb.cells):
        meta = nbgrader_meta.metadata(cell)
        first_line = cell.source.lstrip().split("\n", 1)[0]
        if cell.cell_type == "markdown" and first_line.startswith(("# ", "## ")):
            assert kinds[i] == "slide", f"{path.name}, cell {i + 1}: a section starts a slide"
        if meta.get("solution"):
            # a "try it" slide: the task shows before the answer, which sits below it
            # (an exercise may have two answer cells in a row)
            assert kinds[i] == "subslide", f"{path.name}, cell {i + 1}"
            task, check = i - 1, i + 1
            while nbgrader_meta.metadata(nb.cells[task]).get("solution"):
                task -= 1
            while nbgrader_meta.metadata(nb.cells[check]).get("solution"):
                check += 1
            if nb.cells[task].cell_type == "markdown":  # the task, stated just before
                assert kinds[task] == "slide", f"{path.name}, cell {task + 1}"
            assert kinds[check] == "fragment", f"{path.name}: the check follows the answer"
    visible = [k for k in kinds if k not in ("skip", "notes")]
    assert len(visible) > 0.8 * len(kinds), f"{path.name}: most cells are hidden"


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_rerunning_the_command_changes_nothing(path):
    # the drift check: the stored metadata is exactly what the rules give
    text, changes = slides.plan(path)
    assert not changes, "slide metadata out of date; run `make slide-metadata`:\n" + "\n".join(
        map(str, changes)
    )
    assert text == path.read_text(encoding="utf-8")


def test_check_mode_reports_drift_and_the_command_repairs_it(tmp_path, capsys):
    nb_path = tmp_path / SOLUTIONS[1].name
    shutil.copy(SOLUTIONS[1], nb_path)
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[2].metadata["slideshow"] = {"slide_type": "fragment"}  # a hand edit
    del nb.cells[3].metadata["slideshow"]
    nbformat.write(nb, nb_path)
    assert slides.main(["--check", str(nb_path)]) == 1
    out = capsys.readouterr().out
    assert "cell 3" in out and "'fragment' -> 'slide'" in out and "course.slide_type" in out
    assert slides.main([str(nb_path)]) == 0
    assert slides.main(["--check", str(nb_path)]) == 0
    assert nb_path.read_text(encoding="utf-8") == SOLUTIONS[1].read_text(encoding="utf-8")


def test_an_explicit_choice_in_cell_metadata_wins():
    nb = nbformat.read(SOLUTIONS[0], as_version=4)
    before = slides.slide_types(nb)
    nb.cells[2].metadata["course"] = {"slide_type": "notes"}
    after = slides.slide_types(nb)
    assert before[2] == "slide" and after[2] == "notes"


def test_a_bad_explicit_choice_is_a_clear_error(tmp_path, capsys):
    nb = nbformat.read(SOLUTIONS[0], as_version=4)
    nb.cells[4].metadata["course"] = {"slide_type": "Slide!"}
    with pytest.raises(slides.SlideMetadataError, match=r"cell 5 .*'Slide!'.*expected one of"):
        slides.slide_types(nb, "01.ipynb")
    path = tmp_path / "01.ipynb"
    nbformat.write(nb, path)
    assert slides.main(["--check", str(path)]) == 1
    assert "expected one of" in capsys.readouterr().err


def test_rules_on_a_small_notebook():
    nb = nbformat.v4.new_notebook()
    cells = nbformat.v4
    nb.cells = [
        cells.new_markdown_cell("# Title\n\nObjectives"),
        cells.new_code_cell("import numpy as np\nfrom helpers import (\n    checks,\n)"),
        cells.new_markdown_cell("## 1. Part one\n\ntext"),
        cells.new_code_cell("x = 1"),
        cells.new_markdown_cell("### A smaller part"),
        cells.new_markdown_cell("### Exercise 1\n\nWrite f."),
        cells.new_code_cell("def f():\n    pass"),
        cells.new_code_cell("checks.check_f()"),
        cells.new_code_cell('f = checks.fallback("f")'),
        cells.new_code_cell("\n".join(f"y{i} = {i}" for i in range(40))),  # taller than a screen
    ]
    nb.cells[6].metadata["nbgrader"] = {"solution": True, "grade_id": "f"}
    nb.cells[7].metadata["nbgrader"] = {"grade": True, "grade_id": "f-check", "points": 1}
    original = copy.deepcopy(nb)
    assert slides.slide_types(nb) == [
        "slide", "skip", "slide", "-", "subslide", "slide", "subslide", "fragment", "skip",
        "subslide",
    ]  # fmt: skip
    assert nb == original, "slide_types must not change the notebook"
    assert slides.apply(nb) and not slides.apply(nb), "a second run changes nothing"
    # "-" is written as JupyterLab's own "" (jupyterlab-slideshow hides a cell marked "-")
    assert (
        nb.cells[3].metadata["slideshow"] == {"slide_type": slides.CONTINUE} == {"slide_type": ""}
    )
    nb.cells[3].metadata["course"] = {"slide_type": ""}  # as the property inspector writes it
    assert slides.slide_types(nb)[3] == "-"
