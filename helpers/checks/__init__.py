"""Checks for the course's exercises: specific feedback on fresh random inputs.

A lesson's check cell is one call, e.g. ``checks.check_forward(forward)``. The check
draws new random inputs every run (so a hard-coded answer fails), runs your function,
compares every output with the reference from helpers and prints one line starting
with "✓" on success. Otherwise it prints, per wrong output, the expected and actual
shape, the max relative error and, for a known mistake (a missing 1/m, a missing ReLU
mask, a transposed matrix, ...), its likely cause; then it raises
:class:`CheckFailed` (an AssertionError) so a grader scores it 0. An unfinished
exercise (``raise NotImplementedError()``) reports "not attempted yet" in one line.

After a check the lesson continues with ``forward = checks.fallback(forward, "forward")``:
your function if it passed, else the reference from helpers (and one line saying so).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import probe
from ._exercises import BY_NAME, EXERCISES, Call, Exercise, Variant, get
from .probe import Status
from .report import Result, evaluate, from_probe

__all__ = [
    "CheckFailed",
    "Call",
    "Exercise",
    "Variant",
    "Result",
    "Status",
    "EXERCISES",
    "BY_NAME",
    "get",
    "evaluate",
    "run_check",
    "fallback",
    "reference",
    "check_central_difference",
    "check_relu_derivative",
    "check_gradient",
    "check_gradient_descent",
    "check_sigmoid_prime",
    "check_graph_backward",
    "check_forward",
    "check_loss",
    "check_backward",
    "check_numerical_gradient",
    "check_update_parameters",
]


class CheckFailed(AssertionError):
    """A check did not pass. Shown in a notebook as one line, without a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython: replaces the traceback
        return [f"\x1b[31m{type(self).__name__}\x1b[0m: {self}"]


#: function name -> the function object whose check last passed in this kernel
_passed: dict[str, object] = {}
#: function name -> status of the last check run in this kernel
_last_status: dict[str, str] = {}


def reference(name: str) -> Callable:
    """The reference implementation of an exercise's function, by name or grade_id."""
    ex = get(name)
    return ex.reference


def _is_reference(fn: object, ex: Exercise) -> bool:
    return fn is ex.reference


def run_check(
    key: str, fn: Callable, rng: np.random.Generator | None = None, quiet: bool = False
) -> Result:
    """Check ``fn`` against exercise ``key`` on fresh random inputs; return the Result.

    Prints the report (unless ``quiet``) but never raises; the ``check_*`` functions
    call this and raise :class:`CheckFailed` when it did not pass.

    Parameters
    ----------
    key : grade_id or function name of the exercise, e.g. ``"forward"``
    fn : the learner's function
    rng : a Generator to draw the inputs from (default: freshly seeded from the OS)
    """
    __tracebackhide__ = True
    ex = get(key)
    rng = np.random.default_rng() if rng is None else rng
    if _is_reference(fn, ex):
        result = Result(
            ex.name,
            Status.REFERENCE,
            f"✗ {ex.name} is the reference from helpers, not your own function: "
            "run the exercise cell with your code first.",
        )
    else:
        payload = ex.payload(rng)
        reply = probe.run(fn, payload)
        result = from_probe(ex, payload, reply)
    _last_status[ex.name] = result.status
    if result.passed:
        _passed[ex.name] = fn
    else:
        _passed.pop(ex.name, None)
    if not quiet:
        print(result.report())
    return result


def _check(key: str, fn: Callable) -> None:
    __tracebackhide__ = True
    result = run_check(key, fn, quiet=True)
    if result.passed:
        print(result.message)
        return
    if result.status == Status.NOT_ATTEMPTED:  # one line: the exception says it all
        raise CheckFailed(result.message)
    print(result.report())
    raise CheckFailed(f"fix {result.exercise} and run this cell again.")


def fallback(fn: Callable, name: str) -> Callable:
    """Your function if its check passed in this kernel, else the reference from helpers.

    Prints one line when it hands back the reference, so you know which one the rest
    of the lesson uses.

    Parameters
    ----------
    fn : your function (e.g. ``forward``)
    name : the exercise's function name, e.g. ``"forward"``

    Returns
    -------
    callable
    """
    ex = get(name)
    if _passed.get(ex.name) is fn and fn is not None:
        return fn
    status = _last_status.get(ex.name)
    why = {
        Status.NOT_ATTEMPTED: "yours is not finished yet",
        None: "its check has not run yet",
    }.get(status, "yours did not pass its check")
    print(f"Using the reference {ex.name} from helpers because {why}.")
    return ex.reference


def check_central_difference(central_difference: Callable) -> None:
    """Check ``central_difference(f, x, h)`` (lesson 1) on a random smooth f and x."""
    __tracebackhide__ = True
    _check("l1-central-difference", central_difference)


def check_relu_derivative(relu_derivative: Callable) -> None:
    """Check ``relu_derivative(z)`` (lesson 1) on a random z (n, m), including z = 0."""
    __tracebackhide__ = True
    _check("l1-relu-derivative", relu_derivative)


def check_gradient(gradient: Callable) -> None:
    """Check ``gradient(p)`` of f(x, y) = (x − 1)² + 10 (y + 0.5)² (lesson 2), p of shape (2,)."""
    __tracebackhide__ = True
    _check("l2-gradient", gradient)


def check_gradient_descent(gradient_descent: Callable) -> None:
    """Check ``gradient_descent(grad, x0, lr, steps)`` (lesson 2) on a random bowl."""
    __tracebackhide__ = True
    _check("l2-gradient-descent", gradient_descent)


def check_sigmoid_prime(sigmoid_prime: Callable) -> None:
    """Check ``sigmoid_prime(z)`` = σ(z)(1 − σ(z)) (lesson 3) on a random z."""
    __tracebackhide__ = True
    _check("l3-sigmoid-prime", sigmoid_prime)


def check_graph_backward(graph_backward: Callable) -> None:
    """Check ``graph_backward(x, y, z)`` for f = (x·y + z)² (lesson 3) at a random point."""
    __tracebackhide__ = True
    _check("l3-graph-backward", graph_backward)


def check_forward(forward: Callable) -> None:
    """Check ``forward(params, X)`` (lesson 4): yhat and every z, a in the cache."""
    __tracebackhide__ = True
    _check("l4-forward", forward)


def check_loss(compute_loss: Callable) -> None:
    """Check ``compute_loss(yhat, Y)`` (lesson 4), the mean binary cross-entropy."""
    __tracebackhide__ = True
    _check("l4-loss", compute_loss)


def check_backward(backward: Callable) -> None:
    """Check ``backward(params, cache, Y)`` (lesson 5): dW1 ... db3, tensor by tensor."""
    __tracebackhide__ = True
    _check("l5-backward", backward)


def check_numerical_gradient(numerical_gradient: Callable) -> None:
    """Check ``numerical_gradient(f, x, h)`` (lesson 5) and that x is left unchanged."""
    __tracebackhide__ = True
    _check("l5-numerical-gradient", numerical_gradient)


def check_update_parameters(update_parameters: Callable) -> None:
    """Check ``update_parameters(params, grads, lr)`` (lesson 6): p − lr · dp for every p."""
    __tracebackhide__ = True
    _check("l6-update", update_parameters)
