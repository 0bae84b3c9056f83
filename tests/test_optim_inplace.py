"""The unchecked steps of helpers.train (helpers.optim.flat) give the bits Optimizer.step gives,
step after step, for every optimizer in the registry."""

import copy

import numpy as np
import pytest

from helpers import init_params
from helpers.optim import OPTIMIZERS, SGD, make_optimizer
from helpers.optim.flat import Stepper

NAMES = list(OPTIMIZERS)
LAYERS = [3, 6, 4, 1]


def _grads(rng, params):
    scale = 10.0 ** rng.integers(-6, 3)  # tiny to large, so Adam's eps and sqrt matter
    return {"d" + k: scale * rng.standard_normal(p.shape) for k, p in params.items()}


def _assert_same(params_a, opt_a, params_b, opt_b):
    assert opt_a.t == opt_b.t
    for k in params_a:
        np.testing.assert_array_equal(params_a[k], params_b[k], strict=True)
    assert set(opt_a.state) == set(opt_b.state)
    for k, state in opt_a.state.items():
        assert set(state) == set(opt_b.state[k])
        for key, value in state.items():
            np.testing.assert_array_equal(value, opt_b.state[k][key], strict=True)


def _public_and_stepper(name, flat, steps, seed=0):
    public, fast = make_optimizer(name, 0.05), make_optimizer(name, 0.05)
    if not flat:
        fast.elementwise = False  # the per-parameter path
    p_public = init_params(LAYERS, seed=seed)
    p_fast = copy.deepcopy(p_public)
    stepper = Stepper(fast, p_fast)
    assert stepper.flat is flat
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        grads = _grads(rng, p_public)
        public.step(p_public, grads)
        assert stepper.load({k: g.copy() for k, g in grads.items()})
        stepper.step()
        # the state the optimizer shows is current at every step, not only at the end
        for k, state in public.state.items():
            for key, value in state.items():
                np.testing.assert_array_equal(fast.state[k][key], value)
    stepper.finish()
    return p_public, public, p_fast, fast


@pytest.mark.parametrize("flat", [True, False], ids=["flat", "per-parameter"])
@pytest.mark.parametrize("name", NAMES)
def test_stepper_gives_the_bits_of_step_over_many_steps(name, flat):
    p_public, public, p_fast, fast = _public_and_stepper(name, flat, steps=300)
    _assert_same(p_public, public, p_fast, fast)


@pytest.mark.parametrize("name", NAMES)
def test_update_inplace_is_update(name):
    # the rule itself, on one array at a time, with fresh state: the same bits
    readable, inplace = make_optimizer(name, 0.01), make_optimizer(name, 0.01)
    rng = np.random.default_rng(1)
    p1 = rng.standard_normal((5, 3))
    p2 = p1.copy()
    s1, s2 = {}, {}
    for t in range(1, 201):
        readable.t = inplace.t = t
        g = (10.0 ** rng.integers(-8, 4)) * rng.standard_normal((5, 3))
        readable.update(p1, g.copy(), s1)
        inplace.update_inplace(p2, g.copy(), s2, np.empty_like(p2))
        np.testing.assert_array_equal(p1, p2)
    assert set(s1) == set(s2)
    for key in s1:
        np.testing.assert_array_equal(s1[key], s2[key])


@pytest.mark.parametrize("name", NAMES)
def test_the_two_paths_continue_each_others_state(name):
    # public steps, then the stepper (which takes over the saved state), then public again,
    # as when an optimizer is used by train and then by a learner's own loop
    p_ref, ref = init_params(LAYERS, seed=2), make_optimizer(name, 0.05)
    p_mix, mix = copy.deepcopy(p_ref), make_optimizer(name, 0.05)
    rng = np.random.default_rng(2)
    grads = [_grads(rng, p_ref) for _ in range(90)]
    for g in grads:
        ref.step(p_ref, g)
    for g in grads[:30]:
        mix.step(p_mix, g)
    stepper = Stepper(mix, p_mix)
    assert stepper.flat
    for g in grads[30:60]:
        assert stepper.load({k: v.copy() for k, v in g.items()})
        stepper.step()
    stepper.finish()
    for g in grads[60:]:
        mix.step(p_mix, g)
    _assert_same(p_ref, ref, p_mix, mix)


def test_finish_writes_into_the_callers_arrays():
    params = init_params(LAYERS, seed=0)
    arrays = dict(params)
    before = {k: v.copy() for k, v in params.items()}
    stepper = Stepper(SGD(0.1), params)
    assert stepper.load({"d" + k: np.ones_like(v) for k, v in params.items()})
    stepper.step()
    for k in params:  # the flat copy trains; the caller's arrays wait for finish
        np.testing.assert_array_equal(params[k], before[k])
    stepper.finish()
    for k in params:
        assert params[k] is arrays[k]
        np.testing.assert_array_equal(params[k], before[k] - 0.1)


@pytest.mark.parametrize("flat", [True, False], ids=["flat", "per-parameter"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_load_refuses_a_non_finite_gradient(flat, bad):
    params = init_params(LAYERS, seed=0)
    opt = SGD(0.1)
    opt.elementwise = flat
    stepper = Stepper(opt, params)
    for k in params:
        grads = {"d" + name: np.zeros_like(p) for name, p in params.items()}
        grads["d" + k].flat[-1] = bad
        assert not stepper.load(grads)
    assert stepper.load({"d" + name: np.zeros_like(p) for name, p in params.items()})


def test_a_state_of_other_shapes_runs_the_readable_rule():
    # an optimizer reused on another network keeps what step would do with that state
    params = init_params(LAYERS, seed=0)
    opt = SGD(0.1, momentum=0.9)
    opt.state = {k: {"v": np.zeros((1,) + p.shape[1:])} for k, p in params.items()}
    stepper = Stepper(opt, params)
    assert not stepper.flat and not stepper._inplace
    ref, ref_params = copy.deepcopy(opt), copy.deepcopy(params)
    grads = {"d" + k: np.ones_like(p) for k, p in params.items()}
    ref.step(ref_params, grads)
    assert stepper.load({k: g.copy() for k, g in grads.items()})
    stepper.step()
    _assert_same(ref_params, ref, params, opt)


def test_stepper_refuses_what_step_refuses():
    with pytest.raises(TypeError, match="float64"):
        Stepper(SGD(0.1), {"w": np.zeros(2, dtype=int)})
