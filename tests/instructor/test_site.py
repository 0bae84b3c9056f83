"""The static site of the course (helpers.instructor.site), built once for the session."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from exports import (  # noqa: F401 - fixtures
    ON_DISK,
    ROOT,
    built_site,
    open_page,
    parse,
    wait_for_maths,
)
from test_browser import _requirements

from helpers.instructor import site
from helpers.instructor.static_cells import EXPLORER_NOTE, CaptionError

LESSONS = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
EXPECTED = ["index.html", "syllabus.html", "instructor-guide.html"] + [
    f"lessons/{p.stem}.html" for p in LESSONS
]


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_every_page_is_built(built_site):  # noqa: F811
    assert sorted(p.relative_to(built_site).as_posix() for p in _pages(built_site)) == sorted(
        EXPECTED
    )
    index = built_site.joinpath("index.html").read_text(encoding="utf-8")
    assert "Backpropagation and Gradient Descent" in index
    guide = built_site.joinpath("instructor-guide.html").read_text(encoding="utf-8")
    assert "<h2" in guide and "Misconceptions to watch for" in guide


def test_no_broken_internal_link_and_nothing_from_outside(built_site):  # noqa: F811
    broken, outside, ids = [], [], {}
    for page in _pages(built_site):
        for tag, attrs in parse(page).tags:
            url = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
            if not url or url.startswith(("data:", "mailto:")):
                continue
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if tag != "a":  # a script, style or image from the internet
                    outside.append((page.name, url))
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append((page.relative_to(built_site).as_posix(), url))
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                # a browser tries the fragment as written, then percent-decoded
                if not {parts.fragment, unquote(parts.fragment)} & ids[target]:
                    broken.append((page.relative_to(built_site).as_posix(), url))
    assert not broken, f"broken internal links: {broken}"
    assert not outside, f"pages load from the internet: {outside}"


def test_pages_share_one_copy_of_jupyterlabs_stylesheets(built_site):  # noqa: F811
    css = built_site / site.STYLESHEETS / "index.css"
    marker = "--jp-ui-font-family"  # a JupyterLab variable the pages' styles rest on
    assert marker in css.read_text(encoding="utf-8")
    for page in _pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert marker + ":" not in html.replace(" ", ""), f"{page.name} inlines the CSS"
        links = [a["href"] for t, a in parse(page).tags if t == "link"]
        assert any((page.parent / href).resolve() == css.resolve() for href in links), (
            f"{page.name} does not link {css.name}: {links}"
        )


def test_every_image_has_alt_text(built_site):  # noqa: F811
    images = 0
    for page in _pages(built_site):
        for tag, attrs in parse(page).tags:
            if tag == "img":
                images += 1
                assert (attrs.get("alt") or "").strip(), f"{page.name}: an <img> without alt"
    assert images == 49


def test_lessons_are_in_order_with_previous_and_next(built_site):  # noqa: F811
    pages = [built_site / name for name in EXPECTED[3:]]
    for i, page in enumerate(pages):
        links = {a.get("rel"): a.get("href") for t, a in parse(page).tags if t == "a"}
        want_prev = pages[i - 1].name if i else None
        want_next = pages[i + 1].name if i + 1 < len(pages) else None
        assert links.get("prev") == want_prev and links.get("next") == want_next, page.name


def test_explorers_appear_as_their_note(built_site):  # noqa: F811
    lesson_2 = (built_site / "lessons" / "02-gradient-descent.html").read_text(encoding="utf-8")
    assert lesson_2.count(EXPLORER_NOTE) == 2
    assert "widget-view+json" not in lesson_2


def _small_checkout(tmp_path: Path) -> Path:
    root = tmp_path / "course-copy"
    (root / "solutions").mkdir(parents=True)
    shutil.copytree(ROOT / "course", root / "course", ignore=shutil.ignore_patterns("node_*"))
    (root / "course" / "export" / "node_modules").symlink_to(
        ROOT / "course" / "export" / "node_modules"
    )
    for lesson in LESSONS:
        shutil.copy(lesson, root / "solutions")
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    return root


def test_a_missing_caption_stops_the_build_naming_the_cell(tmp_path):
    root = _small_checkout(tmp_path)
    path = root / "solutions" / LESSONS[0].name
    nb = nbformat.read(path, as_version=4)
    del nb.cells[5].metadata["caption"]
    nbformat.write(nb, path)
    with pytest.raises(CaptionError, match=r"01-derivatives.ipynb, cell 6 \(id l1-c06\)"):
        site.build_site(root, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_link_to_a_file_outside_the_site_stops_the_build(tmp_path):
    root = _small_checkout(tmp_path)
    start = root / "course" / "start.ipynb"  # the first page converted: the test is quick
    nb = nbformat.read(start, as_version=4)
    nb.cells[0].source += "\n\nSee [the notes](notes/extra.md)."
    nbformat.write(nb, start)
    with pytest.raises(site.SiteError, match=r"start.ipynb links to 'notes/extra.md'"):
        site.build_site(root, tmp_path / "out")


def test_links_between_course_files_become_links_between_pages(built_site):  # noqa: F811
    index = built_site.joinpath("index.html").read_text(encoding="utf-8")
    assert 'href="lessons/02-gradient-descent.html"' in index
    assert '.ipynb"' not in index and not re.search(r'href="[^"]*\.md"', index)


def test_site_opens_from_disk_without_a_network_request(built_site):  # noqa: F811
    chromium, sync_playwright = _requirements()
    with sync_playwright() as pw:
        browser, page, requests, errors = open_page(pw, chromium)
        try:
            page.goto((built_site / "index.html").as_uri())
            page.click('a[href="lessons/02-gradient-descent.html"]')
            page.wait_for_url("**/lessons/02-gradient-descent.html")
            wait_for_maths(page)
            # JupyterLab's stylesheet, linked from assets/, is applied
            font = "() => getComputedStyle(document.body).getPropertyValue('--jp-ui-font-family')"
            assert page.evaluate(font).strip()
            images = page.locator("main img")
            assert images.count() == 9
            assert page.evaluate("() => [...document.images].every(i => i.naturalWidth > 0)")
            assert "sliders" in page.locator(".course-explorer-note").first.inner_text()
            page.locator('a[rel="next"]').first.click()
            page.wait_for_url("**/lessons/03-chain-rule.html")
            page.locator('a:text("Instructor guide")').first.click()
            page.wait_for_url("**/instructor-guide.html")
            wait_for_maths(page)
        finally:
            browser.close()
    outside = [url for url in requests if not url.startswith(ON_DISK)]
    assert not outside, f"the site made requests outside the file system: {outside}"
    assert not errors, errors
