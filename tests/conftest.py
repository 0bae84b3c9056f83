"""Shared test set-up: a non-interactive matplotlib backend, a kernel for notebooks, and
the figure audit in every kernel the tests start."""

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import matplotlib
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

# In this process only: an MPLBACKEND variable would be inherited by the notebook
# kernels nbval starts, and under Agg their figures would not be displayed at all.
matplotlib.use("Agg")

# The grader's fixture notebooks (solutions, lessons, wrong and hostile submissions) are
# data for the tests in tests/instructor/, not notebooks for nbval.
collect_ignore_glob = ["fixtures/grading/*"]

_AUDIT_STARTUP = "from helpers.instructor.figure_audit import install\n\ninstall()\n"


def pytest_configure(config):
    """Kernels started from here on (nbval's for solutions/, and the tests' own) run an
    IPython start-up file that audits each figure they show (labels, title, palette) and
    prints its problems on stderr, so nbval reports them in the cell that drew it. Their
    IPython folder is a fresh one, so no one's own IPython profile changes a test."""
    folder = Path(tempfile.mkdtemp(prefix="course-ipython-"))
    startup = folder / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-figure-audit.py").write_text(_AUDIT_STARTUP)
    config._course_ipython_dir = folder
    os.environ["IPYTHONDIR"] = str(folder)


def pytest_unconfigure(config):
    folder = getattr(config, "_course_ipython_dir", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def kernel_manager(tmp_path, monkeypatch):
    """A kernel running this interpreter (the venv's), whatever kernels are installed."""
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel))
    # the kernel should draw inline as a learner's does, whatever the test process uses
    monkeypatch.delenv("MPLBACKEND", raising=False)
    ksm = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")], ensure_native_kernel=False)
    return KernelManager(kernel_name="python3", kernel_spec_manager=ksm)
