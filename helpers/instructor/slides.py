"""Give every solution notebook its slide metadata, so each lesson *is* its slide deck.

``python -m helpers.instructor.slides`` writes ``metadata.slideshow.slide_type`` (the key
JupyterLab's property inspector, jupyterlab-slideshow, RISE and nbconvert's slides exporter
all read) on every cell of ``solutions/NN-*.ipynb``, by rule, and ``--check`` only reports
cells whose slide type differs from what the rules give (the drift check of the tests).
Running it twice changes nothing; run it again after editing or merging a lesson.

The rules, in order (the first that applies wins):

1. An explicit choice: a cell whose metadata has ``course.slide_type`` gets that type
   (one of ``slide``, ``subslide``, ``fragment``, ``skip``, ``notes``, ``-``).
2. The first cell (title and objectives) starts a slide.
3. A markdown cell whose first line is a ``#`` or ``##`` heading starts a slide, a
   ``###`` heading a sub-slide.
4. Exercises become "try it" slides: the statement (the markdown cell just before an
   exercise cell) starts a slide; the answer (the exercise cell) starts a sub-slide below
   it, so the room sees the task before the solution; its check cell is a fragment on the
   answer's slide.
5. Plumbing is skipped: the imports cell at the top and the one-line
   ``name = checks.fallback("name")`` cells.
6. A slide that would grow taller than one screen is split: the cell that overflows it
   starts a sub-slide (a cell taller than a screen on its own gets a sub-slide to itself;
   presenters scroll inside it).
7. Everything else continues the current slide (``-``).

A cell that continues its slide is written with the empty slide type ``""``, the value
JupyterLab's property inspector itself writes for "-" (RISE and nbconvert read both as
"continue"; jupyterlab-slideshow knows only ``""`` and never shows a cell marked ``"-"``).

Each notebook's metadata also gets a ``rise`` block: RISE's white theme (its default
theme loads web fonts from the internet) and scrolling inside tall slides.

Usage::

    python -m helpers.instructor.slides            # write the metadata into solutions/
    python -m helpers.instructor.slides --check    # exit 1 when a notebook would change
    python -m helpers.instructor.slides solutions/02-*.ipynb
"""

from __future__ import annotations

import argparse
import base64
import binascii
import math
import re
import struct
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import nbgrader_meta
from .checkout import NoCheckoutError, course_folder

__all__ = [
    "SLIDE_TYPES",
    "CONTINUE",
    "WRITTEN_TYPES",
    "RISE_SETTINGS",
    "SlideMetadataError",
    "Change",
    "slide_types",
    "apply",
    "plan",
    "main",
]

#: the values nbconvert and RISE understand; "-" continues the current slide
SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
#: what is written into ``slideshow.slide_type`` for "-": JupyterLab's own value for it, the
#: only one jupyterlab-slideshow reads as "continue" (it hides a cell marked "-")
CONTINUE = ""
#: the values this module writes into ``slideshow.slide_type``
WRITTEN_TYPES = tuple(CONTINUE if kind == "-" else kind for kind in SLIDE_TYPES)
#: notebook-level RISE settings; RISE's default theme ("simple") imports web fonts
RISE_SETTINGS = {"scroll": True, "theme": "white"}
#: the height of one screen of a reveal.js slide (nbconvert's and RISE's 700 px), in pixels
SCREEN = 700
#: rough rendered heights, in pixels, of the pieces of a cell at presentation font sizes
MARKDOWN_LINE, CODE_LINE, OUTPUT_LINE, CELL_GAP = 30, 27, 26, 24
#: characters that fit on one line of a slide (960 px at 20 px type)
LINE_CHARS = 85
SLIDE_WIDTH = 900

FALLBACK = re.compile(r"^\s*\w+\s*=\s*checks\.fallback\([^)]*\)\s*$")
#: lines a setup cell is made of: imports, print and plot settings, IPython magics
SETUP_LINE = re.compile(
    r"^(import \S|from \S+ import |np\.set_printoptions\(|plt\.rcParams\[|%|#|$)"
)


class SlideMetadataError(ValueError):
    """A cell's explicit slide type is not one RISE knows; the message says where."""


@dataclass(frozen=True)
class Change:
    """One cell whose slide type the rules change (``old`` is None when it had none)."""

    notebook: str
    index: int
    cell_id: str | None
    old: str | None
    new: str

    def __str__(self) -> str:
        if self.index < 0:
            return f"{self.notebook}: notebook metadata rise -> {RISE_SETTINGS}"
        where = f"{self.notebook}, cell {self.index + 1}"
        where += f" (id {self.cell_id})" if self.cell_id else ""
        return f"{where}: slide type {self.old!r} -> {self.new!r}"


def _explicit(cell, where: str) -> str | None:
    course = cell.get("metadata", {}).get("course", {})
    if not isinstance(course, dict) or "slide_type" not in course:
        return None
    value = "-" if course["slide_type"] == CONTINUE else course["slide_type"]
    if value not in SLIDE_TYPES:
        raise SlideMetadataError(
            f"{where}: metadata course.slide_type is {value!r}; expected one of "
            f"{', '.join(SLIDE_TYPES)} (or remove the key to let the rules decide)."
        )
    return value


def _heading_level(cell) -> int:
    first = cell.get("source", "").lstrip("\n").split("\n", 1)[0]
    match = re.match(r"^(#{1,6})\s", first)
    return len(match.group(1)) if match else 0


def _is_setup(cell) -> bool:
    """Whether a code cell only imports and sets options (the lesson's first cell)."""
    depth, imports = 0, False
    for line in cell.get("source", "").split("\n"):
        if depth == 0:
            if not SETUP_LINE.match(line):
                return False
            imports = imports or line.startswith(("import ", "from "))
        depth += line.count("(") - line.count(")")
    return imports


def _png_height(data: str) -> float:
    """Displayed height in pixels of a base64 PNG, scaled down to the slide's width."""
    try:
        header = base64.b64decode(data[:44])
        width, height = struct.unpack(">II", header[16:24])
    except (binascii.Error, struct.error, ValueError):
        return SCREEN / 2  # unreadable: guess half a screen
    return height * min(1.0, SLIDE_WIDTH / max(width, 1))


def _text_lines(text: str) -> float:
    """Rendered lines of ``text``: long lines wrap, blank lines (paragraph gaps) count half."""
    return sum(
        max(1, math.ceil(len(line) / LINE_CHARS)) if line.strip() else 0.5
        for line in text.split("\n")
    )


def _height(cell) -> float:
    """A rough rendered height of the cell on a slide, in pixels."""
    source = cell.get("source", "")
    if cell.get("cell_type") != "code":
        return CELL_GAP + MARKDOWN_LINE * _text_lines(source)
    height = CELL_GAP + CODE_LINE * len(source.split("\n"))
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if output.get("output_type") == "stream":
            height += OUTPUT_LINE * _text_lines(output.get("text", "").rstrip("\n"))
        elif output.get("output_type") == "error":
            height += OUTPUT_LINE * len(output.get("traceback", []))
        elif "image/png" in data:
            height += _png_height(data["image/png"])
        elif "application/vnd.jupyter.widget-view+json" in data:
            height += SCREEN * 0.6  # an explorer: sliders above a figure
        elif "text/plain" in data:
            height += OUTPUT_LINE * _text_lines(data["text/plain"])
    return height


def slide_types(nb, name: str = "notebook") -> list[str]:
    """The slide type of every cell of ``nb`` by the rules of this module.

    Parameters
    ----------
    nb : NotebookNode
        A solution notebook (read, not changed).
    name : str
        The notebook's name, used in error messages.

    Returns
    -------
    list of str
        One entry of :data:`SLIDE_TYPES` per cell.

    Raises
    ------
    SlideMetadataError
        When a cell's ``course.slide_type`` is not a slide type.
    """
    cells = nb.get("cells", [])
    exercises = {
        i
        for i, c in enumerate(cells)
        if c.get("cell_type") == "code" and nbgrader_meta.metadata(c).get("solution")
    }
    checks = {i + 1 for i in exercises if i + 1 < len(cells)}
    statements = set()
    for i in exercises:
        j = i - 1
        while j >= 0 and cells[j].get("cell_type") == "markdown":
            j -= 1
        if j + 1 < i:
            statements.add(i - 1)
    first_code = next((i for i, c in enumerate(cells) if c.get("cell_type") == "code"), None)

    types: list[str] = []
    used = 0.0  # height already on the current (sub-)slide
    for i, cell in enumerate(cells):
        where = f"{name}, cell {i + 1}" + (f" (id {cell.get('id')})" if cell.get("id") else "")
        height = _height(cell)
        kind = _explicit(cell, where)
        if kind is None:
            level = _heading_level(cell) if cell.get("cell_type") == "markdown" else 0
            if i == 0 or i in statements or level in (1, 2):
                kind = "slide"
            elif i in exercises or level == 3:
                kind = "subslide"
            elif i in checks:
                kind = "fragment"
            elif cell.get("cell_type") == "code" and (
                FALLBACK.match(cell.get("source", "")) or (i == first_code and _is_setup(cell))
            ):
                kind = "skip"
            elif used + height > SCREEN and used > 0:
                kind = "subslide"
                # keep a short introduction with the code it introduces
                prev = cells[i - 1]
                if (
                    cell.get("cell_type") == "code"
                    and prev.get("cell_type") == "markdown"
                    and types[-1] in ("-", "subslide", "slide")
                    and _explicit(prev, where) is None
                    and _height(prev) < SCREEN / 3
                ):
                    if types[-1] == "-":
                        types[-1] = "subslide"
                    kind, used = "-", _height(prev)
            else:
                kind = "-"
        if kind in ("slide", "subslide"):
            used = height
        elif kind in ("-", "fragment"):
            used += height
        types.append(kind)
    return types


def apply(nb, name: str = "notebook") -> list[Change]:
    """Write the rules' slide types and :data:`RISE_SETTINGS` into ``nb``; return changes.

    Only ``metadata.slideshow`` of each cell and ``metadata.rise`` of the notebook are
    touched; "-" is written as :data:`CONTINUE`. The returned list names every cell whose
    slide type changed (a changed ``rise`` block is listed as cell 0 with type ``"rise"``).
    """
    changes = []
    for i, (cell, kind) in enumerate(zip(nb.cells, slide_types(nb, name), strict=True)):
        show = cell.metadata.get("slideshow")
        old = show.get("slide_type") if isinstance(show, dict) else None
        written = CONTINUE if kind == "-" else kind
        if old != written or not isinstance(show, dict):
            changes.append(Change(name, i, cell.get("id"), old, written))
        cell.metadata["slideshow"] = {"slide_type": written}
    rise = dict(nb.metadata.get("rise", {}) if isinstance(nb.metadata.get("rise"), dict) else {})
    wanted = {**rise, **RISE_SETTINGS}
    if nb.metadata.get("rise") != wanted:
        changes.append(Change(name, -1, None, "rise settings", "rise"))
        nb.metadata["rise"] = wanted
    return changes


def plan(path: Path) -> tuple[str, list[Change]]:
    """The notebook's text with the rules applied, and what would change."""
    nb = nbformat.read(path, as_version=4)
    changes = apply(nb, path.name)
    return nbformat.writes(nb) + "\n", changes


def _lessons(solutions: Path) -> list[Path]:
    return sorted(p for p in solutions.glob("[0-9][0-9]-*.ipynb") if p.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write (or ``--check``) the slide metadata of the solution notebooks.

    Returns
    -------
    int
        0 when done (or, with ``--check``, nothing would change); 1 when ``--check``
        found changes or a cell's explicit slide type is wrong; 2 for bad arguments.
    """
    parser = argparse.ArgumentParser(
        prog="python -m helpers.instructor.slides",
        description="Assign slide metadata (RISE, nbconvert slides) to the solution notebooks.",
    )
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="notebooks (default: solutions/NN-*.ipynb)"
    )
    parser.add_argument(
        "--check", action="store_true", help="only report cells whose slide type would change"
    )
    args = parser.parse_args(argv)
    paths = args.notebooks
    if not paths:
        try:
            paths = _lessons(course_folder("solutions"))
        except NoCheckoutError as err:
            parser.error(str(err))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    try:
        planned = [(path, *plan(path)) for path in paths]
    except SlideMetadataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    changed = [(path, text, changes) for path, text, changes in planned if changes]
    if args.check:
        for _, _, changes in changed:
            for change in changes:
                print(f"would change: {change}")
        if changed:
            print(
                "run `make slide-metadata` to apply the rules; to keep a slide type the rules "
                "do not give, set it as metadata course.slide_type on that cell."
            )
        return 1 if changed else 0
    for path, text, _ in changed:
        path.write_text(text, encoding="utf-8", newline="\n")
    print(f"slide metadata: {len(paths)} notebook(s), {len(changed)} changed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
