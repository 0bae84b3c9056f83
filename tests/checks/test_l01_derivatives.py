"""Tests of helpers.checks.lessons.l01_derivatives: lesson 1's exercises and their diagnoses."""

from __future__ import annotations

import numpy as np
from support import graded_like_the_grader, run_many

from helpers import checks
from helpers.checks import probe


def test_central_difference_is_tried_on_a_float_and_an_array_every_run():
    def floats_only(f, x, h=1e-5):
        return float((f(x + h) - f(x - h)) / (2 * h))

    def arrays_only(f, x, h=1e-5):
        out = np.zeros(x.shape)
        for i in np.ndindex(x.shape):
            out[i] = (f(x[i] + h) - f(x[i] - h)) / (2 * h)
        return out

    def with_asarray(f, x, h=1e-5):
        x = np.asarray(x, dtype=float)
        return (f(x + h) - f(x - h)) / (2 * h)

    ex = checks.get("central_difference")
    for seed in range(20):
        xs = [
            probe.decode(c["args"])[1]
            for c in probe.calls(ex.payload(np.random.default_rng(seed)))
        ]
        assert any(isinstance(x, float) for x in xs)
        assert any(isinstance(x, np.ndarray) and x.ndim == 2 for x in xs)
        for fn, when in (
            (floats_only, "when x is a 2-D array"),
            (arrays_only, "when x is a float"),
        ):
            for result in (
                checks.run_check(ex.name, fn, rng=np.random.default_rng(seed), quiet=True),
                graded_like_the_grader(ex.name, fn, seed),
            ):
                assert result.status == "error" and when in result.message, result.report()
    assert all(r.passed for r in run_many("central_difference", with_asarray))


def test_central_difference_precedence_slip_says_use_brackets():
    def central_difference(f, x, h=1e-5):
        return (f(x + h) - f(x - h)) / 2 * h

    for result in run_many("central_difference", central_difference):
        assert any("divide by (2 * h), with brackets" in c for c in result.causes), result.report()


def test_relu_derivative_accepts_a_mask_of_booleans_or_integers():
    # the values are what counts: True and 1 are 1.0 (backward multiplies by the mask)
    for fn in (lambda z: z > 0, lambda z: (z > 0).astype(int), lambda z: np.where(z > 0, 1, 0)):
        assert all(r.passed for r in run_many("relu_derivative", fn)), fn
    for result in run_many("relu_derivative", lambda z: z >= 0):  # still judged
        assert result.causes == ["1 at z = 0: the course takes relu'(0) = 0, so use z > 0"], (
            result.report()
        )
    assert checks.run_check(
        "relu_derivative", lambda z: np.where(z > 0, 1.0, 0.0), quiet=True
    ).passed


def test_relu_derivative_cases_always_have_a_positive_z():
    # with every z ≤ 0, relu(z) and all zeros would equal the derivative and pass
    for fn in (lambda z: np.maximum(0, z), lambda z: np.zeros(np.shape(z))):
        assert not any(r.passed for r in run_many("relu_derivative", fn, range(300)))


# ------------------------------------------------ what later cells of the lesson rely on


def test_central_difference_needs_its_default_h_and_any_shape_of_x():
    def no_default(f, x, h):
        return (f(x + h) - f(x - h)) / (2 * h)

    def big_default(f, x, h=1e-2):
        return (f(x + h) - f(x - h)) / (2 * h)

    def two_loops(f, x, h=1e-5):  # right on floats and 2-D arrays only
        if np.ndim(x) == 0:
            return (f(x + h) - f(x - h)) / (2 * h)
        out = np.zeros_like(x)
        for i in range(x.shape[0]):
            for j in range(x.shape[1]):
                out[i, j] = (f(x[i, j] + h) - f(x[i, j] - h)) / (2 * h)
        return out

    for fn in (no_default, big_default, two_loops):
        assert not any(r.passed for r in run_many("central_difference", fn)), fn.__name__
    assert any("h=1e-5" in c for c in run_many("central_difference", big_default)[0].causes)


def test_central_difference_may_not_use_the_notebooks_h_or_move_x():
    def notebook_h(f, x, h=1e-5):  # the lesson's own h = 1e-2, not the argument
        return (f(x + 1e-2) - f(x - 1e-2)) / 2e-2

    def moves_x(f, x, h=1e-5):
        x += h
        up = f(x)
        x -= 2 * h
        return (up - f(x)) / (2 * h)

    assert not any(r.passed for r in run_many("central_difference", notebook_h, range(30)))
    for result in run_many("central_difference", moves_x):
        assert any("x was changed" in c for c in result.causes), result.report()


def test_relu_derivative_leaves_z_alone_and_takes_any_shape():
    def writes_into_z(z):
        z[z > 0] = 1.0
        z[z <= 0] = 0.0
        return z

    def two_loops(z):
        out = np.zeros_like(z)
        for i in range(z.shape[0]):
            for j in range(z.shape[1]):
                out[i, j] = 1.0 if z[i, j] > 0 else 0.0
        return out

    for result in run_many("relu_derivative", writes_into_z):
        assert any("z was changed" in c for c in result.causes), result.report()
    assert not any(r.passed for r in run_many("relu_derivative", two_loops))
