"""helpers.optim.conventions: the libraries' forms of momentum, RMSProp and Adam, checked
against each other and against helpers.optim's own optimizers (lesson 8)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.optim import SGD, Adam, RMSprop
from helpers.optim.conventions import DEFAULTS, adam_path, momentum_path, rmsprop_path
from helpers.surfaces import SURFACES

GRAD = SURFACES["bowl"].grad
STARTS = [np.array([-2.0, 1.0]), np.array([2.3, -1.7]), np.array([0.4, 1.2])]


def _optimizer_path(opt, x0, steps):
    """The path helpers.optim's optimizer takes, one step(params, grads) at a time."""
    params = {"p": np.array(x0, dtype=np.float64)}
    path = [params["p"].copy()]
    for _ in range(steps):
        opt.step(params, {"dp": GRAD(params["p"])})
        path.append(params["p"].copy())
    return np.array(path)


@pytest.mark.parametrize("x0", STARTS)
def test_keras_momentum_takes_torch_steps(x0):
    torch = momentum_path(GRAD, x0, 0.02, 0.9, 30, form="torch")
    keras = momentum_path(GRAD, x0, 0.02, 0.9, 30, form="keras")
    np.testing.assert_allclose(keras, torch, rtol=1e-12, atol=1e-12)
    assert not np.allclose(torch[-1], torch[0])  # it moved


@pytest.mark.parametrize("mu", [0.5, 0.9, 0.99])
def test_average_form_is_torch_at_lr_times_one_minus_mu(mu):
    average = momentum_path(GRAD, STARTS[0], 0.05, mu, 25, form="average")
    torch = momentum_path(GRAD, STARTS[0], 0.05 * (1 - mu), mu, 25, form="torch")
    np.testing.assert_allclose(average, torch, rtol=1e-12, atol=1e-12)
    same_lr = momentum_path(GRAD, STARTS[0], 0.05, mu, 25, form="torch")
    assert not np.allclose(average, same_lr)  # at the same lr the two forms differ


@pytest.mark.parametrize("x0", STARTS)
def test_torch_forms_are_helpers_optimizers(x0):
    np.testing.assert_allclose(
        momentum_path(GRAD, x0, 0.02, 0.9, 20), _optimizer_path(SGD(0.02, 0.9), x0, 20)
    )
    np.testing.assert_allclose(
        rmsprop_path(GRAD, x0, 0.05, 20, decay=0.99, eps=1e-8),
        _optimizer_path(RMSprop(0.05, alpha=0.99, eps=1e-8), x0, 20),
    )
    np.testing.assert_allclose(
        adam_path(GRAD, x0, 0.1, 20, 0.9, 0.999, 1e-8),
        _optimizer_path(Adam(0.1, betas=(0.9, 0.999), eps=1e-8), x0, 20),
    )


def test_where_eps_goes_is_all_that_differs():
    x0 = STARTS[1]
    for path in (rmsprop_path, adam_path):
        kw = {"decay": 0.9} if path is rmsprop_path else {}
        same = [path(GRAD, x0, 0.05, 15, eps=0.0, form=f, **kw) for f in ("torch", "keras")]
        np.testing.assert_allclose(same[0], same[1], rtol=1e-12, atol=1e-14)
        differ = [path(GRAD, x0, 0.05, 15, eps=0.1, form=f, **kw) for f in ("torch", "keras")]
        assert np.max(np.abs(differ[0] - differ[1])) > 1e-3


def test_bias_correction_makes_the_first_adam_step_lr_long():
    # with a constant gradient, the corrected first step has length lr in every entry;
    # uncorrected, it is (1 - beta1) / sqrt(1 - beta2) times that
    def constant(_p):
        return np.array([3.0, -0.5])

    corrected = adam_path(constant, np.zeros(2), 0.1, 1, eps=0.0)
    raw = adam_path(constant, np.zeros(2), 0.1, 1, eps=0.0, bias_correction=False)
    np.testing.assert_allclose(np.abs(corrected[1]), [0.1, 0.1])
    np.testing.assert_allclose(np.abs(raw[1]), 0.1 * 0.1 / np.sqrt(0.001) * np.ones(2))


def test_defaults_name_each_library_and_its_rule():
    assert set(DEFAULTS) == {"torch", "keras"}
    for library in DEFAULTS.values():
        assert set(library) == {"SGD", "RMSprop", "Adam"}
        assert all("call" in entry and "rule" in entry for entry in library.values())
    assert DEFAULTS["torch"]["RMSprop"]["decay"] == 0.99
    assert DEFAULTS["keras"]["RMSprop"]["decay"] == 0.9


def test_bad_input_says_what_was_expected():
    with pytest.raises(ValueError, match="form must be one of torch, keras, average"):
        momentum_path(GRAD, STARTS[0], 0.1, 0.9, 3, form="nesterov")
    with pytest.raises(ValueError, match="x0 must be a 1-D array"):
        momentum_path(GRAD, np.zeros((2, 1)), 0.1, 0.9, 3)
    with pytest.raises(TypeError, match="grad must be a function"):
        adam_path("bowl", STARTS[0], 0.1, 3)
    with pytest.raises(ValueError, match="mu must be in"):
        momentum_path(GRAD, STARTS[0], 0.1, 1.0, 3)
    with pytest.raises(ValueError, match="always corrects the bias"):
        adam_path(GRAD, STARTS[0], 0.1, 3, form="keras", bias_correction=False)
