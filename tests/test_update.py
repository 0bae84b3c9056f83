"""Tests of helpers.update (``make update``) against real git repositories on disk.

Each test makes an instructor's repository with part of the course (the README and three
real lessons), publishes it to a bare repository (the course's "GitHub"), and clones
that as a learner. The learner works, the instructor pushes changes, and the learner
runs the update; the learner's files are then checked one by one.

The merge needs nbgitpuller (the ``update`` and ``hub`` extras). Without it the merge
tests skip and say why, except under CI=true, where they fail instead. The refusals
need only git.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import shipped

from helpers import update as up

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ["01-derivatives.ipynb", "02-gradient-descent.ipynb", "03-chain-rule.ipynb"]
IN_CI = os.environ.get("CI", "").lower() == "true"
ANSWER = "def central_difference(f, x, h=1e-5):\n    return (f(x + h) - f(x - h)) / (2 * h)"


def _missing(what: list[str]) -> None:
    """Skip (locally) or fail (CI=true) naming the missing tools."""
    if what:
        reason = "the update test needs " + " and ".join(what)
        if IN_CI:
            pytest.fail(reason + "; CI=true, so this is a failure, not a skip.")
        pytest.skip(reason)


def _requirements() -> None:
    """Skip (locally) or fail (CI=true) when git or nbgitpuller is missing."""
    missing = [] if shutil.which("git") else ["git"]
    try:
        import nbgitpuller.pull  # noqa: F401
    except ImportError:
        missing.append("nbgitpuller (pip install -e '.[update]')")
    _missing(missing)


@pytest.fixture
def nbgitpuller():
    _requirements()


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch, tmp_path):
    """A git that reads no user or system configuration and knows who commits."""
    _missing([] if shutil.which("git") else ["git"])
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Course Author")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "author@example.org")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def _cell(path: Path, grade_id: str | None = None, index: int | None = None):
    nb = nbformat.read(path, as_version=4)
    if grade_id is not None:
        index = next(
            i
            for i, c in enumerate(nb.cells)
            if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
        )
    return nb, nb.cells[index]


def edit_cell(path: Path, text: str, grade_id=None, index=None, append=False) -> None:
    """Change one cell and save the notebook as JupyterLab does (nbformat, indent 1)."""
    nb, cell = _cell(path, grade_id, index)
    cell.source = cell.source + text if append else text
    nbformat.write(nb, path)


def cell_source(path: Path, grade_id=None, index=None) -> str:
    return _cell(path, grade_id, index)[1].source


@pytest.fixture
def course(tmp_path):
    """(instructor's repository, bare 'GitHub' repository, learner's clone)."""
    author = tmp_path / "author"
    (author / "lessons").mkdir(parents=True)
    (author / "helpers").mkdir()
    (author / "helpers" / "__init__.py").write_text('"""The course\'s helpers."""\n')
    shutil.copy(ROOT / "README.md", author / "README.md")
    for name in LESSONS:
        shutil.copy(shipped.lesson(name), author / "lessons" / name)
    git(author, "init", "-q", "-b", "main")
    git(author, "add", ".")
    git(author, "commit", "-q", "-m", "The course")
    bare = tmp_path / "backprop-course.git"
    git(tmp_path, "clone", "-q", "--bare", str(author), str(bare))
    git(author, "remote", "add", "origin", str(bare))
    git(author, "fetch", "-q", "origin")
    git(author, "branch", "-q", "--set-upstream-to=origin/main")
    learner = tmp_path / "learner"
    git(tmp_path, "clone", "-q", str(bare), str(learner))
    return author, bare, learner


def publish(author: Path, message: str) -> None:
    git(author, "add", "-A")
    git(author, "commit", "-q", "-m", message)
    git(author, "push", "-q", "origin", "main")


def run_update(learner: Path, capsys) -> tuple[int, str, str]:
    status = up.main([str(learner)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_notebooks_valid(folder: Path) -> None:
    for path in folder.rglob("*.ipynb"):
        if ".git" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^(<<<<<<<|=======|>>>>>>>)", text, re.M), path
        nbformat.validate(nbformat.reads(text, as_version=4))


# ------------------------------------------------------------------ merging


def test_learner_edits_survive_course_changes_to_the_same_lesson(course, nbgitpuller, capsys):
    author, _, learner = course
    lesson = Path("lessons") / LESSONS[0]
    # the learner answers exercise 1 (the lines that held the stub)
    edit_cell(learner / lesson, ANSWER, grade_id="l1-central-difference")
    # the course reworks the intro, changes the same exercise's stub, adds a lesson and
    # changes the README
    edit_cell(author / lesson, "\n\nA sentence added by the course.", index=0, append=True)
    stub = cell_source(author / lesson, grade_id="l1-central-difference")
    edit_cell(
        author / lesson,
        stub.replace("# YOUR CODE HERE", "# YOUR CODE HERE (hint: two evaluations)"),
        grade_id="l1-central-difference",
    )
    shutil.copy(ROOT / "lessons" / "04-forward.ipynb", author / "lessons" / "04-forward.ipynb")
    with (author / "README.md").open("a") as readme:
        readme.write("\nA line the course added to its README.\n")
    publish(author, "Course changes: lesson 1 intro, lesson 4, README")

    status, out, err = run_update(learner, capsys)

    assert status == 0, err
    assert cell_source(learner / lesson, grade_id="l1-central-difference") == ANSWER
    assert cell_source(learner / lesson, index=0).endswith("A sentence added by the course.")
    assert (learner / "lessons" / "04-forward.ipynb").read_bytes() == (
        author / "lessons" / "04-forward.ipynb"
    ).read_bytes()
    assert (learner / "README.md").read_text().endswith("A line the course added to its README.\n")
    assert_notebooks_valid(learner)
    assert "  new:       lessons/04-forward.ipynb" in out
    assert "  updated:   README.md" in out
    assert f"  kept:      {lesson.as_posix()}  (the course changed it too" in out
    # the learner's work is in the clone's history, and a second update changes nothing
    assert "Automatic commit by nbgitpuller" in git(learner, "log", "--format=%s")
    status, out, _ = run_update(learner, capsys)
    assert status == 0
    assert "has not changed since your last update" in out
    assert f"  kept:      {lesson.as_posix()}  (your changes)" in out
    assert cell_source(learner / lesson, grade_id="l1-central-difference") == ANSWER


@pytest.mark.parametrize("course_changed_it", [False, True], ids=["unchanged", "changed"])
def test_a_deleted_lesson_comes_back(course, nbgitpuller, capsys, course_changed_it):
    author, _, learner = course
    (learner / "lessons" / LESSONS[2]).unlink()
    if course_changed_it:
        edit_cell(author / "lessons" / LESSONS[2], "\n\nNewer.", index=0, append=True)
    else:  # a plain `git pull` would leave it deleted
        with (author / "README.md").open("a") as readme:
            readme.write("\nAnother line.\n")
    publish(author, "Lesson 3 or the README")

    status, out, err = run_update(learner, capsys)

    assert status == 0, err
    restored = learner / "lessons" / LESSONS[2]
    assert restored.read_bytes() == (author / "lessons" / LESSONS[2]).read_bytes()
    assert f"  restored:  lessons/{LESSONS[2]}  (you had deleted it)" in out
    assert_notebooks_valid(learner)


def test_a_file_both_created_is_kept_twice(course, nbgitpuller, capsys):
    author, _, learner = course
    (learner / "lessons" / "notes.md").write_text("my notes\n")
    (author / "lessons" / "notes.md").write_text("the course's notes\n")
    publish(author, "Notes for lesson 1")

    status, out, err = run_update(learner, capsys)

    assert status == 0, err
    assert (learner / "lessons" / "notes.md").read_text() == "the course's notes\n"
    moved = sorted((learner / "lessons").glob("notes__*.md"))
    assert len(moved) == 1 and re.fullmatch(r"notes__\d{14}\.md", moved[0].name)
    assert moved[0].read_text() == "my notes\n"
    assert f"  renamed:   lessons/notes.md -> lessons/{moved[0].name}" in out


def test_an_unreachable_course_changes_nothing_and_says_so(course, nbgitpuller, capsys, tmp_path):
    _, bare, learner = course
    edit_cell(learner / "lessons" / LESSONS[0], ANSWER, grade_id="l1-central-difference")
    before = (learner / "lessons" / LESSONS[0]).read_bytes()
    bare.rename(tmp_path / "moved-away.git")

    status, out, err = run_update(learner, capsys)

    assert status == 1 and out == ""
    assert err.startswith(f"error: the course's repository {bare} could not be reached")
    assert "Nothing was changed" in err and "Traceback" not in err
    assert (learner / "lessons" / LESSONS[0]).read_bytes() == before


def test_a_file_the_course_replaces_by_a_folder_is_kept_aside(course, nbgitpuller, capsys):
    author, _, learner = course
    (author / "notes.md").write_text("notes\n")
    publish(author, "Notes")
    assert run_update(learner, capsys)[0] == 0
    (learner / "notes.md").write_text("notes\nmy own line\n")
    (author / "notes.md").unlink()
    (author / "notes.md").mkdir()
    (author / "notes.md" / "week-1.md").write_text("week 1\n")
    publish(author, "Notes become a folder")

    status, out, err = run_update(learner, capsys)

    assert status == 0, err
    assert (learner / "notes.md" / "week-1.md").read_text() == "week 1\n"
    assert (learner / "notes.md~HEAD").read_text() == "notes\nmy own line\n"  # git's name
    assert "  kept:      notes.md~HEAD  (your changes)" in out


def test_a_merge_git_refuses_changes_nothing_and_says_so(course, nbgitpuller, capsys):
    author, _, learner = course
    # a file of the learner's where the course now puts a folder: git will not merge
    (learner / "lessons" / "notes").write_text("my notes\n")
    edit_cell(learner / "lessons" / LESSONS[0], ANSWER, grade_id="l1-central-difference")
    (author / "lessons" / "notes").mkdir()
    (author / "lessons" / "notes" / "week-1.md").write_text("week 1\n")
    publish(author, "Notes for week 1")

    status, out, err = run_update(learner, capsys)

    assert status == 1 and out == ""
    assert err.startswith("error: the course's changes could not be merged with yours")
    assert "Nothing was merged" in err and "Traceback" not in err
    assert not (learner / ".git" / "MERGE_HEAD").exists()
    assert (learner / "lessons" / "notes").read_text() == "my notes\n"
    assert cell_source(learner / "lessons" / LESSONS[0], grade_id="l1-central-difference") == (
        ANSWER
    )
    assert_notebooks_valid(learner)


# ------------------------------------------------------------------ refusals (git only)


def test_refuses_outside_a_git_clone(tmp_path, capsys):
    folder = tmp_path / "downloaded-zip"
    (folder / "lessons").mkdir(parents=True)
    (folder / "helpers").mkdir()
    status, out, err = run_update(folder, capsys)
    assert status == 2 and out == ""
    assert err.startswith(f"error: {folder} is not a git clone")
    assert "git clone <course URL>" in err


def test_refuses_a_clone_without_a_remote(course, capsys):
    _, _, learner = course
    git(learner, "remote", "remove", "origin")
    status, _, err = run_update(learner, capsys)
    assert status == 2
    assert "has no remote" in err and "git remote add origin <course URL>" in err


def test_refuses_a_remote_not_named_origin(course, capsys):
    _, _, learner = course
    git(learner, "remote", "rename", "origin", "course")
    status, _, err = run_update(learner, capsys)
    assert status == 2
    assert "no remote named 'origin' (it has: course)" in err
    assert "git remote rename course origin" in err


def test_refuses_a_repository_that_is_not_the_course(tmp_path, capsys):
    other = tmp_path / "dotfiles"
    (other / "course-copy" / "lessons").mkdir(parents=True)
    git(other, "init", "-q", "-b", "main")
    status, _, err = run_update(other / "course-copy", capsys)
    assert status == 2
    assert f"inside the git repository {other}, which is not a clone of the course" in err


def test_make_update_runs_this_module_with_nbgitpuller_installed():
    _missing([] if shutil.which("make") else ["make"])
    # a learner's make (no CI=true, which adds the test extras): their extras plus update
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "EXTRAS", "MAKEFLAGS")}
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "update", "VENV=/nonexistent-venv"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert dry[-1] == "/nonexistent-venv/bin/python -m helpers.update"
    install = next(line for line in dry if "pip install" in line)
    assert re.search(r"\.\[dev,update\]'$", install), install
    tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11+ (CI uses 3.11)")

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert any(r.startswith("nbgitpuller>=") for r in extras["update"])


def test_the_module_runs_as_a_script(course, capsys):
    _, _, learner = course
    git(learner, "remote", "remove", "origin")
    done = subprocess.run(
        [sys.executable, "-m", "helpers.update", str(learner)], capture_output=True, text=True
    )
    assert done.returncode == 2 and done.stderr.startswith("error: the clone")
