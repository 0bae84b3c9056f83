"""Compare a function's outputs with the reference and name the likely mistake.

:func:`evaluate` is pure (arrays in, a :class:`Result` out); it runs in the learner's
kernel for the in-notebook checks and in the grader's own process for grading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from .compare import close, factor, rel_error, shared_factor
from .exercise import Exercise
from .probe import Status, decode_array

__all__ = ["Result", "TensorLine", "rel_error", "evaluate", "from_probe"]


@dataclass(frozen=True)
class TensorLine:
    """The verdict on one output tensor.

    ``causes`` holds the likely mistakes that explain it (two when two mistakes at once
    do); ``detail`` adds a fact such as the first wrong row of a path.
    """

    name: str
    expected_shape: tuple[int, ...]
    shape: tuple[int, ...]
    rel_error: float
    passed: bool
    causes: tuple[str, ...] = ()
    detail: str = ""

    @property
    def cause(self) -> str:
        return "; and ".join(self.causes)

    def __str__(self) -> str:
        return self.brief() + (f" — likely cause: {self.cause}" if self.causes else "")

    def brief(self) -> str:
        """Shapes and error, without the cause."""
        if self.shape != self.expected_shape:
            text = f"{self.name}: expected shape {self.expected_shape}, got {self.shape}"
        else:
            err = "nan" if not np.isfinite(self.rel_error) else f"{self.rel_error:.1e}"
            text = f"{self.name}: shape {self.shape} ok, max relative error {err}"
        return text + (f", {self.detail}" if self.detail else "")


@dataclass(frozen=True)
class Result:
    """The outcome of one check.

    status is ``passed``, ``failed`` (wrong values or shapes), ``not-attempted``,
    ``error`` (the function raised), ``bad-output`` (wrong kind of value) or
    ``not-a-function``. ``notes`` are extra lines (advice after an error).
    """

    exercise: str
    status: Status
    message: str
    lines: tuple[TensorLine, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return self.status == Status.PASSED

    @property
    def causes(self) -> list[str]:
        """The distinct likely causes named, in order."""
        seen: list[str] = []
        for line in self.lines:
            for cause in line.causes:
                if cause not in seen:
                    seen.append(cause)
        return seen

    def summary(self) -> str:
        """One line for a grade report: what is wrong, the likely causes, per-tensor facts."""
        text = self.message.rstrip(".")
        if self.causes:
            text += " — likely cause: " + "; ".join(self.causes)
        wrong = [line.brief() for line in self.lines if not line.passed]
        text += " [" + "; ".join(wrong) + "]" if wrong else ""
        return text + "".join(f" ({note})" for note in self.notes)

    def report(self) -> str:
        """Several lines for a learner: the message, one line per wrong tensor, and each
        distinct likely cause once."""
        wrong = [line for line in self.lines if not line.passed]
        causes = self.causes
        out = [self.message]
        if len(wrong) == 1 and len(causes) <= 1:
            out.append("  " + str(wrong[0]))
        elif len(causes) <= 1:  # one cause (or none): no numbers to refer to
            out += ["  " + line.brief() for line in wrong]
            explained = [line.name for line in wrong if line.causes]
            if causes:
                of = "" if len(explained) == len(wrong) else f" of {', '.join(explained)}"
                out.append(f"  likely cause{of}: {causes[0]}")
        else:
            for line in wrong:
                refs = [str(causes.index(c) + 1) for c in line.causes]
                tag = f" — cause{'s' if len(refs) > 1 else ''} {' and '.join(refs)}"
                out.append("  " + line.brief() + (tag if refs else ""))
            out += [f"  likely cause {i}: {cause}" for i, cause in enumerate(causes, 1)]
        out += ["  " + note for note in self.notes]
        return "\n".join(out)


def _bounded_error(got: np.ndarray, exp: np.ndarray, bound: tuple[float, float] | None) -> float:
    """The relative error, or for a number allowed anywhere in [lo, hi] its gap to it."""
    if bound is None or got.shape != exp.shape or got.size != 1:
        return rel_error(got, exp)
    value = float(got.reshape(()))
    if not np.isfinite(value):
        return float("nan")
    lo, hi = bound
    return max(lo - value, value - hi, 0.0) / max(abs(lo), abs(hi), 1e-12)


def _first_wrong_row(got: np.ndarray, exp: np.ndarray, rtol: float) -> str:
    if got.shape != exp.shape or got.ndim != 2 or got.size == 0:
        return ""
    finite = np.isfinite(got).all(axis=1)
    scale = max(float(np.max(np.abs(exp))), 1e-12)
    bad = ~finite | (
        np.max(np.abs(np.where(np.isfinite(got), got, 0) - exp), axis=1) > rtol * scale
    )
    rows = np.flatnonzero(bad)
    return f"first wrong row: {int(rows[0])}" if rows.size else ""


def _generic_cause(got: np.ndarray, exp: np.ndarray, rtol: float) -> str:
    """A cause read off the numbers themselves when no known mistake matches."""
    if got.shape != exp.shape:
        if exp.ndim == 0 and got.size == 1:
            if close(got.reshape(()), exp, rtol):
                return f"the value is right; return a number, not an array of shape {got.shape}"
            return f"return a number, not an array of shape {got.shape}"
        if got.ndim == 2 and got.shape == exp.shape[::-1]:
            if close(got.T, exp, rtol):
                return "the values are right but transposed"
            return "a transposed matrix: the shape is the transpose of the expected one"
        if exp.ndim == 2 and exp.shape[1] == 1 and got.shape == (exp.shape[0],):
            return "a column (n, 1) lost its second axis: use keepdims=True"
        if got.size == exp.size:
            if close(got.reshape(exp.shape), exp, rtol):
                return f"the values are right; reshape to {exp.shape}"
            return "the right number of entries in the wrong shape"
        return ""
    if not np.all(np.isfinite(got)):
        return "contains NaN or inf"
    if np.all(got == 0) and np.any(exp != 0):
        return "all zeros"
    k = factor(got, exp)
    if k is not None:
        if abs(k + 1) < 1e-6:
            return "wrong sign"
        if exp.size > 2:  # any wrong number is "a constant factor" times the right one
            return _factor_cause(k)
    return ""


def _factor_cause(k: float) -> str:
    """'off by a constant factor k', unless k is too close to 1 to be one (e.g. a
    difference of round-off or of the step h: "a factor 1" would read as nonsense)."""
    return f"off by a constant factor {k:.4g}" if abs(k - 1) > 1e-3 else ""


def _outputs(exercise: Exercise, fn, payload) -> dict[str, np.ndarray] | None:
    try:
        return exercise.outputs_of(fn, payload)
    except Exception:  # a variant that cannot run on this case (e.g. shapes)
        return None


def _known_causes(
    exercise: Exercise,
    payload: Mapping,
    got: Mapping[str, np.ndarray],
    expected: Mapping[str, np.ndarray],
    wrong: list[str],
) -> dict[str, tuple[str, ...]]:
    """For each wrong output, the known mistakes that explain it (first match wins)."""
    found: dict[str, tuple[str, ...]] = {}

    def settle(name: str, causes: tuple[str, ...]) -> None:
        if name in wrong and name not in found and all(causes):
            found[name] = causes

    def mistaken_outputs(fn, joint: bool = False) -> dict[str, np.ndarray] | None:
        """The outputs of a known mistake, or None when it cannot be the learner's."""
        outs = _outputs(exercise, fn, payload)
        if outs is None:
            return None
        # A joint mistake (two outputs swapped) is not the learner's when one of the
        # outputs it changes is right in theirs: "a and b swapped" needs both wrong.
        right = [o for o in got if o not in wrong and o in outs]
        if joint and any(not close(outs[o], expected[o], exercise.rtol) for o in right):
            return None
        return outs

    def matches(outs: Mapping[str, np.ndarray], name: str) -> bool:
        return name in outs and close(got[name], outs[name], exercise.rtol)

    def try_fn(fn, causes: tuple[str, ...], joint: bool = False) -> None:
        outs = mistaken_outputs(fn, joint)
        for name in wrong if outs is not None else ():
            if name not in found and matches(outs, name):
                settle(name, causes)

    def explains_all(fn, joint: bool) -> bool:
        outs = mistaken_outputs(fn, joint)
        return outs is not None and all(matches(outs, name) for name in wrong)

    if exercise.diagnose is not None:
        for name, cause in exercise.diagnose(payload, got, expected).items():
            settle(name, (cause,))
    if not found:  # one known mistake that explains every wrong output is the one named
        for v in exercise.variants:
            if explains_all(v.fn, v.joint):
                for name in wrong:
                    settle(name, (v.cause,))
                break
    for v in exercise.variants:
        if len(found) < len(wrong):
            try_fn(v.fn, (v.cause,), v.joint)
    if exercise.combine is not None:
        combinable = [v for v in exercise.variants if v.options]
        for a, b in combinations(combinable, 2):
            if len(found) == len(wrong):
                break
            if set(a.options) & set(b.options):
                continue
            try_fn(exercise.combine(**a.options, **b.options), (a.cause, b.cause))
    if exercise.explain is not None:
        for name, cause in exercise.explain(payload, got, expected).items():
            settle(name, (cause,))
    for name in wrong:
        if name in exercise.causes:
            settle(name, (exercise.causes[name],))
    rest = [name for name in wrong if name not in found]
    k = shared_factor(got, expected, rest) if len(rest) > 1 else None
    if k is not None and abs(k + 1) >= 1e-6:  # one factor for all, e.g. a 1/m twice
        for name in rest:
            settle(name, (_factor_cause(k),))
    for name in wrong:
        settle(name, (_generic_cause(got[name], expected[name], exercise.rtol),))
    return found


def _after_call(name: str) -> bool:
    """Whether an output is an argument as the call left it (``x after the call``)."""
    return name.endswith(("after the call", "after the calls", "_after", " after"))


def _tiny(error: float) -> str:
    """An error for the success line: exact zeros as they are, round-off as "below 1e-7"
    (its last digits change from run to run when the reference is numerical)."""
    return "below 1e-7" if 0 < error < 1e-7 else f"{error:.1e}"


def evaluate(
    exercise: Exercise, payload: Mapping, got: Mapping[str, np.ndarray], partial: bool = False
) -> Result:
    """Compare the learner's outputs on ``payload`` with the reference, tensor by tensor.

    Parameters
    ----------
    exercise : the exercise checked
    payload : the encoded case the function was called on
    got : name -> float64 array, the learner's outputs (from the probe)
    partial : compare only the outputs in ``got`` (a later call raised an error)

    Returns
    -------
    Result : passed, or failed with one :class:`TensorLine` per output and, for each
        wrong output, the known mistakes whose outputs it matches.
    """
    by_call = exercise.outputs_by_call(exercise.reference, payload)
    expected = {name: exp for outputs in by_call for name, exp in outputs.items()}
    main = list(by_call[0])
    bounds = exercise.bounds(payload) if exercise.bounds is not None else {}
    errors: dict[str, float] = {}
    missing = []
    for name, exp in expected.items():
        if name not in got:
            if not partial:
                missing.append(name)
            continue
        errors[name] = _bounded_error(got[name], exp, bounds.get(name))
    wrong = [n for n, e in errors.items() if not (np.isfinite(e) and e <= exercise.rtol)]
    causes = _known_causes(exercise, payload, got, expected, wrong) if wrong else {}
    lines = []
    for name, exp in expected.items():
        if name in missing:
            lines.append(TensorLine(name, exp.shape, (), float("inf"), False, ("missing",)))
        elif name in errors:
            g = got[name]
            detail = ""
            if name in wrong and any(name.startswith(p) for p in exercise.rows):
                detail = _first_wrong_row(g, exp, exercise.rtol)
            passed = name not in wrong
            lines.append(
                TensorLine(
                    name, exp.shape, g.shape, errors[name], passed, causes.get(name, ()), detail
                )
            )
    bad = [line for line in lines if not line.passed]
    if not bad:
        worst = max((line.rel_error for line in lines), default=0.0)
        count = {1: "the output matches", 2: "both outputs match"}
        what = count.get(len(main), f"all {len(main)} outputs match")
        what = exercise.success or f"{what} the reference on fresh random inputs"
        return Result(
            exercise.name,
            Status.PASSED,
            f"✓ {exercise.call} is correct: {what} (max relative error {_tiny(worst)}).",
            tuple(lines),
        )
    if len(main) == 1 and any(line.name in main for line in bad):
        head = f"✗ {exercise.call} gives a wrong result"
    else:
        names = ", ".join(line.name for line in bad)
        # an argument checked after the call counts only when it was changed
        counted = [line for line in lines if not line.passed or not _after_call(line.name)]
        head = f"✗ {exercise.call}: {len(bad)} of {len(counted)} outputs are wrong ({names})"
    return Result(exercise.name, Status.FAILED, head + ".", tuple(lines))


def from_probe(exercise: Exercise, payload: Mapping, reply: Mapping) -> Result:
    """A :class:`Result` from a probe's reply (see :func:`helpers.checks.probe.run`)."""
    status = reply.get("status")
    if status == Status.OK:
        try:
            got = {str(k): decode_array(v) for k, v in dict(reply["outputs"]).items()}
        except Exception:
            return Result(exercise.name, Status.BAD_OUTPUT, "✗ the outputs could not be read.")
        return evaluate(exercise, payload, got)
    message = str(reply.get("message", ""))[:500]
    if status == Status.NOT_ATTEMPTED:
        return Result(
            exercise.name,
            Status.NOT_ATTEMPTED,
            f"{exercise.name}: not attempted yet — replace `raise NotImplementedError()` "
            "with your code.",
        )
    if status == Status.ERROR:
        earlier = reply.get("outputs")
        if isinstance(earlier, Mapping) and earlier:  # a later call failed: judge the others
            try:
                got = {str(k): decode_array(v) for k, v in earlier.items()}
                result = evaluate(exercise, payload, got, partial=True)
            except Exception:
                result = None
            if result is not None and result.causes:
                note = f"{exercise.name} also {message}"
                return Result(exercise.name, Status.FAILED, result.message, result.lines, (note,))
        advice = exercise.on_error(message, payload) if exercise.on_error is not None else ""
        notes = tuple(line for line in advice.splitlines() if line)
        return Result(exercise.name, status, f"✗ {exercise.name} {message}", notes=notes)
    if status in (Status.BAD_OUTPUT, Status.NOT_A_FUNCTION):
        return Result(exercise.name, status, f"✗ {exercise.name}: {message}.")
    return Result(exercise.name, Status.ERROR, f"✗ {exercise.name}: unexpected probe reply.")
