"""helpers.train, which checks its inputs once and runs unchecked steps, against the loop it
replaces: the public forward, backward and Optimizer.step at every update. Same bits."""

import copy
import math

import numpy as np
import pytest

from helpers import SGD, backward, init_params, make_moons, train
from helpers.losses import bce_from_logits
from helpers.network import forward
from helpers.optim import OPTIMIZERS, Optimizer, make_optimizer

NAMES = list(OPTIMIZERS)


def reference_train(params, X, Y, optimizer, epochs, batch_size, seed):
    """The checked loop: what train computed before it checked once (losses, stop)."""
    rng = np.random.default_rng(seed)
    m = X.shape[1]
    loss_per_update, loss_per_epoch = [], [bce_from_logits(forward(params, X)[1]["z3"], Y)]
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            order = rng.permutation(m)
            for start in range(0, m, batch_size):
                idx = order[start : start + batch_size]
                Xb, Yb = X[:, idx], Y[:, idx]
                _, cache = forward(params, Xb)
                batch_loss = bce_from_logits(cache["z3"], Yb)
                if not np.isfinite(batch_loss):
                    return loss_per_update, loss_per_epoch, epoch
                grads = backward(params, cache, Yb)
                if not all(np.isfinite(g).all() for g in grads.values()):
                    return loss_per_update, loss_per_epoch, epoch
                optimizer.step(params, grads)
                loss_per_update.append(batch_loss)
            epoch_loss = bce_from_logits(forward(params, X)[1]["z3"], Y)
            if not np.isfinite(epoch_loss):
                return loss_per_update, loss_per_epoch, epoch
            loss_per_epoch.append(epoch_loss)
    return loss_per_update, loss_per_epoch, None


def _assert_same_run(name, lr, epochs, batch_size, seed=0, layers=(2, 8, 4, 1), m=90):
    X, Y = make_moons(m, seed=seed)
    p_ref = init_params(list(layers), seed=seed)
    p_new = copy.deepcopy(p_ref)
    o_ref, o_new = make_optimizer(name, lr), make_optimizer(name, lr)
    ref = reference_train(p_ref, X, Y, o_ref, epochs, batch_size, seed)
    ref_updates, ref_epochs, stopped = ref
    h = train(p_new, X, Y, o_new, epochs=epochs, batch_size=batch_size, seed=seed, verbose=False)
    assert h.loss_per_update == ref_updates
    assert h.loss_per_epoch == ref_epochs
    assert h.diverged is (stopped is not None)
    if stopped is not None:
        assert f"update {len(ref_updates) + 1} (epoch {stopped})" in h.message
    for k in p_ref:
        np.testing.assert_array_equal(p_new[k], p_ref[k], strict=True)
    assert o_new.t == o_ref.t
    for k, state in o_ref.state.items():
        assert set(o_new.state[k]) == set(state)
        for key, value in state.items():
            np.testing.assert_array_equal(o_new.state[k][key], value)
    return h


@pytest.mark.parametrize("batch_size", [1, 7, 64, 90])
@pytest.mark.parametrize("name", NAMES)
def test_train_gives_the_bits_of_the_checked_loop(name, batch_size):
    lr = {"sgd": 0.3, "momentum": 0.05, "rmsprop": 0.01, "adam": 0.01}.get(name, 0.01)
    epochs = 3 if batch_size == 1 else 40
    h = _assert_same_run(name, lr, epochs, batch_size)
    assert not h.diverged


@pytest.mark.parametrize("name", NAMES)
def test_a_diverging_run_stops_at_the_same_update(name):
    h = _assert_same_run(name, 1e150, epochs=30, batch_size=16)
    assert h.diverged


def test_an_optimizer_reused_across_calls_continues_its_state():
    X, Y = make_moons(60, seed=3)
    p_ref = init_params([2, 6, 3, 1], seed=3)
    p_new = copy.deepcopy(p_ref)
    o_ref, o_new = make_optimizer("adam", 0.02), make_optimizer("adam", 0.02)
    for seed, epochs in [(0, 5), (1, 7)]:
        reference_train(p_ref, X, Y, o_ref, epochs, 8, seed)
        train(p_new, X, Y, o_new, epochs=epochs, batch_size=8, seed=seed)
    for k in p_ref:
        np.testing.assert_array_equal(p_new[k], p_ref[k])
    assert o_new.t == o_ref.t == 12 * math.ceil(60 / 8)


class _ClipNorm(Optimizer):
    """Not elementwise: each parameter's step is scaled by its gradient's norm."""

    def update(self, p, g, state):
        p -= self.lr * g / max(1.0, float(np.linalg.norm(g)))


def test_an_optimizer_that_is_not_elementwise_is_stepped_per_parameter():
    X, Y = make_moons(50, seed=1)
    p_ref = init_params([2, 5, 2, 1], seed=1)
    p_new = copy.deepcopy(p_ref)
    ref_updates, _, _ = reference_train(p_ref, X, Y, _ClipNorm(0.5), 10, 10, 0)
    h = train(p_new, X, Y, _ClipNorm(0.5), epochs=10, batch_size=10, seed=0)
    assert h.loss_per_update == ref_updates
    for k in p_ref:
        np.testing.assert_array_equal(p_new[k], p_ref[k])


def test_train_updates_the_callers_arrays_in_place():
    X, Y = make_moons(40, seed=0)
    params = init_params([2, 4, 4, 1], seed=0)
    arrays = dict(params)
    before = {k: v.copy() for k, v in params.items()}
    train(params, X, Y, SGD(0.5), epochs=3, batch_size=10)
    for k in params:
        assert params[k] is arrays[k]
        assert not np.array_equal(params[k], before[k])


def test_train_refuses_params_step_would_refuse():
    X, Y = make_moons(20, seed=0)
    params = init_params([2, 4, 4, 1], seed=0)
    ints = {k: v.astype(int) for k, v in params.items()}
    with pytest.raises(TypeError, match="float64"):
        train(ints, X, Y, epochs=1)
    with pytest.raises(ValueError, match="grads has no 'dnote'"):
        train({**params, "note": np.zeros(1)}, X, Y, epochs=1)
