"""Tests of helpers.checks: the in-notebook checks, their diagnoses and the fallback."""

from __future__ import annotations

import base64
import inspect
import io
from pathlib import Path

import nbformat
import numpy as np
import pytest

from helpers import checks
from helpers.checks import probe

# The check functions the lessons call, with the grade_id each one checks: derived
# from the registry (test_notebooks checks that each solution's check cell calls it).
CHECK_FUNCTIONS = {ex.check_name: grade_id for grade_id, ex in checks.EXERCISES.items()}

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
    assert cause in capsys.readouterr().out


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


def test_forward_cache_must_hold_X():
    def forward(params, X):
        yhat, cache = checks.reference("forward")(params, X)
        return yhat, {k: v for k, v in cache.items() if k != "X"}

    result = checks.run_check("forward", forward, quiet=True)
    assert result.status == "bad-output" and not result.passed
    assert "cache needs 'X' too: backward uses it for dW1" in result.message


def test_forward_success_line_counts_the_six_compared_outputs():
    result = checks.run_check("forward", own(checks.reference("forward")), quiet=True)
    assert result.passed
    assert "all 6 outputs match the reference on fresh random inputs" in result.message


def test_numerical_gradient_success_line_reads_naturally():
    result = checks.run_check(
        "numerical_gradient", own(checks.reference("numerical_gradient")), quiet=True
    )
    assert result.passed
    assert "outputs" not in result.message
    assert "the gradient matches the reference on fresh random inputs and x is unchanged" in (
        result.message
    )


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
        probe.decode_array({"__npy__": base64.b64encode(buf.getvalue()).decode()})
    with pytest.raises(probe.BadOutput):
        probe.decode_array(probe.encode_array(np.zeros(probe.MAX_ENTRIES + 1)))


def test_input_functions_are_compiled_without_builtins():
    f = probe.make_function("lambda x: 2.0 * np.sin(x)")
    assert f(0.0) == 0.0
    g = probe.make_function("lambda x: open('f')")
    with pytest.raises(NameError):
        g(0)


# ------------------------------------------------- feedback found wanting by newcomer reviews


def run_many(key, fn, seeds=range(12)):
    """The check's results on several fresh cases (as the notebook and grader draw them)."""
    return [checks.run_check(key, fn, rng=np.random.default_rng(s), quiet=True) for s in seeds]


def graded_like_the_grader(key, fn, seed):
    """What helpers.grade computes: the probe's reply, judged by from_probe."""
    ex = checks.get(key)
    payload = ex.payload(np.random.default_rng(seed))
    return checks.from_probe(ex, payload, probe.run(fn, payload))


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


def test_no_constant_factor_diagnosis_for_one_or_two_numbers():
    def dz_plus_one(x, y, z):
        s = x * y + z
        return 2 * s * y, 2 * s * x, 2 * s + 1.0

    for result in run_many("graph_backward", dz_plus_one):
        assert not any("constant factor" in c for c in result.causes), result.report()
    result = checks.run_check("compute_loss", lambda yhat, Y: 0.123, quiet=True)
    assert result.status == "failed"
    assert not any("constant factor" in c for c in result.causes), result.report()


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


def test_sigmoid_prime_with_z_in_the_second_factor():
    def sigmoid_prime(z):
        s = 1 / (1 + np.exp(-z))
        return s * (1 - z)

    for result in run_many("sigmoid_prime", sigmoid_prime):
        assert result.causes == ["used z instead of σ(z) in the second factor: σ(z)(1 - σ(z))"], (
            result.report()
        )


def test_relu_derivative_must_return_floats():
    for fn in (lambda z: z > 0, lambda z: (z > 0).astype(int)):
        result = checks.run_check("relu_derivative", fn, quiet=True)
        assert result.status == "bad-output"
        assert "return floats: (z > 0).astype(float)" in result.message
    assert checks.run_check(
        "relu_derivative", lambda z: np.where(z > 0, 1.0, 0.0), quiet=True
    ).passed


def test_loss_is_tried_on_predictions_of_exactly_0_and_1():
    def unclipped(yhat, Y):
        return float(-np.mean(Y * np.log(yhat) + (1 - Y) * np.log(1 - yhat)))

    def lesson_solution(yhat, Y):  # solutions/04-forward.ipynb
        yhat = np.clip(yhat, 1e-12, 1 - 1e-12)
        return float(np.mean(-(Y * np.log(yhat) + (1 - Y) * np.log1p(-yhat))))

    def other_eps(yhat, Y):
        yhat = np.clip(yhat, 1e-7, 1 - 1e-7)
        return float(-np.mean(np.where(Y == 1, np.log(yhat), np.log(1 - yhat))))

    ex = checks.get("compute_loss")
    saturated = probe.decode(ex.payload(np.random.default_rng(0))["more"][0]["args"])
    pairs = {(float(a), float(b)) for a, b in zip(*(v.ravel() for v in saturated), strict=True)}
    assert {(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)} <= pairs
    for result in run_many("compute_loss", unclipped):
        assert result.causes == [
            "clip ŷ into [ε, 1 − ε] before the log (np.clip), or the loss is infinite/NaN "
            "when a prediction is exactly 0 or 1"
        ], result.report()
    for fn in (lesson_solution, other_eps):
        assert all(r.passed for r in run_many("compute_loss", fn))
    result = checks.run_check("compute_loss", lesson_solution, quiet=True)
    assert "max relative error 0.0e+00" in result.message


def test_backward_sigma_prime_applied_twice():
    def backward(params, cache, Y):
        X, a1, a2, yhat = cache["X"], cache["a1"], cache["a2"], cache["yhat"]
        m = X.shape[1]
        dz3 = (yhat - Y) * yhat * (1 - yhat)  # σ' again, on top of ŷ − y
        dz2 = params["W3"].T @ dz3 * (cache["z2"] > 0)
        dz1 = params["W2"].T @ dz2 * (cache["z1"] > 0)
        grads = {}
        for k, dz, a in ((3, dz3, a2), (2, dz2, a1), (1, dz1, X)):
            grads[f"dW{k}"] = dz @ a.T / m
            grads[f"db{k}"] = np.sum(dz, axis=1, keepdims=True) / m
        return grads

    for result in run_many("backward", backward):
        assert result.causes == [
            "ŷ − y already includes σ′(z3); don't multiply by ŷ(1 − ŷ) again"
        ], result.report()


def test_two_bugs_at_once_are_both_named_per_tensor(capsys):
    from helpers.checks.lessons import l05_backprop

    both = l05_backprop._bw(scale=False, mask2=False)  # missing 1/m and the dz2 mask
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


@pytest.mark.parametrize(
    "layer1",
    ['X @ params["W1"]', 'params["W1"].T @ X'],
)
def test_forward_shape_error_is_explained_with_the_shapes(layer1):
    source = f"""def forward(params, X):
    z1 = {layer1} + params["b1"]
    return z1, {{}}
"""
    scope = {"np": np}
    exec(compile(source, "<learner cell>", "exec"), scope)
    result = checks.run_check("forward", scope["forward"], quiet=True)
    report = result.report()
    assert result.status == "error" and "gufunc" not in report, report
    assert "the shapes here: X (" in report and "W1 (" in report
    assert "W1 has shape (n1, n_x): compute W1 @ X, not X @ W1 or W1.T @ X" in report


def test_numerical_gradient_looping_over_the_first_axis_only():
    def numerical_gradient(f, x, h=1e-5):
        grad = np.zeros_like(x)
        for i in range(len(x)):
            x[i] += h
            f_plus = f(x)
            x[i] -= 2 * h
            f_minus = f(x)
            x[i] += h
            grad[i] = (f_plus - f_minus) / (2 * h)
        return grad

    def with_nditer(f, x, h=1e-5):
        grad = np.zeros_like(x)
        it = np.nditer(x, flags=["multi_index"])
        for _ in it:
            i = it.multi_index
            old = x[i]
            x[i] = old + h
            f_plus = f(x)
            x[i] = old - h
            f_minus = f(x)
            x[i] = old
            grad[i] = (f_plus - f_minus) / (2 * h)
        return grad

    for result in run_many("numerical_gradient", numerical_gradient):
        assert any("only the first axis was visited" in c for c in result.causes), result.report()
    assert all(r.passed for r in run_many("numerical_gradient", with_nditer))


@pytest.mark.parametrize("grade_id", ["l4-forward", "l5-backward"])
def test_a_missing_relu_never_passes_by_luck(grade_id):
    # small random layers can leave every z of a layer positive, where relu is the
    # identity: the inputs are drawn so that each hidden layer has negative entries
    ex = checks.EXERCISES[grade_id]
    relu_variants = [v for v in ex.variants if "ReLU" in v.cause or "relu" in v.cause]
    assert relu_variants
    for variant in relu_variants:
        for seed in range(300):
            result = checks.run_check(
                grade_id, variant.fn, rng=np.random.default_rng(10_000 + seed), quiet=True
            )
            assert result.status == "failed", (variant.cause, seed)


@pytest.mark.parametrize("grade_id", sorted(checks.EXERCISES))
def test_registry_names_the_lesson_and_function_of_each_exercise(grade_id):
    ex = checks.EXERCISES[grade_id]
    solution = Path(__file__).resolve().parents[1] / "solutions" / f"{ex.lesson}.ipynb"
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
