"""Input checks shared by every helper.

Each function raises a ``ValueError`` or ``TypeError`` whose message says what was
expected and how to fix it. The course never uses ``assert`` for a learner's input:
assertions vanish under ``python -O`` and give no advice.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

import numpy as np

__all__ = [
    "as_float_array",
    "all_finite",
    "check_finite",
    "check_X",
    "check_Y",
    "check_XY",
    "check_params",
    "check_positive",
    "check_number",
    "check_int",
    "layer_count",
]


def as_float_array(a: object, name: str) -> np.ndarray:
    """Return ``a`` as a float64 NumPy array, or raise a ``TypeError`` naming ``name``."""
    if isinstance(a, np.ndarray) and a.dtype.kind in "fiub":
        return a.astype(np.float64, copy=False)
    try:
        arr = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be a NumPy array of numbers; got {type(a).__name__}. "
            f"Build it with np.array(...)."
        ) from exc
    return arr


def all_finite(a: np.ndarray) -> bool:
    """True if the float64 array ``a`` holds no NaN and no infinity.

    The fast path is one dot product of ``a`` with itself: a sum of squares is finite
    exactly when every entry is, since a NaN or an infinity never cancels out of a sum of
    non-negative terms. It reads the array once and allocates nothing, where
    ``np.isfinite(a).all()`` builds a boolean array first. A sum of squares that overflows
    (entries above about 1e154) falls back to the exact elementwise test.
    """
    if math.isfinite(np.vdot(a, a)):  # vdot flattens; for real arrays it is the plain dot
        return True
    return bool(np.isfinite(a).all())


def check_finite(a: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``a`` holds NaN or infinity."""
    if not all_finite(a):
        n_bad = int(np.size(a) - np.count_nonzero(np.isfinite(a)))
        raise ValueError(
            f"{name} contains {n_bad} NaN or infinite value(s). Check how it was computed "
            f"(a learning rate that is too large is the usual cause) or clean the data."
        )


def check_X(X: object, n_x: int | None = None, name: str = "X") -> np.ndarray:
    """Check an input matrix of shape (n_x, m): features in rows, examples in columns.

    Parameters
    ----------
    X : array of shape (n_x, m)
        Inputs, one example per column (lesson 4).
    n_x : int, optional
        The number of features the network expects. When X arrives as (m, n_x),
        the error says so and suggests ``X.T``.

    Returns
    -------
    X : ndarray of shape (n_x, m), float64
    """
    X = as_float_array(X, name)
    if X.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with shape (n_x, m), one example per column; got shape "
            f"{X.shape}. For a single example use {name}.reshape(-1, 1)."
        )
    if n_x is not None and X.shape[0] != n_x:
        if X.shape[1] == n_x:
            raise ValueError(
                f"{name} has shape {X.shape} but the network expects ({n_x}, m): examples "
                f"must be columns. It looks transposed; pass {name}.T instead."
            )
        raise ValueError(
            f"{name} has {X.shape[0]} rows but the network expects n_x = {n_x} features "
            f"(shape ({n_x}, m))."
        )
    check_finite(X, name)
    return X


def check_Y(Y: object, m: int | None = None, name: str = "Y") -> np.ndarray:
    """Check binary labels of shape (1, m) with values in {0, 1}.

    Parameters
    ----------
    Y : array of shape (1, m)
        Labels, 0 or 1, one per column (lesson 4).
    m : int, optional
        The number of examples, to compare with X.

    Returns
    -------
    Y : ndarray of shape (1, m), float64
    """
    Y = as_float_array(Y, name)
    if Y.ndim != 2 or Y.shape[0] != 1:
        hint = ""
        if Y.ndim == 1:
            hint = f" Use {name}.reshape(1, -1)."
        elif Y.ndim == 2 and Y.shape[1] == 1:
            hint = f" It looks transposed; pass {name}.T instead."
        raise ValueError(f"{name} must have shape (1, m); got {Y.shape}.{hint}")
    if m is not None and Y.shape[1] != m:
        raise ValueError(
            f"{name} has {Y.shape[1]} labels but X has {m} examples; they must match."
        )
    # Every nonzero label is a 1 exactly when Y holds only 0 and 1 (a NaN is nonzero and
    # not 1, so it fails too; the finite check below names it). Cheaper than (Y == 0) | ...
    if np.count_nonzero(Y) != np.count_nonzero(Y == 1):
        check_finite(Y, name)
        bad = np.unique(Y[(Y != 0) & (Y != 1)])[:5]
        raise ValueError(
            f"{name} must hold only 0 and 1 (binary labels); found {bad.tolist()}. "
            f"Convert class labels with ({name} == positive_class).astype(float)."
        )
    return Y


def check_XY(X: object, Y: object, n_x: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Check X of shape (n_x, m) and Y of shape (1, m) together."""
    X = check_X(X, n_x)
    Y_arr = as_float_array(Y, "Y")
    if Y_arr.ndim == 2 and 1 in Y_arr.shape and Y_arr.size == X.shape[0] != X.shape[1]:
        raise ValueError(
            f"X has shape {X.shape} but Y has {Y_arr.size} labels: examples must be the "
            f"columns of X, shape (n_x, m). X looks transposed; pass X.T instead."
        )
    Y = check_Y(Y_arr, X.shape[1])
    return X, Y


def layer_count(params: Mapping[str, np.ndarray]) -> int:
    """Return L, the number of layers, from keys W1, b1, ..., WL, bL."""
    if not isinstance(params, Mapping):
        raise TypeError(
            f"params must be a dict like {{'W1': ..., 'b1': ...}}; got {type(params).__name__}."
        )
    L = 0
    while f"W{L + 1}" in params:
        L += 1
    if L == 0:
        raise ValueError(
            f"params has no 'W1'; expected keys W1, b1, W2, b2, ... (got {sorted(params)}). "
            f"Create them with helpers.init_params(layer_dims, seed)."
        )
    return L


def check_params(
    params: Mapping[str, np.ndarray], n_layers: int | None = None
) -> dict[str, np.ndarray]:
    """Check a parameter dict {"W1", "b1", ..., "WL", "bL"} for keys and shapes.

    W_l must have shape (n_l, n_{l-1}) and b_l shape (n_l, 1), with W_l's columns
    matching W_{l-1}'s rows.

    Returns
    -------
    dict of float64 arrays, the same keys.
    """
    L = layer_count(params)
    if n_layers is not None and L != n_layers:
        raise ValueError(
            f"params describes a {L}-layer network but {n_layers} layers are needed: "
            f"expected keys W1, b1, ..., W{n_layers}, b{n_layers}."
        )
    out: dict[str, np.ndarray] = {}
    n_prev = None
    for l, (w_key, b_key) in enumerate(_layer_keys(L), start=1):  # noqa: E741 - as in the maths
        for key in (w_key, b_key):
            arr = params.get(key, _MISSING)
            if arr is _MISSING:
                raise ValueError(
                    f"params is missing '{key}'; expected keys W1, b1, ..., W{L}, b{L}."
                )
            if not (isinstance(arr, np.ndarray) and arr.dtype == np.float64):
                arr = as_float_array(arr, key)
            out[key] = arr
        W, b = out[w_key], out[b_key]
        if W.ndim != 2:
            raise ValueError(f"W{l} must be 2-D with shape (n_{l}, n_{l - 1}); got {W.shape}.")
        n_l, n_in = W.shape
        if b.shape != (n_l, 1):
            raise ValueError(
                f"b{l} must have shape ({n_l}, 1) to match W{l} {W.shape}; got "
                f"{b.shape}. Use a column vector: np.zeros(({n_l}, 1))."
            )
        if n_prev is not None and n_in != n_prev:
            prev_shape = out[f"W{l - 1}"].shape
            raise ValueError(
                f"W{l} has shape {W.shape} but W{l - 1} has {prev_shape}: W{l} needs "
                f"{n_prev} columns, shape ({n_l}, {n_prev})."
            )
        n_prev = n_l
    # One finiteness test for all of them (a sum of squares, as in all_finite); only when
    # it fails is each array tested, so the error names the first one with a NaN or inf.
    if not math.isfinite(sum(np.vdot(a, a) for a in out.values())):
        for key, arr in out.items():
            check_finite(arr, key)
    return out


_MISSING = object()


@functools.cache
def _layer_keys(L: int) -> tuple[tuple[str, str], ...]:
    """(("W1", "b1"), ..., ("WL", "bL")): built once per L, since check_params runs often."""
    return tuple((f"W{l}", f"b{l}") for l in range(1, L + 1))  # noqa: E741


def check_number(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a finite real number (not a bool), else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number; got {type(value).__name__}.")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be a finite number; got {value}.")
    return v


def check_int(value: object, name: str, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int if it is a whole number (not a bool) in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number; got {value!r}.")
    if (low is not None and value < low) or (high is not None and value > high):
        lower = "" if low is None else f" ≥ {low}"
        upper = "" if high is None else f"{' and' if lower else ''} ≤ {high}"
        raise ValueError(f"{name} must be{lower}{upper}; got {value}.")
    return int(value)


def check_positive(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number; got {type(value).__name__}.")
    v = float(value)
    if not np.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be a positive number; got {value}. Try a value like 0.1.")
    return v
