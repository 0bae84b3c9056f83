"""The JavaScript the static slides and site are viewed with, copied next to the HTML.

``course/export/package.json`` names two npm packages, pinned by its
``package-lock.json`` and installed with ``npm ci --prefix course/export`` (``make slides``
and ``make site`` do it): reveal.js (the slide show) and MathJax 3 (the formulas; its
``tex-svg-full.js`` is one file that needs no fonts). The exports copy what they use into
an ``assets/`` folder beside their pages and link it by relative paths, so an export
opens from disk, or from any web server, without the internet.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .checkout import course_folder

__all__ = [
    "AssetsMissingError",
    "export_folder",
    "templates_folder",
    "REVEAL_PREFIX",
    "MATHJAX_SCRIPT",
    "copy_reveal",
    "copy_mathjax",
]

#: where the exports link reveal.js and MathJax, relative to the page's folder
REVEAL_PREFIX = "assets/reveal.js"
MATHJAX_SCRIPT = "assets/mathjax/tex-svg-full.js"
NPM_CI = "npm ci --prefix course/export"


class AssetsMissingError(FileNotFoundError):
    """reveal.js or MathJax is not installed in course/export; the message says how to."""


def export_folder(start: str | Path | None = None) -> Path:
    """The checkout's ``course/export`` folder (package.json, templates)."""
    return course_folder("course", start) / "export"


def templates_folder(start: str | Path | None = None) -> Path:
    """The folder of the course's nbconvert templates (``course-slides``, ``course-site``)."""
    return export_folder(start) / "templates"


def _package(name: str, export: Path, *needed: str) -> Path:
    root = export / "node_modules" / name
    missing = [part for part in needed if not (root / part).exists()]
    if missing:
        raise AssetsMissingError(
            f"{name} is not installed in {export / 'node_modules'} (missing {', '.join(missing)})."
            f" Install it with `{NPM_CI}` (it needs npm; `make slides` and `make site` run it)."
        )
    return root


def copy_reveal(dest: Path, export: Path | None = None) -> Path:
    """Copy reveal.js's ``dist/`` and its speaker-notes plugin to ``dest/assets/reveal.js``.

    Returns
    -------
    Path
        The folder written.

    Raises
    ------
    AssetsMissingError
        When ``npm ci`` has not been run in ``course/export``.
    """
    export = export or export_folder()
    root = _package("reveal.js", export, "dist/reveal.js", "plugin/notes/notes.js")
    target = dest / REVEAL_PREFIX
    shutil.copytree(root / "dist", target / "dist", dirs_exist_ok=True)
    shutil.copytree(root / "plugin" / "notes", target / "plugin" / "notes", dirs_exist_ok=True)
    shutil.copy2(root / "LICENSE", target / "LICENSE")
    return target


def copy_mathjax(dest: Path, export: Path | None = None) -> Path:
    """Copy MathJax's single-file TeX-to-SVG build to ``dest/assets/mathjax``.

    Raises
    ------
    AssetsMissingError
        When ``npm ci`` has not been run in ``course/export``.
    """
    export = export or export_folder()
    root = _package("mathjax", export, "es5/tex-svg-full.js")
    target = (dest / MATHJAX_SCRIPT).parent
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "es5" / "tex-svg-full.js", target / "tex-svg-full.js")
    shutil.copy2(root / "LICENSE", target / "LICENSE")
    return target
