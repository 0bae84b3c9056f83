"""Tests of helpers.instructor.build_lessons: lessons/ made from solutions/, never drifting."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import nbformat
import pytest
import shipped
from nbclient import NotebookClient

from helpers.instructor import build_lessons as bl
from helpers.instructor import build_record as br

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "grading"
SOLUTION = FIXTURES / "solutions" / "fixture-network.ipynb"
MARKERS = (bl.BEGIN_SOLUTION, bl.END_SOLUTION, bl.BEGIN_HIDDEN, bl.END_HIDDEN)


def _meta(solution=False, grade=False, grade_id="x", points=None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _write(folder: Path, name: str, cells) -> Path:
    nb = nbformat.v4.new_notebook(cells=cells)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(nb, path)
    return path


def test_lessons_folder_equals_a_fresh_build_of_solutions():
    edited = shipped.edited()  # a learner's work in their clone (CI=true: none allowed)
    assert not (edited and shipped.IN_CI), f"lessons/ holds edited lessons {edited}"
    names = [n for n in bl.stale(ROOT / "solutions", ROOT / "lessons") if n not in edited]
    assert names == [], f"lessons/ is out of date for {names}: run `make lessons`."
    # an edited lesson cannot be compared, but what was shipped can: a fresh build of its
    # solution must be what the build record says the builder wrote
    record = br.read(ROOT / "lessons")
    fresh = {n: br.digest(bl.lesson_text(ROOT / "solutions" / n)) for n in edited}
    behind = [n for n, d in fresh.items() if record.get(n) != d]
    assert behind == [], f"lessons/ was shipped out of date for {behind}"


def test_fixture_lesson_equals_a_fresh_build():
    assert bl.stale(FIXTURES / "solutions", FIXTURES / "lessons") == []


def test_build_is_byte_for_byte_reproducible_and_leaves_sources_alone(tmp_path):
    before = SOLUTION.read_bytes()
    bl.build(FIXTURES / "solutions", tmp_path / "a")
    bl.build(FIXTURES / "solutions", tmp_path / "b")
    a = (tmp_path / "a" / SOLUTION.name).read_bytes()
    assert a == (tmp_path / "b" / SOLUTION.name).read_bytes()
    assert a.endswith(b"}\n") and b'\n "cells": [\n  {\n' in a
    assert SOLUTION.read_bytes() == before
    assert bl.build(FIXTURES / "solutions", tmp_path / "a").changed == []  # nothing to change


def test_lesson_blanks_solutions_hides_tests_and_clears_outputs():
    source = nbformat.read(SOLUTION, as_version=4)
    source.cells[3].outputs = [nbformat.v4.new_output("stream", text="old output\n")]
    source.cells[3].execution_count = 7
    lesson = bl.make_lesson(source, SOLUTION.name)
    assert [c.cell_type for c in lesson.cells] == [c.cell_type for c in source.cells]
    assert [c.id for c in lesson.cells] == [c.id for c in source.cells]
    for src, out in zip(source.cells, lesson.cells, strict=True):
        meta = src.metadata.get("nbgrader", {})
        assert not any(m in out.source for m in MARKERS)
        if src.cell_type == "code":
            assert out.outputs == [] and out.execution_count is None
        tags = out.metadata.get("tags", [])
        if meta.get("solution") or meta.get("grade"):
            assert bl.ALLOW_ERRORS_TAG in tags
            assert out.metadata["nbgrader"] == meta  # nbgrader metadata kept
        else:
            assert bl.ALLOW_ERRORS_TAG not in tags
            assert out.source == src.source
    backward = lesson.cells[15].source.split("\n")
    assert "    # YOUR CODE HERE" in backward and "    raise NotImplementedError()" in backward
    assert backward[-1].startswith("    return {")  # code after the region is kept
    assert lesson.cells[8].source == "checks.check_forward(forward)"  # hidden tests removed
    assert lesson.metadata == source.metadata


def test_solution_cell_without_markers_is_replaced_whole():
    cell = nbformat.v4.new_code_cell("x = 42", metadata=_meta(solution=True))
    lesson = bl.make_lesson(nbformat.v4.new_notebook(cells=[cell]), "n.ipynb")
    assert lesson.cells[0].source == "# YOUR CODE HERE\nraise NotImplementedError()"


def test_missing_cell_ids_are_derived_deterministically():
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("1"), nbformat.v4.new_code_cell("2")]
    )
    for cell in nb.cells:
        del cell["id"]
    nb.nbformat_minor = 4
    a = bl.make_lesson(copy.deepcopy(nb), "n.ipynb")
    b = bl.make_lesson(copy.deepcopy(nb), "n.ipynb")
    ids = [c.id for c in a.cells]
    assert ids == [c.id for c in b.cells] and len(set(ids)) == 2
    nbformat.validate(a)


def _region(body: str) -> str:
    return f"def f():\n    ### {bl.BEGIN_SOLUTION}\n{body}    ### {bl.END_SOLUTION}\n"


@pytest.mark.parametrize(
    ("source", "meta", "expected"),
    [
        (f"def f():\n    ### {bl.BEGIN_SOLUTION}\n    return 1\n", _meta(True), "line 2"),
        (_region(f"    ### {bl.BEGIN_SOLUTION}\n"), _meta(True), "nested"),
        (f"x = 1\n### {bl.END_SOLUTION}\n", _meta(True), "line 2"),
        (_region("    return 1\n"), {}, "without nbgrader metadata 'solution: true'"),
        (f"### {bl.BEGIN_HIDDEN}\nassert 1\n### {bl.END_HIDDEN}\n", _meta(), "hidden-tests"),
        (f"### {bl.BEGIN_HIDDEN}\nassert 1\n", _meta(grade=True, points=1), "never closed"),
    ],
    ids=[
        "unclosed",
        "nested",
        "end-without-begin",
        "no-metadata",
        "hidden-in-non-grade",
        "hidden-unclosed",
    ],
)
def test_malformed_markers_stop_the_build_naming_notebook_cell_and_line(
    tmp_path, source, meta, expected
):
    cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell(source, metadata=meta),
    ]
    _write(tmp_path / "solutions", "07-broken.ipynb", cells)
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "keep.txt").write_text("untouched")
    with pytest.raises(bl.MarkerError) as info:
        bl.build(tmp_path / "solutions", tmp_path / "lessons")
    message = str(info.value)
    assert "07-broken.ipynb, cell 2" in message and expected in message
    assert [p.name for p in (tmp_path / "lessons").iterdir()] == ["keep.txt"]
    assert (
        bl.main(
            ["--solutions", str(tmp_path / "solutions"), "--lessons", str(tmp_path / "lessons")]
        )
        == 1
    )


def test_empty_solutions_folder_builds_nothing(tmp_path, capsys):
    (tmp_path / "solutions").mkdir()
    assert (
        bl.main(
            ["--solutions", str(tmp_path / "solutions"), "--lessons", str(tmp_path / "lessons")]
        )
        == 0
    )
    assert list((tmp_path / "lessons").iterdir()) == []  # not even a build record
    assert "0 lesson(s)" in capsys.readouterr().out


def test_check_mode_reports_stale_and_orphaned_lessons(tmp_path, capsys):
    sol, les = tmp_path / "solutions", tmp_path / "lessons"
    _write(sol, "01-a.ipynb", [nbformat.v4.new_code_cell("x = 1")])
    bl.build(sol, les)
    assert bl.main(["--check", "--solutions", str(sol), "--lessons", str(les)]) == 0
    (les / "01-a.ipynb").write_text((les / "01-a.ipynb").read_text().replace("x = 1", "x = 2"))
    _write(les, "99-orphan.ipynb", [])
    assert bl.stale(sol, les) == ["01-a.ipynb", "99-orphan.ipynb"]
    assert bl.main(["--check", "--solutions", str(sol), "--lessons", str(les)]) == 1
    assert "out of date: lessons/01-a.ipynb" in capsys.readouterr().out
    (les / "99-orphan.ipynb").unlink()
    bl.build(sol, les, force=True)  # 01-a.ipynb was edited by hand
    assert bl.stale(sol, les) == []


def _without_allow_errors_tag(metadata) -> dict:
    meta = copy.deepcopy(dict(metadata))
    tags = [t for t in meta.pop("tags", []) if t != bl.ALLOW_ERRORS_TAG]
    if tags:
        meta["tags"] = tags
    return meta


@pytest.mark.parametrize(
    "solution",
    [SOLUTION, *sorted((ROOT / "solutions").glob("*.ipynb"))[-1:]],
    ids=lambda p: p.name,
)
def test_same_result_as_nbgraders_own_clear_solutions(solution):
    if os.environ.get("CI") != "true":
        pytest.importorskip(
            "nbgrader", reason="nbgrader is an optional test tool: pip install '.[nbgrader]'"
        )
    from nbgrader.preprocessors import ClearHiddenTests, ClearOutput, ClearSolutions

    source = nbformat.read(solution, as_version=4)
    theirs = copy.deepcopy(source)
    for pre in (ClearSolutions(), ClearHiddenTests(), ClearOutput()):
        theirs, _ = pre.preprocess(theirs, {})
    ours = bl.make_lesson(source, solution.name)
    assert len(ours.cells) == len(theirs.cells)
    for a, b in zip(ours.cells, theirs.cells, strict=True):
        assert a.source == b.source
        assert a.get("outputs") == b.get("outputs")
        # the builder adds the raises-exception tag where a solution lacks it (the course's
        # solutions carry it already, the fixture's do not); nbgrader keeps what is there
        a_meta, b_meta = (_without_allow_errors_tag(c.metadata) for c in (a, b))
        # nbclient's run timestamps are not kept in lessons (nbgrader's ClearOutput keeps them)
        b_meta.pop("execution", None)
        assert a_meta == b_meta


def test_fresh_lesson_runs_top_to_bottom_with_errors_only_in_exercise_cells(
    tmp_path, kernel_manager
):
    # The course's own lessons get the same run in tests/test_notebooks.py.
    nb = nbformat.read(FIXTURES / "lessons" / SOLUTION.name, as_version=4)
    # allow_errors=False: any error outside a cell tagged raises-exception stops the run.
    NotebookClient(
        nb, timeout=120, km=kernel_manager, resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if errors:
            assert "nbgrader" in cell.metadata
            assert bl.ALLOW_ERRORS_TAG in cell.metadata["tags"]
            if cell.metadata["nbgrader"].get("grade"):
                assert "not attempted yet" in errors[0].evalue
