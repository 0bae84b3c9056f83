"""Tests of helpers.instructor.grading.roster: which notebook counts for whom."""

from __future__ import annotations

from class_support import graded

from helpers.instructor.grading.roster import build_roster, lesson_order

L3, L9 = "03-chain-rule", "09-autodiff"


def test_lessons_come_in_course_order_then_unknown_ones():
    assert lesson_order({"zz-extra", L9, "01-derivatives", L3}) == [
        "01-derivatives",
        L3,
        L9,
        "zz-extra",
    ]


def test_each_student_and_lesson_has_one_counted_notebook():
    a3 = graded("alice", L3, {"l3-sigmoid-prime": "stub"})
    a3_copy = graded("alice", L3, name="copy")  # all right, but a copy
    a3_broken = graded("alice", None, status="invalid", claimed=L3, name="broken")
    b3 = graded("bob", L3)
    b9_misfiled = graded("bob", L3, claimed=L9)  # a lesson-3 notebook handed in as 9
    c_error = graded("carol", None, status="error", claimed=L9)
    d_scratch = graded("dave", None, status="invalid", claimed=None, name="scratch")
    roster = build_roster([a3_broken, a3, a3_copy, b3, b9_misfiled, c_error, d_scratch])
    assert roster.students == ["alice", "bob", "carol", "dave"]
    assert roster.lessons == [L3, L9]
    assert roster.counted[("alice", L3)] is a3_copy  # graded, claimed, best score
    assert {id(d) for d, _ in roster.duplicates} == {id(a3), id(a3_broken), id(b9_misfiled)}
    assert roster.counted[("bob", L3)] is b3  # the one handed in as lesson 3 counts
    assert roster.mismatched == [b9_misfiled]
    assert roster.counted[("carol", L9)] is c_error  # the lesson it claims
    assert roster.nowhere == [d_scratch]
    assert ("bob", L9) not in roster.counted


def test_the_claimed_lesson_wins_over_a_higher_score():
    claimed = graded("alice", L3, {"l3-sigmoid-prime": "stub"})
    other = graded("alice", L3, claimed=L9)
    roster = build_roster([other, claimed])
    assert roster.counted[("alice", L3)] is claimed
    assert roster.duplicates == [(other, claimed)]


def test_students_known_from_the_layout_are_in_the_roster_with_nothing():
    roster = build_roster([], students={"zoe", "yann"})
    assert roster.students == ["yann", "zoe"] and not roster.counted
