"""Tests of helpers.checks: the check_* functions' one-line failures and the fallback."""

from __future__ import annotations

import pytest
from support import own

from helpers import checks


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
    capsys.readouterr()
    other = own(checks.reference("backward"))  # redefined after the check
    assert checks.fallback(other, "backward") is checks.reference("backward")
    assert "yours changed since its check passed: run the check cell again" in (
        capsys.readouterr().out
    )


def test_a_one_line_failure_names_the_function_once():
    def graph_backward(x, y, z):
        return 1.0, 2.0

    def relu_derivative(z):
        return undefined_name  # noqa: F821

    with pytest.raises(checks.CheckFailed) as failed:
        checks.check_graph_backward(graph_backward)
    assert str(failed.value).startswith("graph_backward: the result is a tuple of 2 values")
    with pytest.raises(checks.CheckFailed) as failed:
        checks.check_relu_derivative(relu_derivative)
    assert str(failed.value).startswith("relu_derivative raised NameError")


def test_a_later_check_rewrites_the_fallback_line_where_it_is_shown(kernel_manager):
    # Run All with the exercise unfinished, then the learner fixes it and runs its check:
    # the line under the fallback cell must not go on saying "not finished yet"
    import nbformat
    from nbclient import NotebookClient

    unfinished = "def central_difference(f, x, h=1e-5):\n    raise NotImplementedError()"
    right = "def central_difference(f, x, h=1e-5):\n    return (f(x + h) - f(x - h)) / (2 * h)"
    wrong = "def central_difference(f, x, h=1e-5):\n    return (f(x + h) - f(x)) / h"
    cells = [
        "from helpers import checks",
        unfinished,
        "checks.check_central_difference()",
        'central_difference = checks.fallback("central_difference")',
        right,
        "checks.check_central_difference()",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(nb, km=kernel_manager, timeout=60, allow_errors=True)
    with client.setup_kernel():
        for index in range(len(cells)):
            client.execute_cell(nb.cells[index], index)
        shown = [o.data["text/plain"] for o in nb.cells[3].outputs]
        assert shown == [
            "Your central_difference has passed its check since: the cells you run from "
            "here on use it."
        ]
        nb.cells.append(nbformat.v4.new_code_cell(wrong))
        nb.cells.append(nbformat.v4.new_code_cell("checks.check_central_difference()"))
        for index in (6, 7):
            client.execute_cell(nb.cells[index], index)
        (line,) = [o.data["text/plain"] for o in nb.cells[3].outputs]
        assert line.startswith("Your central_difference did not pass its check: run this cell")
        assert nb.cells[7].outputs[-1].output_type == "error"  # the check itself still fails
