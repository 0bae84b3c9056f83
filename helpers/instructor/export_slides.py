"""Export lessons as static reveal.js slide shows that open offline (``make slides``).

Each ``solutions/NN-*.ipynb``, with its stored outputs and its slide metadata (see
:mod:`helpers.instructor.slides`), becomes ``build/slides/NN-*.slides.html`` through
nbconvert's slides exporter and the course's template ``course-slides``
(``course/export/templates``). The template keeps nbconvert's reveal.js layout but loads
reveal.js and MathJax from ``build/slides/assets/`` (copied from ``course/export``'s npm
install) instead of the CDNs nbconvert defaults to, and drops the scripts the lessons do
not need (jQuery, require.js, mermaid, the widget manager). Figures get their alt text
from the cell's caption; explorers become a note (a static page has no kernel).

Usage::

    python -m helpers.instructor.export_slides                 # every lesson
    python -m helpers.instructor.export_slides solutions/02-*.ipynb --out DIR

Open a deck with a double click (``file://`` works); ``S`` opens reveal.js's speaker
view, ``Esc`` the overview.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter

from . import export_assets
from .checkout import NoCheckoutError, course_folder, find_checkout
from .static_cells import CaptionError, StaticExplorers, check_captions

__all__ = ["slides_exporter", "export_lesson", "export", "main"]


def slides_exporter(templates: Path | None = None) -> SlidesExporter:
    """nbconvert's slides exporter, set up with the course's offline template."""
    exporter = SlidesExporter(
        template_name="course-slides",
        extra_template_basedirs=[str(templates or export_assets.templates_folder())],
        reveal_url_prefix=export_assets.REVEAL_PREFIX,
        reveal_theme="white",
        reveal_transition="none",
        reveal_number="c/t",
    )
    exporter.register_preprocessor(StaticExplorers(), enabled=True)
    return exporter


def export_lesson(path: Path, out: Path, exporter: SlidesExporter | None = None) -> Path:
    """Write the slide show of the notebook at ``path`` into ``out``; return the file.

    The assets the page links (``out/assets``) are not copied here; :func:`export` does.

    Raises
    ------
    CaptionError
        When a figure of the notebook has no caption (alt text).
    """
    nb = nbformat.read(path, as_version=4)
    check_captions(nb, path.name)
    exporter = exporter or slides_exporter()
    resources = {
        "metadata": {"name": nb.metadata.get("course", {}).get("title", path.stem)},
        "course": {"mathjax": export_assets.MATHJAX_SCRIPT},
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def export(paths: Sequence[Path], out: Path) -> list[Path]:
    """Export every notebook of ``paths`` into ``out`` and copy reveal.js and MathJax there.

    Every notebook is checked for captions first, so a missing one stops the export
    before anything is written.
    """
    for path in paths:
        check_captions(nbformat.read(path, as_version=4), path.name)
    root = find_checkout(paths[0].parent) if paths else None
    folder = export_assets.export_folder(root) if root else None
    export_assets.copy_reveal(out, folder)
    export_assets.copy_mathjax(out, folder)
    exporter = slides_exporter(folder / "templates" if folder else None)
    return [export_lesson(path, out, exporter) for path in paths]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: export lessons as slides.

    Returns
    -------
    int
        0 on success; 1 when a figure lacks a caption or reveal.js is not installed;
        2 for bad arguments.
    """
    parser = argparse.ArgumentParser(
        prog="python -m helpers.instructor.export_slides",
        description="Export solution notebooks as static reveal.js slides that open offline.",
    )
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="notebooks (default: solutions/NN-*.ipynb)"
    )
    parser.add_argument(
        "--out", type=Path, help="output folder (default: build/slides in the checkout)"
    )
    args = parser.parse_args(argv)
    try:
        paths = args.notebooks or sorted(course_folder("solutions").glob("[0-9][0-9]-*.ipynb"))
        out = args.out or course_folder("solutions").parent / "build" / "slides"
    except NoCheckoutError as err:
        parser.error(str(err))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    start = time.perf_counter()
    try:
        written = export([p.resolve() for p in paths], out)
    except (CaptionError, export_assets.AssetsMissingError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    print(f"{len(written)} slide show(s) in {out} ({seconds:.1f} s); open one in a browser.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
