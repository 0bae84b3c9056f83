"""How a check compares a learner's array with the reference's."""

from __future__ import annotations

import numpy as np

from .. import gradcheck

__all__ = ["rel_error", "close"]


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
