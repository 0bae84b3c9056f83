"""Tests of helpers.instructor.grading: fair scores, specific messages, no way to fool it.

All fixture submissions are graded once (two at a time) by a module-scoped fixture,
with small limits so the hostile ones finish fast.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import os
from pathlib import Path

import nbformat
import pytest

from helpers.instructor import grading
from helpers.instructor.grading import plan, reports

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "grading"
ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = FIXTURES / "solutions"
LIMITS = grading.Limits(cell_timeout=3, total_timeout=60, memory=1024**3, max_output=200_000)

_spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
make_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fixtures)

SUBMISSIONS = sorted(
    p.relative_to(FIXTURES).as_posix()
    for folder in ("gallery", "hostile", "student")
    for p in (FIXTURES / folder).glob("*.ipynb")
) + ["solutions/fixture-network.ipynb", "lessons/fixture-network.ipynb"]


def _digest(rel: str) -> str:
    return hashlib.sha256((FIXTURES / rel).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def graded():
    before = {rel: _digest(rel) for rel in SUBMISSIONS}
    results = grading.grade_many(
        [FIXTURES / rel for rel in SUBMISSIONS], SOLUTIONS, "fixture-network", LIMITS, jobs=2
    )
    after = {rel: _digest(rel) for rel in SUBMISSIONS}
    return dict(zip(SUBMISSIONS, results, strict=True)), before, after


def _by_exercise(result):
    return {e.exercise: e for e in result.exercises}


def test_fixture_files_are_up_to_date():
    for rel, text in make_fixtures.fixtures().items():
        assert (FIXTURES / rel).read_text(encoding="utf-8") == text, (
            f"{rel} is stale: run python tests/fixtures/grading/make_fixtures.py"
        )


def test_every_submission_is_left_byte_identical(graded):
    _, before, after = graded
    assert before == after


def test_every_notebook_of_the_batch_gets_a_result(graded):
    results, _, _ = graded
    assert all(r.status in ("graded", "invalid") for r in results.values())
    assert results["hostile/not-json.ipynb"].status == "invalid"
    assert results["student/complete.ipynb"].score == 7  # graded after the broken ones


@pytest.mark.parametrize("rel", ["solutions/fixture-network.ipynb", "student/complete.ipynb"])
def test_complete_answers_score_full_marks(graded, rel):
    result = graded[0][rel]
    assert (result.score, result.max_score, result.status) == (7, 7, "graded")
    assert all(e.status == "passed" for e in result.exercises)


def test_generated_lesson_scores_zero_not_attempted(graded):
    result = graded[0]["lessons/fixture-network.ipynb"]
    assert result.score == 0 and result.max_score == 7
    for e in result.exercises:
        assert e.status == "not-attempted" and "not attempted yet" in e.message


@pytest.mark.parametrize("name", sorted(make_fixtures.GALLERY))
def test_each_typical_mistake_scores_partially_with_its_diagnosis(graded, name):
    _, exercise, cause = make_fixtures.GALLERY[name]
    result = graded[0][f"gallery/{name}.ipynb"]
    lines = _by_exercise(result)
    assert 0 < result.score < result.max_score
    assert lines[exercise].points == 0 and lines[exercise].status == "failed"
    assert cause in lines[exercise].message
    assert all(e.points == e.max for gid, e in lines.items() if gid != exercise)


@pytest.mark.parametrize(
    ("name", "attacked", "expected"),
    [
        ("infinite-loop", ["l4-forward"], "timed out"),
        ("interrupt-ignored", ["l4-forward", "l4-loss", "l5-backward"], "timed out|did not stop"),
        ("memory-bomb", ["l4-forward"], "MemoryError"),
        ("eq-always-true", ["l4-forward"], "expected numbers"),
        ("hard-coded-output", ["l4-loss"], "wrong result"),
        ("reference-swap", ["l4-forward"], "reference from helpers"),
        ("kernel-exit", ["l4-forward", "l4-loss", "l5-backward"], "kernel died"),
        ("deleted-exercise", ["l4-forward"], "exercise cell l4-forward is missing"),
        ("deleted-checks", "all", "not attempted yet"),
        ("edited-checks", "all", "not attempted yet"),
        ("monkeypatched-checks", "all", "not on the grader's inputs"),
        ("forged-probe", "all", "forged"),
    ],
)
def test_hostile_submission_earns_nothing_for_what_it_attacked(graded, name, attacked, expected):
    result = graded[0][f"hostile/{name}.ipynb"]
    lines = _by_exercise(result)
    attacked = list(lines) if attacked == "all" else attacked
    assert result.status == "graded"
    for gid, e in lines.items():
        if gid in attacked:
            assert e.points == 0, (gid, e)
            assert any(text in e.message for text in expected.split("|")), (gid, e)
        else:
            assert e.points == e.max, (gid, e)


def test_kernel_exit_keeps_the_exercise_graded_before_it(graded):
    result = graded[0]["hostile/kernel-exit.ipynb"]
    assert _by_exercise(result)["l2-gradient-descent"].points == 1
    assert "kernel died" in result.message


def test_output_flood_is_cut_and_grading_completes(graded):
    result = graded[0]["hostile/output-flood.ipynb"]
    assert result.score == 7 and "output cut" in result.message


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not-json", "not a notebook"),
        ("not-a-notebook", "not a notebook"),
        ("other-lesson", "notebook of lesson fixture-other, not fixture-network"),
    ],
)
def test_unusable_submissions_score_zero_with_a_reason(graded, name, message):
    result = graded[0][f"hostile/{name}.ipynb"]
    assert result.status == "invalid" and result.score == 0 and message in result.message


def test_reports_table_json_gradescope_and_csv(graded):
    results = [graded[0][k] for k in ("gallery/missing-relu-mask.ipynb", "hostile/not-json.ipynb")]
    text = reports.table(results)
    assert "4/7" in text and "l5-backward" in text and "missing ReLU mask" in text
    data = json.loads(reports.to_json(results))
    first = data["notebooks"][0]["exercises"][0]
    assert set(first) == {"exercise", "points", "max", "status", "message", "causes"}
    assert first["causes"] == [] and first["status"] == "passed"
    backward = next(e for e in data["notebooks"][0]["exercises"] if e["exercise"] == "l5-backward")
    assert any("missing ReLU mask" in cause for cause in backward["causes"])
    gs = reports.gradescope(results)
    assert gs["score"] == 4 and {t["status"] for t in gs["tests"]} == {"passed", "failed"}
    rows = list(csv.reader(io.StringIO(reports.gradebook(results))))
    assert rows[0][:5] == ["notebook", "lesson", "status", "score", "max_score"]
    assert rows[1][3:5] == ["4", "7"] and rows[2][2] == "invalid"


def test_lesson_is_recognised_without_being_told(tmp_path):
    result = grading.grade_notebook(
        FIXTURES / "hostile" / "other-lesson.ipynb", SOLUTIONS, limits=LIMITS
    )
    assert result.lesson == "fixture-other" and result.score == 1 and result.max_score == 1


def test_a_notebook_with_malformed_cells_is_reported_not_crashed(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text(
        json.dumps(
            {"cells": [{"cell_type": "code"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        )
    )
    result = grading.grade_notebook(path, SOLUTIONS, "fixture-network", LIMITS)
    assert result.status == "invalid" and "not a notebook" in result.message


def test_a_pipe_or_a_folder_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.ipynb"
    os.mkfifo(fifo)
    (tmp_path / "folder.ipynb").mkdir()
    for path in (fifo, tmp_path / "folder.ipynb"):
        result = grading.grade_notebook(path, SOLUTIONS, "fixture-network", LIMITS)
        assert result.status == "invalid" and "not a regular file" in result.message


def test_the_lesson_is_found_from_metadata_when_no_exercise_cell_is_left(tmp_path):
    sols = plan.load_solutions(ROOT / "solutions")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    nb.metadata["course"] = {"lesson": 3}
    assert plan.identify(nb, tmp_path / "mine.ipynb", sols, None) == ("03-chain-rule", "")
    nb.metadata["course"] = {"lesson": "3"}  # not a number: the file name decides
    assert plan.identify(nb, tmp_path / "09-autodiff.ipynb", sols, None) == ("09-autodiff", "")
    found = plan.identify(nb, tmp_path / "mine.ipynb", sols, None)
    assert found[0] is None and "no exercise of any lesson" in found[1]


@pytest.mark.parametrize(("failures", "status"), [(2, "graded"), (3, "error")])
def test_a_kernel_that_does_not_start_is_tried_again(monkeypatch, failures, status):
    from helpers.instructor.grading import grade, run

    calls = []

    def flaky_run(*args, **kwargs):
        calls.append(1)
        if len(calls) <= failures:
            raise run.KernelStartError("RuntimeError: Kernel died before replying to kernel_info")
        return run.Run()

    monkeypatch.setattr(grade, "run", flaky_run)
    monkeypatch.setattr(grade.time, "sleep", lambda s: None)
    result = grading.grade_notebook(FIXTURES / "student" / "complete.ipynb", SOLUTIONS)
    assert result.status == status and len(calls) == min(failures + 1, grade.KERNEL_STARTS)
    if status == "error":
        assert "grading failed: KernelStartError" in result.message
