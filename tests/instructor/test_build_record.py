"""Tests of helpers.instructor.build_record: `make lessons` never overwrites an edited lesson."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
import shipped

from helpers.instructor import build_lessons as bl
from helpers.instructor import build_record as br

ROOT = Path(__file__).resolve().parents[2]


def _source(folder: Path, name: str, code: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), folder / name
    )


@pytest.fixture
def built(tmp_path):
    """solutions/ with two notebooks, and lessons/ freshly built from them."""
    sol, les = tmp_path / "solutions", tmp_path / "lessons"
    _source(sol, "01-a.ipynb", "x = 1")
    _source(sol, "02-b.ipynb", "y = 2")
    bl.build(sol, les)
    return sol, les


def _edit(path: Path, old: str, new: str) -> bytes:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path.read_bytes()


def _args(sol: Path, les: Path, *more: str) -> list[str]:
    return ["--solutions", str(sol), "--lessons", str(les), *more]


def test_the_course_record_matches_its_lessons():
    record = br.read(ROOT / "lessons")
    lessons = sorted(p.name for p in (ROOT / "lessons").glob("*.ipynb"))
    assert sorted(record) == lessons, "lessons/.build-record.json is out of date: make lessons"
    # outside CI an edited lesson is a learner's work; test_build_lessons checks that a
    # fresh build of it is what the record says
    if shipped.IN_CI:
        assert br.edited(ROOT / "lessons", lessons, record) == [], "run `make lessons`"


def test_an_edited_lesson_stops_the_build_and_nothing_is_written(built, capsys):
    sol, les = built
    mine = _edit(les / "01-a.ipynb", "x = 1", "x = 'my answer'")
    _source(sol, "01-a.ipynb", "x = 10")  # the sources change under both lessons
    _source(sol, "02-b.ipynb", "y = 20")
    before_b = (les / "02-b.ipynb").read_bytes()

    with pytest.raises(bl.EditedLessonsError) as info:
        bl.build(sol, les)
    assert info.value.names == ["01-a.ipynb"]
    assert bl.main(_args(sol, les)) == 1

    err = capsys.readouterr().err
    assert "1 lesson(s) differ from what the builder last wrote" in err
    assert "\n  lessons/01-a.ipynb\n" in err and "make lessons FORCE=1" in err
    assert "Traceback" not in err
    assert (les / "01-a.ipynb").read_bytes() == mine
    assert (les / "02-b.ipynb").read_bytes() == before_b  # not even the unedited one
    assert not (les / br.BACKUP_FOLDER).exists()


def test_force_keeps_a_dated_copy_then_rebuilds(built, capsys):
    sol, les = built
    mine = _edit(les / "01-a.ipynb", "x = 1", "x = 'my answer'")
    _source(sol, "01-a.ipynb", "x = 10")

    assert bl.main(_args(sol, les, "--force")) == 0

    copies = list((les / br.BACKUP_FOLDER).glob("*/01-a.ipynb"))
    assert len(copies) == 1 and copies[0].read_bytes() == mine
    assert re.fullmatch(r"\d{4}-\d\d-\d\d_\d{6}", copies[0].parent.name)
    out = capsys.readouterr().out
    assert f"edited lesson kept as lessons/backups/{copies[0].parent.name}/01-a.ipynb" in out
    assert "x = 10" in (les / "01-a.ipynb").read_text()
    assert bl.stale(sol, les) == []
    assert br.edited(les, ["01-a.ipynb", "02-b.ipynb"], br.read(les)) == []


def test_unedited_lessons_follow_their_sources_without_force(built):
    sol, les = built
    _source(sol, "02-b.ipynb", "y = 20")
    result = bl.build(sol, les)
    assert result.changed == [les / "02-b.ipynb"] and result.backup is None
    assert "y = 20" in (les / "02-b.ipynb").read_text()


def test_an_edited_lesson_whose_source_did_not_change_is_kept(built, capsys):
    sol, les = built
    mine = _edit(les / "01-a.ipynb", "x = 1", "x = 'my answer'")
    _source(sol, "02-b.ipynb", "y = 20")
    assert bl.main(_args(sol, les)) == 0
    assert (les / "01-a.ipynb").read_bytes() == mine
    assert "y = 20" in (les / "02-b.ipynb").read_text()
    out = capsys.readouterr().out
    assert "kept as you edited it: lessons/01-a.ipynb (its source has not changed)" in out
    assert bl.stale(sol, les) == ["01-a.ipynb"]  # --check still tells the course's CI
    result = bl.build(sol, les, force=True)
    assert result.changed == [les / "01-a.ipynb"]
    assert (result.backup / "01-a.ipynb").read_bytes() == mine


def test_a_learners_own_notebook_in_lessons_is_left_alone(built, capsys):
    sol, les = built
    _source(les, "Untitled.ipynb", "my scratch work")
    assert bl.main(_args(sol, les)) == 0
    assert "my scratch work" in (les / "Untitled.ipynb").read_text()
    assert "left alone: lessons/Untitled.ipynb (not built from solutions/)" in (
        capsys.readouterr().out
    )


def test_a_lesson_whose_source_is_gone_is_removed_unless_edited(built):
    sol, les = built
    (sol / "02-b.ipynb").unlink()
    _edit(les / "01-a.ipynb", "x = 1", "x = 'mine'")
    (sol / "01-a.ipynb").unlink()
    with pytest.raises(bl.EditedLessonsError) as info:
        bl.build(sol, les)
    assert info.value.names == ["01-a.ipynb"]  # 02-b is the builder's own: fine to remove
    assert (les / "02-b.ipynb").exists()  # nothing happened
    result = bl.build(sol, les, force=True)
    assert sorted(p.name for p in result.changed) == ["01-a.ipynb", "02-b.ipynb"]
    assert not list(les.glob("*.ipynb"))
    assert (result.backup / "01-a.ipynb").exists()
    assert br.read(les) == {}


def test_lessons_without_a_record_count_as_edited_when_they_differ(built):
    sol, les = built
    (les / br.RECORD_NAME).unlink()
    _source(sol, "01-a.ipynb", "x = 10")
    with pytest.raises(bl.EditedLessonsError) as info:
        bl.build(sol, les)
    assert info.value.names == ["01-a.ipynb"]
    (les / br.RECORD_NAME).write_text("{not json")
    assert br.read(les) == {}
    with pytest.raises(bl.EditedLessonsError):
        bl.build(sol, les)


def test_crlf_line_endings_are_not_an_edit(built):
    sol, les = built
    path = les / "01-a.ipynb"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # git's core.autocrlf
    _source(sol, "01-a.ipynb", "x = 10")
    assert bl.build(sol, les).changed == [path]


def test_the_record_is_stable_and_says_what_it_is(built):
    sol, les = built
    text = (les / br.RECORD_NAME).read_text()
    data = json.loads(text)
    assert "make lessons" in data["about"]
    assert list(data["files"]) == ["01-a.ipynb", "02-b.ipynb"]
    assert all(v.startswith("sha256:") and len(v) == 71 for v in data["files"].values())
    bl.build(sol, les)
    assert (les / br.RECORD_NAME).read_text() == text


def test_backups_in_the_same_second_get_their_own_folders(tmp_path):
    (tmp_path / "a.ipynb").write_text("1")
    now = dt.datetime(2025, 3, 4, 5, 6, 7)
    first = br.back_up(tmp_path, ["a.ipynb"], now=now)
    second = br.back_up(tmp_path, ["a.ipynb"], now=now)
    assert first.name == "2025-03-04_050607" and second.name == "2025-03-04_050607-2"
    assert (second / "a.ipynb").read_text() == "1"


def test_make_lessons_force_passes_the_flag():
    if shutil.which("make") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("`make` is not installed; CI=true, so this is a failure, not a skip.")
        pytest.skip("`make` is not installed")

    def dry(*args):
        return (
            subprocess.run(
                ["make", "--no-print-directory", "-n", *args, "VENV=/nonexistent-venv"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.splitlines()[-1]
            .rstrip()
        )

    assert dry("lessons").endswith("-m helpers.instructor.build_lessons")
    assert dry("lessons", "FORCE=1").endswith("-m helpers.instructor.build_lessons --force")
