"""Locating and copying the exports' JavaScript (helpers.instructor.export_assets)."""

from __future__ import annotations

import pytest
from exports import NODE_MODULES, need_export_js

from helpers.instructor import export_assets


def test_missing_npm_install_says_how_to_install(tmp_path):
    with pytest.raises(export_assets.AssetsMissingError, match=r"npm ci --prefix course/export"):
        export_assets.copy_reveal(tmp_path / "out", export=tmp_path / "export")
    with pytest.raises(export_assets.AssetsMissingError, match=r"mathjax is not installed"):
        export_assets.copy_mathjax(tmp_path / "out", export=tmp_path / "export")


def test_copies_only_what_the_pages_link(tmp_path):
    need_export_js()
    export_assets.copy_reveal(tmp_path, NODE_MODULES.parent)
    export_assets.copy_mathjax(tmp_path, NODE_MODULES.parent)
    reveal = tmp_path / export_assets.REVEAL_PREFIX
    for part in (
        "dist/reveal.js",
        "dist/reveal.css",
        "dist/theme/white.css",
        "plugin/notes/notes.js",
    ):
        assert (reveal / part).is_file(), part
    assert (tmp_path / export_assets.MATHJAX_SCRIPT).is_file()
    assert not (reveal / "plugin" / "markdown").exists()
