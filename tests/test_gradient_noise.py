"""Tests of helpers.gradient_noise: per-example gradients, and the law of a mini-batch
gradient's variance against exact enumeration and against measurements."""

from itertools import combinations

import numpy as np
import pytest

from helpers import backward, forward, init_params, loss, make_moons
from helpers.gradcheck import numerical_gradient
from helpers.gradient_noise import (
    PARAM_ORDER,
    batch_gradients,
    flatten,
    gradient_variance,
    per_example_gradients,
    sampling_variance,
)


def _problem(m=12, seed=0):
    X, Y = make_moons(m=m, noise=0.2, seed=seed)
    return init_params([2, 5, 3, 1], seed=seed + 1), X, Y


def _unflatten(vector, params):
    out, start = {}, 0
    for name in PARAM_ORDER:
        size = params[name].size
        out[name] = vector[start : start + size].reshape(params[name].shape)
        start += size
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_each_row_is_one_examples_gradient_by_finite_differences(seed):
    params, X, Y = _problem(seed=seed)
    G = per_example_gradients(params, X, Y)
    P = sum(v.size for v in params.values())
    assert G.shape == (X.shape[1], P)
    theta = np.concatenate([params[name].ravel() for name in PARAM_ORDER])
    for i in (0, 5, 11):
        xi, yi = X[:, [i]], Y[:, [i]]
        numeric = numerical_gradient(
            lambda t, xi=xi, yi=yi: loss(_unflatten(t, params), xi, yi), theta.copy()
        )
        np.testing.assert_allclose(G[i], numeric, rtol=1e-5, atol=1e-8)


def test_the_mean_of_the_rows_is_the_full_gradient():
    params, X, Y = _problem(m=40)
    G = per_example_gradients(params, X, Y)
    full = flatten(backward(params, forward(params, X)[1], Y))
    np.testing.assert_allclose(G.mean(axis=0), full, rtol=1e-12, atol=1e-15)


def test_gradient_variance_by_hand():
    G = np.array([[1.0, 0.0], [3.0, 2.0]])  # mean (2, 1); squared distances 2 and 2
    assert gradient_variance(G) == 2.0


@pytest.mark.parametrize("seed", range(5))
def test_the_law_is_exact_over_every_batch_of_a_small_set(seed):
    rng = np.random.default_rng(seed)
    m = 7
    G = rng.normal(size=(m, 3)) * rng.uniform(0.5, 3.0, size=3)
    g = G.mean(axis=0)
    sigma2 = gradient_variance(G)
    for b in range(1, m + 1):
        batches = [G[list(idx)].mean(axis=0) for idx in combinations(range(m), b)]
        mean_sq = np.mean([np.sum((gb - g) ** 2) for gb in batches])
        np.testing.assert_allclose(np.mean(batches, axis=0), g, atol=1e-12)  # unbiased
        assert mean_sq == pytest.approx(sampling_variance(sigma2, m, b), rel=1e-10, abs=1e-14)
    # the with-replacement formula would be wrong here: this test can fail
    assert sampling_variance(sigma2, m, 3) < sigma2 / 3


@pytest.mark.parametrize("seed", range(8))
def test_the_law_matches_measured_batches_over_many_seeds(seed):
    rng = np.random.default_rng(100 + seed)
    m = 60
    G = rng.normal(size=(m, 4)) + rng.normal(size=4)
    g, sigma2 = G.mean(axis=0), gradient_variance(G)
    for b in (1, 4, 20, 45, 59, 60):
        draws = batch_gradients(G, b, 4000, rng)
        measured = np.mean(np.sum((draws - g) ** 2, axis=1))
        law = sampling_variance(sigma2, m, b)
        if b == m:
            assert measured == pytest.approx(0.0, abs=1e-20) and law == 0.0
            continue
        # 4000 draws: a few per cent of sampling error; the without-replacement factor
        # (m - b)/(m - 1) is 0.93 or less here, which a 5 % tolerance tells apart from 1
        assert measured == pytest.approx(law, rel=0.05), (b, measured, law)
        np.testing.assert_allclose(draws.mean(axis=0), g, atol=4 * np.sqrt(law / 4000))


def test_batch_gradients_draw_b_distinct_examples():
    m = 9
    G = np.eye(m)  # a batch's gradient shows which examples it holds
    draws = batch_gradients(G, 4, 200, np.random.default_rng(0))
    np.testing.assert_allclose(np.sort(draws, axis=1)[:, -4:], 0.25)
    np.testing.assert_allclose(np.sort(draws, axis=1)[:, :-4], 0.0)


def test_sampling_variance_on_arrays_and_by_hand():
    np.testing.assert_allclose(
        sampling_variance(2.0, 5, np.arange(1, 6)), [2.0, 0.75, 1 / 3, 0.125, 0.0]
    )
    assert sampling_variance(2.0, 5, 2) == 0.75 and isinstance(sampling_variance(2.0, 5, 2), float)


def test_bad_inputs_are_refused_with_what_was_expected():
    with pytest.raises(ValueError, match="whole batch sizes between 1 and m = 5"):
        sampling_variance(1.0, 5, 6)
    with pytest.raises(ValueError, match="whole batch sizes"):
        sampling_variance(1.0, 5, 2.5)
    with pytest.raises(TypeError, match="sigma2 must be a number"):
        sampling_variance("1", 5, 2)
    with pytest.raises(ValueError, match="≥ 0"):
        sampling_variance(-1.0, 5, 2)
    with pytest.raises(ValueError, match="shape \\(m, P\\)"):
        gradient_variance(np.zeros(3))
    with pytest.raises(TypeError, match="numpy Generator"):
        batch_gradients(np.zeros((4, 2)), 2, 10, 0)
    with pytest.raises(ValueError, match="batch_size"):
        batch_gradients(np.zeros((4, 2)), 5, 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="grads has no dW1"):
        flatten({"db1": np.zeros((1, 1))})


def _downhill_share(params, X, Y, b, draws=300, seed=7):
    """Share of random batches of b whose tiny step lowers the full loss, found by taking
    the step (not from a dot product), with per-example gradients from backward alone."""
    rng = np.random.default_rng(seed)
    m = X.shape[1]
    full = loss(params, X, Y)
    lowered = 0
    for _ in range(draws):
        batch = rng.choice(m, size=b, replace=False)
        cache = forward(params, X[:, batch])[1]
        grads = backward(params, cache, Y[:, batch])
        step = {k: params[k] - 1e-5 * grads["d" + k] for k in params}
        lowered += loss(step, X, Y) < full
    return lowered / draws


def test_lesson_7_batches_point_downhill_at_the_start_and_far_less_after_training():
    # lesson 7, section 5: its data, weights and 20 epochs of batches of 20 at lr 0.5
    from helpers import train

    X, Y = make_moons(m=200, noise=0.15, seed=0)
    start = init_params([2, 16, 8, 1], seed=1)
    trained = init_params([2, 16, 8, 1], seed=1)
    train(trained, X, Y, lr=0.5, epochs=20, batch_size=20, seed=0, verbose=False)
    assert _downhill_share(start, X, Y, 1) > 0.75  # "usually"
    assert _downhill_share(start, X, Y, 16) == 1.0  # "every batch of 16"
    for b in (1, 4):
        assert 0.55 < _downhill_share(trained, X, Y, b) < 0.75  # "about two times in three"
    # and the dot-product rule the lesson counts with says the same, batch by batch
    G = per_example_gradients(trained, X, Y)
    g = G.mean(axis=0)
    rng = np.random.default_rng(3)
    for _ in range(50):
        batch = rng.choice(200, size=4, replace=False)
        grads = backward(trained, forward(trained, X[:, batch])[1], Y[:, batch])
        step = {k: trained[k] - 1e-5 * grads["d" + k] for k in trained}
        went_down = loss(step, X, Y) < loss(trained, X, Y)
        assert went_down == (G[batch].mean(axis=0) @ g > 0)
