"""Lesson 2 presented live with jupyterlab-slideshow, driven through Chromium.

jupyterlab-slideshow (formerly jupyterlab-deck) presents the notebook itself, in the
JupyterLab page, from the same ``slideshow.slide_type`` metadata RISE reads; its cells
stay live cells of the running notebook, so the explorers' sliders work on their slides
(in RISE they do not yet: see tests/test_browser_rise.py).

Uses tests/test_browser.py's JupyterLab server (127.0.0.1, a free port, a random token)
and copies lesson 2 (solutions/, with its slide metadata) into it. The test runs all
cells, starts the presentation from the notebook's toolbar, moves slide by slide with the
right arrow key to the slide of the 1-D explorer (each key press must land on the next
cell marked ``slide``), then down with the down arrow key until the explorer is on
screen, moves its learning-rate slider with the keyboard and checks that the figure is
redrawn, that the slide did not move and that no error output appeared; the on-screen
remote's forward arrow then moves on to the next slide. Nothing may be requested from
outside the JupyterLab server. Skips locally, and fails under CI=true,
when Chromium or Playwright is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from test_browser import (  # noqa: F401 - fixtures
    ARTIFACTS,
    CHROMIUM_ARGS,
    ERROR_OUTPUT,
    LR_REDRAWN,
    browser_tools,
    lab,
    open_notebook,
    run_all_cells,
)

ROOT = Path(__file__).resolve().parents[1]
LESSON_2 = ROOT / "solutions" / "02-gradient-descent.ipynb"
EXPLORER = "explore_descent_1d()"
#: the indices of the cells the presentation shows now (its current slide)
ON_SCREEN = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
    .map((cell, i) => cell.classList.contains('jp-deck-mod-onscreen') ? i : -1)
    .filter(i => i >= 0)"""


def _lesson_plan() -> tuple[int, list[int], int]:
    """(number of cells, the cells that start a slide, the 1-D explorer's cell)."""
    nb = nbformat.read(LESSON_2, as_version=4)
    slides = [
        i for i, c in enumerate(nb.cells) if c.metadata["slideshow"]["slide_type"] == "slide"
    ]
    explorer = next(i for i, c in enumerate(nb.cells) if c.source.strip() == EXPLORER)
    return len(nb.cells), slides, explorer


def test_slideshow_presents_lesson_2_with_arrow_keys_and_a_live_slider(
    tmp_path,
    browser_tools,  # noqa: F811
    lab,  # noqa: F811
):
    chromium, sync_playwright = browser_tools
    shutil.copy(LESSON_2, tmp_path / "root" / LESSON_2.name)  # the server's root folder
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    n_cells, slides, explorer_cell = _lesson_plan()
    on_its_slide = [s for s in slides if s <= explorer_cell]
    requests = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("request", lambda request: requests.append(request.url))

        def on_screen() -> list[int]:
            return page.evaluate(ON_SCREEN)

        def wait_on_screen(condition: str, arg) -> None:
            page.wait_for_function(
                f"([arg]) => {{ const shown = ({ON_SCREEN})(); return {condition}; }}",
                arg=[arg],
                timeout=10_000,
            )

        try:
            open_notebook(page, lab, LESSON_2.name)
            run_all_cells(page)  # an instructor runs the lesson first, then presents it
            page.locator(".bp-explorer .jp-OutputArea-output img").nth(1).wait_for(timeout=60_000)
            assert page.locator(".jp-Notebook .jp-Cell").count() == n_cells
            page.locator(".jp-Notebook .jp-Cell").first.click()  # start at the beginning
            page.locator('.jp-NotebookPanel-toolbar [data-command="deck:toggle"]').click()
            page.wait_for_selector(
                'body[data-jp-deck-mode="presenting"]', state="attached", timeout=10_000
            )
            wait_on_screen("shown.length && shown[0] === arg", 0)
            cells = page.locator(".jp-Notebook .jp-Cell")
            explorer = cells.nth(explorer_cell)
            assert not explorer.is_visible(), "the explorer is not on the first slide"
            page.screenshot(path=str(ARTIFACTS / "deck-01-first-slide.png"))

            # right arrow: from slide to slide, in the order of the slide metadata
            for start in on_its_slide[1:]:
                page.keyboard.press("ArrowRight")
                wait_on_screen("shown.length && shown[0] === arg", start)
            assert not cells.nth(0).is_visible(), "the title slide is gone"
            # down arrow: through the sub-slides of that slide to the explorer
            for _ in range(20):
                if explorer_cell in on_screen():
                    break
                first = on_screen()[0]
                page.keyboard.press("ArrowDown")
                wait_on_screen("shown.length && shown[shown.length - 1] > arg", first)
            else:
                raise AssertionError(f"20 presses of ArrowDown did not reach {EXPLORER}")
            shown = on_screen()
            assert all(on_its_slide[-1] <= i <= explorer_cell for i in shown), shown
            next_slide = min(s for s in slides if s > explorer_cell)
            assert not cells.nth(next_slide).is_visible(), "the next slide is not shown yet"
            box = explorer.locator(".bp-explorer")
            img = box.locator(".jp-OutputArea-output img").first
            img.wait_for(state="visible", timeout=10_000)
            page.screenshot(path=str(ARTIFACTS / "deck-02-explorer-slide.png"))

            # the slider on the slide redraws its figure
            before = img.get_attribute("src")
            readout = box.locator(".widget-readout").first
            lr_before = float(readout.inner_text())
            box.locator(".widget-slider .noUi-handle").first.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(LR_REDRAWN, arg=[before], timeout=20_000)
            after = img.get_attribute("src")
            page.screenshot(path=str(ARTIFACTS / "deck-03-after-slider.png"))
            assert before.startswith("data:image/png") and after.startswith("data:image/png")
            assert after != before, "the figure did not change after moving the slider"
            assert float(readout.inner_text()) > lr_before
            assert on_screen() == shown, "the arrow key moved the slider, not the slide"
            assert img.is_visible()
            errors = page.locator(ERROR_OUTPUT)
            assert errors.count() == 0, "error output appeared:\n" + "\n".join(
                errors.all_inner_texts()
            )
            assert not page.get_by_text("Could not redraw").count()

            # the remote's arrows move on from a slide whose slider has the keyboard
            page.locator(".jp-Deck-Remote button.jp-deck-mod-direction-forward").click()
            wait_on_screen("shown.length && shown[0] === arg", next_slide)
        except BaseException:
            try:
                page.screenshot(path=str(ARTIFACTS / "deck-failure.png"))
            finally:
                print("JupyterLab log:", lab["log"])
            raise
        finally:
            browser.close()
    outside = [u for u in requests if not u.startswith((lab["base"], "data:", "blob:"))]
    assert not outside, f"the presentation loaded from outside the JupyterLab server: {outside}"
