"""The mini-batch iterator and the training loop."""

import numpy as np
import pytest

from helpers import SGD, init_params, loss, make_moons, minibatches, train


def _data(m=23, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(2, m))
    X[0] = np.arange(m)  # the first feature is the example's index
    Y = rng.integers(0, 2, size=(1, m)).astype(float)
    return X, Y


@pytest.mark.parametrize("batch_size", [1, 4, 5, 23])
def test_every_example_exactly_once_and_last_partial_batch_kept(batch_size):
    X, Y = _data()
    batches = list(minibatches(X, Y, batch_size, np.random.default_rng(1)))
    seen = np.concatenate([xb[0] for xb, _ in batches])
    assert sorted(seen) == list(range(23))
    sizes = [xb.shape[1] for xb, _ in batches]
    assert sizes[:-1] == [batch_size] * (len(sizes) - 1)
    assert sum(sizes) == 23 and sizes[-1] == 23 - batch_size * (len(sizes) - 1)
    for xb, yb in batches:  # labels travel with their examples
        np.testing.assert_array_equal(yb[0], Y[0, xb[0].astype(int)])


def test_reshuffled_every_epoch_and_reproducible():
    X, Y = _data()
    rng = np.random.default_rng(2)
    epoch1 = np.concatenate([xb[0] for xb, _ in minibatches(X, Y, 5, rng)])
    epoch2 = np.concatenate([xb[0] for xb, _ in minibatches(X, Y, 5, rng)])
    assert not np.array_equal(epoch1, epoch2)
    again = np.concatenate([xb[0] for xb, _ in minibatches(X, Y, 5, np.random.default_rng(2))])
    np.testing.assert_array_equal(epoch1, again)


def test_minibatch_errors():
    X, Y = _data()
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"between 1 \(SGD\) and m = 23"):
        next(minibatches(X, Y, 0, rng))
    with pytest.raises(ValueError, match="m = 23"):
        next(minibatches(X, Y, 24, rng))
    with pytest.raises(TypeError, match="whole number"):
        next(minibatches(X, Y, 2.5, rng))
    with pytest.raises(TypeError, match="default_rng"):
        next(minibatches(X, Y, 2, 0))


def test_train_records_history_and_reduces_loss():
    X, Y = make_moons(120, seed=0)
    params = init_params([2, 8, 8, 1], seed=0)
    h = train(params, X, Y, SGD(0.5), epochs=40, batch_size=16, seed=0)
    updates_per_epoch = int(np.ceil(120 / 16))
    assert h.updates == 40 * updates_per_epoch == len(h.grad_evals) == len(h.wall_time)
    assert len(h.loss_per_epoch) == 41 and h.epochs_done == 40
    assert h.grad_evals[-1] == 40 * 120
    assert np.all(np.diff(h.wall_time) >= 0)
    assert h.loss_per_epoch[-1] < 0.5 * h.loss_per_epoch[0]
    assert h.loss_per_epoch[-1] == pytest.approx(loss(params, X, Y))
    assert not h.diverged and h.message == ""


def test_full_batch_is_default_and_deterministic():
    X, Y = make_moons(50, seed=1)
    p1, p2 = init_params([2, 4, 4, 1], seed=1), init_params([2, 4, 4, 1], seed=1)
    h1 = train(p1, X, Y, lr=0.3, epochs=5)
    h2 = train(p2, X, Y, lr=0.3, epochs=5)
    assert h1.updates == 5 and h1.grad_evals == [50, 100, 150, 200, 250]
    assert h1.loss_per_update == h2.loss_per_update


def test_divergence_stops_with_message_and_keeps_history(capsys):
    X, Y = make_moons(50, seed=1)
    params = init_params([2, 8, 8, 1], seed=0)
    with np.errstate(all="raise"):  # no floating-point warning may escape
        h = train(params, X, Y, SGD(1e150), epochs=50)
    assert h.diverged
    assert "NaN or infinite" in h.message and "learning rate" in h.message
    assert h.message in capsys.readouterr().out
    assert 1 <= len(h.loss_per_epoch) < 51
    assert all(np.isfinite(h.loss_per_update))


def test_train_errors():
    X, Y = make_moons(20, seed=0)
    params = init_params([2, 4, 4, 1], seed=0)
    with pytest.raises(ValueError, match="lr .* positive"):
        train(params, X, Y, lr=-1)
    with pytest.raises(ValueError, match="batch_size"):
        train(params, X, Y, batch_size=21)
    with pytest.raises(ValueError, match="epochs"):
        train(params, X, Y, epochs=0)
    with pytest.raises(TypeError, match="optimizer"):
        train(params, X, Y, optimizer="sgd")
    with pytest.raises(ValueError, match="transposed"):
        train(params, X.T, Y)
