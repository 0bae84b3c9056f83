"""helpers.autodiff: the scalar engine of lesson 9, against finite differences and
against lesson 5's backward."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import backward, forward, init_params, make_moons
from helpers.autodiff import Dual, Value, graph_lists, network_grads, topological_order

H = 1e-6

UNARY = {
    "exp": (lambda v: v.exp(), math.exp),
    "log": (lambda v: v.log(), math.log),
    "tanh": (lambda v: v.tanh(), math.tanh),
    "sigmoid": (lambda v: v.sigmoid(), lambda x: 1 / (1 + math.exp(-x))),
    "relu": (lambda v: v.relu(), lambda x: max(x, 0.0)),
    "square": (lambda v: v**2, lambda x: x**2),
    "cube root": (lambda v: v ** (1 / 3), lambda x: x ** (1 / 3)),
    "reciprocal": (lambda v: 1 / v, lambda x: 1 / x),
    "negate": (lambda v: -v, lambda x: -x),
}


@pytest.mark.parametrize("name", UNARY)
def test_each_operation_has_the_derivative_of_central_differences(name):
    op, f = UNARY[name]
    points = np.random.default_rng(0).uniform(0.2, 2.5, size=6)
    if name == "relu":  # both sides of the kink
        points *= np.array([1, -1, 1, -1, 1, -1])
    for x in points.tolist():
        v = Value(x)
        out = op(v)
        out.backward()
        numerical = (f(x + H) - f(x - H)) / (2 * H)
        assert out.data == pytest.approx(f(x), rel=1e-12)
        assert v.grad == pytest.approx(numerical, rel=1e-6, abs=1e-8), (name, x)


def _random_expression(rng, xs):
    """A random expression of the inputs: sums, products, quotients and unary operations."""
    nodes = list(xs)
    for _ in range(12):
        a, b = rng.choice(len(nodes), size=2)
        kind = rng.integers(5)
        if kind == 0:
            new = nodes[a] + nodes[b]
        elif kind == 1:
            new = nodes[a] * nodes[b]
        elif kind == 2:
            new = nodes[a] - 0.5 * nodes[b]
        elif kind == 3:
            new = nodes[a] / (1 + nodes[b] * nodes[b])
        else:
            new = (nodes[a] * 0.3).tanh()
        nodes.append(new)
    return sum(nodes[len(xs) :], Value(0.0))


@pytest.mark.parametrize("seed", range(8))
def test_random_expressions_match_finite_differences(seed):
    x0 = np.random.default_rng(seed).uniform(-1.5, 1.5, size=4)

    def f(x):
        return _random_expression(np.random.default_rng(100 + seed), [Value(v) for v in x]).data

    xs = [Value(v) for v in x0]
    out = _random_expression(np.random.default_rng(100 + seed), xs)
    out.backward()
    for i in range(len(x0)):
        e = np.zeros_like(x0)
        e[i] = H
        numerical = (f(x0 + e) - f(x0 - e)) / (2 * H)
        assert xs[i].grad == pytest.approx(numerical, rel=1e-6, abs=1e-8)


def test_a_value_used_twice_gets_both_contributions_and_backward_can_repeat():
    x = Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1 = 7
    y.backward()
    assert x.grad == 7.0
    y.backward()  # grads are reset first, not accumulated across calls
    assert x.grad == 7.0


@pytest.mark.parametrize("seed", range(4))
def test_the_engine_reproduces_lesson_5s_backward(seed):
    rng = np.random.default_rng(seed)
    n1, n2 = (int(v) for v in rng.integers(3, 9, size=2))
    params = init_params([2, n1, n2, 1], seed=seed)
    X, Y = make_moons(m=12, noise=0.2, seed=seed)
    loss, grads = network_grads(params, X, Y)
    reference = backward(params, forward(params, X)[1], Y)
    assert set(grads) == set(reference)
    for k in reference:
        assert grads[k].shape == reference[k].shape
        np.testing.assert_allclose(grads[k], reference[k], rtol=1e-10, atol=1e-14)


def test_a_hand_written_sweep_over_graph_lists_gives_the_engines_grads():
    xs = [Value(0.7), Value(-1.2), Value(0.4)]
    out = _random_expression(np.random.default_rng(5), xs)
    out.backward()
    parents, local, nodes = graph_lists(out)
    assert nodes[-1] is out and nodes == topological_order(out)
    assert all(j < i for i, row in enumerate(parents) for j in row)  # parents come first
    grads = np.zeros(len(nodes))
    grads[-1] = 1.0
    for i in reversed(range(len(nodes))):
        for j, d in zip(parents[i], local[i], strict=True):
            grads[j] += grads[i] * d
    np.testing.assert_allclose(grads, [v.grad for v in nodes], rtol=1e-12)


def test_forward_mode_dual_numbers_agree_with_reverse_mode():
    def f(a, b):
        return (a * b + a * 3.0).tanh() * b

    va, vb = Value(0.3), Value(-0.8)
    f(va, vb).backward()
    assert f(Dual(0.3, 1.0), Dual(-0.8)).der == pytest.approx(va.grad, rel=1e-12)
    assert f(Dual(0.3), Dual(-0.8, 1.0)).der == pytest.approx(vb.grad, rel=1e-12)


def test_bad_input_says_what_was_expected():
    with pytest.raises(TypeError, match="Value needs a number"):
        Value("2")
    with pytest.raises(ValueError, match="log needs a positive number"):
        Value(-1.0).log()
    with pytest.raises(TypeError, match="only a constant power"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(ValueError, match="examples must be columns|shape"):
        network_grads(init_params([2, 3, 3, 1]), np.zeros((5, 2)), np.zeros((1, 5)))
