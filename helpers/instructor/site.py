"""Build the course as a static HTML site that opens offline (``make site``).

The pages, in ``build/site/`` by default:

- ``index.html``, the start page (``course/start.ipynb``);
- ``lessons/NN-*.html``, one per lesson, from the executed ``solutions/`` (stored
  outputs, nothing is run), in order, each with links to the previous and the next;
- ``syllabus.html`` and ``instructor-guide.html`` from the Markdown in ``course/``.

Every page goes through nbconvert's HTML exporter and the course's template
``course-site`` (``course/export/templates``), so Markdown (nbconvert's mistune) and
formulas look the same everywhere; the Markdown pages are converted as one-cell
notebooks. MathJax is copied from ``course/export``'s npm install to ``assets/`` and
linked by a relative path, as is one copy of JupyterLab's stylesheets (``assets/css``,
which nbconvert would otherwise inline into every page): no page loads anything from the
internet. A figure's alt
text is its cell's caption, and a figure without one stops the build, naming the cell.
An explorer appears as a note (its figure is the one just above it). A link between the
course's files (``../lessons/02-gradient-descent.ipynb``, ``syllabus.md``) is rewritten to
the page built from it; a link to a course file that is not part of the site stops the
build, naming page and link.

Usage::

    python -m helpers.instructor.site                 # build/site in the checkout
    python -m helpers.instructor.site --out DIR
"""

from __future__ import annotations

import argparse
import posixpath
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import markupsafe
import nbformat
from nbconvert import HTMLExporter

from . import export_assets
from .checkout import find_checkout
from .static_cells import CaptionError, StaticExplorers, check_captions

__all__ = ["SiteError", "Page", "plan_pages", "build_site", "main"]

#: a Markdown link to a file (``[text](../lessons/02-x.ipynb#part)``); URLs with a scheme
#: and in-page anchors are left alone
MARKDOWN_LINK = re.compile(r"(\])\(([\w./%-]+\.(?:ipynb|md|html)(?:#[^)\s]*)?)\)")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)
MARKDOWN_PAGES = (("syllabus.md", "Syllabus"), ("instructor-guide.md", "Instructor guide"))


class SiteError(ValueError):
    """The site cannot be built as asked (a broken link, a missing page); says why."""


@dataclass(frozen=True)
class Page:
    """One page of the site: its source file (in the checkout) and its output path."""

    source: Path
    output: str  # path inside the site, with "/"
    title: str
    lesson: int | None = None


def plan_pages(root: Path) -> list[Page]:
    """Every page of the site of the checkout at ``root``, start page first, lessons in order."""
    start = root / "course" / "start.ipynb"
    if not start.is_file():
        raise SiteError(f"no start page: {start} is missing.")
    pages = [Page(start, "index.html", "Backpropagation and Gradient Descent")]
    for path in sorted((root / "solutions").glob("[0-9][0-9]-*.ipynb")):
        meta = nbformat.read(path, as_version=4).metadata.get("course", {})
        number = int(meta.get("lesson", path.name[:2]))
        title = f"Lesson {number} · {meta.get('title', path.stem)}"
        pages.append(Page(path, f"lessons/{path.stem}.html", title, number))
    for name, title in MARKDOWN_PAGES:
        path = root / "course" / name
        if path.is_file():
            pages.append(Page(path, name.replace(".md", ".html"), title))
    return pages


def _link_targets(root: Path, pages: list[Page]) -> dict[str, str]:
    """Checkout-relative paths (posix) of every file a page can link to -> page path."""
    targets = {}
    for page in pages:
        rel = page.source.relative_to(root).as_posix()
        targets[rel] = page.output
        if rel.startswith("solutions/"):  # the start page links the learners' copies
            targets["lessons/" + rel.split("/", 1)[1]] = page.output
    return targets


def _rewrite_links(text: str, page: Page, root: Path, targets: dict[str, str]) -> str:
    """``text`` (Markdown) with each link to a course file pointing at that file's page."""
    source_dir = page.source.parent.relative_to(root).as_posix()
    page_dir = posixpath.dirname(page.output) or "."

    def fix(match: re.Match) -> str:
        url = match.group(2)
        if EXTERNAL.match(url):
            return match.group(0)
        path, _, fragment = url.partition("#")
        wanted = posixpath.normpath(posixpath.join(source_dir, path))
        if wanted not in targets:
            raise SiteError(
                f"{page.source.relative_to(root)} links to {url!r} ({wanted}), which is not a "
                "page of the site; link a lesson, the start page, the syllabus or the guide."
            )
        new = posixpath.relpath(targets[wanted], page_dir) + (f"#{fragment}" if fragment else "")
        return f"{match.group(1)}({new})"

    return MARKDOWN_LINK.sub(fix, text)


def _notebook(page: Page, root: Path, targets: dict[str, str]) -> nbformat.NotebookNode:
    """The page's notebook (a Markdown page is one Markdown cell), links rewritten."""
    if page.source.suffix == ".md":
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(page.source.read_text(encoding="utf-8"))]
    else:
        nb = nbformat.read(page.source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _rewrite_links(cell.source, page, root, targets)
    return nb


#: where the pages' shared stylesheets go (JupyterLab's, which nbconvert would inline)
STYLESHEETS = "assets/css"


class SiteExporter(HTMLExporter):
    """nbconvert's HTML exporter, linking the template's stylesheets instead of inlining them.

    nbconvert's lab template puts JupyterLab's 256 KB of CSS into every page; on a site
    of twelve pages one copy in ``assets/css`` serves them all, and the browser caches it.
    ``stylesheets`` collects each one's text (name -> CSS) for :func:`build_site` to write.
    """

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.stylesheets: dict[str, str] = {}

    def _init_resources(self, resources: dict) -> dict:
        resources = super()._init_resources(resources)
        folder = resources["course"]["stylesheets"]

        def link_css(name: str) -> markupsafe.Markup:
            env = self.environment
            self.stylesheets[posixpath.basename(name)] = env.loader.get_source(env, name)[0]
            href = f"{folder}/{posixpath.basename(name)}"
            return markupsafe.Markup(f'<link rel="stylesheet" href="{markupsafe.escape(href)}">')

        resources["include_css"] = link_css
        return resources


def _exporter(templates: Path) -> SiteExporter:
    exporter = SiteExporter(
        template_name="course-site",
        extra_template_basedirs=[str(templates)],
        exclude_input_prompt=False,
    )
    exporter.register_preprocessor(StaticExplorers(), enabled=True)
    return exporter


def _resources(page: Page, pages: list[Page]) -> dict:
    here = posixpath.dirname(page.output) or "."

    def href(output: str) -> str:
        return posixpath.relpath(output, here)

    lessons = [p for p in pages if p.lesson is not None]
    course: dict = {
        "home": href("index.html"),
        "mathjax": href(export_assets.MATHJAX_SCRIPT),
        "stylesheets": href(STYLESHEETS),
        "links": [
            {"href": href(p.output), "title": p.title} for p in pages if p.source.suffix == ".md"
        ],
        "prev": None,
        "next": None,
        "banner": "",
    }
    if page.lesson is not None:
        i = lessons.index(page)
        for key, other in (("prev", i - 1), ("next", i + 1)):
            if 0 <= other < len(lessons):
                course[key] = {"href": href(lessons[other].output), "title": lessons[other].title}
        course["banner"] = (
            "This page is the complete lesson, with every exercise solved and every output "
            f"as it was executed. To work through it yourself, open lessons/{page.source.name} "
            "in JupyterLab: its exercises are blank and its sliders move."
        )
    return {"metadata": {"name": page.title}, "course": course}


def build_site(root: Path, out: Path) -> list[Path]:
    """Build the site of the checkout at ``root`` into ``out``; return the pages written.

    Every page is converted before anything is written, so a missing caption or a broken
    link leaves ``out`` as it was.

    Raises
    ------
    CaptionError
        When a lesson's figure has no caption (the message names the cells).
    SiteError
        For a broken link between course files or a missing start page.
    AssetsMissingError
        When MathJax is not installed in ``course/export`` (run ``npm ci`` there).
    """
    pages = plan_pages(root)
    targets = _link_targets(root, pages)
    exporter = _exporter(export_assets.templates_folder(root))
    rendered = {}
    for page in pages:
        nb = _notebook(page, root, targets)
        check_captions(nb, page.source.relative_to(root).as_posix())
        rendered[page.output], _ = exporter.from_notebook_node(
            nb, resources=_resources(page, pages)
        )
    export_assets.copy_mathjax(out, export_assets.export_folder(root))
    css = out / STYLESHEETS
    css.mkdir(parents=True, exist_ok=True)
    for name, text in exporter.stylesheets.items():
        css.joinpath(name).write_text(text, encoding="utf-8")
    written = []
    for name, body in rendered.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        written.append(target)
    stale = {p for p in out.rglob("*.html")} - set(written)
    for old in stale:  # pages of lessons that no longer exist
        old.unlink()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the static site.

    Returns
    -------
    int
        0 on success; 1 for a missing caption, a broken link or MathJax not installed;
        2 when no course checkout is found.
    """
    parser = argparse.ArgumentParser(
        prog="python -m helpers.instructor.site",
        description="Build the course as a static HTML site (offline, from the executed lessons).",
    )
    parser.add_argument("--out", type=Path, help="output folder (default: build/site)")
    parser.add_argument("--clean", action="store_true", help="delete the output folder first")
    args = parser.parse_args(argv)
    root = find_checkout()
    if root is None:
        print(
            f"error: no course checkout found from {Path.cwd()}: run from the course checkout "
            "(a folder with solutions/ and pyproject.toml).",
            file=sys.stderr,
        )
        return 2
    out = args.out or root / "build" / "site"
    if args.clean and out.exists():
        shutil.rmtree(out)
    start = time.perf_counter()
    try:
        written = build_site(root, out)
    except (CaptionError, SiteError, export_assets.AssetsMissingError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    print(f"{len(written)} pages in {out} ({seconds:.1f} s); open its index.html in a browser.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
