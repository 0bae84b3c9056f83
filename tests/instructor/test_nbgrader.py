"""nbgrader itself on the course's solutions/: its student version runs past unfinished
exercises, and ``nbgrader validate`` shows the check's diagnosis, not only "run it again".

These run nbgrader's own command line (the ``nbgrader`` extra; CI installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import shipped

from helpers.instructor.build_lessons import ALLOW_ERRORS_TAG

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
BIN = Path(sys.executable).parent  # nbgrader calls alembic from PATH


def _nbgrader(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    if os.environ.get("CI") != "true":
        pytest.importorskip(
            "nbgrader", reason="nbgrader is an optional test tool: pip install '.[nbgrader]'"
        )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(BIN / "nbgrader"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    """nbgrader generate_assignment run on every solution notebook, unchanged."""
    root = tmp_path_factory.mktemp("nbgrader-course")
    source = root / "source" / "course"
    source.mkdir(parents=True)
    for path in SOLUTIONS:
        shutil.copy(path, source)
    done = _nbgrader(
        "generate_assignment",
        "course",
        "--CourseDirectory.root=.",
        f"--db=sqlite:///{root / 'gradebook.db'}",
        cwd=root,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "release" / "course"


def _graded(nb):
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("solution") or meta.get("grade")):
            yield cell


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_nbgraders_student_version_has_the_tags_and_our_sources(release, solution):
    theirs = nbformat.read(release / solution.name, as_version=4)
    ours = nbformat.read(shipped.lesson(solution.name), as_version=4)
    cells = list(_graded(theirs))
    assert cells, f"{solution.name}: nbgrader found no exercise or check cell"
    for cell in cells:
        # so that JupyterLab's Run All goes on past an unfinished exercise
        assert ALLOW_ERRORS_TAG in cell.metadata.get("tags", []), cell.source[:60]
    assert [c.source for c in theirs.cells] == [c.source for c in ours.cells]


def test_nbgrader_validate_shows_the_diagnosis(release, tmp_path):
    nb = nbformat.read(release / "01-derivatives.ipynb", as_version=4)
    (cell,) = [c for c in _graded(nb) if "def central_difference" in c.source]
    stub = "    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert stub in cell.source
    cell.source = cell.source.replace(stub, "    return (f(x + h) - f(x)) / h")
    wrong = tmp_path / "01-derivatives.ipynb"
    nbformat.write(nb, wrong)
    done = _nbgrader("validate", str(wrong), cwd=tmp_path)
    out = done.stdout + done.stderr
    assert "VALIDATION FAILED" in out, out
    # the one-line diagnosis travels in the exception nbgrader shows
    assert "central_difference: likely cause: forward difference" in out, out
    assert "relu_derivative: not attempted yet" in out, out
