"""Tests of helpers.instructor.grading.collect: whose each notebook is, from the layout only."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.instructor.grading.collect import (
    claimed_lesson,
    collect,
    nothing_found,
    student_from_name,
)

LESSONS = ["01-derivatives", "03-chain-rule", "09-autodiff", "fixture-network"]


def _touch(root: Path, *rels: str) -> None:
    for rel in rels:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")


def _found(collection):
    return {(s.student, s.assignment, s.path.name, s.claimed) for s in collection.submissions}


@pytest.mark.parametrize(
    ("name", "lesson"),
    [
        ("03-chain-rule", "03-chain-rule"),
        ("alice-03-CHAIN-rule", "03-chain-rule"),
        ("lesson3", "03-chain-rule"),
        ("Lesson-09", "09-autodiff"),
        ("hw_l1_bob", "01-derivatives"),
        ("fixture-network", "fixture-network"),
        ("alice", None),
        ("bill1", None),  # the l of a name is not "lesson 1"
        ("l3vin", None),
        ("lesson5", None),  # no such lesson among those given
    ],
)
def test_claimed_lesson_reads_a_lesson_name_or_number(name, lesson):
    assert claimed_lesson(name, LESSONS) == lesson


@pytest.mark.parametrize(
    ("stem", "student"),
    [
        ("alice", "alice"),
        ("alice-03-chain-rule", "alice"),
        ("03-chain-rule_alice", "alice"),
        ("Bob Smith - lesson3", "Bob Smith"),
        ("03-chain-rule", None),
        ("lesson3", None),
        ("__", None),
    ],
)
def test_student_from_a_flat_file_name(stem, student):
    assert student_from_name(stem, LESSONS) == student


def test_nbgrader_layout_gives_student_and_assignment(tmp_path):
    _touch(
        tmp_path,
        "submitted/alice/03-chain-rule/03-chain-rule.ipynb",
        "submitted/alice/03-chain-rule/timestamp.txt",
        "submitted/alice/03-chain-rule/.ipynb_checkpoints/03-chain-rule-checkpoint.ipynb",
        "submitted/alice/ps9/work/09-autodiff.ipynb",  # a subfolder of the assignment
        "submitted/bob/03-chain-rule/my answers.ipynb",
        "submitted/bob/loose.ipynb",  # in the student's folder, no assignment
        "submitted/.hidden/03-chain-rule/03-chain-rule.ipynb",
        "submitted/stray.ipynb",
    )
    for given in (tmp_path, tmp_path / "submitted"):  # the folder holding it, or itself
        found = collect([given], LESSONS)
        assert _found(found) == {
            ("alice", "03-chain-rule", "03-chain-rule.ipynb", "03-chain-rule"),
            ("alice", "ps9", "09-autodiff.ipynb", "09-autodiff"),  # claimed by its name
            ("bob", "03-chain-rule", "my answers.ipynb", "03-chain-rule"),
            ("bob", "", "loose.ipynb", None),
        }
        assert [u.path.name for u in found.unattributed] == ["stray.ipynb"]
        assert "not in a student's folder" in found.unattributed[0].reason
    keys = {s.key for s in found.submissions}
    assert "alice/ps9/work/09-autodiff" in keys and "bob/loose" in keys and len(keys) == 4


def test_result_keys_are_safe_and_never_shared(tmp_path):
    _touch(tmp_path, "submitted/a b/x/x.ipynb", "submitted/a_b/x/x.ipynb", "submitted/é/x/x.ipynb")
    keys = [s.key for s in collect([tmp_path / "submitted"], LESSONS).submissions]
    assert len(set(keys)) == 3
    assert all(part.isascii() and " " not in part for key in keys for part in key.split("/"))


def test_flat_folder_named_by_student(tmp_path):
    _touch(
        tmp_path,
        "class/alice-03-chain-rule.ipynb",
        "class/bob.ipynb",
        "class/03-chain-rule.ipynb",
        "class/late/carol.ipynb",
        "class/notes.txt",
    )
    found = collect([tmp_path / "class"], LESSONS)
    assert _found(found) == {
        ("alice", "", "alice-03-chain-rule.ipynb", "03-chain-rule"),
        ("bob", "", "bob.ipynb", None),
    }
    reasons = {u.path.name: u.reason for u in found.unattributed}
    assert set(reasons) == {"03-chain-rule.ipynb", "carol.ipynb"}
    assert "names no student" in reasons["03-chain-rule.ipynb"]
    assert "alice-03-chain-rule.ipynb" in reasons["03-chain-rule.ipynb"]  # what to do
    assert "subfolder" in reasons["carol.ipynb"]


def test_files_on_the_command_line(tmp_path):
    _touch(tmp_path, "submitted/alice/03-chain-rule/nb.ipynb", "dave-lesson9.ipynb", "l3.ipynb")
    files = [
        tmp_path / "submitted/alice/03-chain-rule/nb.ipynb",
        tmp_path / "dave-lesson9.ipynb",
        tmp_path / "l3.ipynb",
        tmp_path / "dave-lesson9.ipynb",  # twice: listed once
    ]
    found = collect(files, LESSONS)
    assert _found(found) == {
        ("alice", "03-chain-rule", "nb.ipynb", "03-chain-rule"),
        ("dave", "", "dave-lesson9.ipynb", "09-autodiff"),
    }
    assert [u.path.name for u in found.unattributed] == ["l3.ipynb"]


def test_a_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no such file or folder: .*nowhere.*submitted/"):
        collect([tmp_path / "nowhere"], LESSONS)
    assert "submitted/<student>/<assignment>/" in nothing_found([tmp_path])


def _course_copy(home: Path, folder: str = "backprop-course", lessons=LESSONS) -> Path:
    """A learner's copy of the course as `make lessons` left it: lessons and their record."""
    from helpers.instructor import build_record

    target = home / folder / "lessons"
    target.mkdir(parents=True)
    record = {}
    for lesson in lessons:
        text = f'{{"cells": [], "lesson": "{lesson}"}}'
        (target / f"{lesson}.ipynb").write_text(text, encoding="utf-8")
        record[f"{lesson}.ipynb"] = build_record.digest(text)
    build_record.write(target, record)
    return target


def test_learners_homes_on_a_hub_give_only_the_lessons_they_saved(tmp_path):
    homes = tmp_path / "home"
    alice = _course_copy(homes / "alice")
    (alice / "03-chain-rule.ipynb").write_text('{"cells": [1]}', encoding="utf-8")  # saved
    (alice / "03-chain-rule-Copy1.ipynb").write_text("{}", encoding="utf-8")  # JupyterLab's copy
    (alice / "scratch.ipynb").write_text("{}", encoding="utf-8")  # her own notebook
    _touch(alice, "backups/2026-12-01/01-derivatives.ipynb", ".ipynb_checkpoints/x.ipynb")
    _course_copy(homes / "bob")  # opened nothing yet
    (homes / "carol").mkdir()  # no copy of the course at all
    _touch(homes, "dave/notes/01-derivatives.ipynb")  # not a copy of the course either
    found = collect([homes], LESSONS)
    assert _found(found) == {
        ("alice", "", "03-chain-rule.ipynb", "03-chain-rule"),
        ("alice", "", "03-chain-rule-Copy1.ipynb", "03-chain-rule"),
    }
    assert len({s.key for s in found.submissions}) == 2
    assert found.students == {"alice", "bob"}
    assert len(found.unopened) == 2 * len(LESSONS) - 1
    assert not found.unattributed


def test_a_hub_where_nobody_saved_anything_says_so(tmp_path):
    for name in ("alice", "bob"):
        _course_copy(tmp_path / "home" / name)
    found = collect([tmp_path / "home"], LESSONS)
    assert not found.submissions and found.students == {"alice", "bob"}
    message = nothing_found([tmp_path / "home"], found)
    assert "2 learners' copies" in message and "as handed out" in message
