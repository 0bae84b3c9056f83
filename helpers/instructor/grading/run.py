"""Running the instrumented cells: a fresh, limited kernel driven by nbclient.

:func:`run` executes the cells built by :mod:`~helpers.instructor.grading.plan` in a
kernel started by :class:`GradeKernelManager` (``python -m
helpers.instructor.grading.kernel``: ipykernel under a memory and a file-size limit),
in a temporary working directory, with a per-cell and an overall time limit. The
:class:`GradingClient` keeps every cell's execute reply and every probe reply tagged
with the run's nonce, and caps the output it keeps. What went wrong with a cell (a
timeout, a dead kernel, a cell not run) is returned as a problem text; the texts that
decide a status are the constants :data:`TIMED_OUT` and :data:`KERNEL_DIED`.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from .plan import MIME

__all__ = [
    "TIMED_OUT",
    "KERNEL_DIED",
    "KERNEL_MODULE",
    "PACKAGE_PARENT",
    "KernelStartError",
    "Limits",
    "DEFAULT_LIMITS",
    "Run",
    "GradeKernelManager",
    "GradingClient",
    "output_size",
    "run",
    "responsive",
]

#: the problem texts the scoring recognises (so rewording one cannot change a status)
TIMED_OUT = "timed out"
KERNEL_DIED = "the kernel died (a crash, os._exit or the memory limit)"
#: the module the kernel is started as
KERNEL_MODULE = "helpers.instructor.grading.kernel"
#: the folder holding the ``helpers`` package, put on the kernel's PYTHONPATH
PACKAGE_PARENT = Path(__file__).resolve().parents[3]


class KernelStartError(RuntimeError):
    """The kernel did not start or answer (e.g. a port taken by another process at the same
    moment, or a machine too busy to start it in time); no cell of the submission ran."""


@dataclass(frozen=True)
class Limits:
    """What a submission may use: seconds per cell and in all, memory, output, file size."""

    cell_timeout: float = 60.0
    total_timeout: float = 600.0
    memory: int = 2 * 1024**3
    max_output: int = 1_000_000
    max_file: int = 64 * 1024**2


#: the limits used when none are given
DEFAULT_LIMITS = Limits()


@dataclass
class Run:
    """What a run left: per cell index the execute reply, the probe replies, a problem.

    Attributes
    ----------
    replies : the content of each executed cell's execute reply
    probes : the replies of the probe (tagged with the run's nonce) each cell displayed
    problems : why a cell did not run normally (timed out, the kernel died, not run)
    truncated : whether output was cut at the limit
    """

    replies: dict[int, dict] = field(default_factory=dict)
    probes: dict[int, list] = field(default_factory=dict)
    problems: dict[int, str] = field(default_factory=dict)
    truncated: bool = False


class GradeKernelManager(AsyncKernelManager):
    """Starts :mod:`helpers.instructor.grading.kernel` (ipykernel under resource limits)."""

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        return [sys.executable, "-m", KERNEL_MODULE, "-f", self.connection_file]


class GradingClient(NotebookClient):
    """nbclient that records execute replies and probe results and caps the output kept."""

    def __init__(self, nb: nbformat.NotebookNode, nonce: str, max_output: int, **kw) -> None:
        super().__init__(nb, **kw)
        self.nonce = nonce
        self.max_output = max_output
        self.kept = 0
        self.truncated = False
        self.replies: dict[int, dict] = {}
        self.probes: dict[int, list] = {}
        self.on_cell_executed = self._record_reply

    def _record_reply(self, cell, cell_index: int, execute_reply) -> None:
        if execute_reply is not None:
            self.replies[cell_index] = dict(execute_reply.get("content", {}))

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        data = content.get("data") if isinstance(content, dict) else None
        if isinstance(data, dict) and MIME in data:
            item = data[MIME]
            if isinstance(item, dict) and item.get("nonce") == self.nonce:
                self.probes.setdefault(cell_index, []).append(item.get("reply"))
            return None
        size = output_size(content)
        if self.kept + size > self.max_output:
            if not self.truncated:
                self.truncated = True
                outs.append(nbformat.v4.new_output("stream", name="stderr", text="[output cut]\n"))
            return None
        self.kept += size
        return super().output(outs, msg, display_id, cell_index)


def output_size(content) -> int:
    """Characters of one output message's content (text, data and traceback)."""
    if not isinstance(content, dict):
        return 0
    total = len(str(content.get("text", "")))
    for value in (content.get("data") or {}).values():
        total += len(value) if isinstance(value, str) else len(json.dumps(value))
    total += sum(len(str(line)) for line in content.get("traceback", []) or [])
    return total


def run(
    cells: list[nbformat.NotebookNode],
    limits: Limits,
    nonce: str,
    workdir: str,
    skip_after_timeout: dict[int, int],
) -> Run:
    """Execute the cells in a fresh kernel; return the replies, probes and per-cell problems.

    Parameters
    ----------
    cells : the instrumented cells (see :func:`~helpers.instructor.grading.plan.instrument`)
    limits : time, memory and output limits
    nonce : the run's secret; only probe replies carrying it are kept
    workdir : the kernel's working directory (and HOME)
    skip_after_timeout : maps a probe cell to its check cell, which is not run when the
        probe timed out (it would call the same function again)

    Raises
    ------
    KernelStartError
        when the kernel did not start (nothing of the submission ran: worth a retry).
    """
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    client = GradingClient(
        nb,
        nonce=nonce,
        max_output=limits.max_output,
        timeout=int(limits.cell_timeout),
        startup_timeout=60,
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": "CellTimeoutError", "evalue": "time limit", "traceback": []},
        kernel_manager_class=GradeKernelManager,
        resources={"metadata": {"path": workdir}},
        iopub_timeout=2,
    )
    env = dict(os.environ)
    env.update(
        COURSE_GRADE_MAX_MEMORY=str(limits.memory),
        COURSE_GRADE_MAX_FILE=str(limits.max_file),
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        # the memory limit counts address space: glibc reserves 64 MB of it per thread
        # for malloc arenas, which could kill a kernel at start-up under a tight limit
        MALLOC_ARENA_MAX="2",
        MPLBACKEND="Agg",
        HOME=workdir,
        PYTHONPATH=os.pathsep.join([str(PACKAGE_PARENT), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        ),
    )
    problems: dict[int, str] = {}
    deadline = time.monotonic() + limits.total_timeout
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(client.setup_kernel(env=env, cwd=workdir, **quiet))
        except Exception as exc:  # before any cell ran, so never the submission's doing
            raise KernelStartError(f"{type(exc).__name__}: {exc}") from exc
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if index in problems:  # skipped on purpose
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 1:
                problems[index] = "not run: the notebook's overall time limit was reached"
                continue
            client.timeout = max(1, int(min(limits.cell_timeout, remaining)))
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                problems[index] = KERNEL_DIED
                for later in range(index + 1, len(nb.cells)):
                    problems[later] = "not run: the kernel died in an earlier cell"
                break
            except CellTimeoutError:  # defensive: error_on_timeout makes nbclient reply instead
                problems[index] = TIMED_OUT
            reply = client.replies.get(index, {})
            if reply.get("ename") == "CellTimeoutError":
                problems[index] = f"{TIMED_OUT} after {client.timeout} s (an endless loop?)"
                if not responsive(client):  # the interrupt did not stop it: kill it now
                    for later in range(index + 1, len(nb.cells)):
                        problems[later] = "not run: the kernel did not stop after a time limit"
                    try:
                        run_sync(client.km.shutdown_kernel)(now=True)
                    except Exception:  # already gone
                        pass
                    break
                if index in skip_after_timeout:  # the check would only time out again
                    check = skip_after_timeout[index]
                    problems[check] = "not run: the function timed out on the grader's inputs"
    return Run(client.replies, client.probes, problems, client.truncated)


def responsive(client: NotebookClient, seconds: float = 3.0) -> bool:
    """Whether the kernel answers a trivial request within ``seconds`` (after an interrupt)."""

    async def wait() -> bool:
        msg_id = client.kc.execute("pass", store_history=False, silent=True)
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(client.kc.shell_channel.get_msg(timeout=left))
            except Empty:
                return False
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return True
        return False

    try:
        return run_sync(wait)()
    except Exception:  # a dead or broken kernel is not responsive
        return False
