"""Fixtures of the instructor-tool tests: a small course checkout, and no fallback one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.instructor import checkout

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "grading"


@pytest.fixture
def course(tmp_path) -> Path:
    """A course checkout in miniature: pyproject.toml, solutions/ (the fixture lesson),
    an empty lessons/ and a nested subfolder ``sub/deeper``."""
    root = tmp_path / "course"
    (root / "solutions").mkdir(parents=True)
    (root / "lessons").mkdir()
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "backprop-course"\n')
    shutil.copy(FIXTURES / "solutions" / "fixture-network.ipynb", root / "solutions")
    return root


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """The working directory is a folder outside any checkout, and helpers is treated
    as a regular (non-editable) install: no checkout can be found at all."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setattr(checkout, "SOURCE_FOLDER", tmp_path / "site-packages")
    assert checkout.find_checkout() is None
    return folder
