"""Gradient checking: numeric derivatives by central differences (lessons 1 and 5).

``numerical_gradient`` nudges one entry at a time and puts it back exactly, so the
array you pass is unchanged afterwards. ``grad_check`` compares a dict of analytic
gradients with numeric ones, tensor by tensor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from .validate import as_float_array, check_positive

__all__ = [
    "numerical_gradient",
    "relative_error",
    "TensorCheck",
    "GradCheckReport",
    "grad_check",
]


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Central-difference gradient of a scalar function f at x (lesson 1).

    For each entry i: (f(x + h·e_i) − f(x − h·e_i)) / (2h). The entry is restored to
    its exact original value after each nudge, so ``x`` is left as it was.

    Parameters
    ----------
    f : callable taking an array shaped like x and returning a scalar
    x : float64 ndarray of any shape; it is modified during the call and restored
    h : float, the step (1e-5 balances truncation and round-off error in float64)

    Returns
    -------
    grad : ndarray, same shape as x
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x returning a number; got {type(f).__name__}.")
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(
            "x must be a float64 NumPy array (it is nudged in place and restored); "
            "convert it with np.asarray(x, dtype=float)."
        )
    h = check_positive(h, "h")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        f_plus = float(f(x))
        x[i] = old - h
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-12) -> float:
    """Relative error of two arrays: max |a − b| / max(max |a|, max |b|).

    The error is measured against the size of the largest entry, so a round-off
    difference of 1e-11 in an entry that should be exactly 0 (a dead ReLU) does not
    look like a bug, while a wrong formula, which is off by about the size of the
    entries themselves, gives an error near 1. Shapes must match exactly:
    broadcasting would hide a transposed gradient.

    Parameters
    ----------
    a, b : ndarrays of the same shape
    floor : float, the smallest denominator (two all-zero arrays give 0)

    Returns
    -------
    float, 0 when the arrays are equal
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}; compare arrays of one shape.")
    if a.size == 0:
        return 0.0
    scale = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))), floor)
    return float(np.max(np.abs(a - b)) / scale)


@dataclass(frozen=True)
class TensorCheck:
    """One line of a gradient-check report."""

    name: str
    shape: tuple[int, ...]
    rel_error: float
    passed: bool
    note: str = ""

    def __str__(self) -> str:
        verdict = "ok" if self.passed else "FAIL"
        text = (
            f"{self.name:<6} {str(self.shape):<10} max rel. error {self.rel_error:9.2e}  {verdict}"
        )
        return text + (f"  ({self.note})" if self.note else "")


@dataclass(frozen=True)
class GradCheckReport:
    """The per-tensor results of :func:`grad_check`; prints as a table."""

    rows: tuple[TensorCheck, ...]
    tol: float

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.rows)

    def __str__(self) -> str:
        lines = [str(r) for r in self.rows]
        verdict = "all gradients match" if self.passed else "some gradients are wrong"
        lines.append(f"{verdict} (tolerance {self.tol:.0e})")
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle: bool) -> None:  # IPython display
        p.text(str(self))


def grad_check(
    loss_fn: Callable[[Mapping[str, np.ndarray]], float],
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    h: float = 1e-5,
    tol: float = 1e-7,
) -> GradCheckReport:
    """Compare analytic gradients with central differences, tensor by tensor (lesson 5).

    Parameters
    ----------
    loss_fn : callable(params) -> float
        The loss as a function of the parameter dict.
    params : dict name -> ndarray, e.g. W1 (n1, n_x), b1 (n1, 1), ...
    grads : dict "d" + name -> ndarray of the same shape, e.g. dW1 (n1, n_x)
    h : float, finite-difference step
    tol : float, the largest relative error that passes

    Returns
    -------
    GradCheckReport : one row per parameter (name, shape, max relative error, pass/fail)
    """
    tol = check_positive(tol, "tol")
    work = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    rows = []
    for name, value in work.items():
        gname = "d" + name
        if gname not in grads:
            raise ValueError(
                f"grads has no '{gname}' for parameter '{name}'; expected keys "
                f"{['d' + k for k in work]}."
            )
        analytic = as_float_array(grads[gname], gname)
        if analytic.shape != value.shape:
            note = "transposed?" if analytic.shape == value.shape[::-1] else "wrong shape"
            rows.append(TensorCheck(gname, analytic.shape, float("inf"), False, note))
            continue
        numeric = numerical_gradient(lambda _v: loss_fn(work), value, h)
        err = relative_error(analytic, numeric)
        rows.append(TensorCheck(gname, value.shape, err, err < tol))
    return GradCheckReport(tuple(rows), tol)
