"""Tests of helpers.instructor.grading.progress: a bar on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io

from helpers.instructor.grading.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    progress = Progress(12, out)
    assert not progress.bar
    progress.advance("graded: alice/03-chain-rule.ipynb 4/4")
    progress.advance("graded: bob.ipynb 0/4")
    assert out.getvalue().splitlines() == [
        "[ 1/12] graded: alice/03-chain-rule.ipynb 4/4",
        "[ 2/12] graded: bob.ipynb 0/4",
    ]


def test_a_bar_redrawn_in_place_on_a_terminal():
    out = Terminal()
    progress = Progress(4, out, width=8)
    assert progress.bar
    progress.advance("a")
    assert out.getvalue().startswith("\r\x1b[K[##------] 1/4  0:00 elapsed, ~0:00 left")
    for what in "bcd":
        progress.advance(what)
    text = out.getvalue()
    assert text.count("\r") == 4 and text.endswith("[########] 4/4  0:00 elapsed\n")
    assert "\n" not in text[:-1]  # one line, redrawn


def test_the_time_left_is_estimated_from_the_pace(monkeypatch):
    clock = iter([100.0, 160.0])
    monkeypatch.setattr("helpers.instructor.grading.progress.time.monotonic", lambda: next(clock))
    progress = Progress(4, io.StringIO(), bar=True)
    progress.done = 1
    assert progress.line().endswith("1/4  1:00 elapsed, ~3:00 left")
