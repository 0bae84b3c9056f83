"""Tests of helpers.sharpness: Hessian-vector products and the top Hessian eigenvalue."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import init_params, loss, make_moons
from helpers.sharpness import hessian_vector_product, sharpness, top_eigenvalue


def _quadratic(eigenvalues, seed=0):
    """The gradient x -> A x of x·Ax/2, with A = Q diag(eigenvalues) Qᵀ for a random Q."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((len(eigenvalues), len(eigenvalues))))
    A = Q @ np.diag(eigenvalues) @ Q.T
    return A, (lambda x: A @ x)


def test_hessian_vector_product_is_exact_for_a_quadratic():
    A, grad = _quadratic([4.0, 1.5, -2.0, 0.3])
    x = np.array([0.3, -1.0, 2.0, 0.5])
    v = np.array([1.0, 2.0, -0.5, 0.1])
    np.testing.assert_allclose(hessian_vector_product(grad, x, v), A @ v, rtol=1e-9)


@pytest.mark.parametrize(
    "eigenvalues", [[5.0, 2.0, 0.5, -1.0], [3.0, -7.0, 1.0], [-1.0, -4.0], [2.0, 1.9, 0.1]]
)
def test_top_eigenvalue_of_a_quadratic(eigenvalues):
    # the largest eigenvalue, also when one of larger size is negative (a saddle)
    _, grad = _quadratic(eigenvalues, seed=len(eigenvalues))
    x = np.linspace(-1.0, 1.0, len(eigenvalues))
    got = top_eigenvalue(grad, x, iters=2000, tol=1e-12)
    assert got == pytest.approx(max(eigenvalues), rel=1e-4)


def _flat_loss(params, X, Y):
    names = list(params)
    shapes = [params[n].shape for n in names]
    sizes = [int(np.prod(s)) for s in shapes]

    def f(flat):
        q, start = {}, 0
        for n, s, k in zip(names, shapes, sizes, strict=True):
            q[n] = flat[start : start + k].reshape(s)
            start += k
        return loss(q, X, Y)

    return f, np.concatenate([params[n].ravel() for n in names])


def _hessian_from_the_loss(f, x, eps=1e-4):
    """Every entry of H by a second central difference of the loss itself (no backprop)."""
    n = x.size
    H = np.zeros((n, n))
    E = np.eye(n) * eps
    for i in range(n):
        for j in range(i, n):
            H[i, j] = H[j, i] = (
                f(x + E[i] + E[j]) - f(x + E[i] - E[j]) - f(x - E[i] + E[j]) + f(x - E[i] - E[j])
            ) / (4 * eps * eps)
    return H


@pytest.mark.parametrize("seed", [0, 3])
def test_sharpness_of_a_tiny_network_matches_the_full_hessian(seed):
    X, Y = make_moons(m=12, noise=0.2, seed=seed)
    params = init_params([2, 3, 2, 1], seed=seed + 1)
    # nonzero biases: with b = 0 an example whose z1 are all negative has z2 = 0 exactly,
    # on a ReLU's kink, where the loss has no second derivative
    rng = np.random.default_rng(seed)
    params.update({k: 0.1 * rng.standard_normal(v.shape) for k, v in params.items() if "b" in k})
    before = {k: v.copy() for k, v in params.items()}
    f, x = _flat_loss(params, X, Y)
    H = _hessian_from_the_loss(f, x)
    expected = float(np.max(np.linalg.eigvalsh(H)))
    got = sharpness(params, X, Y, iters=1000, tol=1e-10)
    assert got == pytest.approx(expected, rel=1e-3)
    assert all(np.array_equal(before[k], params[k]) for k in params)  # nothing changed


def test_sharpness_sets_the_largest_stable_step_of_a_quadratic():
    # lesson 2's threshold: gradient descent on x·Ax/2 converges for lr < 2/λ_max only
    A, grad = _quadratic([6.0, 1.0, 0.2])
    lam = top_eigenvalue(grad, np.ones(3), iters=2000, tol=1e-12)
    for factor, shrinks in ((0.95, True), (1.05, False)):
        x = np.ones(3)
        for _ in range(500):
            x = x - factor * 2 / lam * grad(x)
        assert (np.linalg.norm(x) < 1e-3) == shrinks


def test_bad_inputs_are_refused_with_clear_errors():
    _, grad = _quadratic([1.0, 2.0])
    with pytest.raises(TypeError, match="grad must be a function"):
        top_eigenvalue("not a function", np.ones(2))
    with pytest.raises(ValueError, match=r"flat vector of shape \(n,\)"):
        top_eigenvalue(grad, np.ones((2, 1)))
    with pytest.raises(ValueError, match="v must have the shape of x"):
        hessian_vector_product(grad, np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match="eps must be a positive number"):
        hessian_vector_product(grad, np.ones(2), np.ones(2), eps=0.0)
    with pytest.raises(ValueError, match="iters must be ≥ 1"):
        top_eigenvalue(grad, np.ones(2), iters=0)
    with pytest.raises(TypeError, match="iters must be a whole number"):
        top_eigenvalue(grad, np.ones(2), iters=2.5)
    with pytest.raises(ValueError, match="grad\\(x\\) must have the shape of x"):
        top_eigenvalue(lambda x: np.ones(3), np.ones(2))
    X, Y = make_moons(m=10, seed=0)
    params = init_params([2, 3, 2, 1])
    with pytest.raises(ValueError, match="transposed"):
        sharpness(params, X.T, Y)
    with pytest.raises(ValueError, match="missing 'b3'"):
        sharpness({k: v for k, v in params.items() if k != "b3"}, X, Y)
