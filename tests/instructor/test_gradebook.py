"""Tests of helpers.instructor.grading.gradebook: one row per student, LMS-importable."""

from __future__ import annotations

import csv
import io

import pytest
from class_support import TASKS, graded

from helpers.instructor.grading.gradebook import columns, gradebook_csv, write_gradebook
from helpers.instructor.grading.plan import Task
from helpers.instructor.grading.roster import build_roster

L3, L9 = "03-chain-rule", "09-autodiff"


def _rows(roster) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(gradebook_csv(roster, TASKS))))


def test_columns_and_their_maximum_points():
    cols = columns([L3, L9], TASKS)
    assert [(c[0], c[3]) for c in cols] == [
        ("l3-graph-backward", 2),
        ("l3-sigmoid-prime", 2),
        (f"{L3} total", 4),
        ("l9-mul-backward", 1),
        ("l9-tanh-backward", 1),
        ("l9-reverse-sweep", 3),
        (f"{L9} total", 5),
        ("total", 9),
    ]


def test_a_grade_id_in_two_lessons_is_named_with_its_lesson():
    tasks = {"a": [Task("x", "x-check", {}, 1.0)], "b": [Task("x", "x-check", {}, 2.0)]}
    assert [c[0] for c in columns(["a", "b"], tasks)] == [
        "a x",
        "a total",
        "b x",
        "b total",
        "total",
    ]


def test_one_row_per_student_with_points_totals_and_gaps():
    roster = build_roster(
        [
            graded("alice", L3, {"l3-sigmoid-prime": "missing 1/m"}),
            graded("alice", L9, {"l9-reverse-sweep": "stub"}),
            graded("bob", None, status="invalid", claimed=L3),  # not a notebook: 0
            graded("carol", None, status="error", claimed=L9),  # the grader failed: empty
            graded("=cmd|' /C calc'!A0", L3),  # a hostile id
        ]
    )
    rows = {r["student"]: r for r in _rows(roster)}
    assert list(rows) == ["'=cmd|' /C calc'!A0", "alice", "bob", "carol"]
    assert rows["alice"] == {
        "student": "alice",
        "l3-graph-backward": "2",
        "l3-sigmoid-prime": "0",
        f"{L3} total": "2",
        "l9-mul-backward": "1",
        "l9-tanh-backward": "1",
        "l9-reverse-sweep": "0",
        f"{L9} total": "2",
        "total": "4",
    }
    bob = rows["bob"]
    assert [bob[c] for c in ("l3-graph-backward", "l3-sigmoid-prime", f"{L3} total")] == ["0"] * 3
    assert bob[f"{L9} total"] == "" and bob["total"] == "0"
    assert all(v == "" for k, v in rows["carol"].items() if k != "student")
    assert rows["'=cmd|' /C calc'!A0"]["total"] == "4"


def test_written_as_utf8_csv(tmp_path):
    roster = build_roster([graded("zoë", L3)])
    path = write_gradebook(tmp_path / "gradebook.csv", roster, TASKS)
    text = path.read_bytes().decode("utf-8")
    assert text.splitlines()[1].startswith("zoë,2,2,4,") and "\r" not in text


def test_the_id_column_can_be_named_for_the_import():
    roster = build_roster([graded("alice", L3)])
    assert gradebook_csv(roster, TASKS, "SID").startswith("SID,l3-graph-backward,")
    for bad in ("", "two\nlines", "total"):
        with pytest.raises(ValueError, match="id column"):
            gradebook_csv(roster, TASKS, bad)
