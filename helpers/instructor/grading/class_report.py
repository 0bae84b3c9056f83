"""The class report: what the class got wrong, as Markdown (for a repository) and as one
self-contained HTML file (figures embedded as PNG, no outside resources).

Both show the same :class:`~helpers.instructor.grading.summary.ClassSummary`, in order:

1. per lesson: the score histogram and the outcome per exercise (figures), a table with
   each exercise's pass rate, points distribution and most common mistake, then per
   exercise its diagnosed mistakes ranked by how many students made them, each with one
   anonymised example of the feedback line;
2. the notebooks to look at: ungradable (and why), handed in under another lesson's
   name, duplicates, and notebooks no student could be given;
3. the students below the threshold, per lesson (or with nothing handed in);
4. the gradebook's columns and their maximum points.

The report names students in sections 2 and 3 only; the example lines are anonymised.
"""

from __future__ import annotations

import base64
import datetime
import html
import re
import statistics
from collections.abc import Sequence
from pathlib import Path

from .figures import Picture, exercise_outcomes, score_histogram
from .summary import Below, ClassSummary, ExerciseSummary, LessonSummary

__all__ = ["FIGURES", "REPORT_MD", "REPORT_HTML", "markdown", "to_html", "write_report"]

#: the report's files inside the output folder
FIGURES, REPORT_MD, REPORT_HTML = "figures", "report.md", "report.html"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _g(x: float) -> str:
    return f"{x:g}"


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{100 * rate:.0f} %"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def _distribution(e: ExerciseSummary) -> str:
    return " · ".join(f"{_g(p)} pt: {n}" for p, n in sorted(e.points.items())) or "–"


def _top(e: ExerciseSummary) -> str:
    m = e.top_mistake
    if m is None:
        return "–"
    return f"{m.cause} ({m.students} {'student' if m.students == 1 else 'students'})"


def _below(b: Below) -> str:
    return "nothing handed in" if b.score is None else f"{_g(b.score)} / {_g(b.max_score)}"


def _guide(lesson: LessonSummary) -> str:
    if lesson.number is None:
        return ""
    return (
        f"The instructor guide (course/instructor-guide.md) has lesson {lesson.number}'s "
        "misconceptions, and under “After grading” which of them each mistake line is."
    )


def _lesson_line(lesson: LessonSummary) -> str:
    n = len(lesson.scores)
    text = f"{n} notebook{'s' if n != 1 else ''} graded"
    if lesson.ungradable:
        text += f", {lesson.ungradable} could not be"
    if n:
        mean, median = statistics.mean(lesson.scores), statistics.median(lesson.scores)
        text += f"; mean {mean:.3g}, median {_g(median)} out of {_g(lesson.max_score)} points"
    return text + "."


def _header(summary: ClassSummary, when: str) -> str:
    lessons = ", ".join(lesson.lesson for lesson in summary.lessons) or "none"
    text = (
        f"Graded {when}: {summary.students} students, {summary.submissions} notebooks "
        f"({summary.reused} of them unchanged since the last run, their results kept); "
        f"lessons: {lessons}."
    )
    if summary.grader:
        text += f" Grader version {summary.grader}."
    return text


def _pictures(summary: ClassSummary) -> dict[str, tuple[Picture, Picture]]:
    return {
        lesson.lesson: (score_histogram(lesson), exercise_outcomes(lesson))
        for lesson in summary.lessons
    }


def _figure_names(lesson: str) -> tuple[str, str]:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", lesson)
    return f"{safe}-scores.png", f"{safe}-outcomes.png"


def markdown(
    summary: ClassSummary,
    columns: Sequence[tuple],
    pictures: dict[str, tuple[Picture, Picture]] | None = None,
    when: str | None = None,
) -> str:
    """The report as Markdown; figures are linked as ``figures/<lesson>-*.png``.

    Parameters
    ----------
    summary : the numbers (:func:`~helpers.instructor.grading.summary.summarise`)
    columns : the gradebook's columns (:func:`~helpers.instructor.grading.gradebook.columns`)
    pictures : the figures by lesson (default: drawn now), for their alt text
    when : the date shown (default: now)
    """
    pictures = _pictures(summary) if pictures is None else pictures
    when = when or datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    out = ["# Class report", "", _md(_header(summary, when)), ""]
    for lesson in summary.lessons:
        out += [f"## {_md(lesson.lesson)}", "", _md(_lesson_line(lesson))]
        if _guide(lesson):
            out += ["", _md(_guide(lesson))]
        out.append("")
        for name, pic in zip(_figure_names(lesson.lesson), pictures[lesson.lesson], strict=True):
            out += [f"![{_md(pic.alt)}]({FIGURES}/{name})", ""]
        out += [
            "| exercise | points | passed | pass rate | points: notebooks | not attempted "
            "| most common mistake |",
            "|---|---|---|---|---|---|---|",
        ]
        for e in lesson.exercises:
            out.append(
                f"| {_md(e.grade_id)} ({_md(e.function)}) | {_g(e.max_points)} | "
                f"{e.passed} / {e.graded} | {_pct(e.pass_rate)} | {_distribution(e)} | "
                f"{e.outcomes['not attempted']} | {_md(_top(e))} |"
            )
        out.append("")
        for e in lesson.exercises:
            if not e.mistakes:
                continue
            out += [
                f"### {_md(e.grade_id)}: the mistakes named",
                "",
                "| students | mistake | example feedback line |",
                "|---|---|---|",
            ]
            out += [f"| {m.students} | {_md(m.cause)} | {_md(m.example)} |" for m in e.mistakes]
            out.append("")
    out += ["## Notebooks to look at", ""]
    if summary.problems:
        out += ["| what | notebook | why |", "|---|---|---|"]
        out += [f"| {p.what} | {_md(p.path)} | {_md(p.reason)} |" for p in summary.problems]
    else:
        out.append("None: every notebook was graded as the lesson it was handed in as.")
    out += ["", f"## Students below {_pct(summary.threshold)} of a lesson's points", ""]
    if summary.below:
        out += ["| student | lesson | score |", "|---|---|---|"]
        for b in summary.below:
            out.append(f"| {_md(b.student)} | {_md(b.lesson)} | {_below(b)} |")
    else:
        out.append("None.")
    out += ["", "## Gradebook columns (gradebook.csv)", "", "| column | max points |", "|---|---|"]
    out += ["| student | – |"] + [f"| {_md(c[0])} | {_g(c[3])} |" for c in columns]
    return "\n".join(out) + "\n"


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; white-space: nowrap; }
img { max-width: 100%; display: block; margin: 0.5rem 0; }
""".strip()


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _img(pic: Picture) -> str:
    data = base64.b64encode(pic.png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{_h(pic.alt)}">'


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric=()) -> list[str]:
    out = ["<table>", "<tr>" + "".join(f"<th>{_h(h)}</th>" for h in head) + "</tr>"]
    for row in rows:
        cells = [
            f'<td class="n">{_h(c)}</td>' if i in numeric else f"<td>{_h(c)}</td>"
            for i, c in enumerate(row)
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return out + ["</table>"]


def to_html(
    summary: ClassSummary,
    columns: Sequence[tuple],
    pictures: dict[str, tuple[Picture, Picture]] | None = None,
    when: str | None = None,
) -> str:
    """The report as one self-contained HTML page (parameters as for :func:`markdown`)."""
    pictures = _pictures(summary) if pictures is None else pictures
    when = when or datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Class report</title><style>{_CSS}</style></head><body>",
        "<h1>Class report</h1>",
        f"<p>{_h(_header(summary, when))}</p>",
    ]
    for lesson in summary.lessons:
        out += [f"<h2>{_h(lesson.lesson)}</h2>", f"<p>{_h(_lesson_line(lesson))}</p>"]
        if _guide(lesson):
            out.append(f"<p>{_h(_guide(lesson))}</p>")
        out += [_img(pic) for pic in pictures[lesson.lesson]]
        rows = [
            [
                f"{e.grade_id} ({e.function})",
                _g(e.max_points),
                f"{e.passed} / {e.graded}",
                _pct(e.pass_rate),
                _distribution(e),
                str(e.outcomes["not attempted"]),
                _top(e),
            ]
            for e in lesson.exercises
        ]
        head = ["exercise", "points", "passed", "pass rate", "points: notebooks"]
        head += ["not attempted", "most common mistake"]
        out += _table(head, rows, numeric={1, 2, 3, 5})
        for e in lesson.exercises:
            if e.mistakes:
                out.append(f"<h3>{_h(e.grade_id)}: the mistakes named</h3>")
                rows = [[str(m.students), m.cause, m.example] for m in e.mistakes]
                out += _table(["students", "mistake", "example feedback line"], rows, {0})
    out.append("<h2>Notebooks to look at</h2>")
    if summary.problems:
        rows = [[p.what, p.path, p.reason] for p in summary.problems]
        out += _table(["what", "notebook", "why"], rows)
    else:
        out.append("<p>None: every notebook was graded as the lesson it was handed in as.</p>")
    out.append(f"<h2>Students below {_h(_pct(summary.threshold))} of a lesson's points</h2>")
    if summary.below:
        rows = [[b.student, b.lesson, _below(b)] for b in summary.below]
        out += _table(["student", "lesson", "score"], rows)
    else:
        out.append("<p>None.</p>")
    out.append("<h2>Gradebook columns (gradebook.csv)</h2>")
    rows = [["student", "–"]] + [[c[0], _g(c[3])] for c in columns]
    out += _table(["column", "max points"], rows, {1})
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_report(folder: Path, summary: ClassSummary, columns: Sequence[tuple]) -> list[Path]:
    """Write ``report.md``, its ``figures/*.png`` and ``report.html`` into ``folder``.

    Returns
    -------
    list of Path : the two reports (Markdown first)
    """
    folder = Path(folder)
    (folder / FIGURES).mkdir(parents=True, exist_ok=True)
    pictures = _pictures(summary)
    for lesson, pics in pictures.items():
        for name, pic in zip(_figure_names(lesson), pics, strict=True):
            (folder / FIGURES / name).write_bytes(pic.png)
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    md, page = folder / REPORT_MD, folder / REPORT_HTML
    # a file name that is not UTF-8 must not stop the report: it is written as \udcxx
    md.write_text(
        markdown(summary, columns, pictures, when), encoding="utf-8", errors="backslashreplace"
    )
    page.write_text(
        to_html(summary, columns, pictures, when), encoding="utf-8", errors="backslashreplace"
    )
    return [md, page]
