"""Tests of helpers.instructor.grading.summary: pass rates, ranked mistakes, who to help."""

from __future__ import annotations

from collections import Counter

import pytest
from class_support import TASKS, graded

from helpers.instructor.grading.collect import Unattributed
from helpers.instructor.grading.roster import build_roster
from helpers.instructor.grading.summary import anonymise, merged_cause, mistake_key, summarise

L3, L9 = "03-chain-rule", "09-autodiff"
HALF = "all three are half the right value"
LOCAL = "local gradients only"


def _class():
    plan = {
        "s1": {"l3-graph-backward": HALF},
        "s2": {"l3-graph-backward": [HALF, LOCAL]},  # two causes named at once
        "s3": {"l3-graph-backward": LOCAL},
        "s4": {"l3-graph-backward": "off by a constant factor 3.5"},
        "s5": {"l3-graph-backward": "off by a constant factor 0.25", "l3-sigmoid-prime": "stub"},
        "s6": {"l3-graph-backward": HALF, "l3-sigmoid-prime": "error"},
        "s7": {"l3-graph-backward": "wrong"},
        "s8": {},
    }
    notebooks = [graded(s, L3, outcomes) for s, outcomes in plan.items()]
    notebooks.append(graded("s9", None, status="invalid", claimed=L3, message="not a notebook"))
    notebooks.append(graded("s1", L9))
    return build_roster(notebooks)


def test_pass_rates_outcomes_and_points():
    summary = summarise(_class(), TASKS)
    lesson = summary.lessons[0]
    assert (lesson.lesson, lesson.number, lesson.max_score, lesson.ungradable) == (L3, 3, 4, 1)
    assert sorted(lesson.scores) == [0, 0, 2, 2, 2, 2, 2, 4]
    gb, sp = lesson.exercises
    assert (gb.grade_id, gb.function, gb.graded, gb.passed) == (
        "l3-graph-backward",
        "graph_backward",
        8,
        1,
    )
    assert gb.pass_rate == pytest.approx(1 / 8)
    assert gb.points == Counter({0.0: 7, 2.0: 1})
    assert gb.outcomes == Counter({"mistake named": 6, "wrong, no known mistake": 1, "passed": 1})
    assert sp.outcomes == Counter({"passed": 6, "not attempted": 1, "error": 1})
    assert sp.mistakes == [] and sp.top_mistake is None


def test_mistakes_are_ranked_by_students_and_grouped_across_numbers():
    gb = summarise(_class(), TASKS).lessons[0].exercises[0]
    assert [(m.cause, m.students) for m in gb.mistakes] == [
        (HALF, 3),
        (LOCAL, 2),
        ("off by a constant factor …", 2),
    ]
    assert gb.top_mistake.cause == HALF
    assert all(
        m.example.startswith("✗ l3-graph-backward gives a wrong result") for m in gb.mistakes
    )


def test_who_is_below_the_threshold_and_what_to_look_at():
    summary = summarise(
        _class(), TASKS, [Unattributed("x/03-chain-rule.ipynb", "names no student")], 0.75
    )
    below = {(b.student, b.lesson, b.score) for b in summary.below}
    three = {(s, L3, 2.0) for s in ("s1", "s2", "s3", "s4", "s7")}
    three |= {("s5", L3, 0.0), ("s6", L3, 0.0)}
    nine = {(s, L9, None) for s in ("s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9")}
    assert below == three | nine | {("s9", L3, 0.0)}
    assert [b.student for b in summary.below][:3] == ["s1", "s2", "s2"]  # by student
    what = [(p.what, p.student) for p in summary.problems]
    assert what == [("ungradable", "s9"), ("whose?", "")]
    assert "not a notebook" in summary.problems[0].reason
    assert summary.students == 9 and summary.submissions == 10 and summary.reused == 0


def test_threshold_must_be_a_share():
    with pytest.raises(ValueError, match="between 0 and 1"):
        summarise(_class(), TASKS, threshold=50)


def test_numbers_inside_names_are_not_merged():
    assert mistake_key("b1 is never updated") != mistake_key("b2 is never updated")
    assert merged_cause(["factor 2 in dW1", "factor 3 in dW1"]) == "factor … in dW1"
    assert merged_cause(["grads[n - 1] = 1.0"]) == "grads[n - 1] = 1.0"


def test_example_lines_are_anonymised():
    line = (
        "✗ forward raised NameError: name 'alice_smith' is not defined "
        "(line 3 of your code: x = alice_smith + 1) mail alice.smith@uni.edu"
    )
    text = anonymise(line, "alice.smith")
    assert "alice" not in text.lower() and "smith" not in text.lower()
    assert "(line 3 of your code)" in text and "<e-mail>" in text
    assert anonymise("✗ s01 is wrong", "s01") == "✗ <student> is wrong"
    assert anonymise("✗ x is wrong", "x") == "✗ x is wrong"  # too short to hunt for
