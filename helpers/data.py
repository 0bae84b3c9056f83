"""Generated 2-D binary datasets, in the course's shapes (lesson 4).

Every function returns X of shape (2, m), one example per column, and Y of shape
(1, m) with labels 0.0 or 1.0. Nothing is downloaded: the points come from a seeded
``numpy.random.default_rng``, so the same seed gives the same dataset.
"""

from __future__ import annotations

import numpy as np

from .validate import check_int, check_number, check_XY

__all__ = ["DATASETS", "make_moons", "make_circles", "make_xor", "make_dataset", "train_val_split"]


def _check_size(m: object, noise: object) -> tuple[int, float]:
    m = check_int(m, "m (the number of examples)", 2)
    noise = check_number(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be a number ≥ 0 (a standard deviation); got {noise!r}.")
    return m, noise


def _shuffled(X: np.ndarray, Y: np.ndarray, rng: np.random.Generator):
    order = rng.permutation(X.shape[1])
    return X[:, order], Y[:, order]


def make_moons(m: int = 200, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half-circles ("moons").

    Parameters
    ----------
    m : int, number of examples (half in each class, the odd one in class 1)
    noise : float, standard deviation of Gaussian noise added to each coordinate
    seed : int

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m), 0.0 (upper moon) or 1.0 (lower moon)
    """
    m, noise = _check_size(m, noise)
    rng = np.random.default_rng(seed)
    m0 = m // 2
    m1 = m - m0
    t0 = np.linspace(0.0, np.pi, m0)
    t1 = np.linspace(0.0, np.pi, m1)
    upper = np.vstack([np.cos(t0), np.sin(t0)])
    lower = np.vstack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.hstack([upper, lower]) + noise * rng.standard_normal((2, m))
    Y = np.hstack([np.zeros(m0), np.ones(m1)]).reshape(1, m)
    return _shuffled(X, Y, rng)


def make_circles(
    m: int = 200, noise: float = 0.08, factor: float = 0.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (class 1) inside a large one (class 0).

    Parameters
    ----------
    m : int, number of examples
    noise : float, standard deviation of Gaussian noise
    factor : float in (0, 1), radius of the inner circle relative to the outer
    seed : int

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    """
    m, noise = _check_size(m, noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor must be between 0 and 1 (inner radius / outer); got {factor}.")
    rng = np.random.default_rng(seed)
    m0 = m // 2
    m1 = m - m0
    t0 = np.linspace(0.0, 2 * np.pi, m0, endpoint=False)
    t1 = np.linspace(0.0, 2 * np.pi, m1, endpoint=False)
    outer = np.vstack([np.cos(t0), np.sin(t0)])
    inner = factor * np.vstack([np.cos(t1), np.sin(t1)])
    X = np.hstack([outer, inner]) + noise * rng.standard_normal((2, m))
    Y = np.hstack([np.zeros(m0), np.ones(m1)]).reshape(1, m)
    return _shuffled(X, Y, rng)


def make_xor(m: int = 200, noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """XOR: points uniform in [−1, 1]², label 1 where x1 and x2 have different signs.

    Parameters
    ----------
    m : int, number of examples
    noise : float, standard deviation of Gaussian noise added after labelling
    seed : int

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    """
    m, noise = _check_size(m, noise)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(2, m))
    Y = ((X[0] > 0) != (X[1] > 0)).astype(np.float64).reshape(1, m)
    X = X + noise * rng.standard_normal((2, m))
    return X, Y


DATASETS = {"moons": make_moons, "circles": make_circles, "xor": make_xor}


def make_dataset(
    name: str, m: int = 200, noise: float | None = None, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """One of the course's datasets by name: "moons", "circles" or "xor".

    Parameters
    ----------
    name : str
    m : int, number of examples
    noise : float or None (None uses the dataset's default)
    seed : int

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {sorted(DATASETS)}.")
    kwargs = {} if noise is None else {"noise": noise}
    return DATASETS[name](m=m, seed=seed, **kwargs)


def train_val_split(
    X: np.ndarray, Y: np.ndarray, val_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split columns into a training and a validation set, at random but seeded.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    val_fraction : float in (0, 1), the share of examples held out
    seed : int

    Returns
    -------
    X_train (n_x, m_train), Y_train (1, m_train), X_val (n_x, m_val), Y_val (1, m_val)
    """
    X, Y = check_XY(X, Y)
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be between 0 and 1, like 0.25; got {val_fraction}.")
    m = X.shape[1]
    m_val = int(round(val_fraction * m))
    if m_val < 1 or m_val > m - 1:
        raise ValueError(
            f"val_fraction={val_fraction} of m={m} examples leaves an empty set; "
            f"use more examples or a different fraction."
        )
    order = np.random.default_rng(seed).permutation(m)
    val, train = order[:m_val], order[m_val:]
    return X[:, train], Y[:, train], X[:, val], Y[:, val]
