"""Tests of helpers.checks.lessons.l09_autodiff: lesson 9's exercises and their diagnoses."""

from __future__ import annotations

import math

import numpy as np
from support import run_many

from helpers import checks
from helpers.autodiff import Value, graph_lists


def test_the_rules_are_the_engines_local_derivatives():
    a, b = Value(1.5), Value(-2.0)
    out = a * b
    (_, local_a), (_, local_b) = out.parents
    assert checks.reference("mul_backward")(1.5, -2.0, 0.5) == (0.5 * local_a, 0.5 * local_b)
    x = Value(0.8)
    t = x.tanh()
    grad = checks.reference("tanh_backward")(0.8, math.tanh(0.8), -1.5)
    assert math.isclose(grad, -1.5 * t.parents[0][1], rel_tol=1e-15)


def test_the_reference_sweep_is_the_engines_backward():
    xs = [Value(0.3), Value(-1.1)]
    h = xs[0] * xs[1] + xs[0]
    out = h.tanh() * h + xs[1]  # h and both inputs are used twice
    out.backward()
    parents, local, nodes = graph_lists(out)
    grads = checks.reference("reverse_sweep")(parents, local)
    np.testing.assert_allclose(grads, [v.grad for v in nodes], rtol=1e-12)


def test_a_sweep_that_overwrites_is_named():
    def reverse_sweep(parents, local):
        grads = np.zeros(len(parents))
        grads[-1] = 1.0
        for i in reversed(range(len(parents))):
            for j, d in zip(parents[i], local[i], strict=True):
                grads[j] = grads[i] * d
        return grads

    for result in run_many("reverse_sweep", reverse_sweep, seeds=range(6)):
        assert result.causes and result.causes[0].startswith("a node used twice"), result.report()


def test_tanh_rule_written_with_x_is_named_and_a_correct_one_passes():
    def with_x(x, out, grad_out):
        return grad_out * (1 - x**2)

    def sech_squared(x, out, grad_out):
        return grad_out / math.cosh(x) ** 2  # the same derivative, another formula

    for result in run_many("tanh_backward", with_x):
        assert result.causes == ["tanh'(x) is 1 - tanh(x)**2 = 1 - out**2, not 1 - x**2"]
    assert all(r.passed for r in run_many("tanh_backward", sech_squared))


def test_a_swap_is_named_only_when_both_gradients_are_swapped():
    def swapped(a, b, grad_out):
        return grad_out * a, grad_out * b

    def only_grad_a_wrong(a, b, grad_out):
        return grad_out * a, grad_out * a  # grad_b is right

    for result in run_many("mul_backward", swapped, seeds=range(4)):
        assert any("are swapped" in c for c in result.causes), result.report()
    for result in run_many("mul_backward", only_grad_a_wrong, seeds=range(4)):
        assert not result.passed
        assert not any("swapped" in c for c in result.causes), result.report()
        assert result.causes == [
            "grad_a uses a itself: ∂(a·b)/∂a is b, the other input, so grad_a = grad_out * b"
        ], result.report()


def test_a_sweep_must_count_a_value_used_twice_and_go_in_reverse_order():
    from helpers.checks.lessons import l09_autodiff as l9

    for fn in (l9._one_use_per_parent, l9._breadth_first):
        results = run_many("reverse_sweep", fn, range(20))
        assert not any(r.passed for r in results), fn.__name__


def test_mul_backward_keeps_the_sign_of_grad_out():
    def abs_upstream(a, b, grad_out):
        return abs(grad_out) * b, abs(grad_out) * a

    assert not any(r.passed for r in run_many("mul_backward", abs_upstream, range(20)))
