"""Tests of helpers.instructor.checkout and of the builder's default folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.instructor import build_lessons as bl
from helpers.instructor import checkout

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "grading"


def test_the_checkout_is_found_from_a_subfolder(course, monkeypatch):
    monkeypatch.chdir(course / "sub" / "deeper")
    assert checkout.find_checkout() == course
    assert checkout.course_folder("solutions") == course / "solutions"
    assert checkout.course_folder("lessons") == course / "lessons"
    assert checkout.find_checkout(course / "sub") == course


def test_the_working_directory_wins_over_the_package_source(course, monkeypatch):
    monkeypatch.chdir(course)
    assert checkout.SOURCE_FOLDER != course
    assert checkout.find_checkout() == course


def test_an_editable_install_falls_back_to_its_source_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # outside any checkout; these tests import helpers from one
    assert checkout.SOURCE_FOLDER == ROOT
    assert checkout.find_checkout() == ROOT


def test_a_folder_without_pyproject_is_not_a_checkout(course, elsewhere):
    (course / "pyproject.toml").unlink()
    assert checkout.find_checkout(course / "sub") is None


@pytest.mark.parametrize("name", ["solutions", "lessons"])
def test_no_checkout_is_a_clear_error(elsewhere, name):
    with pytest.raises(checkout.NoCheckoutError) as info:
        checkout.course_folder(name)
    message = str(info.value)
    assert message.startswith(
        f"no {name}/ folder found from {elsewhere}: run from the course checkout or pass "
        f"--{name} DIR"
    )


def test_builder_defaults_to_the_checkout_found_from_a_subfolder(course, monkeypatch, capsys):
    monkeypatch.chdir(course / "sub")
    assert bl.main([]) == 0
    assert "1 lesson(s) built in lessons/; 1 file(s) changed." in capsys.readouterr().out
    built = (course / "lessons" / "fixture-network.ipynb").read_text(encoding="utf-8")
    assert built == (FIXTURES / "lessons" / "fixture-network.ipynb").read_text(encoding="utf-8")
    assert bl.main(["--check"]) == 0


def test_builder_runs_outside_a_checkout_with_explicit_folders(elsewhere, tmp_path, capsys):
    lessons = tmp_path / "out"
    argv = ["--solutions", str(FIXTURES / "solutions"), "--lessons", str(lessons)]
    assert bl.main(argv) == 0
    built = (lessons / "fixture-network.ipynb").read_text(encoding="utf-8")
    assert built == (FIXTURES / "lessons" / "fixture-network.ipynb").read_text(encoding="utf-8")
    assert bl.main(["--check", *argv]) == 0


@pytest.mark.parametrize(
    ("argv", "missing"),
    [([], "solutions"), (["--solutions", "x"], "lessons"), (["--lessons", "x"], "solutions")],
)
def test_builder_without_a_checkout_or_a_folder_says_what_to_pass(
    elsewhere, capsys, argv, missing
):
    assert bl.main(argv) == 2
    err = capsys.readouterr().err
    assert f"no {missing}/ folder found from {elsewhere}" in err
    assert f"pass --{missing} DIR" in err
    assert list(elsewhere.iterdir()) == []  # nothing written
