"""Shared test set-up: a non-interactive matplotlib backend for every test."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

# The grader's fixture notebooks (solutions, lessons, wrong and hostile submissions) are
# data for tests/test_build_lessons.py and tests/test_grade.py, not notebooks for nbval.
collect_ignore_glob = ["fixtures/grading/*"]
