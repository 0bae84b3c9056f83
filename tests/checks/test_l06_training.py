"""Tests of helpers.checks.lessons.l06_training: lesson 6's exercises and their diagnoses.

The learner-style functions below are written as a learner would write them (not the
variants of the registry), so each test shows that a real slip is named.
"""

from __future__ import annotations

import numpy as np
import pytest
from support import graded_like_the_grader, own, run_many

from helpers import checks, loss_and_grads, predict
from helpers.checks.lessons import l06_training as l6


def _step(params, grads, lr):
    return {k: v - lr * grads["d" + k] for k, v in params.items()}


# ------------------------------------------------ the training loop: contract and reference


def test_reference_loop_is_gradient_descent_step_by_step():
    # the reference against steps computed by hand, p - lr * dp, on the check's own cases
    ex = checks.get("train_loop")
    for seed in range(5):
        (params, X, Y, lr, epochs), _ = ex.make_case(np.random.default_rng(seed))
        by_hand = {k: v.copy() for k, v in params.items()}
        expected = []
        for _ in range(epochs):
            L, grads = loss_and_grads(by_hand, X, Y)
            expected.append(L)
            by_hand = _step(by_hand, grads, lr)
        losses = l6.train_loop(params, X, Y, lr, epochs)
        assert len(losses) == epochs
        np.testing.assert_allclose(losses, expected, rtol=1e-12)
        for k in params:  # trained in place
            np.testing.assert_allclose(params[k], by_hand[k], rtol=1e-12)


def test_a_learners_loop_passes_in_place_with_update_or_item_assignment():
    def with_update(params, X, Y, lr, epochs):
        losses = []
        for _ in range(epochs):
            loss, grads = loss_and_grads(params, X, Y)
            losses.append(loss)
            params.update(_step(params, grads, lr))
        return losses

    def with_items(params, X, Y, lr, epochs):
        losses = []
        for _ in range(epochs):
            loss, grads = loss_and_grads(params, X, Y)
            losses.append(loss)
            for k in params:
                params[k] -= lr * grads["d" + k]
        return np.array(losses)

    for fn in (with_update, with_items):
        assert all(r.passed for r in run_many("train_loop", fn, seeds=range(6)))
    result = checks.run_check("train_loop", with_update, quiet=True)
    assert "the losses and the trained parameters match" in result.message


def test_the_loss_falls_on_the_checks_cases():
    # the check's cases are real training: the reference's loss goes down
    ex = checks.get("train_loop")
    for seed in range(10):
        (params, X, Y, lr, epochs), _ = ex.make_case(np.random.default_rng(seed))
        losses = l6.train_loop(params, X, Y, lr, epochs)
        assert losses[-1] < losses[0], (seed, losses)


def _loop(body):
    """A learner's loop whose update line is ``body(params, grads, lr)``."""

    def train_loop(params, X, Y, lr, epochs):
        losses = []
        for _ in range(epochs):
            loss, grads = loss_and_grads(params, X, Y)
            losses.append(loss)
            body(params, grads, lr)
        return losses

    return train_loop


def _causes(fn, seeds=range(6)):
    results = run_many("train_loop", fn, seeds=seeds)
    assert all(r.status == "failed" for r in results), [r.report() for r in results]
    return [r.causes for r in results]


def test_rebinding_params_inside_the_loop_is_named():
    def train_loop(params, X, Y, lr, epochs):
        losses = []
        for _ in range(epochs):
            loss, grads = loss_and_grads(params, X, Y)
            losses.append(loss)
            params = _step(params, grads, lr)  # a new local dict; the caller's is unchanged
        return losses

    for causes in _causes(train_loop):
        assert causes == [l6._NOT_IN_PLACE]
    result = checks.run_check("train_loop", train_loop, quiet=True)
    # the losses were right: only the parameters are reported wrong
    assert [line.name for line in result.lines if not line.passed] == [
        f"{k} after" for k in l6.PARAM_NAMES
    ]


def test_wrong_sign_and_ignored_lr_are_named():
    def plus(params, grads, lr):
        params.update({k: v + lr * grads["d" + k] for k, v in params.items()})

    def no_lr(params, grads, lr):
        params.update({k: v - grads["d" + k] for k, v in params.items()})

    for causes in _causes(_loop(plus)):
        assert any("wrong sign" in c for c in causes), causes
    for causes in _causes(_loop(no_lr)):
        assert any("learning rate is ignored" in c for c in causes), causes


def test_a_forgotten_parameter_is_named():
    def all_but_W2(params, grads, lr):
        for k in ("W1", "b1", "b2", "W3", "b3"):
            params[k] = params[k] - lr * grads["d" + k]

    def weights_only(params, grads, lr):
        for k in ("W1", "W2", "W3"):
            params[k] = params[k] - lr * grads["d" + k]

    for causes in _causes(_loop(all_but_W2)):
        assert causes == [l6._skipped("W2")], causes
    for causes in _causes(_loop(weights_only)):
        assert causes == [l6._BIASES], causes


def test_loss_recorded_after_the_update_is_named():
    def train_loop(params, X, Y, lr, epochs):
        losses = []
        for _ in range(epochs):
            _, grads = loss_and_grads(params, X, Y)
            params.update(_step(params, grads, lr))
            losses.append(loss_and_grads(params, X, Y)[0])  # after the step
        return losses

    for causes in _causes(train_loop):
        assert causes == [checks.get("train_loop").variants[2].cause], causes


def test_stale_gradients_are_named():
    def train_loop(params, X, Y, lr, epochs):
        losses = []
        _, grads = loss_and_grads(params, X, Y)  # once, before the loop
        for _ in range(epochs):
            losses.append(loss_and_grads(params, X, Y)[0])
            params.update(_step(params, grads, lr))
        return losses

    for causes in _causes(train_loop):
        assert any(c.startswith("stale gradients") for c in causes), causes


def test_history_of_the_wrong_length_is_named():
    def one_too_many(params, X, Y, lr, epochs):
        losses = []
        for _ in range(epochs):
            loss, grads = loss_and_grads(params, X, Y)
            losses.append(loss)
            params.update(_step(params, grads, lr))
        losses.append(loss_and_grads(params, X, Y)[0])
        return losses

    def one_short(params, X, Y, lr, epochs):
        losses = []
        for _ in range(epochs - 1):
            loss, grads = loss_and_grads(params, X, Y)
            losses.append(loss)
            params.update(_step(params, grads, lr))
        return losses

    def last_only(params, X, Y, lr, epochs):
        for _ in range(epochs):
            loss, grads = loss_and_grads(params, X, Y)
            params.update(_step(params, grads, lr))
        return loss

    for causes in _causes(one_too_many):
        assert any(c.startswith("one loss too many") for c in causes), causes
    for causes in _causes(one_short):
        assert any(c.startswith("one loss short") for c in causes), causes
    for causes in _causes(last_only):
        assert any("not one number" in c for c in causes), causes


def test_a_loop_on_the_notebooks_data_gets_advice():
    X_notebook, Y_notebook = np.zeros((2, 200)), np.zeros((1, 200))

    def train_loop(params, X, Y, lr, epochs):
        losses = []
        for _ in range(epochs):
            loss, grads = loss_and_grads(params, X_notebook, Y_notebook)
            losses.append(loss)
            params.update(_step(params, grads, lr))
        return losses

    result = checks.run_check("train_loop", train_loop, quiet=True)
    assert result.status == "error"
    assert any("the notebook's own X or Y" in note for note in result.notes), result.report()


def test_returning_params_and_losses_or_replacing_params_is_explained():
    def pair(params, X, Y, lr, epochs):
        return params, l6.train_loop(params, X, Y, lr, epochs)

    result = checks.run_check("train_loop", pair, quiet=True)
    assert result.status == "bad-output" and "tuple of 2 values" in result.message

    def drops_a_key(params, X, Y, lr, epochs):
        losses = l6.train_loop(params, X, Y, lr, epochs)
        del params["b3"]
        return losses

    result = checks.run_check("train_loop", drops_a_key, quiet=True)
    assert result.status == "bad-output" and "no key 'b3'" in result.message


def test_the_grader_judges_the_loop_as_the_notebook_does():
    assert graded_like_the_grader("train_loop", own(l6.train_loop), seed=3).passed

    def plus(params, grads, lr):
        params.update({k: v + lr * grads["d" + k] for k, v in params.items()})

    result = graded_like_the_grader("train_loop", _loop(plus), seed=3)
    assert any("wrong sign" in c for c in result.causes)


# ------------------------------------------------ accuracy


def test_accuracy_reference_counts_by_hand():
    ex = checks.get("accuracy")
    for seed in range(5):
        (params, X, Y), _ = ex.make_case(np.random.default_rng(seed))
        right = sum(int(p == y) for p, y in zip(predict(params, X)[0], Y[0], strict=True))
        assert l6.accuracy(params, X, Y) == pytest.approx(right / X.shape[1], abs=1e-15)


def test_accuracy_slips_are_named():
    from helpers import forward

    def as_percent(params, X, Y):
        yhat, _ = forward(params, X)
        return 100 * np.mean((yhat > 0.5) == Y)

    def threshold_on_z3(params, X, Y):
        _, cache = forward(params, X)
        return np.mean((cache["z3"] > 0.5) == Y)

    def right(params, X, Y):
        yhat, _ = forward(params, X)
        return np.mean((yhat > 0.5) == Y)

    for result in run_many("accuracy", as_percent, seeds=range(6)):
        assert result.causes and result.causes[0].startswith("a percentage"), result.report()
    for result in run_many("accuracy", threshold_on_z3, seeds=range(6)):
        assert result.causes and result.causes[0].startswith("z3 compared"), result.report()
    assert all(r.passed for r in run_many("accuracy", right, seeds=range(6)))


def test_update_parameters_learner_versions():
    def right(params, grads, lr):
        return {k: params[k] - lr * grads["d" + k] for k in params}

    def plus(params, grads, lr):
        return {k: params[k] + lr * grads["d" + k] for k in params}

    assert all(r.passed for r in run_many("update_parameters", right, seeds=range(4)))
    for result in run_many("update_parameters", plus, seeds=range(4)):
        assert any("wrong sign" in c for c in result.causes)


def test_update_parameters_that_changes_params_is_named():
    # the step is right, and the returned dict too, but the caller's params moved with it
    def minus_equals(params, grads, lr):
        for k in params:
            params[k] -= lr * grads["d" + k]
        return params

    def item_assignment(params, grads, lr):
        for k in list(params):
            params[k] = params[k] - lr * grads["d" + k]
        return dict(params)

    def copy_first(params, grads, lr):  # what the message suggests instead also passes
        new = {k: v.copy() for k, v in params.items()}
        for k in new:
            new[k] -= lr * grads["d" + k]
        return new

    for learner in (minus_equals, item_assignment):
        for result in run_many("update_parameters", learner, seeds=range(4)):
            assert not result.passed
            assert any("params was changed" in c for c in result.causes), result.causes
            assert not any("wrong sign" in c for c in result.causes)
    assert all(r.passed for r in run_many("update_parameters", copy_first, seeds=range(4)))
    graded = graded_like_the_grader("update_parameters", minus_equals, seed=3)
    assert not graded.passed and any("params was changed" in c for c in graded.causes)
