"""Tests of helpers.checks: the in-notebook checks, their diagnoses and the fallback."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest

from helpers import checks
from helpers.checks import _probe

# The check functions the lessons call, with the grade_id each one checks.
CHECK_FUNCTIONS = {
    "check_central_difference": "l1-central-difference",
    "check_relu_derivative": "l1-relu-derivative",
    "check_gradient": "l2-gradient",
    "check_gradient_descent": "l2-gradient-descent",
    "check_sigmoid_prime": "l3-sigmoid-prime",
    "check_graph_backward": "l3-graph-backward",
    "check_forward": "l4-forward",
    "check_loss": "l4-loss",
    "check_backward": "l5-backward",
    "check_numerical_gradient": "l5-numerical-gradient",
    "check_update_parameters": "l6-update",
}

VARIANTS = [
    (grade_id, i, v.cause)
    for grade_id, ex in checks.EXERCISES.items()
    for i, v in enumerate(ex.variants)
]


def own(fn):
    """The reference wrapped so that it is not the helpers object itself."""

    def mine(*args, **kwargs):
        return fn(*args, **kwargs)

    return mine


@pytest.fixture(autouse=True)
def fresh_state():
    checks._passed.clear()
    checks._last_status.clear()
    yield


def test_every_check_function_exists_and_checks_its_exercise(capsys):
    assert set(CHECK_FUNCTIONS.values()) == set(checks.EXERCISES)
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
    assert "likely cause: " + cause in capsys.readouterr().out


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


def test_not_attempted_is_one_line_and_raises(capsys):
    def forward(params, X):
        # YOUR CODE HERE
        raise NotImplementedError()

    with pytest.raises(checks.CheckFailed, match="not attempted yet"):
        checks.check_forward(forward)
    assert capsys.readouterr().out == ""  # the exception's one line says it all


def test_check_failed_renders_as_one_line_in_ipython():
    exc = checks.CheckFailed("forward: not attempted yet")
    assert isinstance(exc, AssertionError)
    lines = exc._render_traceback_()
    assert len(lines) == 1 and "not attempted yet" in lines[0]


def test_hard_coded_answer_fails_on_fresh_inputs():
    ex = checks.get("sigmoid_prime")
    payload = ex.payload(np.random.default_rng(0))
    frozen = ex.outputs_of(ex.reference, payload)["result"]
    result = checks.run_check("sigmoid_prime", lambda z: frozen, quiet=True)
    assert not result.passed


def test_an_object_equal_to_everything_is_not_an_answer():
    class Yes:
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

    result = checks.run_check("relu_derivative", lambda z: Yes(), quiet=True)
    assert result.status == "bad-output"
    assert "expected numbers" in result.message


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


def test_numerical_gradient_must_leave_x_unchanged():
    def numerical_gradient(f, x, h=1e-5):
        grad = checks.reference("numerical_gradient")(f, x.copy(), h)
        x += 1.0  # changes the caller's array
        return grad

    result = checks.run_check("numerical_gradient", numerical_gradient, quiet=True)
    assert [line.name for line in result.lines if not line.passed] == ["x_after"]


def test_passing_the_reference_itself_is_refused():
    result = checks.run_check("forward", checks.reference("forward"), quiet=True)
    assert result.status == "reference" and not result.passed


def test_fallback_returns_your_function_after_a_pass(capsys):
    mine = own(checks.reference("forward"))
    checks.check_forward(mine)
    capsys.readouterr()
    assert checks.fallback(mine, "forward") is mine
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("fn", "why"),
    [
        (lambda params, X: (_ for _ in ()).throw(NotImplementedError()), "not finished yet"),
        (lambda params, X: (X, {}), "did not pass its check"),
    ],
)
def test_fallback_returns_the_reference_and_says_why(fn, why, capsys):
    with pytest.raises(AssertionError):
        checks.check_forward(fn)
    capsys.readouterr()
    assert checks.fallback(fn, "forward") is checks.reference("forward")
    out = capsys.readouterr().out
    assert out == f"Using the reference forward from helpers because yours is {why}.\n" or (
        why in out and out.count("\n") == 1
    )


def test_fallback_without_a_check_run_and_after_a_redefinition(capsys):
    mine = own(checks.reference("backward"))
    assert checks.fallback(mine, "backward") is checks.reference("backward")
    assert "its check has not run yet" in capsys.readouterr().out
    checks.check_backward(mine)
    other = own(checks.reference("backward"))  # redefined after the check
    assert checks.fallback(other, "backward") is checks.reference("backward")


def test_unknown_exercise_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="forward"):
        checks.fallback(print, "forwrd")


def test_probe_payloads_are_plain_json_and_refuse_pickles():
    import json

    for ex in checks.EXERCISES.values():
        payload = ex.payload(np.random.default_rng(1))
        assert json.loads(json.dumps(payload)) == payload
    buf = io.BytesIO()
    np.save(buf, np.array([object()], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError):
        _probe.decode_array({"__npy__": base64.b64encode(buf.getvalue()).decode()})
    with pytest.raises(_probe.BadOutput):
        _probe.decode_array(_probe.encode_array(np.zeros(_probe.MAX_ENTRIES + 1)))


def test_input_functions_are_compiled_without_builtins():
    f = _probe.make_function("lambda x: 2.0 * np.sin(x)")
    assert f(0.0) == 0.0
    g = _probe.make_function("lambda x: open('f')")
    with pytest.raises(NameError):
        g(0)
