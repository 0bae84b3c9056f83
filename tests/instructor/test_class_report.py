"""Tests of helpers.instructor.grading.class_report: the same numbers in Markdown and HTML,
escaped, self-contained, with described figures."""

from __future__ import annotations

import re
from pathlib import Path

from class_support import TASKS, graded

from helpers.checks import EXERCISES
from helpers.instructor.grading.class_report import markdown, to_html, write_report
from helpers.instructor.grading.gradebook import columns
from helpers.instructor.grading.roster import build_roster
from helpers.instructor.grading.summary import summarise

L3, L9 = "03-chain-rule", "09-autodiff"
PIPE = "a | b * c_d: use `np.sum` <not> [this]"
HOSTILE = "<script>alert(1)</script>"


def _summary():
    notebooks = [
        graded("s1", L3, {"l3-graph-backward": PIPE}),
        graded("s2", L3, {"l3-graph-backward": PIPE, "l3-sigmoid-prime": "stub"}),
        graded(HOSTILE, L3),
        graded("s3", None, status="invalid", claimed=L9, message="not a notebook"),
    ]
    roster = build_roster(notebooks)
    return summarise(roster, TASKS), columns(roster.lessons, TASKS)


def _cells(line: str) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", c.strip()) for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def test_markdown_tables_keep_every_cause_in_its_cell():
    summary, cols = _summary()
    text = markdown(summary, cols, when="today")
    row = next(line for line in text.splitlines() if line.startswith("| l3-graph-backward"))
    assert _cells(row) == [
        "l3-graph-backward (graph_backward)",
        "2",
        "1 / 3",
        "33 %",
        "0 pt: 2 · 2 pt: 1",
        "0",
        f"{PIPE} (2 students)",
    ]
    assert "## 09-autodiff" in text and "0 notebooks graded, 1 could not be." in text
    assert "has lesson 3's misconceptions" in text
    assert re.search(r"!\[Histogram of the scores in lesson 03-chain-rule .*3 graded", text)
    assert "](figures/03-chain-rule-scores.png)" in text
    assert HOSTILE not in text  # escaped: \<script\>
    assert "| 03-chain-rule total | 4 |" in text


def test_html_escapes_and_embeds_everything():
    summary, cols = _summary()
    page = to_html(summary, cols, when="today")
    assert HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert html_cell(PIPE) in page
    assert page.count('<img src="data:image/png;base64,') == 4
    assert not re.search(r"<script|<link|src=\"(?!data:)", page)


def html_cell(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_write_report_writes_markdown_figures_and_html(tmp_path):
    summary, cols = _summary()
    md, page = write_report(tmp_path, summary, cols)
    assert md.name == "report.md" and page.name == "report.html"
    pngs = sorted(p.name for p in (tmp_path / "figures").iterdir())
    assert pngs == [
        f"{L3}-outcomes.png",
        f"{L3}-scores.png",
        f"{L9}-outcomes.png",
        f"{L9}-scores.png",
    ]
    for name in re.findall(r"\]\(figures/([^)]+)\)", md.read_text(encoding="utf-8")):
        assert (tmp_path / "figures" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


GUIDE = Path(__file__).resolve().parents[2] / "course" / "instructor-guide.md"


def test_the_guides_table_quotes_real_mistake_lines_and_its_own_misconceptions():
    text = GUIDE.read_text(encoding="utf-8")
    head = "## After grading: the class report in the next class"
    before, section = text.split(head)
    rows = re.findall(r'^\| (\d) \| "([^"]+)" \| ([^|]+) \|', section, flags=re.M)
    assert len(rows) >= 9 * 2 and {int(r[0]) for r in rows} == set(range(1, 10))
    for number, quoted, misconception in rows:
        causes = [
            v.cause
            for ex in EXERCISES.values()
            if ex.lesson_number == int(number)
            for v in ex.variants
        ]
        assert any(c.startswith(quoted) for c in causes), (number, quoted)
        for phrase in re.findall(r"\*([^*]+)\*", misconception):
            assert phrase.lower() in before.lower(), (number, phrase)
