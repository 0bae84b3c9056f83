"""Compare a function's outputs with the reference and name the likely mistake.

:func:`evaluate` is pure (arrays in, a :class:`Result` out); it runs in the learner's
kernel for the in-notebook checks and in the grader's own process for grading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ._exercises import Exercise
from ._probe import decode_array

__all__ = ["Result", "TensorLine", "rel_error", "evaluate", "from_probe"]


@dataclass(frozen=True)
class TensorLine:
    """The verdict on one output tensor."""

    name: str
    expected_shape: tuple[int, ...]
    shape: tuple[int, ...]
    rel_error: float
    passed: bool
    cause: str = ""

    def __str__(self) -> str:
        return self.brief() + (f" — likely cause: {self.cause}" if self.cause else "")

    def brief(self) -> str:
        """Shapes and error, without the cause."""
        if self.shape != self.expected_shape:
            text = f"{self.name}: expected shape {self.expected_shape}, got {self.shape}"
        else:
            err = "nan" if not np.isfinite(self.rel_error) else f"{self.rel_error:.1e}"
            text = f"{self.name}: shape {self.shape} ok, max relative error {err}"
        return text


@dataclass(frozen=True)
class Result:
    """The outcome of one check.

    status is ``passed``, ``failed`` (wrong values or shapes), ``not-attempted``,
    ``error`` (the function raised), ``bad-output`` (wrong kind of value) or
    ``not-a-function``.
    """

    exercise: str
    status: str
    message: str
    lines: tuple[TensorLine, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def causes(self) -> list[str]:
        """The distinct likely causes named, in order."""
        seen: list[str] = []
        for line in self.lines:
            if line.cause and line.cause not in seen:
                seen.append(line.cause)
        return seen

    def summary(self) -> str:
        """One line for a grade report: what is wrong, the likely causes, per-tensor facts."""
        text = self.message.rstrip(".")
        if self.causes:
            text += " — likely cause: " + "; ".join(self.causes)
        wrong = [line.brief() for line in self.lines if not line.passed]
        return text + (" [" + "; ".join(wrong) + "]" if wrong else "")

    def report(self) -> str:
        """Several lines for a learner: the summary, then one line per wrong tensor."""
        wrong = [line for line in self.lines if not line.passed]
        causes = {line.cause for line in wrong}
        if len(wrong) > 1 and len(causes) == 1 and "" not in causes:  # say it once
            out = [self.message, *("  " + line.brief() for line in wrong)]
            return "\n".join([*out, f"  likely cause: {causes.pop()}"])
        return "\n".join([self.message, *("  " + str(line) for line in wrong)])


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a − b| / max(max |a|, max |b|, 1e-12); inf for different shapes or non-finite."""
    if a.shape != b.shape:
        return float("inf")
    if a.size == 0:
        return 0.0
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("nan")
    scale = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))), 1e-12)
    return float(np.max(np.abs(a - b)) / scale)


def _close(a: np.ndarray, b: np.ndarray, rtol: float) -> bool:
    err = rel_error(a, b)
    return bool(np.isfinite(err) and err <= rtol)


def _generic_cause(got: np.ndarray, exp: np.ndarray, rtol: float) -> str:
    """A cause read off the numbers themselves when no known mistake matches."""
    if got.shape != exp.shape:
        if got.ndim == 2 and got.shape == exp.shape[::-1]:
            if _close(got.T, exp, rtol):
                return "the values are right but transposed"
            return "a transposed matrix: the shape is the transpose of the expected one"
        if got.size == exp.size:
            if _close(got.reshape(exp.shape), exp, rtol):
                return f"the values are right; reshape to {exp.shape}"
            return "the right number of entries in the wrong shape"
        if exp.ndim == 2 and exp.shape[1] == 1 and got.shape == (exp.shape[0],):
            return "a column (n, 1) lost its second axis: use keepdims=True"
        return ""
    if not np.all(np.isfinite(got)):
        return "contains NaN or inf"
    if np.all(got == 0) and np.any(exp != 0):
        return "all zeros"
    denom = float(np.sum(exp * exp))
    if denom > 0:
        k = float(np.sum(got * exp)) / denom
        if abs(k - 1) > 1e-6 and _close(got, k * exp, 1e-6):
            if abs(k + 1) < 1e-6:
                return "wrong sign"
            return f"off by a constant factor {k:.4g}"
    return ""


def _outputs(exercise: Exercise, fn, payload) -> dict[str, np.ndarray] | None:
    try:
        return exercise.outputs_of(fn, payload)
    except Exception:  # a variant that cannot run on this case (e.g. shapes)
        return None


def evaluate(exercise: Exercise, payload: Mapping, got: Mapping[str, np.ndarray]) -> Result:
    """Compare the learner's outputs on ``payload`` with the reference, tensor by tensor.

    Parameters
    ----------
    exercise : the exercise checked
    payload : the encoded case the function was called on
    got : name -> float64 array, the learner's outputs (from the probe)

    Returns
    -------
    Result : passed, or failed with one :class:`TensorLine` per output and, for each
        wrong output, the first known mistake whose output it matches.
    """
    expected = exercise.outputs_of(exercise.reference, payload)
    variants = None
    lines = []
    for name, exp in expected.items():
        g = got.get(name)
        if g is None:
            lines.append(TensorLine(name, exp.shape, (), float("inf"), False, "missing"))
            continue
        err = rel_error(g, exp)
        if np.isfinite(err) and err <= exercise.rtol:
            lines.append(TensorLine(name, exp.shape, g.shape, err, True))
            continue
        if variants is None:  # computed once, only when something is wrong
            variants = [(v.cause, _outputs(exercise, v.fn, payload)) for v in exercise.variants]
        cause = ""
        for text, outs in variants:
            if outs is not None and name in outs and _close(g, outs[name], exercise.rtol):
                cause = text
                break
        cause = cause or _generic_cause(g, exp, exercise.rtol)
        lines.append(TensorLine(name, exp.shape, g.shape, err, False, cause))
    wrong = [line for line in lines if not line.passed]
    if not wrong:
        worst = max((line.rel_error for line in lines), default=0.0)
        what = f"all {len(lines)} outputs match" if len(lines) > 1 else "the output matches"
        return Result(
            exercise.name,
            "passed",
            f"✓ {exercise.call} is correct: {what} the reference on fresh random "
            f"inputs (max relative error {worst:.1e}).",
            tuple(lines),
        )
    if len(lines) == 1:
        head = f"✗ {exercise.call} gives a wrong result"
    else:
        names = ", ".join(line.name for line in wrong)
        head = f"✗ {exercise.call}: {len(wrong)} of {len(lines)} outputs are wrong ({names})"
    return Result(exercise.name, "failed", head + ".", tuple(lines))


def from_probe(exercise: Exercise, payload: Mapping, reply: Mapping) -> Result:
    """A :class:`Result` from a probe's reply (see :func:`helpers.checks._probe.run`)."""
    status = reply.get("status")
    if status == "ok":
        try:
            got = {str(k): decode_array(v) for k, v in dict(reply["outputs"]).items()}
        except Exception:
            return Result(exercise.name, "bad-output", "✗ the outputs could not be read.")
        return evaluate(exercise, payload, got)
    message = str(reply.get("message", ""))[:500]
    if status == "not-attempted":
        return Result(
            exercise.name,
            "not-attempted",
            f"{exercise.name}: not attempted yet — replace `raise NotImplementedError()` "
            "with your code.",
        )
    if status == "error":
        return Result(exercise.name, status, f"✗ {exercise.name} {message}")
    if status in ("bad-output", "not-a-function"):
        return Result(exercise.name, status, f"✗ {exercise.name}: {message}.")
    return Result(exercise.name, "error", f"✗ {exercise.name}: unexpected probe reply.")
