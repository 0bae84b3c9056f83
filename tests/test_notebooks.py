"""Checks of the course notebooks themselves (not of their outputs; nbval does those).

(a) every solution notebook has its course metadata (lesson, title, minutes), opens with
    its objectives, closes with a summary, and has at least two exercises, each followed
    by a check cell worth points;
(b) every student lesson runs top to bottom in a fresh kernel with errors only in
    exercise and check cells, and every other cell still runs;
(c) the start page links to every lesson that exists, and every link leads to a file;
(d) every solution notebook scores full marks with the course's grader.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import shipped
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

from helpers.instructor.build_lessons import ALLOW_ERRORS_TAG
from helpers.instructor.grading import grade_notebook

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
START = ROOT / "course" / "start.ipynb"


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_exercise(cell) -> bool:
    return cell.cell_type == "code" and bool(_nbgrader(cell).get("solution"))


def _is_check(cell) -> bool:
    return cell.cell_type == "code" and bool(_nbgrader(cell).get("grade"))


def _ids(paths):
    return [p.name for p in paths]


def test_there_are_notebooks():
    assert SOLUTIONS, "no solution notebooks found in solutions/"
    assert LESSONS, "no lessons found in lessons/; run `make lessons`"


# ------------------------------------------------------------------ (a) solutions


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_solution_has_course_metadata(path):
    nb = nbformat.read(path, as_version=4)
    course = nb.metadata.get("course")
    assert isinstance(course, dict), f"{path.name}: notebook metadata has no 'course' block"
    assert course.get("lesson") == int(path.name[:2]), f"{path.name}: course.lesson is wrong"
    assert isinstance(course.get("title"), str) and course["title"].strip()
    minutes = course.get("minutes")
    assert isinstance(minutes, int) and 5 <= minutes <= 180, f"{path.name}: minutes={minutes!r}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_solution_opens_with_objectives_and_closes_with_summary(path):
    nb = nbformat.read(path, as_version=4)
    first, last = nb.cells[0], nb.cells[-1]
    intro = first.source.lower()
    states_objectives = "objective" in intro or "by the end of this lesson" in intro
    assert first.cell_type == "markdown" and states_objectives, (
        f"{path.name}: the first cell should state the lesson's objectives"
    )
    assert "minutes" in intro, f"{path.name}: the first cell should give the estimated time"
    assert first.source.lstrip().startswith("# "), f"{path.name}: the first cell needs a title"
    assert last.cell_type == "markdown" and "summary" in last.source.lower(), (
        f"{path.name}: the last cell should be the summary"
    )


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_solution_exercises_are_followed_by_checks_with_points(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    exercises = [i for i, c in enumerate(code) if _is_exercise(c)]
    assert len(exercises) >= 2, f"{path.name}: {len(exercises)} exercise(s); at least 2 expected"
    for i in exercises:
        grade_id = _nbgrader(code[i])["grade_id"]
        assert i + 1 < len(code), f"{path.name}: exercise {grade_id} is the last code cell"
        check = code[i + 1]
        meta = _nbgrader(check)
        assert _is_check(check), f"{path.name}: the cell after {grade_id} is not a check cell"
        assert meta.get("grade_id") == grade_id + "-check", (
            f"{path.name}: check after {grade_id} has grade_id {meta.get('grade_id')!r}"
        )
        assert meta.get("locked") is True
        points = meta.get("points")
        assert isinstance(points, (int, float)) and points > 0, (
            f"{path.name}: check {meta.get('grade_id')} has points={points!r}"
        )


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_solution_exercise_and_check_cells_carry_the_raises_exception_tag(path):
    # in solutions/ itself, so nbgrader's generate_assignment gives it to students too
    nb = nbformat.read(path, as_version=4)
    untagged = [
        c.get("id")
        for c in nb.cells
        if (_is_exercise(c) or _is_check(c)) and ALLOW_ERRORS_TAG not in c.metadata.get("tags", [])
    ]
    assert not untagged, f"{path.name}: cells {untagged} lack the {ALLOW_ERRORS_TAG!r} tag"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_solution_markdown_is_locked_and_grade_ids_are_unique(path):
    nb = nbformat.read(path, as_version=4)
    grade_ids = [_nbgrader(c).get("grade_id") for c in nb.cells if _nbgrader(c)]
    duplicates = {g for g in grade_ids if grade_ids.count(g) > 1}
    assert not duplicates, f"{path.name}: duplicate grade_ids {sorted(duplicates)}"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert _nbgrader(cell).get("locked") is True, (
                f"{path.name}: markdown cell {cell.get('id')} is not locked"
            )


# ------------------------------------------------------------------ (b) lessons


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_lesson_runs_with_errors_only_at_exercises(path, kernel_manager):
    nb = nbformat.read(shipped.lesson(path.name), as_version=4)  # not a learner's edits
    client = NotebookClient(
        nb,
        km=kernel_manager,
        timeout=120,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    seen_exercise = False
    for n, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if _is_exercise(cell) or _is_check(cell):
            seen_exercise = seen_exercise or _is_exercise(cell)
            # tagged so that JupyterLab's Run All goes on past it
            assert ALLOW_ERRORS_TAG in cell.metadata.get("tags", []), cell.get("id")
            if errors and _is_check(cell):
                assert "not attempted yet" in errors[0].evalue, errors[0].evalue
            continue
        where = f"{path.name}, cell {n} ({cell.get('id')})"
        assert cell.execution_count is not None, f"{where} did not run"
        assert not errors, f"{where} raised {errors[0].ename}: {errors[0].evalue}"
    assert seen_exercise, f"{path.name} has no exercise cell"


# ------------------------------------------------------------------ (c) start page

LINK = re.compile(r"\]\((\.\./lessons/[^)\s]+\.ipynb)\)")


def _start_links() -> list[str]:
    nb = nbformat.read(START, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return LINK.findall(text)


def test_start_page_links_every_lesson():
    linked = {Path(link).name for link in _start_links()}
    missing = [p.name for p in LESSONS if p.name not in linked]
    assert not missing, f"course/start.ipynb does not link {missing}"


def test_start_page_links_lead_to_files():
    links = _start_links()
    assert links, "course/start.ipynb links no lesson"
    broken = [link for link in links if not (START.parent / link).resolve().is_file()]
    assert not broken, f"course/start.ipynb has broken links: {broken}"


ROW = re.compile(r"\]\(\.\./lessons/([^)\s]+\.ipynb)\).*\|\s*~?(\d+)\s*min\s*\|", re.MULTILINE)


def test_start_page_times_match_the_notebooks():
    nb = nbformat.read(START, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    rows = ROW.findall(text)
    assert rows, "course/start.ipynb gives no time for any linked lesson"
    for name, minutes in rows:
        solution = ROOT / "solutions" / name
        if solution.is_file():
            course = nbformat.read(solution, as_version=4).metadata.get("course", {})
            assert int(minutes) == course.get("minutes"), (
                f"course/start.ipynb says {minutes} min for {name}; its metadata says "
                f"{course.get('minutes')}"
            )


# ------------------------------------------------------------------ (d) grader


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_solution_scores_full_marks(path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.read(path, as_version=4)
    points = sum(_nbgrader(c).get("points", 0) for c in nb.cells if _is_check(c))
    result = grade_notebook(path, ROOT / "solutions")
    assert result.status == "graded", f"{path.name}: {result.status}: {result.message}"
    lost = [(e.exercise, e.points, e.max, e.message) for e in result.exercises if e.points < e.max]
    assert result.score == result.max_score == points, f"{path.name}: {lost}"


@pytest.mark.parametrize(
    "path",
    [*SOLUTIONS, *LESSONS, ROOT / "course" / "start.ipynb"],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_notebook_kernelspec_matches_the_installed_kernel(path):
    # JupyterLab rewrites a differing display_name when it starts the kernel, so a
    # learner would see a freshly opened lesson marked "modified" and be asked to save.
    installed = KernelSpecManager().get_kernel_spec("python3")
    spec = nbformat.read(path, as_version=4).metadata.kernelspec
    assert (spec.name, spec.display_name) == ("python3", installed.display_name)
