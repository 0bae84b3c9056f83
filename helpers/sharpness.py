"""The sharpness of a loss: the largest eigenvalue of its Hessian (lesson 6).

Lesson 2 found that gradient descent on the 1-D quadratic a·x²/2 converges only for
α < 2/a: ``a`` is the curvature. A network's loss has a curvature in every direction of
its parameter space, the eigenvalues of its Hessian H (the matrix of second
derivatives); near a point, gradient descent is stable only if α < 2/λ_max, with
λ_max the largest of them, the loss's *sharpness* there.

H has 193² entries for the course's network, and a real network's would not fit in
memory, so nothing here builds it. Power iteration needs only products H·v, and each
comes from two gradients (two backward passes) by a central difference::

    H v ≈ (g(p + ε v) − g(p − ε v)) / (2 ε)

:func:`top_eigenvalue` works for any gradient function of a flat vector;
:func:`sharpness` applies it to the 3-layer network with :func:`helpers.network.backward`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from .network import N_LAYERS, backward_unchecked, forward_unchecked
from .validate import as_float_array, check_int, check_params, check_positive, check_XY

__all__ = ["hessian_vector_product", "top_eigenvalue", "sharpness"]

_NAMES = tuple(f"{k}{l}" for l in range(1, N_LAYERS + 1) for k in "Wb")  # noqa: E741


def _check_grad_and_point(grad: object, x: object) -> np.ndarray:
    if not callable(grad):
        raise TypeError(
            f"grad must be a function of a flat parameter vector; got {type(grad).__name__}."
        )
    x = as_float_array(x, "x")
    if x.ndim != 1 or x.size == 0:
        raise ValueError(
            f"x must be a flat vector of shape (n,) with n ≥ 1; got shape {x.shape}. "
            "Flatten the parameters first, e.g. np.concatenate([p.ravel() for p in ...])."
        )
    return x


def hessian_vector_product(
    grad: Callable[[np.ndarray], np.ndarray], x: np.ndarray, v: np.ndarray, eps: float = 1e-4
) -> np.ndarray:
    """H·v at x by a central difference of two gradients (lesson 6).

    Parameters
    ----------
    grad : function taking an ndarray of shape (n,) and returning the gradient, shape (n,)
    x : ndarray of shape (n,), the point
    v : ndarray of shape (n,), the direction (any length; the result scales with it)
    eps : float > 0, the step along v (default 1e-4)

    Returns
    -------
    ndarray of shape (n,), approximately H(x) @ v; exact when grad is linear
    """
    x = _check_grad_and_point(grad, x)
    v = as_float_array(v, "v")
    if v.shape != x.shape:
        raise ValueError(f"v must have the shape of x, {x.shape}; got {v.shape}.")
    eps = check_positive(eps, "eps")
    return (np.asarray(grad(x + eps * v)) - np.asarray(grad(x - eps * v))) / (2 * eps)


def _power(hvp: Callable[[np.ndarray], np.ndarray], v: np.ndarray, iters: int, tol: float):
    """Power iteration on v -> hvp(v): the eigenvalue of largest size (Rayleigh quotient)."""
    lam = 0.0
    for _ in range(iters):
        w = hvp(v)
        new = float(v @ w)
        norm = float(np.linalg.norm(w))
        if norm == 0.0:
            return 0.0
        v = w / norm
        if abs(new - lam) <= tol * max(abs(new), 1e-12):
            return new
        lam = new
    return lam


def top_eigenvalue(
    grad: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    iters: int = 200,
    tol: float = 1e-6,
    eps: float = 1e-4,
    seed: int = 0,
) -> float:
    """λ_max, the largest eigenvalue of the Hessian at x, by power iteration (lesson 6).

    Power iteration finds the eigenvalue of largest *size*. If that one is negative
    (a saddle's downhill curvature outweighs every uphill one), the iteration is run
    again on H + |λ| I, whose largest eigenvalue is λ_max + |λ|.

    Parameters
    ----------
    grad : function taking an ndarray of shape (n,) and returning the gradient, shape (n,)
    x : ndarray of shape (n,), the point
    iters : int ≥ 1, the most products H·v per run of the iteration (default 200)
    tol : float > 0, stop when the estimate changes by less than tol, relatively
    eps : float > 0, the finite-difference step of :func:`hessian_vector_product`
    seed : int, seeds the random starting direction

    Returns
    -------
    float, the estimate of λ_max
    """
    x = _check_grad_and_point(grad, x)
    iters = check_int(iters, "iters", 1)
    tol = check_positive(tol, "tol")
    eps = check_positive(eps, "eps")
    g0 = np.asarray(grad(x), dtype=np.float64)
    if g0.shape != x.shape:
        raise ValueError(f"grad(x) must have the shape of x, {x.shape}; got {g0.shape}.")
    v0 = np.random.default_rng(seed).standard_normal(x.size)
    v0 /= np.linalg.norm(v0)

    def hvp(v):
        return (np.asarray(grad(x + eps * v)) - np.asarray(grad(x - eps * v))) / (2 * eps)

    lam = _power(hvp, v0, iters, tol)
    if lam >= 0:
        return lam
    shift = -lam
    return _power(lambda v: hvp(v) + shift * v, v0, iters, tol) - shift


def sharpness(
    params: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    iters: int = 200,
    tol: float = 1e-6,
    eps: float = 1e-4,
    seed: int = 0,
) -> float:
    """The sharpness λ_max of the network's mean loss on (X, Y) at params (lesson 6).

    Full-batch gradient descent with learning rate α is stable near params only if
    α < 2 / λ_max (lesson 2's 2/a, with λ_max for a). Each H·v costs two forward and
    two backward passes; params is not changed. Where some z sits exactly on a ReLU's
    kink (z = 0, e.g. b = 0 and an example that switches off a whole layer) the loss has
    no second derivative and the estimate grows like 1/eps.

    Parameters
    ----------
    params : dict W1 (n1, n_x), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1)
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    iters, tol, eps, seed : as for :func:`top_eigenvalue`

    Returns
    -------
    float, the estimate of λ_max
    """
    p = check_params(params, N_LAYERS)
    X, Y = check_XY(X, Y, n_x=p["W1"].shape[1])
    shapes = [(name, p[name].shape) for name in _NAMES]
    x = np.concatenate([p[name].ravel() for name in _NAMES])

    def grad(flat: np.ndarray) -> np.ndarray:
        q, start = {}, 0
        for name, shape in shapes:
            size = int(np.prod(shape))
            q[name] = flat[start : start + size].reshape(shape)
            start += size
        _, cache = forward_unchecked(q, X)
        g = backward_unchecked(q, cache, Y)
        return np.concatenate([g["d" + name].ravel() for name in _NAMES])

    return top_eigenvalue(grad, x, iters=iters, tol=tol, eps=eps, seed=seed)
