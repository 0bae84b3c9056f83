"""What lesson 6 prints, checked independently: its gradients against finite differences,
its updates against steps computed by hand, its sharpness against a full Hessian.

The lesson's own setting: make_moons(m=200, noise=0.15, seed=0), init_params([2, 16, 8, 1],
seed=1), learning rate 0.5.
"""

from __future__ import annotations

import numpy as np
import pytest

import helpers
from helpers import grad_check, init_params, loss_and_grads, make_moons, train
from helpers.checks.lessons.l06_training import train_loop, update_parameters
from helpers.sharpness import hessian_vector_product, sharpness

X, Y = make_moons(m=200, noise=0.15, seed=0)
NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


def _start():
    return init_params([2, 16, 8, 1], seed=1)


def _flat(p):
    return np.concatenate([p[k].ravel() for k in NAMES])


def _unflat(x, like):
    out, start = {}, 0
    for k in NAMES:
        out[k] = x[start : start + like[k].size].reshape(like[k].shape)
        start += like[k].size
    return out


def _flat_grad(like):
    """x -> the backprop gradient at the flat weights x, flat."""

    def grad(x):
        grads = loss_and_grads(_unflat(x, like), X, Y)[1]
        return np.concatenate([grads["d" + k].ravel() for k in NAMES])

    return grad


@pytest.fixture(scope="module")
def trained():
    p = _start()
    losses = train_loop(p, X, Y, 0.5, 300)
    return p, losses


def test_the_lessons_gradients_match_central_differences(trained):
    for p in (_start(), trained[0]):
        report = grad_check(lambda q: helpers.loss(q, X, Y), p, loss_and_grads(p, X, Y)[1])
        assert report.passed, str(report)


def test_one_step_and_five_epochs_are_the_steps_computed_by_hand():
    p = _start()
    L, grads = loss_and_grads(p, X, Y)
    stepped = update_parameters(p, grads, 0.5)
    for k in NAMES:
        for idx in [(0, 0), tuple(np.array(p[k].shape) - 1)]:
            assert stepped[k][idx] == p[k][idx] - 0.5 * grads["d" + k][idx]
    assert helpers.loss(stepped, X, Y) < L
    # the five epochs written out equal train_loop's first five losses
    by_hand, expected = _start(), []
    for _ in range(5):
        L, g = loss_and_grads(by_hand, X, Y)
        expected.append(L)
        by_hand = {k: by_hand[k] - 0.5 * g["d" + k] for k in NAMES}
    assert np.allclose(train_loop(_start(), X, Y, 0.5, 5), expected, rtol=1e-13)


def test_helpers_train_gives_the_loops_numbers(trained):
    p, losses = trained
    fresh = _start()
    history = train(fresh, X, Y, lr=0.5, epochs=300, verbose=False)
    np.testing.assert_allclose(history.loss_per_update, losses, rtol=1e-10)
    assert len(history.loss_per_epoch) == 301
    for k in NAMES:
        np.testing.assert_allclose(fresh[k], p[k], rtol=1e-10)


def test_stale_gradient_steps_are_a_straight_line():
    # the lesson's stale run: k steps with the first gradient is p0 - k * lr * g0
    p0 = _start()
    g0 = loss_and_grads(p0, X, Y)[1]
    p = dict(p0)
    for _ in range(30):
        p = update_parameters(p, g0, 0.5)
    for k in NAMES:
        np.testing.assert_allclose(p[k], p0[k] - 30 * 0.5 * g0["d" + k], rtol=1e-10, atol=1e-14)
    assert helpers.loss(p, X, Y) > helpers.loss(p0, X, Y)  # it climbed out again


def test_the_curvature_term_is_the_second_derivative_along_the_gradient():
    # g.Hg from hessian_vector_product against d²/dα² L(x − α g) at α = 0, from the loss
    p = _start()
    x0 = _flat(p)
    grad = _flat_grad(p)
    g = grad(x0)
    gHg = g @ hessian_vector_product(grad, x0, g)

    def along(alpha):
        return helpers.loss(_unflat(x0 - alpha * g, p), X, Y)

    a = 1e-3
    second = (along(a) - 2 * along(0.0) + along(-a)) / a**2
    assert gHg == pytest.approx(second, rel=1e-3)


def test_the_lessons_sharpness_is_the_top_eigenvalue_of_the_hessian(trained):
    # the full 193 × 193 Hessian, column by column from gradient differences
    p = trained[0]
    x0 = _flat(p)
    grad = _flat_grad(p)
    eps = 1e-5
    H = np.column_stack(
        [(grad(x0 + eps * e) - grad(x0 - eps * e)) / (2 * eps) for e in np.eye(x0.size)]
    )
    top = float(np.max(np.linalg.eigvalsh((H + H.T) / 2)))
    assert sharpness(p, X, Y) == pytest.approx(top, rel=1e-3)
    assert top > sharpness(_start(), X, Y)  # as the lesson says: training sharpened the loss


def test_gradient_descent_on_central_differences_follows_backprop():
    p_back, p_num = _start(), _start()
    for _ in range(2):
        g_back = loss_and_grads(p_back, X, Y)[1]
        g_num = {
            "d" + k: helpers.numerical_gradient(
                lambda v, k=k, q=p_num: helpers.loss({**q, k: v}, X, Y), p_num[k].copy()
            )
            for k in NAMES
        }
        for k in NAMES:
            assert helpers.relative_error(g_back["d" + k], g_num["d" + k]) < 1e-6
        p_back = update_parameters(p_back, g_back, 0.5)
        p_num = update_parameters(p_num, g_num, 0.5)
    assert helpers.loss(p_back, X, Y) == pytest.approx(helpers.loss(p_num, X, Y), rel=1e-8)


def test_the_ripple_of_section_3_is_the_sharpness_above_2_over_lr():
    # the lesson says: near epoch 135 the loss rises every other epoch, and around there
    # the sharpness is above 2 / 0.5 = 4
    p = _start()
    history = train(p, X, Y, lr=0.5, epochs=125, verbose=False)
    assert sharpness(p, X, Y) > 2 / 0.5
    history_more = train(p, X, Y, lr=0.5, epochs=25, verbose=False)
    L = np.array(history.loss_per_epoch + history_more.loss_per_epoch[1:])
    ups = np.flatnonzero(np.diff(L) > 0)
    assert len(ups) >= 4 and 120 <= ups[0] <= 140
    assert np.all(np.diff(L[:120]) < 0)  # a smooth fall before
