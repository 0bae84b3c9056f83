"""Tests of helpers.instructor.grading.store: a result is reused only when nothing changed."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest
from class_support import graded

from helpers.instructor.grading import Limits
from helpers.instructor.grading.store import ResultStore, file_digest, grader_version

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "grading"
LIMITS = Limits(cell_timeout=3)


@pytest.fixture
def stored(tmp_path):
    g = graded("alice", "03-chain-rule", {"l3-sigmoid-prime": ["missing 1/m", "wrong sign"]})
    store = ResultStore(tmp_path, "1.abc", LIMITS)
    path = store.save(g.submission, "d1", g.result)
    return store, g, path


def test_a_saved_result_comes_back_as_it_was(stored):
    store, g, path = stored
    assert path == store.folder / "alice/03-chain-rule/03-chain-rule.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["submission"] == {
        "student": "alice",
        "assignment": "03-chain-rule",
        "claimed_lesson": "03-chain-rule",
        "sha256": "d1",
        "grader": "1.abc",
        "limits": asdict(LIMITS),
        "lesson": None,
    }
    assert data["exercises"][1]["causes"] == ["missing 1/m", "wrong sign"]
    loaded = store.load(g.submission, "d1")
    assert asdict(loaded) == asdict(g.result)
    assert loaded.exercises[1].status == "failed" and loaded.status == "graded"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    assert store.load(g.submission, None) is None  # the file is unreadable now: grade it


@pytest.mark.parametrize("change", ["bytes", "grader", "limits", "lesson"])
def test_any_change_means_grading_again(stored, change):
    store, g, _ = stored
    digest = "d2" if change == "bytes" else "d1"
    other = ResultStore(
        store.folder.parent,
        "1.def" if change == "grader" else "1.abc",
        Limits(cell_timeout=4) if change == "limits" else LIMITS,
        "03-chain-rule" if change == "lesson" else None,
    )
    assert other.load(g.submission, digest) is None


def test_a_damaged_or_failed_result_is_not_reused(stored):
    store, g, path = stored
    path.write_text("{ half a file", encoding="utf-8")
    assert store.load(g.submission, "d1") is None
    data = asdict(g.result) | {"submission": json.loads("{}")}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert store.load(g.submission, "d1") is None
    failed = graded("alice", "03-chain-rule", status="error", message="kernel did not start")
    failed.result.exercises = []
    store.save(g.submission, "d1", failed.result)
    assert store.load(g.submission, "d1") is None


def test_a_moved_class_folder_still_reuses_results(stored, tmp_path):
    store, g, _ = stored
    moved = type(g.submission)(
        tmp_path / "elsewhere.ipynb", "alice", "03-chain-rule", "03-chain-rule", g.submission.key
    )
    assert store.load(moved, "d1").path == str(tmp_path / "elsewhere.ipynb")


def test_grader_version_follows_the_solutions(tmp_path):
    copy = tmp_path / "solutions"
    shutil.copytree(FIXTURES / "solutions", copy)
    before = grader_version(copy)
    assert grader_version(copy) == before and before.startswith("1.")
    nb = copy / "fixture-other.ipynb"
    nb.write_text(nb.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert grader_version(copy) != before


def test_file_digest(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_bytes(b"abc")
    assert file_digest(path) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert file_digest(tmp_path / "missing.ipynb") is None


def test_file_digest_never_blocks_on_a_pipe(tmp_path):
    fifo = tmp_path / "pipe.ipynb"
    os.mkfifo(fifo)
    assert file_digest(fifo) is None
    assert file_digest(tmp_path) is None  # a folder
