"""Tests of helpers.checks.probe: what runs inside the learner's kernel."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest

from helpers import checks
from helpers.checks import probe


def test_probe_payloads_are_plain_json_and_refuse_pickles():
    import json

    for ex in checks.EXERCISES.values():
        payload = ex.payload(np.random.default_rng(1))
        assert json.loads(json.dumps(payload)) == payload
    buf = io.BytesIO()
    np.save(buf, np.array([object()], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError):
        probe.decode_array({"__npy__": base64.b64encode(buf.getvalue()).decode()})
    with pytest.raises(probe.BadOutput):
        probe.decode_array(probe.encode_array(np.zeros(probe.MAX_ENTRIES + 1)))


def test_input_functions_are_compiled_without_builtins():
    f = probe.make_function("lambda x: 2.0 * np.sin(x)")
    assert f(0.0) == 0.0
    g = probe.make_function("lambda x: open('f')")
    with pytest.raises(NameError):
        g(0)


def test_an_error_in_the_learners_code_says_which_line():
    def gradient(p):
        x, y = p
        return np.array([2 * (x - 1), 20 * (y + 0.5) / undefined_name])  # noqa: F821

    result = checks.run_check("gradient", gradient, quiet=True)
    assert result.status == "error"
    assert "raised NameError" in result.message
    assert "undefined_name" in result.message


def test_wrong_kind_of_result_is_explained():
    result = checks.run_check("compute_loss", lambda yhat, Y: np.array([[0.5]]), quiet=True)
    assert result.status == "bad-output"
    assert "shape (1, 1)" in result.message and "single number" in result.message
    result = checks.run_check("forward", lambda params, X: X, quiet=True)
    assert "expected a pair (yhat, cache)" in result.message
    result = checks.run_check("forward", lambda params, X: (X, {"z1": X}), quiet=True)
    assert "cache has no key 'a1'" in result.message


def test_an_object_equal_to_everything_is_not_an_answer():
    class Yes:
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

    result = checks.run_check("relu_derivative", lambda z: Yes(), quiet=True)
    assert result.status == "bad-output"
    assert "expected numbers" in result.message
