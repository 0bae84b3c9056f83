"""The kernel the grader runs a submission in: an IPython kernel under resource limits.

``python -m helpers.instructor.grading.kernel -f CONNECTION_FILE`` (started by
:class:`helpers.instructor.grading.run.GradeKernelManager`) sets the limits read from the
environment (``COURSE_GRADE_MAX_MEMORY`` bytes of address space,
``COURSE_GRADE_MAX_FILE`` bytes per written file; no core dumps), then starts ipykernel.
A notebook that allocates past the limit gets a MemoryError (or the kernel dies), and
the grader reports it; the grading machine is not at risk.
"""

from __future__ import annotations

import os
import sys


def set_limits() -> None:
    """Apply the resource limits given in the environment (POSIX only)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    memory = int(os.environ.get("COURSE_GRADE_MAX_MEMORY", "0"))
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    size = int(os.environ.get("COURSE_GRADE_MAX_FILE", "0"))
    if size > 0:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> None:
    """Set the limits, then run ipykernel with this process's command-line arguments."""
    set_limits()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    sys.exit(main())
