"""Shared test set-up: a non-interactive matplotlib backend, and a kernel for notebooks."""

import json
import sys

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
