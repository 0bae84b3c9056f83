"""The per-notebook results in an output folder, and what makes a re-run skip a notebook.

Each submission's result is written as it is graded, to
``<out>/notebooks/<key>.json`` (``key`` from :mod:`.collect`, e.g.
``alice/03-chain-rule/03-chain-rule.json``): the fields of its
:class:`~helpers.instructor.grading.score.NotebookResult`, as ``--json`` prints them, and
a ``submission`` entry with the student, the assignment, the SHA-256 of the file's bytes,
the grader's version, the limits and the lesson required (``--lesson``, usually none). A
re-run with the same output folder reuses a result when all of these are unchanged, so
an interrupted run picks up where it stopped and a late submission costs one notebook.
A result the grader itself failed on (status ``error``) is never reused.

The grader's version (:func:`grader_version`) is a hash of every ``.py`` file of
:mod:`helpers` (the grader, the checks and the reference implementations they compare
with) and of the solution notebooks (the checks are restored from them), so any change
to either grades every notebook again.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from dataclasses import asdict
from pathlib import Path

from .collect import Submission
from .plan import MAX_NOTEBOOK_BYTES
from .run import Limits
from .score import NotebookResult, NotebookStatus, result_from_dict

__all__ = ["NOTEBOOKS", "grader_version", "file_digest", "ResultStore"]

#: the subfolder of the output folder holding the per-notebook JSON
NOTEBOOKS = "notebooks"
#: the helpers package, whose sources are part of the grader's version
_HELPERS = Path(__file__).resolve().parents[2]
#: bump when the stored JSON changes shape
_FORMAT = 1


def grader_version(solutions: Path) -> str:
    """``"1.<16 hex digits>"``: the stored format and a hash of the grader's sources
    (every ``.py`` file of :mod:`helpers`) and of the solution notebooks in ``solutions``."""
    h = hashlib.sha256()
    files = sorted(_HELPERS.rglob("*.py")) + sorted(Path(solutions).glob("*.ipynb"))
    for path in files:
        root = _HELPERS if path.suffix == ".py" else Path(solutions)
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return f"{_FORMAT}.{h.hexdigest()[:16]}"


def file_digest(path: Path) -> str | None:
    """The SHA-256 of the file's bytes (read only), or None when it cannot be read or is
    not a regular file (a pipe or a device could block). Past the grader's size limit only
    the size and the first :data:`~.plan.MAX_NOTEBOOK_BYTES` bytes count (it is refused
    whatever they are)."""
    h = hashlib.sha256()
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        left = MAX_NOTEBOOK_BYTES + 1
        with open(path, "rb") as f:
            while left > 0 and (block := f.read(min(1 << 20, left))):
                h.update(block)
                left -= len(block)
    except OSError:
        return None
    if left <= 0:
        h.update(f"\0size {info.st_size}".encode())
    return h.hexdigest()


class ResultStore:
    """The per-notebook JSON of one output folder, for one grader version and limits.

    Parameters
    ----------
    folder : the output folder (``notebooks/`` is made inside it)
    version : :func:`grader_version` of this run
    limits : this run's limits (a result graded under other limits is graded again)
    source : the lesson every notebook had to be (``--lesson``), or None; a result graded
        under another is graded again
    """

    def __init__(
        self, folder: Path, version: str, limits: Limits, source: str | None = None
    ) -> None:
        self.folder = Path(folder) / NOTEBOOKS
        self.version = version
        self.limits = asdict(limits)
        self.source = source

    def path_for(self, submission: Submission) -> Path:
        """The JSON file of a submission's result."""
        return self.folder / f"{submission.key}.json"

    def load(self, submission: Submission, digest: str | None) -> NotebookResult | None:
        """The stored result, when it was graded from these bytes by this grader under
        these limits (and not a grader failure); else None (also for a damaged file)."""
        if digest is None:
            return None
        try:
            data = json.loads(self.path_for(submission).read_text(encoding="utf-8"))
            meta = data["submission"]
            now = (digest, self.version, self.limits, self.source)
            fresh = (meta["sha256"], meta["grader"], meta["limits"], meta["lesson"]) == now
            if not fresh:
                return None
            result = result_from_dict(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if result.status == NotebookStatus.ERROR:
            return None
        result.path = str(submission.path)  # the folder may have moved since
        return result

    def save(self, submission: Submission, digest: str | None, result: NotebookResult) -> Path:
        """Write the result (atomically: a run stopped mid-write leaves no half file)."""
        path = self.path_for(submission)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = asdict(result)
        data["submission"] = {
            "student": submission.student,
            "assignment": submission.assignment,
            "claimed_lesson": submission.claimed,
            "sha256": digest,
            "grader": self.version,
            "limits": self.limits,
            "lesson": self.source,
        }
        text = json.dumps(data, indent=2, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:  # a lone surrogate (a hostile message or file name) is kept as \udxxx
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as f:
                f.write(text + "\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path
