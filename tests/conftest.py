"""Shared test set-up: a non-interactive matplotlib backend, a kernel for notebooks, and
the figure audit in every kernel the tests start."""

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import matplotlib
import nbval.kernel
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from traitlets import CaselessStrEnum

# In this process only: an MPLBACKEND variable would be inherited by the notebook
# kernels nbval starts, and under Agg their figures would not be displayed at all.
matplotlib.use("Agg")

# The grader's fixture notebooks (solutions, lessons, wrong and hostile submissions) are
# data for the tests in tests/instructor/, not notebooks for nbval.
collect_ignore_glob = ["fixtures/grading/*"]

_AUDIT_STARTUP = "from helpers.instructor.figure_audit import install\n\ninstall()\n"

# Unix sockets for the tests' kernels, in one short folder (a socket path must stay under
# about 100 characters, which pytest's tmp_path does not promise)
_SOCKETS = Path(tempfile.mkdtemp(prefix="course-kernels-"))


class SocketKernelManager(KernelManager):
    """A kernel that talks to its client over Unix sockets instead of TCP ports.

    Over TCP the manager picks five free ports and the kernel binds them a moment later;
    with two test workers starting kernels, a hub, a proxy and a browser, another process
    can take one of them first, and the kernel dies with "Address already in use". A
    socket in a fresh folder of its own cannot be taken. (Windows has no such sockets, and
    keeps TCP.)
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="tcp" if os.name == "nt" else "ipc")

    def _ip_default(self) -> str:
        if self.transport != "ipc":
            return super()._ip_default()
        return str(Path(tempfile.mkdtemp(prefix="k", dir=_SOCKETS)) / "kernel")


# nbval starts its kernels with jupyter_client's KernelManager, named in its own module
nbval.kernel.KernelManager = SocketKernelManager


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
    shutil.rmtree(_SOCKETS, ignore_errors=True)


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
    return SocketKernelManager(kernel_name="python3", kernel_spec_manager=ksm)
