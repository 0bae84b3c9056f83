"""What the lesson builder last wrote, so that it never overwrites an edited lesson.

``make lessons`` keeps, in ``lessons/.build-record.json``, the SHA-256 of every lesson
file it wrote. A lesson whose file no longer has that digest was changed by someone
(a learner's answers, an instructor's notes, outputs saved by JupyterLab): the builder
leaves it alone unless told ``--force``, and then first copies it into a dated folder
``lessons/backups/YYYY-MM-DD_HHMMSS/``. A file the record does not know (a lesson from
before the record existed, a learner's own notebook) counts as changed.

The record is committed with the lessons, so a fresh clone knows them too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["RECORD_NAME", "BACKUP_FOLDER", "digest", "read", "write", "edited", "back_up"]

RECORD_NAME = ".build-record.json"
BACKUP_FOLDER = "backups"
_ABOUT = (
    "What `make lessons` last wrote into this folder: the SHA-256 of each lesson file. "
    "A lesson whose file differs was edited and is not overwritten without --force."
)


def digest(data: bytes | str) -> str:
    """The SHA-256 of a file's bytes (a str is taken as UTF-8), as ``sha256:<hex>``.

    Line endings are read as ``\\n`` first, so a clone whose git writes CRLF endings
    (``core.autocrlf`` on Windows) does not look edited.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    return "sha256:" + hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def read(lessons: Path) -> dict[str, str]:
    """The record of ``lessons`` (file name to digest); empty when there is none.

    An unreadable or malformed record counts as empty, which only makes the builder more
    careful: every lesson that differs from a fresh build is then treated as edited.
    """
    try:
        data = json.loads((lessons / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def write(lessons: Path, record: Mapping[str, str]) -> bool:
    """Store ``record`` for ``lessons``; return whether the file changed.

    Nothing is written when the record is empty and there was none, so building no
    lessons leaves the folder empty.
    """
    path = lessons / RECORD_NAME
    if not record and not path.exists():
        return False
    data = {"about": _ABOUT, "files": dict(sorted(record.items()))}
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def edited(lessons: Path, names: Iterable[str], record: Mapping[str, str]) -> list[str]:
    """Those of ``names`` whose file in ``lessons`` exists and is not what the record says."""
    return [
        name
        for name in names
        if (lessons / name).is_file() and digest((lessons / name).read_bytes()) != record.get(name)
    ]


def back_up(lessons: Path, names: Iterable[str], now: dt.datetime | None = None) -> Path:
    """Copy the files ``names`` of ``lessons`` into a new dated folder; return the folder.

    The folder is ``lessons/backups/YYYY-MM-DD_HHMMSS`` (with ``-2``, ``-3``, ... when
    that exists already); the copies keep their names and timestamps.
    """
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    folder = lessons / BACKUP_FOLDER / stamp
    n = 1
    while folder.exists():
        n += 1
        folder = lessons / BACKUP_FOLDER / f"{stamp}-{n}"
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy2(lessons / name, folder / name)
    return folder
