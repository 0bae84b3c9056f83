"""Lesson 6's exercises: update_parameters."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..exercise import Exercise, Variant
from ..inputs import number, random_params, sizes


def update_parameters(
    params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray], lr: float
) -> dict[str, np.ndarray]:
    """One gradient-descent step on every parameter, p − lr · dp (lesson 6).

    Parameters
    ----------
    params : dict name -> ndarray (W1 (n1, n_x), b1 (n1, 1), ...)
    grads : dict "d" + name -> ndarray of the same shape
    lr : float, the learning rate

    Returns
    -------
    dict name -> ndarray, new arrays; ``params`` is not changed
    """
    return {k: v - lr * grads["d" + k] for k, v in params.items()}


def _case_update(rng):
    n_x, n1, n2, _ = sizes(rng)
    params = random_params(rng, n_x, n1, n2)
    grads = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
    return [params, grads, number(rng, 0.01, 0.5)], {}


def _update_sign(params, grads, lr):
    return update_parameters(params, grads, -lr)


def _update_no_lr(params, grads, lr):
    return update_parameters(params, grads, 1.0)


EXERCISES = [
    Exercise(
        "l6-update",
        "update_parameters",
        "06-training",
        "update_parameters(params, grads, lr)",
        _case_update,
        {"type": "dict", "names": ["W1", "b1", "W2", "b2", "W3", "b3"]},
        update_parameters,
        (
            Variant("wrong sign in the update: p := p - lr * dp", _update_sign),
            Variant("the learning rate is missing: p := p - lr * dp", _update_no_lr),
        ),
        summary="p − lr · dp for every p.",
    ),
]
