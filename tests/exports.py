"""Shared by the tests of the static exports: the site and lesson 2's slides, built once,
and opened in Chromium from disk.

The session fixtures build from the real checkout into a temporary folder. They need
reveal.js and MathJax installed by ``npm ci --prefix course/export`` (``make test`` and
``.ci/run`` do it); without them the tests skip and say so, except under CI=true, where
they fail.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_browser import CHROMIUM_ARGS

from helpers.instructor import export_slides, site

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "course" / "export" / "node_modules"
LESSON_2 = ROOT / "solutions" / "02-gradient-descent.ipynb"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need_export_js() -> None:
    """Skip (locally) or fail (CI=true) when course/export's npm packages are missing."""
    if not (NODE_MODULES / "reveal.js").is_dir() or not (NODE_MODULES / "mathjax").is_dir():
        reason = (
            "the static exports need reveal.js and MathJax: run `npm ci --prefix course/export`"
        )
        if IN_CI:
            pytest.fail(reason + "; CI=true, so this is a failure, not a skip.")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The course's static site, built once per test session; its folder."""
    need_export_js()
    out = tmp_path_factory.mktemp("site")
    site.build_site(ROOT, out)
    return out


@pytest.fixture(scope="session")
def lesson_2_slides(tmp_path_factory) -> Path:
    """Lesson 2 exported as static slides, once per test session; the HTML file."""
    need_export_js()
    out = tmp_path_factory.mktemp("slides")
    (page,) = export_slides.export([LESSON_2], out)
    return page


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and every element id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"])


def parse(path: Path) -> Tags:
    """The tags of the HTML file at ``path``."""
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


# ---------------------------------------------------------------- in a browser, from disk

ON_DISK = ("file://", "data:", "about:", "blob:")


def open_page(pw, chromium):
    """A Chromium page recording its requests and errors: (browser, page, requests, errors)."""
    browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return browser, page, requests, errors


def wait_for_maths(page) -> None:
    """Wait until MathJax has typeset the page, and check it drew a formula."""
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")
    assert page.locator("mjx-container").count() > 0, "MathJax drew no formula"
