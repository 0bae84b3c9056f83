"""Bring the newest course into a learner's clone without losing their work (``make update``).

The merge is nbgitpuller's (its ``GitPuller``, the same code that runs behind an
nbgitpuller link on a JupyterHub), so its rules hold:

- where you and the course changed the same lines of a file, your lines are kept;
  the course's other changes to that file come in;
- a file you deleted comes back (delete a lesson and update to get a fresh copy);
- a file of yours that the course now also has is renamed to ``NAME__YYYYMMDDhhmmss.EXT``
  and the course's file takes its place, so both are kept;
- your changes are committed first ("Automatic commit by nbgitpuller"), so every
  version of your work stays in the clone's history.

Before and after the merge the clone's git state is compared, and the command prints
which files are new or updated, which kept your changes, which came back and which
were renamed. It refuses, saying what to do, outside a git clone of the course and in a
clone without a remote named ``origin``.

Usage::

    make update                      # or: python -m helpers.update [FOLDER] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["UpdateError", "UpdateReport", "find_clone", "update", "main"]

#: the remote nbgitpuller merges from (it always uses ``origin/<branch>``)
REMOTE = "origin"
#: how nbgitpuller renames a colliding file: NAME__YYYYMMDDhhmmss.EXT
_RENAMED = r"__\d{14}"
_CONFLICT = re.compile(r"^(<{7}|>{7})( |$)", re.MULTILINE)


class UpdateError(RuntimeError):
    """The update cannot run or did not finish; the message says why and what to do."""


@dataclass
class UpdateReport:
    """What an update changed in the clone (paths relative to the clone, with ``/``).

    Attributes
    ----------
    url, branch : str
        Where the course came from.
    new, updated, removed : list of str
        Files the course added, changed or deleted since your last update.
    kept : list of str
        Files where your version differs from the course's: your changes, kept.
    kept_and_merged : list of str
        Those of ``kept`` that the course changed too (its other changes merged in).
    restored : list of str
        Files you had deleted, back from the course.
    renamed : list of (str, str)
        Your file and its new name, where the course added a file with the same name.
    unreadable : list of str
        Notebooks that are no longer valid JSON, or hold conflict markers, after the merge.
    previous : str
        The commit holding your work as it was just before the merge.
    """

    url: str
    branch: str
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    kept_and_merged: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    previous: str = ""

    def lines(self) -> list[str]:
        """The report as the command prints it."""
        out = [f"Updated the course from {self.url} (branch {self.branch})."]
        if not (self.new or self.updated or self.removed):
            out.append("The course has not changed since your last update.")
        rows = [("new", p, "") for p in self.new]
        rows += [("updated", p, "") for p in self.updated if p not in self.kept]
        rows += [("removed", p, "(the course deleted it)") for p in self.removed]
        for p in self.kept:
            note = (
                "(the course changed it too: where you both changed the same lines, yours "
                "were kept)"
                if p in self.kept_and_merged
                else "(your changes)"
            )
            rows.append(("kept", p, note))
        rows += [("restored", p, "(you had deleted it)") for p in self.restored]
        rows += [
            ("renamed", f"{mine} -> {moved}", f"(the course added its own {mine})")
            for mine, moved in self.renamed
        ]
        out += [f"  {what + ':':<10} {path}  {note}".rstrip() for what, path, note in rows]
        for p in self.unreadable:
            out.append(
                f"  problem:   {p} no longer opens as a notebook after the merge. Your "
                f"version from before it: git show {self.previous[:12]}:{p} > {p}"
            )
        return out


def _git(root: Path, *args: str) -> str:
    """Run git in ``root`` and return its output; raise UpdateError with git's message."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            env=dict(os.environ, LANG="C", LC_ALL="C"),
        )
    except FileNotFoundError:
        raise UpdateError(
            "git is not installed (or not on PATH); install it, then run `make update` again."
        ) from None
    if done.returncode != 0:
        raise UpdateError(f"`git {' '.join(args)}` failed: {done.stderr.strip()}")
    return done.stdout


def _paths(output: str) -> list[str]:
    return [p for p in output.split("\0") if p]


def find_clone(folder: str | Path | None = None) -> Path:
    """The course clone that ``folder`` (default: the working directory) belongs to.

    Raises
    ------
    UpdateError
        when ``folder`` is not inside a git clone, when the clone is not the course's
        (no ``helpers/`` and ``lessons/`` at its top), or when it has no ``origin`` remote.
    """
    folder = Path.cwd() if folder is None else Path(folder).resolve()
    if not folder.is_dir():
        raise UpdateError(f"{folder} is not a folder; run `make update` in your course clone.")
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    except UpdateError as exc:
        if "not a git repository" not in str(exc):
            raise
        raise UpdateError(
            f"{folder} is not a git clone, so there is no course history to merge your work "
            "with. Get the course with `git clone <course URL>`, copy your notebooks into the "
            "clone, and run `make update` there."
        ) from None
    if not ((top / "helpers").is_dir() and (top / "lessons").is_dir()):
        raise UpdateError(
            f"{folder} is inside the git repository {top}, which is not a clone of the course "
            "(it has no helpers/ and lessons/ at its top). Run `make update` in your clone "
            "of the course."
        )
    remotes = _git(top, "remote").split()
    if not remotes:
        raise UpdateError(
            f"the clone {top} has no remote, so there is nowhere to update from. Add the "
            f"course's repository: `git remote add {REMOTE} <course URL>`, then run "
            "`make update` again."
        )
    if REMOTE not in remotes:
        raise UpdateError(
            f"the clone {top} has no remote named '{REMOTE}' (it has: {', '.join(remotes)}); "
            f"nbgitpuller updates from '{REMOTE}'. Rename the course's remote, e.g. "
            f"`git remote rename {remotes[0]} {REMOTE}`, then run `make update` again."
        )
    return top


def _upstream_branch(root: Path) -> str | None:
    """The branch of ``origin`` the current branch tracks, or None (nbgitpuller then uses
    the remote's default branch)."""
    try:
        tracked = _git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    except UpdateError:
        return None
    tracked = tracked.strip()
    prefix = REMOTE + "/"
    return tracked[len(prefix) :] if tracked.startswith(prefix) else None


def _content(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _readable(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
        json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return _CONFLICT.search(text) is None


def _run(lines, seen: list[str], out: Callable[[str], None] | None) -> None:
    """Drain one of GitPuller's generators into ``seen``, passing each line to ``out``."""
    for line in lines:
        seen.append(str(line))
        if out is not None:
            out(str(line).rstrip("\n"))


def _stopped(root: Path, url: str, exc: subprocess.CalledProcessError, seen: list[str]) -> str:
    """What to tell the learner when a git command of the update failed.

    A merge that stopped half-way is undone first (``git merge --abort``), so no file is
    left with conflict markers; the learner's work is in the commit nbgitpuller made.
    """
    command = [str(part) for part in exc.cmd]
    output = "".join(seen[-15:]).strip()
    said = f":\n{output}" if output else "."
    if "fetch" in command or "ls-remote" in command:
        return (
            f"the course's repository {url} could not be reached (`{' '.join(command)}` "
            f"failed){said}\nNothing was changed; check the network and run `make update` "
            "again."
        )
    if (root / ".git" / "MERGE_HEAD").exists():
        _git(root, "merge", "--abort")
    return (
        f"the course's changes could not be merged with yours automatically "
        f"(`{' '.join(command)}` failed){said}\nNothing was merged: your files are as "
        "they were, and your changes are saved in the clone's history (`git log`). Ask "
        "your instructor, or move your changed files out of the folder and run "
        "`make update` again."
    )


def update(
    folder: str | Path | None = None, out: Callable[[str], None] | None = None
) -> UpdateReport:
    """Merge the newest course from ``origin`` into the clone at ``folder``.

    Parameters
    ----------
    folder : str or Path, optional
        Any folder inside the course clone (default: the working directory).
    out : callable, optional
        Called with each line of git's output as nbgitpuller runs it.

    Returns
    -------
    UpdateReport
        What changed; see :meth:`UpdateReport.lines`.

    Raises
    ------
    UpdateError
        when the clone cannot be updated (see :func:`find_clone`), nbgitpuller is not
        installed, the course's repository cannot be reached, or git fails.
    """
    root = find_clone(folder)
    try:
        from nbgitpuller.pull import GitPuller
    except ImportError:
        raise UpdateError(
            "nbgitpuller is not installed: run `make update` (it installs it), or "
            "`pip install nbgitpuller`."
        ) from None
    url = _git(root, "remote", "get-url", REMOTE).strip()
    seen: list[str] = []
    try:
        puller = GitPuller(url, str(root), branch=_upstream_branch(root))
        branch = puller.branch_name
        # What nbgitpuller is about to do, read from the same git state it reads: the files
        # the course adds that already exist here (it renames those), and the files
        # deleted here (it restores those).
        _run(puller.update_remotes(), seen, out)
        colliding = {
            f: _content(root / f) for f in puller.find_upstream_changed("A") if (root / f).exists()
        }
        deleted = _paths(_git(root, "ls-files", "--deleted", "-z"))
        before = _git(root, "rev-parse", "HEAD").strip()
        _run(puller.pull(), seen, out)
    except subprocess.CalledProcessError as exc:
        raise UpdateError(_stopped(root, url, exc, seen)) from None
    except UpdateError:
        raise
    except Exception as exc:  # nbgitpuller raises plain Exceptions (a git lock, a branch)
        said = str(exc) or type(exc).__name__
        raise UpdateError(f"the update from {url} stopped: {said}") from None

    course = f"{REMOTE}/{branch}"
    head = _git(root, "rev-parse", "HEAD").strip()
    parents = _git(root, "rev-list", "--parents", "-n", "1", head).split()[1:]
    report = UpdateReport(url=url, branch=branch, previous=parents[0] if parents else before)
    base = _git(root, "merge-base", before, course).strip()
    fields = _paths(_git(root, "diff", "--name-status", "--no-renames", "-z", base, course))
    changes = dict(zip(fields[1::2], fields[0::2], strict=True))
    report.new = sorted(p for p, s in changes.items() if s == "A")
    report.updated = sorted(p for p, s in changes.items() if s in ("M", "T"))
    report.removed = sorted(p for p, s in changes.items() if s == "D" and not (root / p).exists())
    report.kept = sorted(_paths(_git(root, "diff", "--name-only", "-z", course, "HEAD")))
    report.kept_and_merged = [p for p in report.kept if p in changes]
    report.restored = sorted(p for p in deleted if (root / p).exists())
    for mine, content in sorted(colliding.items()):
        path = root / mine
        pattern = re.compile(re.escape(path.stem) + _RENAMED + re.escape(path.suffix) + "$")
        moved = [
            q
            for q in sorted(path.parent.iterdir())
            if pattern.fullmatch(q.name) and _content(q) == content
        ]
        if moved:
            report.renamed.append((mine, moved[-1].relative_to(root).as_posix()))
    touched = set(report.new) | set(report.updated) | set(report.kept) | set(report.restored)
    report.unreadable = sorted(
        p
        for p in touched
        if p.endswith(".ipynb") and (root / p).exists() and not _readable(root / p)
    )
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of ``make update``.

    Returns
    -------
    int
        0 when the course was merged in; 1 when the update failed or left a notebook
        unreadable; 2 when it refused to run (not a clone of the course, no remote).
    """
    parser = argparse.ArgumentParser(
        prog="python -m helpers.update",
        description="Bring the newest course into this clone, keeping your work (nbgitpuller).",
    )
    parser.add_argument(
        "folder", nargs="?", type=Path, help="a folder of the course clone (default: here)"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show the git commands nbgitpuller runs"
    )
    args = parser.parse_args(argv)
    try:
        root = find_clone(args.folder)
    except UpdateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        report = update(root, out=print if args.verbose else None)
    except UpdateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 1 if report.unreadable else 0


if __name__ == "__main__":
    sys.exit(main())
