"""The lessons as the course ships them, for the tests that read lessons/.

In a learner's clone, lessons/ holds the learner's work: a lesson they saved differs
from what `make lessons` recorded in ``lessons/.build-record.json``. The tests are of the
course, not of the learner's answers, so where a lesson was edited they use a fresh
build of its solution instead (built once per test process into a temporary folder; the
learner's files are never touched), and warn which lessons those were. That the fresh
build is what the record says, so that the lesson shipped was up to date, is checked
in ``tests/instructor/test_build_lessons.py``.

Under CI=true an edited lesson is a failure instead: CI tests a clean clone.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
import warnings
from pathlib import Path

from helpers.instructor import build_lessons, build_record

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
SOLUTIONS = ROOT / "solutions"
IN_CI = os.environ.get("CI", "").lower() == "true"


def edited() -> list[str]:
    """The lessons in lessons/ that differ from the build record (a learner's work)."""
    record = build_record.read(LESSONS)
    names = sorted(p.name for p in LESSONS.glob("*.ipynb"))
    return build_record.edited(LESSONS, names, record)


@functools.cache
def _fresh_build() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="course-shipped-lessons-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    build_lessons.build(SOLUTIONS, folder)
    return folder


def lesson(name: str) -> Path:
    """The file of lesson ``name`` (``01-derivatives.ipynb``) as the course ships it.

    Raises
    ------
    AssertionError
        under CI=true, when lessons/ holds an edited copy of it.
    """
    if name not in edited():
        return LESSONS / name
    where = f"lessons/{name} differs from lessons/.build-record.json"
    if IN_CI:
        raise AssertionError(f"{where}: CI tests a clean clone; run `make lessons`")
    warnings.warn(
        f"{where} (your own work, left as it is): this test used a fresh build of "
        f"solutions/{name} instead",
        stacklevel=2,
    )
    return _fresh_build() / name
