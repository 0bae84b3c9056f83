"""How a check compares a learner's array with the reference's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from .. import gradcheck

__all__ = ["rel_error", "close", "factor", "shared_factor"]


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """:func:`helpers.gradcheck.relative_error`, but inf for different shapes and nan for
    non-finite numbers instead of an exception (a learner's output may be anything)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return float("inf")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("nan")
    return gradcheck.relative_error(a, b)


def close(a: np.ndarray, b: np.ndarray, rtol: float = 1e-9) -> bool:
    """Same shape, finite, and max |a − b| <= rtol · max(|a|, |b|)."""
    err = rel_error(a, b)
    return bool(np.isfinite(err) and err <= rtol)


def factor(got: np.ndarray, exp: np.ndarray, rtol: float = 1e-6) -> float | None:
    """k when ``got`` is k times ``exp`` (k ≠ 0, 1), else None."""
    got, exp = np.asarray(got, dtype=np.float64), np.asarray(exp, dtype=np.float64)
    if got.shape != exp.shape or not (np.all(np.isfinite(got)) and np.all(np.isfinite(exp))):
        return None
    denom = float(np.sum(exp * exp))
    if denom == 0:
        return None
    k = float(np.sum(got * exp)) / denom
    if k == 0 or abs(k - 1) <= rtol or not close(got, k * exp, rtol):
        return None
    return k


def shared_factor(
    got: Mapping[str, np.ndarray],
    expected: Mapping[str, np.ndarray],
    names: Iterable[str],
    rtol: float = 1e-6,
) -> float | None:
    """The one k with ``got[n]`` = k · ``expected[n]`` for every name, else None.

    Fitted over all the named outputs at once, so an output of one number (a bias
    gradient of shape (1, 1)) is judged together with the others.
    """
    names = list(names)
    if not names or any(np.shape(got[n]) != np.shape(expected[n]) for n in names):
        return None
    k = factor(
        np.concatenate([np.ravel(got[n]) for n in names]),
        np.concatenate([np.ravel(expected[n]) for n in names]),
        rtol,
    )
    if k is None or not all(close(got[n], k * expected[n], rtol) for n in names):
        return None
    return k
