"""Tests of checks.lessons.l02_gradient_descent: lesson 2's exercises, their diagnoses."""

from __future__ import annotations

import numpy as np
from support import graded_like_the_grader, run_many

from helpers import checks


def test_gradient_names_the_entry_missing_its_factor_2():
    def gradient(p):
        x, y = p
        return np.array([2 * (x - 1), 10 * (y + 0.5)])

    def y_sign(p):
        x, y = p
        return np.array([2 * (x - 1), -20 * (y + 0.5)])

    for result in run_many("gradient", gradient):
        assert len(result.causes) == 1, result.report()
        assert "df/dy (entry 1) is missing the factor 2" in result.causes[0]
    for result in run_many("gradient", y_sign):
        assert result.causes == [
            "df/dy (entry 1) is wrong and df/dx is right: d/dy 10(y + 0.5)^2 = 20(y + 0.5)"
        ], result.report()


def test_gradient_must_not_change_p_in_place():
    def shifts_p(p):
        p -= np.array([1.0, -0.5])
        return np.array([2 * p[0], 20 * p[1]])

    def new_array(p):
        return np.array([2.0, 20.0]) * (p - np.array([1.0, -0.5]))

    for result in run_many("gradient", shifts_p):
        assert result.causes == ["don't change p in place; build a new array"], result.report()
    assert all(r.passed for r in run_many("gradient", new_array))


def test_gradient_descent_rows_that_alias_one_array():
    def gradient_descent(grad, x0, lr, steps):
        x = np.array(x0, dtype=float)
        path = [x]
        for _ in range(steps):
            x -= lr * grad(x)
            path.append(x)
        return np.array(path)

    for result in run_many("gradient_descent", gradient_descent):
        assert any("x.copy()" in c for c in result.causes), result.report()
        assert "first wrong row: 0" in result.report()


def test_gradient_descent_that_ignores_its_grad_argument():
    def gradient(p):  # the lesson's bowl, defined outside the exercise
        x, y = p
        return np.array([2 * (x - 1), 20 * (y + 0.5)])

    def gradient_descent(grad, x0, lr, steps):
        x = np.array(x0, dtype=float)
        path = [x.copy()]
        for _ in range(steps):
            x = x - lr * gradient(x)
            path.append(x.copy())
        return np.array(path)

    def preallocated(grad, x0, lr, steps):
        path = np.empty((steps + 1, len(x0)))
        path[0] = x0
        for k in range(steps):
            path[k + 1] = path[k] - lr * grad(path[k])
        return path

    for seed in range(12):
        for result in (
            checks.run_check(
                "gradient_descent", gradient_descent, np.random.default_rng(seed), quiet=True
            ),
            graded_like_the_grader("gradient_descent", gradient_descent, seed),
        ):
            assert result.status == "failed", result.report()
            assert any("call the grad argument" in c for c in result.causes), result.report()
            assert "first wrong row: 1" in result.report()
    assert all(r.passed for r in run_many("gradient_descent", preallocated))


def _descent(updates, first=0):
    """A learner's gradient descent making updates(steps) updates, path from row ``first``."""

    def gradient_descent(grad, x0, lr, steps):
        x = np.array(x0, dtype=float)
        path = [x.copy()]
        for _ in range(updates(steps)):
            x = x - lr * grad(x)
            path.append(x.copy())
        return np.array(path[first:])

    return gradient_descent


def test_gradient_descent_one_update_too_many_or_too_few():
    for fn, cause in (
        (
            _descent(lambda steps: steps + 1),
            "one update too many: steps updates, for _ in range(steps), give steps + 1 rows "
            "(x0, then one row per update)",
        ),
        (
            _descent(lambda steps: steps + 1, first=1),
            "row 0 of the path must be x0, then one row per update: steps updates, "
            "for _ in range(steps)",
        ),
        (
            _descent(lambda steps: steps - 1),
            "one update too few: loop for _ in range(steps) and append x after each update, "
            "giving steps + 1 rows with x0 first",
        ),
    ):
        for result in run_many("gradient_descent", fn):
            assert result.causes == [cause], result.report()
            assert all(line.causes == (cause,) for line in result.lines if not line.passed)


def test_right_numbers_in_a_list_are_refused_with_what_to_return():
    """A list passes numbers but breaks the next cells (x - lr * grad, path[:, 0])."""

    def gradient(p):
        x, y = p
        return [2 * (x - 1), 20 * (y + 0.5)]

    def gradient_descent(grad, x0, lr, steps):
        path = [np.array(x0, dtype=float)]
        for _ in range(steps):
            path.append(path[-1] - lr * grad(path[-1]))
        return path  # a list of arrays, not one array

    for key, fn in [("gradient", gradient), ("gradient_descent", gradient_descent)]:
        for result in run_many(key, fn, seeds=range(3)):
            assert not result.passed
            assert "not a NumPy array; return np.array(...)" in result.report(), result.report()
        fixed = run_many(key, lambda *a, fn=fn: np.array(fn(*a)), seeds=range(3))
        assert all(r.passed for r in fixed), fixed[0].report()


def test_gradient_descent_that_stops_early_is_named():
    def stops_when_flat(grad, x0, lr, steps):
        x = np.array(x0, dtype=float)
        path = [x.copy()]
        for _ in range(steps):
            g = grad(x)
            if np.linalg.norm(g) < 1e-3:
                break
            x = x - lr * g
            path.append(x.copy())
        return np.array(path)

    for result in run_many("gradient_descent", stops_when_flat):
        assert any("stops early" in c for c in result.causes), result.report()
