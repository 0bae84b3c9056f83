"""Grading a whole class (helpers.instructor.grading.batch, through the command line).

A class of 32 notebooks (30 of them gradable) is built at test time from lessons 3 and 9,
the fastest to grade, by planting the checks' own mistake variants in known proportions,
with broken and hostile files among them (see tests/fixtures/grading/make_class.py).
It is graded once,
two at a time, and every expectation below is derived from that plan: the report's pass
rates and most common mistakes, the gradebook's rows, the notebooks to look at.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import importlib.util
import io
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from helpers.checks import EXERCISES
from helpers.instructor import grading

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "grading"
ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("make_class", FIXTURES / "make_class.py")
make_class = sys.modules["make_class"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_class)
Planted, RIGHT, STUB, LOOP, EXIT = (
    make_class.Planted,
    make_class.RIGHT,
    make_class.STUB,
    make_class.LOOP,
    make_class.EXIT,
)

L3, L9 = "03-chain-rule", "09-autodiff"
LIMITS = ["--cell-timeout", "10", "--timeout", "120", "--memory-mb", "1024"]

# Per exercise, the answers of the planted students in order (variant indices are the
# checks' own mistakes) and a step coprime with their number: student k gets answer
# (k * step) % n, so each student gets a mix.
PLANTED = {
    L3: {
        "l3-graph-backward": ([RIGHT] * 6 + [1] * 4 + [2] * 2 + [STUB] * 2, 1),
        "l3-sigmoid-prime": ([RIGHT] * 5 + [0] * 5 + [3] * 2 + [STUB] * 2, 3),
    },
    L9: {
        "l9-mul-backward": ([RIGHT] * 4 + [0] * 3 + [2] * 2, 1),
        "l9-tanh-backward": ([RIGHT] * 3 + [1] * 3 + [4] * 2 + [STUB], 2),
        "l9-reverse-sweep": ([RIGHT] * 4 + [0] * 3 + [1] + [STUB], 4),
    },
}


def _nb(student: str, assignment: str, name: str | None = None) -> str:
    return f"submitted/{student}/{assignment}/{name or assignment}.ipynb"


def class_plan() -> list[Planted]:
    plan = []
    for lesson, exercises in PLANTED.items():
        n = len(next(iter(exercises.values()))[0])
        for k in range(n):
            answers = {gid: answers[(k * step) % n] for gid, (answers, step) in exercises.items()}
            plan.append(Planted(_nb(f"s{k + 1:02d}", lesson), lesson, answers))
    plan += [
        Planted(_nb("s15", L9), L3),  # a lesson-3 notebook handed in as lesson 9
        Planted(_nb("s16", L3), L3, kind="not-json"),
        Planted(_nb("s17", L3), L3, {"l3-graph-backward": LOOP}),
        Planted(_nb("s18", L3), L3, {"l3-graph-backward": EXIT}),
        Planted(
            _nb("s19", L3), L3, {g: STUB for g in PLANTED[L3]}, monkeypatch=True
        ),  # checks replaced by ones that always pass, nothing answered
        Planted(_nb("s05", L3, "03-chain-rule-copy"), L3, {g: STUB for g in PLANTED[L3]}),
        Planted(f"submitted/{L3}.ipynb", L3),  # whose?
        Planted(f"flat/s20-{L3}.ipynb", L3),  # a flat folder named by student
        Planted(f"flat/{L3}.ipynb", L3),  # whose?
    ]
    return plan


PLAN = class_plan()
UNATTRIBUTED = {f"submitted/{L3}.ipynb", f"flat/{L3}.ipynb"}
DUPLICATE = _nb("s05", L3, "03-chain-rule-copy")


def _student(p: Planted) -> str:
    return p.path.split("/")[1].split("-")[0] if p.path.startswith("submitted/") else "s20"


def _outcome(p: Planted, gid: str):
    """What the grader must make of a planted answer: passed, a variant index, or why not."""
    if p.kind == "not-json":
        return "ungradable"
    if EXIT in p.answers.values():
        return "error"
    answer = p.answer(gid)
    return {RIGHT: "passed", STUB: "not attempted", LOOP: "error"}.get(answer, answer)


def _counted() -> list[Planted]:
    """The planted notebooks that count for their student (no duplicate, no stray)."""
    return [p for p in PLAN if p.path not in UNATTRIBUTED | {DUPLICATE}]


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _grade(folder: Path, out: Path) -> tuple[int, str]:
    """The command line, as an instructor runs it: its exit code and standard error."""
    err = io.StringIO()
    argv = [str(folder), str(folder / "flat"), "--out", str(out), "--jobs", "2"]
    argv += ["--solutions", str(ROOT / "solutions"), *LIMITS]
    with contextlib.redirect_stderr(err):
        code = grading.main(argv)  # folder holds submitted/; flat/ is named by student
    return code, err.getvalue()


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    make_class.write_class(folder, PLAN)
    out = tmp_path_factory.mktemp("out")
    before = _digests(folder)
    code, err = _grade(folder, out)
    after = _digests(folder)
    return {"folder": folder, "out": out, "code": code, "err": err, "digests": (before, after)}


def _unescape(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell.strip())


def _md_tables(text: str) -> dict[str, list[dict[str, str]]]:
    """Each Markdown table of the report, under the heading above it."""
    tables: dict[str, list[dict[str, str]]] = {}
    heading, lines = "", text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("# ").strip()
        if line.startswith("| ") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            head = [_unescape(c) for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                cells = [_unescape(c) for c in re.split(r"(?<!\\)\|", lines[i])[1:-1]]
                rows.append(dict(zip(head, cells, strict=True)))
                i += 1
            tables[_unescape(heading)] = rows
            continue
        i += 1
    return tables


def test_the_class_is_graded_and_no_submission_changes(graded_class):
    before, after = graded_class["digests"]
    assert before == after
    assert len(before) == len(PLAN)
    assert graded_class["code"] == 0
    # not a terminal here: one plain line per graded notebook, none for the two strays
    lines = [ln for ln in graded_class["err"].splitlines() if ln.startswith("[")]
    graded = len(PLAN) - len(UNATTRIBUTED)
    assert len(lines) == graded >= 30
    assert lines[-1].startswith(f"[{graded}/{graded}] graded: ")


def test_pass_rates_and_most_common_mistakes_equal_what_was_planted(graded_class):
    tables = _md_tables((graded_class["out"] / "report.md").read_text(encoding="utf-8"))
    for lesson, exercises in PLANTED.items():
        mine = [p for p in _counted() if p.lesson == lesson and p.kind == "notebook"]
        rows = {r["exercise"].split(" ")[0]: r for r in tables[lesson]}
        assert set(rows) == set(exercises)
        for gid in exercises:
            outcomes = Counter(_outcome(p, gid) for p in mine)
            row = rows[gid]
            assert row["passed"] == f"{outcomes['passed']} / {len(mine)}", (gid, row)
            assert row["not attempted"] == str(outcomes["not attempted"]), (gid, row)
            variants = Counter({k: v for k, v in outcomes.items() if isinstance(k, int)})
            (top, count), (_, second) = variants.most_common(2)
            assert count > second  # the plan itself is unambiguous
            cause = EXERCISES[gid].variants[top].cause
            assert row["most common mistake"] == f"{cause} ({count} students)", (gid, row)
            ranked = tables[f"{gid}: the mistakes named"]
            assert [int(r["students"]) for r in ranked][:2] == [count, second]
            assert ranked[0]["mistake"] == cause
            assert cause in ranked[0]["example feedback line"]
            assert not any(re.search(r"\bs\d\d\b", r["example feedback line"]) for r in ranked)


def test_the_gradebook_has_one_correct_row_per_student(graded_class):
    with open(graded_class["out"] / "gradebook.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    counted = _counted()
    students = sorted({_student(p) for p in counted})
    assert [r["student"] for r in rows] == students
    max_points = {"l3-graph-backward": 2, "l3-sigmoid-prime": 2}
    max_points |= {"l9-mul-backward": 1, "l9-tanh-backward": 1, "l9-reverse-sweep": 3}
    header = ["student", *PLANTED[L3], f"{L3} total", *PLANTED[L9], f"{L9} total", "total"]
    assert list(rows[0]) == header
    for row in rows:
        mine = {p.lesson: p for p in counted if _student(p) == row["student"]}
        total = 0.0
        for lesson, exercises in PLANTED.items():
            p = mine.get(lesson)
            if p is None:
                assert all(row[c] == "" for c in [*exercises, f"{lesson} total"]), row
                continue
            earned = {g: max_points[g] * (_outcome(p, g) == "passed") for g in exercises}
            assert {g: float(row[g]) for g in exercises} == earned, row
            assert float(row[f"{lesson} total"]) == sum(earned.values())
            total += sum(earned.values())
        assert float(row["total"]) == total


def test_the_report_names_every_notebook_to_look_at(graded_class):
    tables = _md_tables((graded_class["out"] / "report.md").read_text(encoding="utf-8"))
    problems = tables["Notebooks to look at"]
    by_what = Counter(r["what"] for r in problems)
    assert by_what == {"ungradable": 1, "other lesson": 1, "duplicate": 1, "whose?": 2}
    row = next(r for r in problems if r["what"] == "other lesson")
    assert row["notebook"] == _nb("s15", L9).removeprefix("submitted/")
    assert "handed in as 09-autodiff, but it is a notebook of 03-chain-rule" in row["why"]
    row = next(r for r in problems if r["what"] == "ungradable")
    assert row["notebook"].startswith("s16/") and "not a notebook" in row["why"]
    row = next(r for r in problems if r["what"] == "duplicate")
    assert row["notebook"] == "s05/03-chain-rule/03-chain-rule-copy.ipynb"
    strays = [Path(r["notebook"]) for r in problems if r["what"] == "whose?"]
    assert {p.relative_to(graded_class["folder"]).as_posix() for p in strays} == UNATTRIBUTED


def test_students_below_the_threshold_are_listed(graded_class):
    tables = _md_tables((graded_class["out"] / "report.md").read_text(encoding="utf-8"))
    with open(graded_class["out"] / "gradebook.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    expected = set()
    for row in rows:
        for lesson, top in ((L3, 4), (L9, 5)):
            value = row[f"{lesson} total"]
            if value == "":
                expected.add((row["student"], lesson, "nothing handed in"))
            elif float(value) < 0.5 * top:
                expected.add((row["student"], lesson, f"{float(value):g} / {top}"))
    below = tables["Students below 50 % of a lesson's points"]
    listed = {(r["student"], r["lesson"], r["score"]) for r in below}
    assert listed == expected and expected


def test_the_html_report_is_self_contained_with_described_figures(graded_class):
    page = (graded_class["out"] / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'<img src="data:image/png;base64,([\w+/=]+)" alt="([^"]+)">', page)
    assert len(images) == 4  # a histogram and the outcomes of each of the two lessons
    assert all(len(data) > 1000 and len(alt) > 40 for data, alt in images)
    assert not re.search(r"<script|<link|src=\"http|url\(", page)
    for gid in (*PLANTED[L3], *PLANTED[L9]):
        assert gid in page
    assert (graded_class["out"] / "figures" / f"{L3}-scores.png").read_bytes()[:4] == b"\x89PNG"


def test_a_rerun_grades_only_what_changed(graded_class, tmp_path):
    folder, out = tmp_path / "class", tmp_path / "out"
    shutil.copytree(graded_class["folder"], folder)
    shutil.copytree(graded_class["out"], out)
    resubmitted = folder / _nb("s09", L9)
    old = next(p for p in PLAN if p.path == _nb("s09", L9))
    assert any(_outcome(old, g) != "passed" for g in PLANTED[L9])  # it had a mistake
    fixed = Planted(_nb("s09", L9), L9)  # every exercise right now
    resubmitted.write_text(make_class.submission_text(fixed), encoding="utf-8")
    code, err = _grade(folder, out)
    assert code == 0
    graded = len(PLAN) - len(UNATTRIBUTED)
    assert f"{graded - 1} of {graded} notebooks unchanged since the last run" in err
    lines = [ln for ln in err.splitlines() if ln.startswith("[")]
    assert lines == ["[1/1] graded: s09/09-autodiff/09-autodiff.ipynb 5/5"]
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        s09 = next(r for r in csv.DictReader(f) if r["student"] == "s09")
    assert s09[f"{L9} total"] == "5"
