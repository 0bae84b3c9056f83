"""Tests of helpers.checks.report: the per-tensor report and its likely causes."""

from __future__ import annotations

import numpy as np
import pytest
from support import run_many

from helpers import checks


def test_failure_report_gives_shapes_and_relative_error_per_tensor(capsys):
    def backward(params, cache, Y):
        grads = checks.reference("backward")(params, cache, Y)
        grads["db2"] = grads["db2"].ravel()  # lost keepdims
        grads["dW1"] = grads["dW1"] * 2.0
        return grads

    with pytest.raises(checks.CheckFailed):
        checks.check_backward(backward)
    out = capsys.readouterr().out
    assert "2 of 6 outputs are wrong (dW1, db2)" in out
    assert "db2: expected shape (" in out and ", 1), got (" in out
    assert "dW1: shape (" in out and "max relative error" in out
    assert "keepdims" in out
    assert "off by a constant factor 2" in out


def test_no_broadcasting_leniency():
    def forward(params, X):
        yhat, cache = checks.reference("forward")(params, X)
        return yhat.ravel(), cache  # (m,) instead of (1, m)

    result = checks.run_check("forward", forward, quiet=True)
    assert not result.passed
    assert "yhat: expected shape (1, " in result.report()


def test_two_bugs_at_once_are_both_named_per_tensor(capsys):
    from helpers.checks.lessons.l05_backprop import backward as l05_backprop

    both = l05_backprop.backward_with(divide="none", mask2="none")  # missing 1/m and the dz2 mask
    one_over_m = "missing 1/m: divide dW and db by m = X.shape[1]"
    mask = "missing ReLU mask: multiply da2 by relu_derivative(z2) to get dz2"
    for result in run_many("backward", both):
        causes = {line.name: line.causes for line in result.lines}
        assert causes["dW3"] == causes["db3"] == (one_over_m,), result.report()
        for name in ("dW2", "db2", "dW1", "db1"):
            assert causes[name] == (one_over_m, mask), result.report()
    with pytest.raises(checks.CheckFailed) as failed:
        checks.check_backward(both)
    out = capsys.readouterr().out
    assert out.count(one_over_m) == 1 and out.count(mask) == 1, out  # each cause once
    assert "dW2: shape" in out and "causes 1 and 2" in out
    assert "did not pass" not in str(failed.value) and "\n" not in str(failed.value)


def test_a_failed_check_prints_a_shared_cause_once(capsys):
    def backward(params, cache, Y):
        grads = checks.reference("backward")(params, cache, Y)
        return {k: v * Y.shape[1] for k, v in grads.items()}

    with pytest.raises(checks.CheckFailed, match="run this cell again"):
        checks.check_backward(backward)
    out = capsys.readouterr().out
    assert out.count("missing 1/m") == 1, out


def test_no_constant_factor_diagnosis_for_one_or_two_numbers():
    def dz_plus_one(x, y, z):
        s = x * y + z
        return 2 * s * y, 2 * s * x, 2 * s + 1.0

    for result in run_many("graph_backward", dz_plus_one):
        assert not any("constant factor" in c for c in result.causes), result.report()
    result = checks.run_check("compute_loss", lambda yhat, Y: 0.123, quiet=True)
    assert result.status == "failed"
    assert not any("constant factor" in c for c in result.causes), result.report()


def test_hard_coded_answer_fails_on_fresh_inputs():
    ex = checks.get("sigmoid_prime")
    payload = ex.payload(np.random.default_rng(0))
    frozen = ex.outputs_of(ex.reference, payload)["result"]
    result = checks.run_check("sigmoid_prime", lambda z: frozen, quiet=True)
    assert not result.passed


def test_success_line_shows_round_off_as_below_1e7():
    from support import own

    exact = checks.run_check("forward", own(checks.reference("forward")), quiet=True)
    assert "(max relative error 0.0e+00)" in exact.message

    def off_by_round_off(params, X):
        yhat, cache = checks.reference("forward")(params, X)
        return yhat * (1 + 1e-12), cache

    nearly = checks.run_check("forward", off_by_round_off, quiet=True)
    assert nearly.passed and "(max relative error below 1e-7)" in nearly.message, nearly.message


def test_a_single_cause_is_not_numbered_and_every_wrong_tensor_has_its_line():
    def backward(params, cache, Y):
        grads = checks.reference("backward")(params, cache, Y)
        grads["dW2"] = grads["dW2"] * 3.7  # (at least 6 entries)
        grads["db3"] = grads["db3"] + 0.1  # wrong, but no known mistake
        return grads

    for result in run_many("backward", backward):
        report = result.report()
        assert "cause 1" not in report and "causes 1" not in report, report
        assert "  dW2: shape (" in report and "  db3: shape (1, 1) ok" in report, report
        assert report.endswith("  likely cause of dW2: off by a constant factor 3.7"), report


def test_several_causes_are_numbered_and_an_unexplained_tensor_has_its_line():
    from helpers.checks.lessons.l05_backprop import backward as l05_backprop

    def backward(params, cache, Y):
        grads = l05_backprop.backward_with(divide="none", mask2="none")(params, cache, Y)
        grads["db3"] = grads["db3"] + 0.1  # no known mistake
        return grads

    for result in run_many("backward", backward):
        lines = result.report().splitlines()
        assert [line.split(":")[0].strip() for line in lines[1:7]] == [
            "dW1",
            "db1",
            "dW2",
            "db2",
            "dW3",
            "db3",
        ], lines
        assert lines[6].endswith("max relative error " + lines[6].split()[-1]), lines
        assert lines[1].endswith("— causes 1 and 2") and lines[5].endswith("— cause 1"), lines
        assert lines[7].startswith("  likely cause 1: missing 1/m") and lines[8].startswith(
            "  likely cause 2: missing ReLU mask"
        ), lines


def test_one_factor_shared_by_all_wrong_tensors_covers_a_single_number():
    def backward(params, cache, Y):
        grads = checks.reference("backward")(params, cache, Y)
        return {k: 0.37 * v for k, v in grads.items()}  # db3 is one number

    for result in run_many("backward", backward):
        assert result.causes == ["off by a constant factor 0.37"], result.report()
        assert all(line.causes for line in result.lines if not line.passed), result.report()


def test_a_factor_too_close_to_1_is_not_called_a_constant_factor():
    from helpers.checks import report

    exp = np.arange(1.0, 7.0)
    assert report._generic_cause(exp * (1 + 2e-5), exp, 1e-6) == ""
    assert report._generic_cause(exp * 1.01, exp, 1e-6) == "off by a constant factor 1.01"
