"""Tests of helpers.checks.registry: every reference passes, every known mistake is named,
and the public API derives from the registry."""

from __future__ import annotations

import inspect
from pathlib import Path

import nbformat
import numpy as np
import pytest
from support import own

from helpers import checks

# The check functions the lessons call, with the grade_id each one checks: derived
# from the registry (a test below checks that each solution's check cell calls it).
CHECK_FUNCTIONS = {ex.check_name: grade_id for grade_id, ex in checks.EXERCISES.items()}

VARIANTS = [
    (grade_id, i, v.cause)
    for grade_id, ex in checks.EXERCISES.items()
    for i, v in enumerate(ex.variants)
]


def test_every_check_function_exists_and_checks_its_exercise(capsys):
    for fname, grade_id in CHECK_FUNCTIONS.items():
        ex = checks.EXERCISES[grade_id]
        getattr(checks, fname)(own(ex.reference))
        out = capsys.readouterr().out
        assert out.startswith("✓") and out.count("\n") == 1, out
        assert ex.call in out


@pytest.mark.parametrize("grade_id", sorted(checks.EXERCISES))
def test_reference_passes_on_many_fresh_inputs(grade_id):
    for seed in range(25):
        result = checks.run_check(
            grade_id,
            own(checks.EXERCISES[grade_id].reference),
            rng=np.random.default_rng(seed),
            quiet=True,
        )
        assert result.passed, result.report()


@pytest.mark.parametrize(("grade_id", "index", "cause"), VARIANTS)
def test_each_known_mistake_fails_with_its_cause(grade_id, index, cause, capsys):
    ex = checks.EXERCISES[grade_id]
    for seed in range(10):
        result = checks.run_check(
            grade_id, ex.variants[index].fn, rng=np.random.default_rng(seed), quiet=True
        )
        assert result.status == "failed"
        assert cause in result.causes, result.report()
    with pytest.raises(AssertionError):
        checks._check(grade_id, ex.variants[index].fn)
    assert cause in capsys.readouterr().out


@pytest.mark.parametrize("grade_id", sorted(checks.EXERCISES))
def test_registry_names_the_lesson_and_function_of_each_exercise(grade_id):
    ex = checks.EXERCISES[grade_id]
    solution = Path(__file__).resolve().parents[2] / "solutions" / f"{ex.lesson}.ipynb"
    if not solution.exists():  # a lesson still to be written (listed as coming)
        assert int(ex.lesson[:2]) > 5, f"{solution.name} is missing"
        return
    cells = nbformat.read(solution, as_version=4).cells
    mine = [
        c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id
    ]
    assert len(mine) == 1, f"{solution.name} has {len(mine)} cells with grade_id {grade_id}"
    assert f"def {ex.name}(" in mine[0].source
    check = [
        c
        for c in cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id + "-check"
    ]
    assert len(check) == 1 and f"checks.{ex.check_name}(" in check[0].source, (
        f"{solution.name}: the check cell of {grade_id} should call checks.{ex.check_name}"
    )


def test_registry_refuses_duplicates_and_derives_the_public_api(monkeypatch):
    from helpers.checks import lessons, registry

    numbers = [ex.lesson_number for ex in checks.EXERCISES.values()]
    assert numbers == sorted(numbers)
    for ex in checks.EXERCISES.values():
        fn = getattr(checks, ex.check_name)
        assert ex.check_name in checks.__all__ and fn.__name__ == ex.check_name
        assert f"``{ex.call}``" in fn.__doc__ and f"lesson {ex.lesson_number}" in fn.__doc__
        assert list(inspect.signature(fn).parameters) == [ex.name]
    # a lesson file that repeats a grade_id is refused with a clear message
    twin = lessons.l01_derivatives.EXERCISES[0]
    monkeypatch.setattr(lessons.l01_derivatives, "EXERCISES", [twin, twin])
    with pytest.raises(ValueError, match="two exercises have the grade_id 'l1-central"):
        registry.collect()
    monkeypatch.undo()
    # and an exercise filed under another lesson's file
    monkeypatch.setattr(lessons.l06_training, "EXERCISES", [checks.EXERCISES["l5-backward"]])
    with pytest.raises(ValueError, match="l5-backward belongs to lesson 05-backprop"):
        registry.collect()


def test_unknown_exercise_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="forward"):
        checks.fallback(print, "forwrd")
