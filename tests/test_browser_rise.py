"""Lesson 2 presented live with RISE in a real JupyterLab, driven through Chromium.

Uses tests/test_browser.py's JupyterLab server (127.0.0.1, a free port, a random token)
and copies lesson 2 (solutions/, with its slide metadata) into it. The test runs all
cells in JupyterLab, opens RISE ("View > Render as Reveal Slideshow", the side-by-side
slideshow an instructor presents), checks that the lesson is a reveal.js slideshow and
that the arrow keys move through it, then moves an explorer's slider on its slide and
checks that the figure is redrawn. Every request of the page and the slideshow must go
to the JupyterLab server itself: nothing is loaded from the internet.

jupyterlab-rise 0.43.1 (the newest release) cannot load the ipywidgets 8 widget manager
in its slideshow app, so a slider there shows as text ("Explorer(children=...)"), an
upstream bug (jupyterlab-contrib/rise issue 119): the browser console of its page says
the widget manager extension cannot be created, because modules it shares with
JupyterLab (@jupyterlab/console, @jupyterlab/fileeditor) are missing from RISE's app. The
test detects exactly that case and reports it as an expected failure; any other failure
fails, and once RISE renders the widgets the slider part runs in full. Live sliders on
slides are tested with jupyterlab-slideshow in tests/test_browser_deck.py. Skips locally,
and fails under CI=true, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from test_browser import (  # noqa: F401 - fixtures
    ARTIFACTS,
    CHROMIUM_ARGS,
    browser_tools,
    lab,
    open_notebook,
    run_all_cells,
)

ROOT = Path(__file__).resolve().parents[1]
LESSON_2 = ROOT / "solutions" / "02-gradient-descent.ipynb"
RISE_WIDGETS_BUG = (
    "jupyterlab-rise 0.43.1 does not load the ipywidgets 8 manager in its slideshow, so the "
    "explorer shows as text (upstream: jupyterlab-contrib/rise issue 119)"
)


def _rise_frame(page, seconds: float = 30):
    """The slideshow's frame (RISE opens it in a panel beside the notebook)."""
    for _ in range(int(seconds * 4)):
        frames = [f for f in page.frames if "/rise/" in f.url]
        if frames:
            return frames[0]
        page.wait_for_timeout(250)
    raise AssertionError(f"RISE opened no slideshow in {seconds} s")


def _count_slides() -> int:
    nb = nbformat.read(LESSON_2, as_version=4)
    return sum(c.metadata["slideshow"]["slide_type"] == "slide" for c in nb.cells)


def _slide(frame) -> str:
    return urlsplit(frame.url).fragment


def test_rise_presents_lesson_2_as_slides_with_arrow_keys_and_live_sliders(
    tmp_path,
    browser_tools,  # noqa: F811
    lab,  # noqa: F811
):
    chromium, sync_playwright = browser_tools
    shutil.copy(LESSON_2, tmp_path / "root" / LESSON_2.name)  # the server's root folder
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requests = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        try:
            open_notebook(page, lab, LESSON_2.name)
            run_all_cells(page)  # an instructor runs the lesson first, then presents it
            page.locator(".bp-explorer .jp-OutputArea-output img").nth(1).wait_for(timeout=60_000)
            page.locator(".jp-Notebook .jp-Cell").first.click()  # start at the beginning
            page.click('.lm-MenuBar-itemLabel:text-is("View")')
            page.click('.lm-Menu-itemLabel:text-is("Render as Reveal Slideshow")')
            frame = _rise_frame(page)
            frame.wait_for_selector(".reveal.ready .slides section.present", timeout=40_000)
            sections = frame.locator(".reveal .slides > section").count()
            assert sections == _count_slides(), "one reveal.js slide per slide cell"
            page.screenshot(path=str(ARTIFACTS / "rise-01-first-slide.png"))

            # the arrow keys move through the slides: right to the next, down within one
            first = _slide(frame)
            frame.locator(".reveal").click(position={"x": 20, "y": 20})
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "([start]) => [...document.querySelectorAll('iframe')].some("
                "f => f.src.includes('/rise/') && f.contentWindow.location.hash !== start)",
                arg=["#" + first],
                timeout=10_000,
            )
            second = _slide(frame)
            page.keyboard.press("ArrowDown")
            page.wait_for_timeout(500)
            third = _slide(frame)
            assert len({first, second, third}) == 3, (first, second, third)
            page.screenshot(path=str(ARTIFACTS / "rise-02-moved.png"))

            outside = [u for u in requests if not u.startswith((lab["base"], "data:", "blob:"))]
            assert not outside, f"RISE loaded from outside the JupyterLab server: {outside}"

            # the explorer's slide: its slider redraws its figure
            section = frame.locator("section", has=frame.locator("text=explore_descent_1d()"))
            fallback = section.locator("text=Explorer(children=")
            explorer = section.locator(".bp-explorer")
            explorer.or_(fallback).first.wait_for(state="attached", timeout=20_000)
            if not explorer.count() and fallback.count():
                pytest.xfail(RISE_WIDGETS_BUG)
            img = explorer.locator(".jp-OutputArea-output img").first
            before = img.get_attribute("src")
            explorer.locator(".widget-slider .noUi-handle").first.focus()
            page.keyboard.press("ArrowRight")
            frame.wait_for_function(
                "([src]) => { const img = document.querySelector('.bp-explorer img');"
                " return img && img.getAttribute('src') !== src; }",
                arg=[before],
                timeout=20_000,
            )
        finally:
            try:
                page.screenshot(path=str(ARTIFACTS / "rise-03-last.png"))
            finally:
                browser.close()
    outside = [u for u in requests if not u.startswith((lab["base"], "data:", "blob:"))]
    assert not outside, f"RISE loaded from outside the JupyterLab server: {outside}"
