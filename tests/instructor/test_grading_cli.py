"""Tests of helpers.instructor.grading.cli: exit codes, output files, the solutions folder.

Only notebooks that are refused before a kernel starts (not JSON, another lesson) are
used, so these run fast; tests/instructor/test_grading.py grades real submissions.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers.instructor import grading
from helpers.instructor.checkout import NoCheckoutError
from helpers.instructor.grading.grade import solutions_folder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "grading"
SOLUTIONS = FIXTURES / "solutions"
NOT_JSON = str(FIXTURES / "hostile" / "not-json.ipynb")
OTHER_LESSON = str(FIXTURES / "hostile" / "other-lesson.ipynb")


def test_command_line_exit_codes_and_files(tmp_path, capsys):
    bad = [str(FIXTURES / "hostile" / n) for n in ("not-json.ipynb", "other-lesson.ipynb")]
    out_csv, out_gs = tmp_path / "book.csv", tmp_path / "results.json"
    argv = [
        *bad,
        "--solutions",
        str(SOLUTIONS),
        "--lesson",
        "fixture-network",
        "--json",
        "--csv",
        str(out_csv),
        "--gradescope",
        str(out_gs),
    ]
    assert grading.main(argv) == 0  # the submissions are bad, but grading them worked
    data = json.loads(capsys.readouterr().out)
    assert [n["status"] for n in data["notebooks"]] == ["invalid", "invalid"]
    assert out_csv.read_text().count("\n") == 3
    assert json.loads(out_gs.read_text())["score"] == 0
    assert grading.main([*bad, "--solutions", str(tmp_path / "nowhere")]) == 2
    assert grading.main([*bad, "--solutions", str(SOLUTIONS), "--lesson", "no-such"]) == 1


def test_solutions_default_to_the_checkout_found_from_a_subfolder(course, monkeypatch, capsys):
    monkeypatch.chdir(course / "sub" / "deeper")
    assert solutions_folder() == course / "solutions"
    assert grading.main([NOT_JSON, "--lesson", "fixture-network", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notebooks"][0]["status"] == "invalid"
    # fixture-other is in the fixtures' solutions/, not in this checkout's: an error
    assert grading.main([OTHER_LESSON, "--lesson", "fixture-other"]) == 1
    assert "no solution notebook fixture-other.ipynb" in capsys.readouterr().out


def test_grader_runs_outside_a_checkout_with_explicit_solutions(elsewhere, capsys):
    assert solutions_folder(SOLUTIONS) == SOLUTIONS
    assert grading.main([NOT_JSON, "--solutions", str(SOLUTIONS), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [n["status"] for n in data["notebooks"]] == ["invalid"]
    result = grading.grade_notebook(NOT_JSON, SOLUTIONS)
    assert result.status == "invalid" and "not a notebook" in result.message


def test_grader_without_a_checkout_or_solutions_says_what_to_pass(elsewhere, capsys):
    assert grading.main([NOT_JSON]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"error: no solutions/ folder found from {elsewhere}: run from the course checkout "
        "or pass --solutions DIR"
    )
    with pytest.raises(NoCheckoutError):
        solutions_folder()
    with pytest.raises(NoCheckoutError):
        grading.grade_many([NOT_JSON])


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--jobs", "0"], "--jobs must be at least 1, got 0"),
        (["--threshold", "150"], "--threshold is a percentage from 0 to 100, got 150"),
        (["--out", NOT_JSON], "is a file; give a folder"),
        (["--id-column", ""], "--id-column needs a one-line name, e.g. SID"),
    ],
)
def test_bad_options_are_usage_errors_with_a_plain_message(extra, message, capsys):
    assert grading.main([NOT_JSON, "--solutions", str(SOLUTIONS), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_inputs_that_hold_no_notebook_are_usage_errors(tmp_path, capsys):
    assert grading.main([str(tmp_path / "nowhere"), "--solutions", str(SOLUTIONS)]) == 2
    assert "error: no such file or folder" in capsys.readouterr().err
    assert grading.main([str(tmp_path), "--solutions", str(SOLUTIONS), "--out", "x"]) == 2
    err = capsys.readouterr().err
    assert "no notebooks found in" in err and "submitted/<student>/<assignment>/" in err
    assert not (tmp_path / "x").exists()


def test_a_class_of_unreadable_notebooks_still_gets_its_files(tmp_path, capsys):
    flat = tmp_path / "flat"
    flat.mkdir()
    for name in ("alice-fixture-network.ipynb", "fixture-network.ipynb"):
        (flat / name).write_bytes((FIXTURES / "hostile" / "not-json.ipynb").read_bytes())
    odd = os.fsdecode(b"\xff\xfe-fixture-network.ipynb")  # a file name that is not UTF-8
    (flat / odd).write_bytes(b"{")
    out = tmp_path / "out"
    argv = [str(flat), "--solutions", str(SOLUTIONS), "--out", str(out), "--id-column", "SID"]
    assert grading.main(argv) == 0
    printed = capsys.readouterr()
    assert "2 notebooks of 2 students" in printed.out and "[1/2] graded: " in printed.err
    assert (out / "gradebook.csv").read_text().splitlines() == [
        "SID,l2-gradient-descent,l4-forward,l4-loss,l5-backward,fixture-network total,total",
        "alice,0,0,0,0,0,0",
        "\\udcff\\udcfe,0,0,0,0,0,0",  # still one row of its own
    ]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| ungradable | alice/alice-fixture-network.ipynb | not a notebook" in report
    assert "| whose? |" in report and "names no student" in report
    assert (out / "report.html").exists()
    assert grading.main(argv) == 0  # again: nothing to grade
    assert "2 of 2 notebooks unchanged since the last run" in capsys.readouterr().err
