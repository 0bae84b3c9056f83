"""Find the course checkout, whose ``solutions/`` and ``lessons/`` are the tools' defaults.

The builder and the grader take their folders as options (``--solutions DIR``,
``--lessons DIR``). Without one they use the course checkout's folder, found as

1. the current working directory, or the nearest folder above it, that holds both a
   ``solutions/`` folder and a ``pyproject.toml`` (so the tools work from anywhere
   inside a clone, with or without an editable install);
2. otherwise the folder ``helpers`` was imported from, when that is a checkout (an
   editable install used from outside the clone).

When neither is a checkout (a regular install, run from elsewhere) the tools stop with
a message saying what was looked for and which option to pass instead.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SOURCE_FOLDER", "NoCheckoutError", "is_checkout", "find_checkout", "course_folder"]

#: the folder holding the imported ``helpers`` package: the checkout itself when the
#: course is installed editable, site-packages otherwise
SOURCE_FOLDER = Path(__file__).resolve().parents[2]


class NoCheckoutError(FileNotFoundError):
    """No course checkout was found and no folder was given; the message says what to do."""


def is_checkout(folder: Path) -> bool:
    """Whether ``folder`` is a course checkout: it has ``solutions/`` and ``pyproject.toml``."""
    return (folder / "solutions").is_dir() and (folder / "pyproject.toml").is_file()


def find_checkout(start: str | Path | None = None) -> Path | None:
    """The course checkout for ``start`` (default: the working directory), or None.

    Parameters
    ----------
    start : str or Path, optional
        Where to start looking; it and each folder above it are tried in turn, then
        :data:`SOURCE_FOLDER`.

    Returns
    -------
    Path or None
        The checkout's folder (absolute), or None when there is none.
    """
    start = Path.cwd() if start is None else Path(start).resolve()
    for folder in (start, *start.parents, SOURCE_FOLDER):
        if is_checkout(folder):
            return folder
    return None


def course_folder(name: str, start: str | Path | None = None) -> Path:
    """The checkout's folder ``name`` (``"solutions"`` or ``"lessons"``).

    Parameters
    ----------
    name : str
        The folder inside the checkout; also the name of the option that replaces it
        (``--solutions``, ``--lessons``).
    start : str or Path, optional
        Where to start looking (default: the working directory), see :func:`find_checkout`.

    Raises
    ------
    NoCheckoutError
        When no checkout is found; the message names ``start`` and the option to pass.
    """
    root = find_checkout(start)
    if root is None:
        where = Path.cwd() if start is None else Path(start).resolve()
        raise NoCheckoutError(
            f"no {name}/ folder found from {where}: run from the course checkout or pass "
            f"--{name} DIR (a course checkout is a folder with solutions/ and pyproject.toml)"
        )
    return root / name
