"""Lesson 5's predictions of steps 9 to 12, asked before the lesson shows them:
predict_da1, predict_dz1 and predict_dW1_db1."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .... import activations
from ...exercise import Exercise, Variant
from ...inputs import NOTEBOOK_M, describe_shapes, sizes
from ...probe import decode

# ----------------------------------------------------------- the predictions, steps 9-12
# Each is asked before the lesson shows the answer; the check says which part is off.


def predict_da1(W2: np.ndarray, dz2: np.ndarray) -> np.ndarray:
    """Step 9: da1 = W2.T @ dz2, the sum over the paths through layer 2 (lesson 5).

    Parameters
    ----------
    W2 : ndarray of shape (n2, n1)
    dz2 : ndarray of shape (n2, m)

    Returns
    -------
    da1 : ndarray of shape (n1, m)
    """
    return W2.T @ dz2


def predict_dz1(da1: np.ndarray, z1: np.ndarray) -> np.ndarray:
    """Step 10: dz1 = da1 ⊙ relu'(z1), entry by entry (lesson 5).

    Parameters
    ----------
    da1, z1 : ndarrays of shape (n1, m)

    Returns
    -------
    dz1 : ndarray of shape (n1, m)
    """
    return da1 * activations.relu_derivative(z1)


def _dW1_db1_with(dz1, X, m="ok", db="ok", transpose=False):
    n = {"ok": X.shape[1], "none": 1.0, "global": NOTEBOOK_M, "twice": X.shape[1] ** 2}[m]
    dW1 = (X @ dz1.T if transpose else dz1 @ X.T) / n
    if db == "axis0":
        db1 = np.sum(dz1, axis=0, keepdims=True) / n
    elif db == "nokeep":
        db1 = np.sum(dz1, axis=1) / n
    else:
        db1 = np.sum(dz1, axis=1, keepdims=True) / n
    return {"dW1": dW1, "db1": db1}


def predict_dW1_db1(dz1: np.ndarray, X: np.ndarray) -> dict[str, np.ndarray]:
    """Steps 11 and 12: dW1 = dz1 @ X.T / m and db1 = the mean of dz1 over the examples.

    Parameters
    ----------
    dz1 : ndarray of shape (n1, m)
    X : ndarray of shape (n_x, m)

    Returns
    -------
    dict with dW1 of shape (n1, n_x) and db1 of shape (n1, 1)
    """
    return _dW1_db1_with(dz1, X)


def _layer1_fn(**options):
    def fn(dz1, X):
        return _dW1_db1_with(dz1, X, **options)

    return fn


def _case_da1(rng):
    _, n1, n2, m = sizes(rng)
    return [rng.standard_normal((n2, n1)), rng.standard_normal((n2, m))], {}


def _case_dz1(rng):
    _, n1, _, m = sizes(rng)
    return [rng.standard_normal((n1, m)), rng.standard_normal((n1, m))], {}


def _case_dW1_db1(rng):
    n_x, n1, _, m = sizes(rng)
    return [rng.standard_normal((n1, m)), rng.standard_normal((n_x, m))], {}


def _shape_advice(want: str, names: tuple[str, ...]):
    def advice(message: str, payload: Mapping) -> str:
        if not any(k in message for k in ("matrix product", "broadcast", "not aligned")):
            return ""
        shapes = describe_shapes(dict(zip(names, decode(payload["args"]), strict=True)))
        return f"the shapes here: {shapes}\nlikely cause: {want}"

    return advice


_ONE_M = "divide by m = X.shape[1] once"
PREDICTIONS = [
    Exercise(
        "l5-predict-da1",
        "predict_da1",
        "05-backprop",
        "predict_da1(W2, dz2)",
        _case_da1,
        {"type": "array", "name": "da1"},
        predict_da1,
        (
            Variant(
                "that is da1 transposed: da1 has a1's shape (n1, m), so it is W2.T @ dz2",
                lambda W2, dz2: dz2.T @ W2,
            ),
            Variant(
                "no 1/m in da1: it holds each example's own derivative; "
                "the 1/m comes in only at dW and db",
                lambda W2, dz2: W2.T @ dz2 / dz2.shape[1],
            ),
            Variant(
                "no 1/m in da1 (and not the notebook's m either): it holds each example's "
                "own derivative; the 1/m comes in only at dW and db",
                lambda W2, dz2: W2.T @ dz2 / NOTEBOOK_M,
            ),
            Variant(
                "W2 and dz2 were summed separately; each path pairs W2[k, j] with "
                "dz2[k, i], so sum the products over k: W2.T @ dz2",
                lambda W2, dz2: np.sum(W2, axis=0)[:, None] * np.sum(dz2, axis=0),
            ),
        ),
        on_error=_shape_advice(
            "da1 has a1's shape (n1, m); of W2 (n2, n1) and dz2 (n2, m), W2.T @ dz2 gives it",
            ("W2", "dz2"),
        ),
        summary="W2 (n2, n1) and dz2 (n2, m) of fresh random sizes.",
    ),
    Exercise(
        "l5-predict-dz1",
        "predict_dz1",
        "05-backprop",
        "predict_dz1(da1, z1)",
        _case_dz1,
        {"type": "array", "name": "dz1", "after": {"da1_after": 0, "z1_after": 1}},
        predict_dz1,
        (
            Variant(
                "the mask comes from z1, not from da1: multiply da1 by relu_derivative(z1)",
                lambda da1, z1: da1 * (da1 > 0),
            ),
            Variant(
                "da1 * z1 > 0 compares the product with 0 (* comes before >): write "
                "da1 * (z1 > 0), or da1 * relu_derivative(z1)",
                lambda da1, z1: (da1 * z1 > 0).astype(float),
            ),
            Variant(
                "relu(z1) is the activation a1, not its slope: multiply da1 by "
                "relu_derivative(z1), which is 1 where z1 > 0 and 0 elsewhere",
                lambda da1, z1: da1 * activations.relu(z1),
            ),
            Variant("missing ReLU mask: multiply da1 by relu_derivative(z1)", lambda da1, z1: da1),
            Variant(
                "only the mask: multiply it by the gradient arriving from above, da1",
                lambda da1, z1: activations.relu_derivative(z1),
            ),
            Variant(
                "the mask is inverted: the slope is 1 where z1 > 0",
                lambda da1, z1: da1 * (z1 < 0),
            ),
            Variant(
                "that is the sigmoid's slope; layer 1 is a ReLU: relu_derivative(z1)",
                lambda da1, z1: da1 * activations.sigmoid_derivative(z1),
            ),
        ),
        on_error=_shape_advice(
            "dz1 = da1 * relu_derivative(z1) works entry by entry (*), not as a matrix "
            "product (@)",
            ("da1", "z1"),
        ),
        success="dz1 matches the reference on fresh random inputs, and da1 and z1 are unchanged",
        causes={
            "da1_after": "da1 was changed in place: compute dz1 = da1 * relu_derivative(z1) "
            "as a new array and leave da1 as it was (it is the notebook's da1 too)",
            "z1_after": "z1 was changed in place: the mask relu_derivative(z1) is a new "
            "array; writing it into z1 (z1[z1 > 0] = 1) changes the cache's z1 too",
        },
        summary="da1 and z1 (n1, m), about half of z1 negative.",
    ),
    Exercise(
        "l5-predict-dW1-db1",
        "predict_dW1_db1",
        "05-backprop",
        "predict_dW1_db1(dz1, X)",
        _case_dW1_db1,
        {"type": "dict", "names": ["dW1", "db1"], "after": {"dz1_after": 0}},
        predict_dW1_db1,
        (
            Variant(
                "missing 1/m: dW1 and db1 are means over the m = X.shape[1] examples",
                _layer1_fn(m="none"),
                {"m": "none"},
            ),
            Variant(
                f"divided by m twice: dz1 holds each example's own derivative; {_ONE_M}",
                _layer1_fn(m="twice"),
                {"m": "twice"},
            ),
            Variant(
                f"used the notebook's global m = {NOTEBOOK_M}; take m from the batch you "
                "are given, m = X.shape[1]",
                _layer1_fn(m="global"),
                {"m": "global"},
            ),
            Variant(
                "transposed: dW1 = dz1 @ X.T has W1's shape (n1, n_x)",
                _layer1_fn(transpose=True),
                {"transpose": True},
            ),
            Variant(
                "db1 summed over the wrong axis: sum over axis=1 (the examples), keepdims=True",
                _layer1_fn(db="axis0"),
                {"db": "axis0"},
            ),
            Variant(
                "db1 without keepdims: np.sum(dz1, axis=1, keepdims=True) keeps shape (n1, 1)",
                _layer1_fn(db="nokeep"),
                {"db": "nokeep"},
            ),
        ),
        combine=_layer1_fn,
        on_error=_shape_advice(
            "dW1 has W1's shape (n1, n_x): dz1 (n1, m) @ X.T (m, n_x)", ("dz1", "X")
        ),
        causes={
            "dz1_after": "dz1 was changed in place (dz1 /= m): divide into new arrays, "
            "dW1 = dz1 @ X.T / m, and leave dz1 as it was (it is the notebook's dz1 too)"
        },
        success="dW1 and db1 match the reference on fresh random inputs, and dz1 is unchanged",
        summary="dz1 (n1, m) and X (n_x, m) of fresh random sizes.",
    ),
]
