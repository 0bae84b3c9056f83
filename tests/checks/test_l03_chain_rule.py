"""Tests of helpers.checks.lessons.l03_chain_rule: lesson 3's exercises and their diagnoses."""

from __future__ import annotations

import numpy as np
from support import run_many


def test_graph_backward_halved_names_the_lessons_nodes():
    def split_add_node(x, y, z):  # the add node's gradient split in half
        q = x * y
        s = q + z
        df_ds = 2 * s
        df_dq, df_dz = df_ds / 2, df_ds / 2
        return df_dq * y, df_dq * x, df_dz

    for result in run_many("graph_backward", split_add_node):
        assert result.causes == [
            "all three are half the right value: the 2 in d(s²)/ds = 2s is missing, or the "
            "add node's gradient was split in half instead of copied to both inputs"
        ], result.report()


def test_graph_backward_wrong_order_and_wrong_count():
    def dz_first(x, y, z):
        s = x * y + z
        return 2 * s, 2 * s * y, 2 * s * x

    def two_values(x, y, z):
        s = x * y + z
        return 2 * s * y, 2 * s * x

    def node_by_node(x, y, z):
        s = x * y + z
        upstream = 2.0 * s
        return float(upstream * y), float(upstream * x), float(upstream * 1.0)

    for result in run_many("graph_backward", dz_first):
        assert any("wrong order" in c for c in result.causes), result.report()
    for result in run_many("graph_backward", two_values, range(3)):
        assert result.status == "bad-output"
        assert "return three numbers (df_dx, df_dy, df_dz)" in result.message
    assert all(r.passed for r in run_many("graph_backward", node_by_node))


def test_sigmoid_prime_with_z_in_the_second_factor():
    def sigmoid_prime(z):
        s = 1 / (1 + np.exp(-z))
        return s * (1 - z)

    for result in run_many("sigmoid_prime", sigmoid_prime):
        assert result.causes == ["used z instead of σ(z) in the second factor: σ(z)(1 - σ(z))"], (
            result.report()
        )


def test_graph_backward_may_return_an_array_of_three_numbers():
    def as_array(x, y, z):
        s = x * y + z
        return np.array([2 * s * y, 2 * s * x, 2 * s])

    def as_array_halved(x, y, z):
        s = x * y + z
        return np.array([s * y, s * x, s])

    assert all(r.passed for r in run_many("graph_backward", as_array))
    for result in run_many("graph_backward", as_array_halved):
        assert result.status == "failed"
        assert any("half the right value" in c for c in result.causes), result.report()


def test_graph_backward_with_2_abs_s_is_caught_every_time():
    def from_sqrt(x, y, z):  # df/ds = 2 √f: right only where s > 0
        d = 2 * np.sqrt((x * y + z) ** 2)
        return d * y, d * x, d

    results = run_many("graph_backward", from_sqrt, range(30))
    assert not any(r.passed for r in results)
    assert all(any("2|s|" in c for c in r.causes) for r in results)


def test_sigmoid_prime_leaves_z_alone():
    def writes_into_z(z):
        np.exp(-z, out=z)
        z += 1
        np.reciprocal(z, out=z)
        return z * (1 - z)

    for result in run_many("sigmoid_prime", writes_into_z):
        assert any("z was changed" in c for c in result.causes), result.report()
