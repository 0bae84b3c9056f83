"""Checks for the course's exercises: specific feedback on fresh random inputs.

A lesson's check cell is one call, e.g. ``checks.check_forward()``. The check
draws new random inputs every run (so a hard-coded answer fails), runs your function,
compares every output with the reference from helpers and prints one line starting
with "✓" on success. Otherwise it prints, per wrong output, the expected and actual
shape, the max relative error and, for a known mistake (a missing 1/m, a missing ReLU
mask, a transposed matrix, ...), its likely cause; then it raises
:class:`CheckFailed` (an AssertionError) so a grader scores it 0. An unfinished
exercise (``raise NotImplementedError()``) reports "not attempted yet" in one line.

After a check the lesson continues with ``forward = checks.fallback("forward")``:
your function if it passed, else the reference from helpers (and one line saying so).

Where things are:

- ``lessons/lNN_*.py``: one file per lesson: its exercises' random inputs, reference
  answers and known mistakes (adding an exercise is one entry there; its ``check_*``
  function here, ``__all__`` and the tests derive from it);
- ``exercise.py`` (what an exercise is), ``registry.py`` (collects the lesson files),
  ``inputs.py`` (shared random inputs), ``compare.py`` (relative error);
- ``probe.py`` (calls a function on a case; the only part the grader runs inside a
  submission's kernel) and ``report.py`` (compares and names the likely mistake).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable

import numpy as np

from . import probe
from .exercise import Call, Exercise, Variant
from .probe import Status
from .registry import BY_NAME, EXERCISES, get
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
    "CHECKS",
]  # and every check_* function, added below from the registry


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


#: stands for "no function passed": the check looks the exercise's name up instead
_MISSING = object()


def _caller_has(name: str, depth: int) -> object:
    """The value of ``name`` in the namespace of the cell that called us (or _MISSING)."""
    frame = sys._getframe(depth + 1)
    try:
        return frame.f_globals.get(name, _MISSING)
    finally:
        del frame


def _not_defined(ex: Exercise) -> Result:
    return Result(
        ex.name,
        Status.NOT_A_FUNCTION,
        f"✗ {ex.name} is not defined yet: run the exercise cell above; it must define "
        f"def {ex.name}(...)",
    )


def _one_line(result: Result) -> str:
    """The diagnosis in one line, for the exception (what nbgrader's validate shows)."""
    if result.status in (Status.NOT_ATTEMPTED, Status.NOT_A_FUNCTION, Status.REFERENCE):
        return result.message.removeprefix("✗ ")
    if result.causes:
        why = "likely cause: " + "; ".join(result.causes)
    else:
        wrong = [line.brief() for line in result.lines if not line.passed]
        why = wrong[0] if wrong else result.message.removeprefix("✗ ").rstrip(".")
    if not why.startswith((f"{result.exercise}:", f"{result.exercise} ")):  # named once
        why = f"{result.exercise}: {why}"
    return f"{why}. Fix {result.exercise} and run this cell again."


def _fallback_display(name: str) -> str:
    return f"course-fallback-{name}"


def _tell_fallback(name: str, text: str, update: bool = False) -> None:
    """Show the fallback cell's line, or rewrite it where it is shown already.

    In a notebook the line is a display with an id of its own, so a check that runs
    later can correct it in place: after Run All, then a fix and its check, the line
    under the fallback cell would otherwise still say the exercise is unfinished.
    Outside IPython it is printed (and there is nothing to rewrite).
    """
    shell = sys.modules.get("IPython")
    shell = shell.get_ipython() if shell is not None else None
    if shell is None or not getattr(shell, "display_pub", None):
        if not update:
            print(text)
        return
    from IPython.display import display, update_display

    show = update_display if update else display
    show({"text/plain": text}, raw=True, display_id=_fallback_display(name))


def _check(key: str, fn: object) -> None:
    __tracebackhide__ = True
    ex = get(key)
    if fn is _MISSING:
        result = _not_defined(ex)
        _last_status[ex.name] = result.status
        _passed.pop(ex.name, None)
    else:
        result = run_check(key, fn, quiet=True)
    if result.passed:
        print(result.message)
        _tell_fallback(
            ex.name,
            f"Your {ex.name} has passed its check since: the cells you run from here on use it.",
            update=True,
        )
        return
    if fn is not _MISSING and fn is not ex.reference and result.status != Status.NOT_ATTEMPTED:
        _tell_fallback(
            ex.name,
            f"Your {ex.name} did not pass its check: run this cell again to go on with the "
            "reference from helpers.",
            update=True,
        )
    if result.status not in (Status.NOT_ATTEMPTED, Status.NOT_A_FUNCTION):
        print(result.report())  # the full report; the exception repeats its gist
    raise CheckFailed(_one_line(result))


def fallback(fn_or_name: Callable | str, name: str | None = None) -> Callable:
    """Your function if its check passed in this kernel, else the reference from helpers.

    Call it with the exercise's name, ``forward = checks.fallback("forward")``: it looks
    ``forward`` up in the notebook itself, so it works whatever state the exercise cell
    is in (not run, emptied, does not parse, the function renamed or broken). The older
    form ``checks.fallback(forward, "forward")`` works too. Prints one line when it hands
    back the reference, so you know which one the rest of the lesson uses.

    Parameters
    ----------
    fn_or_name : the exercise's function name, e.g. ``"forward"`` (or your function,
        followed by the name)
    name : the name, when the first argument is your function

    Returns
    -------
    callable
    """
    if name is None:
        if not isinstance(fn_or_name, str):
            raise TypeError(
                'fallback takes the exercise\'s name, e.g. checks.fallback("forward"); '
                f"got {type(fn_or_name).__name__}."
            )
        ex = get(fn_or_name)
        fn = _caller_has(ex.name, 1)
    else:
        ex, fn = get(name), fn_or_name
    if fn is not _MISSING and fn is not None and _passed.get(ex.name) is fn:
        return fn
    status = _last_status.get(ex.name)
    if fn is _MISSING:
        why = "yours is not defined"
    else:
        why = {
            Status.NOT_ATTEMPTED: "yours is not finished yet",
            Status.PASSED: "yours changed since its check passed: run the check cell again",
            None: "its check has not run yet",
        }.get(status, "yours did not pass its check")
    _tell_fallback(ex.name, f"Using the reference {ex.name} from helpers because {why}.")
    return ex.reference


def _make_check(ex: Exercise) -> Callable[[Callable], None]:
    """The public ``check_<name>`` function of an exercise, e.g. ``check_forward``."""

    def check(fn: object = None) -> None:
        __tracebackhide__ = True
        _check(ex.grade_id, _caller_has(ex.name, 1) if fn is None else fn)

    check.__name__ = check.__qualname__ = ex.check_name
    check.__module__ = __name__
    check.__doc__ = (
        f"Check ``{ex.call}`` (lesson {ex.lesson_number}): {ex.summary}\n\n"
        f"Without an argument it checks the ``{ex.name}`` defined in the notebook.\n"
        "Prints one line starting with ✓ when it is right; otherwise the report per\n"
        "output and :class:`CheckFailed`, whose message is the diagnosis in one line."
    )
    parameter = inspect.Parameter(ex.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None)
    check.__signature__ = inspect.Signature([parameter], return_annotation=None)
    return check


#: check function name -> the check, one per exercise (``check_forward``, ...)
CHECKS: dict[str, Callable[[Callable], None]] = {
    ex.check_name: _make_check(ex) for ex in EXERCISES.values()
}
globals().update(CHECKS)
__all__ += list(CHECKS)
