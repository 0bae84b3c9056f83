"""Shared test set-up: a non-interactive matplotlib backend for every test."""

import matplotlib

# In this process only: an MPLBACKEND variable would be inherited by the notebook
# kernels nbval starts, and under Agg their figures would not be displayed at all.
matplotlib.use("Agg")

# The grader's fixture notebooks (solutions, lessons, wrong and hostile submissions) are
# data for the tests in tests/instructor/, not notebooks for nbval.
collect_ignore_glob = ["fixtures/grading/*"]
