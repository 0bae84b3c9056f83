"""Lesson 2 as static reveal.js slides (helpers.instructor.export_slides)."""

from __future__ import annotations

import re

import nbformat
import pytest
from exports import (  # noqa: F401 - fixtures
    LESSON_2,
    ON_DISK,
    lesson_2_slides,
    open_page,
    parse,
    wait_for_maths,
)
from test_browser import _requirements

from helpers.instructor import export_slides
from helpers.instructor.static_cells import EXPLORER_NOTE, CaptionError

URL = re.compile(r"^(https?:)?//", re.IGNORECASE)


def test_slides_link_nothing_outside_their_folder(lesson_2_slides):  # noqa: F811
    tags = parse(lesson_2_slides)
    linked = [a.get("src") or a.get("href") for t, a in tags.tags if t in ("script", "link")]
    linked = [url for url in linked if url]
    assert linked and not [url for url in linked if URL.match(url)], linked
    for url in linked:
        assert (lesson_2_slides.parent / url).is_file(), url
    text = lesson_2_slides.read_text(encoding="utf-8")
    assert "require(" not in text and "cdnjs" not in text and "unpkg" not in text


def test_slides_follow_the_metadata(lesson_2_slides):  # noqa: F811
    nb = nbformat.read(LESSON_2, as_version=4)
    kinds = [c.metadata["slideshow"]["slide_type"] for c in nb.cells]
    tags = parse(lesson_2_slides)
    slides = [t for t, _ in tags.tags if t == "section"]
    fragments = [a for t, a in tags.tags if t == "div" and "fragment" in (a.get("class") or "")]
    # one section per slide and one per (sub)slide inside it
    assert len(slides) == 2 * kinds.count("slide") + kinds.count("subslide")
    assert len(fragments) == kinds.count("fragment")
    text = lesson_2_slides.read_text(encoding="utf-8")
    assert "from helpers.explorers import" not in text, "the setup cell is skipped"
    assert text.count(EXPLORER_NOTE) == 2, "both explorers become a note"
    alts = [a.get("alt") for t, a in tags.tags if t == "img"]
    assert len(alts) == 9 and all(alts), alts


def test_a_missing_caption_stops_the_export_before_writing(tmp_path):
    nb = nbformat.read(LESSON_2, as_version=4)
    del nb.cells[5].metadata["caption"]
    path = tmp_path / LESSON_2.name
    nbformat.write(nb, path)
    with pytest.raises(CaptionError, match=r"cell 6 \(id l2-c06\)"):
        export_slides.export([path], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_static_slides_of_lesson_2_open_from_disk_and_move_with_arrow_keys(
    lesson_2_slides,  # noqa: F811
):
    chromium, sync_playwright = _requirements()
    with sync_playwright() as pw:
        browser, page, requests, errors = open_page(pw, chromium)
        try:
            page.goto(lesson_2_slides.as_uri())
            page.wait_for_function("() => window.Reveal && Reveal.isReady()")
            wait_for_maths(page)
            indices = "() => Reveal.getIndices()"
            assert page.evaluate(indices)["h"] == 0
            page.keyboard.press("ArrowRight")
            page.wait_for_function("() => Reveal.getIndices().h === 1")
            page.keyboard.press("ArrowDown")
            page.wait_for_function("() => Reveal.getIndices().v === 1")
            page.keyboard.press("ArrowLeft")
            page.wait_for_function("() => Reveal.getIndices().h === 0")
            assert page.evaluate("() => Reveal.getTotalSlides()") > 20
        finally:
            browser.close()
    outside = [url for url in requests if not url.startswith(ON_DISK)]
    assert not outside, f"the slides made requests outside the file system: {outside}"
    assert not errors, errors
