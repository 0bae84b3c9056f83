"""Tests of helpers.checks.lessons.l07_minibatch: lesson 7's exercises and their diagnoses.

(The registry's tests already run the reference on 25 fresh cases and every known
mistake on 10; here are the solutions a learner writes, mistakes made two at a time,
iterators that never end or give no batches, and the grader's view.)
"""

from __future__ import annotations

import numpy as np
import pytest
from support import graded_like_the_grader, run_many

from helpers import checks
from helpers.checks.lessons import l07_minibatch as l7


def _lesson_solution(X, Y, batch_size, rng):  # solutions/07-minibatch.ipynb
    m = X.shape[1]
    order = rng.permutation(m)
    X_shuffled, Y_shuffled = X[:, order], Y[:, order]
    for start in range(0, m, batch_size):
        stop = start + batch_size
        yield X_shuffled[:, start:stop], Y_shuffled[:, start:stop]


def _as_a_list(X, Y, batch_size, rng):
    idx = np.arange(X.shape[1])
    rng.shuffle(idx)  # shuffles a copy of the indices, not the data
    chunks = np.array_split(idx, range(batch_size, X.shape[1], batch_size))
    return [(X[:, c], Y[:, c]) for c in chunks]


@pytest.mark.parametrize("fn", [_lesson_solution, _as_a_list])
def test_a_learners_right_iterators_pass(fn):
    results = run_many("iterate_minibatches", fn)
    assert all(r.passed for r in results), [r.report() for r in results if not r.passed]


def test_two_mistakes_at_once_are_both_named():
    def lazy(X, Y, batch_size, rng):  # no shuffle and the last batch dropped
        for start in range(0, X.shape[1] - batch_size + 1, batch_size):
            yield X[:, start : start + batch_size], Y[:, start : start + batch_size]

    for result in run_many("iterate_minibatches", lazy, seeds=range(5)):
        assert set(result.causes) == {l7.NO_SHUFFLE, l7.DROPS_LAST}, result.report()


def test_an_endless_generator_is_cut_off_and_diagnosed():
    def endless(X, Y, batch_size, rng):
        while True:
            idx = rng.permutation(X.shape[1])[:batch_size]
            yield X[:, idx], Y[:, idx]

    result = checks.run_check("iterate_minibatches", endless, quiet=True)
    assert result.status == "failed"
    assert l7.IGNORED in result.causes or l7.OVERLAP in result.causes, result.report()


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ("return X[:, :batch_size], Y[:, :batch_size]", "bad-output", "one pair"),
        ("return None", "bad-output", "yield (X_batch, Y_batch) pairs"),
        ("yield X", "bad-output", "batch 1 of epoch 1 is an array"),
        ("raise NotImplementedError()", "not-attempted", "not attempted yet"),
        ("yield from []", "failed", ""),
    ],
)
def test_what_is_not_an_epoch_of_batches_says_so(body, status, says):
    scope = {"np": np}
    source = f"def iterate_minibatches(X, Y, batch_size, rng):\n    {body}\n"
    exec(compile(source, "<learner cell>", "exec"), scope)
    result = checks.run_check("iterate_minibatches", scope["iterate_minibatches"], quiet=True)
    assert result.status == status, result.report()
    assert says in result.report()


def test_an_error_inside_the_generator_names_the_learners_line():
    scope = {"np": np}
    source = (
        "def iterate_minibatches(X, Y, batch_size, rng):\n"
        "    order = rng.permutation(X.shape[1])\n"
        "    for start in range(0, X.shape[1], batch_size):\n"
        "        yield X[:, order][:, start:stop], Y\n"
    )
    exec(compile(source, "<learner cell>", "exec"), scope)
    result = checks.run_check("iterate_minibatches", scope["iterate_minibatches"], quiet=True)
    assert result.status == "error"
    assert "NameError" in result.message and "line 4 of your code" in result.message


@pytest.mark.parametrize("index", range(len(checks.get("iterate_minibatches").variants)))
def test_the_grader_names_the_same_mistake(index):
    variant = checks.get("iterate_minibatches").variants[index]
    result = graded_like_the_grader("iterate_minibatches", variant.fn, seed=3)
    assert variant.cause in result.causes, result.summary()


def test_the_grader_passes_the_lesson_solution():
    for seed in range(5):
        assert graded_like_the_grader("iterate_minibatches", _lesson_solution, seed).passed


def test_sampling_variance_written_with_an_if_gets_advice():
    def with_if(sigma2, m, b):
        if b == m:
            return 0.0
        return sigma2 / b * (m - b) / (m - 1)

    result = checks.run_check("sampling_variance", with_if, quiet=True)
    assert result.status == "error"
    assert "work on arrays" in result.report()


def test_sampling_variance_lesson_solution_passes():
    def lesson(sigma2, m, b):  # solutions/07-minibatch.ipynb
        return sigma2 / b * (m - b) / (m - 1)

    assert all(r.passed for r in run_many("sampling_variance", lesson))


def test_a_seed_travels_as_json_and_decodes_to_a_fresh_generator_each_time():
    from helpers.checks import probe

    encoded = probe.encode([probe.Seed(5)])
    assert encoded == [{"__rng__": 5}]
    first, second = probe.decode(encoded)[0], probe.decode(encoded)[0]
    assert first is not second
    np.testing.assert_array_equal(first.permutation(10), second.permutation(10))


def test_an_epoch_is_read_up_to_m_plus_one_batches():
    from helpers.checks import probe

    def forever():
        while True:
            yield np.zeros((2, 1)), np.zeros((1, 1))

    assert len(probe.read_epoch(forever(), 6)) == 7
    assert len(probe.read_epoch([(1, 2)] * 3, 6)) == 3
    with pytest.raises(probe.BadOutput, match="one pair"):
        probe.read_epoch((np.zeros((2, 3)), np.zeros((1, 3))), 6)


def test_batches_when_batch_size_divides_m_and_shuffles_that_do_not_mix():
    def one_too_many(X, Y, batch_size, rng):  # an empty batch when b divides m
        order = rng.permutation(X.shape[1])
        Xs, Ys = X[:, order], Y[:, order]
        for k in range(X.shape[1] // batch_size + 1):
            cut = slice(k * batch_size, (k + 1) * batch_size)
            yield Xs[:, cut], Ys[:, cut]

    def rotation(X, Y, batch_size, rng):  # a new order each epoch, but not a shuffle
        order = np.roll(np.arange(X.shape[1]), int(rng.integers(1, X.shape[1])))
        for start in range(0, X.shape[1], batch_size):
            idx = order[start : start + batch_size]
            yield X[:, idx], Y[:, idx]

    def inside_blocks(X, Y, batch_size, rng):  # the same groups every epoch
        m = X.shape[1]
        for start in range(0, m, batch_size):
            idx = rng.permutation(np.arange(start, min(start + batch_size, m)))
            yield X[:, idx], Y[:, idx]

    for result in run_many("iterate_minibatches", one_too_many):
        assert result.causes == [l7.DIVIDES_CAUSE], result.report()
    for result in run_many("iterate_minibatches", inside_blocks):
        assert result.causes == [l7.NOT_MIXED], result.report()
    for result in run_many("iterate_minibatches", rotation):  # two offsets may repeat too
        assert l7.NOT_MIXED in result.causes and not result.passed, result.report()


def test_a_shuffle_in_place_is_named_alone():
    def in_place(X, Y, batch_size, rng):
        order = rng.permutation(X.shape[1])
        X[:] = X[:, order]
        Y[:] = Y[:, order]
        for start in range(0, X.shape[1], batch_size):
            yield X[:, start : start + batch_size], Y[:, start : start + batch_size]

    for result in run_many("iterate_minibatches", in_place):
        assert result.causes == [l7.IN_PLACE], result.report()
