"""Each optimizer against steps computed by hand with torch.optim's update rules, and the
registry that names them."""

import numpy as np
import pytest

from helpers import SGD, Adam, RMSprop, make_optimizer
from helpers.optim import OPTIMIZERS, Optimizer, optimizer_spec, register, unregister
from helpers.validate import check_number

G1 = np.array([0.5, -1.0])
G2 = np.array([-0.2, 0.4])


def _run(opt, grads, p0=(1.0, 2.0)):
    params = {"w": np.array(p0)}
    path = []
    for g in grads:
        opt.step(params, {"dw": g})
        path.append(params["w"].copy())
    return path


def test_sgd_by_hand():
    (p1, p2) = _run(SGD(0.1), [G1, G2])
    np.testing.assert_allclose(p1, [1.0 - 0.05, 2.0 + 0.1])
    np.testing.assert_allclose(p2, [0.95 + 0.02, 2.1 - 0.04])


def test_momentum_by_hand():
    # torch: v1 = g1; v2 = μ v1 + g2; p -= lr v
    (p1, p2) = _run(SGD(0.1, momentum=0.9), [G1, G2])
    v1 = G1
    v2 = 0.9 * v1 + G2
    np.testing.assert_allclose(p1, np.array([1.0, 2.0]) - 0.1 * v1)
    np.testing.assert_allclose(p2, p1 - 0.1 * v2)


def test_momentum_equals_keras_form():
    # Keras: v = μ v − lr g; p += v  gives the same points for a constant lr
    lr, mu = 0.05, 0.8
    path = _run(SGD(lr, momentum=mu), [G1, G2, G1])
    p, v = np.array([1.0, 2.0]), np.zeros(2)
    for g, expected in zip([G1, G2, G1], path, strict=True):
        v = mu * v - lr * g
        p = p + v
        np.testing.assert_allclose(expected, p)


def test_rmsprop_by_hand():
    lr, alpha, eps = 0.01, 0.9, 1e-8
    (p1, p2) = _run(RMSprop(lr, alpha=alpha, eps=eps), [G1, G2])
    s1 = (1 - alpha) * G1**2
    q1 = np.array([1.0, 2.0]) - lr * G1 / (np.sqrt(s1) + eps)
    s2 = alpha * s1 + (1 - alpha) * G2**2
    np.testing.assert_allclose(p1, q1)
    np.testing.assert_allclose(p2, q1 - lr * G2 / (np.sqrt(s2) + eps))


def test_adam_by_hand_with_bias_correction():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    (p1, p2) = _run(Adam(lr, betas=(b1, b2), eps=eps), [G1, G2])
    # step 1: bias correction makes the step lr·sign(g) (up to eps)
    np.testing.assert_allclose(p1, np.array([1.0, 2.0]) - lr * np.sign(G1), rtol=1e-7)
    m = (1 - b1) * G1
    v = (1 - b2) * G1**2
    m = b1 * m + (1 - b1) * G2
    v = b2 * v + (1 - b2) * G2**2
    step = lr * (m / (1 - b1**2)) / (np.sqrt(v / (1 - b2**2)) + eps)
    np.testing.assert_allclose(p2, p1 - step)


def test_state_is_kept_per_parameter():
    opt = SGD(1.0, momentum=0.5)
    params = {"a": np.zeros(1), "b": np.zeros(1)}
    opt.step(params, {"da": np.array([1.0]), "db": np.array([10.0])})
    opt.step(params, {"da": np.array([1.0]), "db": np.array([10.0])})
    np.testing.assert_allclose(params["a"], [-(1 + 1.5)])
    np.testing.assert_allclose(params["b"], [-(10 + 15)])


def test_step_updates_in_place():
    w = np.array([1.0])
    params = {"w": w}
    SGD(0.5).step(params, {"dw": np.array([1.0])})
    assert params["w"] is w and w[0] == 0.5


def test_make_optimizer():
    assert isinstance(make_optimizer("sgd", 0.1), SGD)
    assert make_optimizer("sgd", 0.1).momentum == 0.0
    assert make_optimizer("momentum", 0.1).momentum == 0.9
    assert make_optimizer("momentum", 0.1, momentum=0.7).momentum == 0.7
    assert isinstance(make_optimizer("RMSprop", 0.1), RMSprop)
    assert make_optimizer("rmsprop", 0.1).hyperparameters() == RMSprop(0.1).hyperparameters()
    adam = make_optimizer("adam", 0.1, beta1=0.8, beta2=0.99, eps=1e-6)
    assert isinstance(adam, Adam) and (adam.beta1, adam.beta2, adam.eps) == (0.8, 0.99, 1e-6)
    assert make_optimizer("adam", 0.1).hyperparameters() == Adam(0.1).hyperparameters()
    with pytest.raises(
        ValueError, match=r"unknown optimizer 'lbfgs'; .*\['sgd', 'momentum', 'rmsprop', 'adam'\]"
    ):
        make_optimizer("lbfgs", 0.1)


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("adam", {"momentum": 0.8}, "adam takes lr, beta1, beta2, eps; got momentum"),
        ("sgd", {"momentum": 0.8}, "sgd takes lr; got momentum"),
        ("rmsprop", {"beta1": 0.9}, "rmsprop takes lr, alpha, eps; got beta1"),
        ("momentum", {"mu": 0.9}, "momentum takes lr, momentum; got mu"),
    ],
)
def test_make_optimizer_names_the_hyperparameters_an_optimizer_takes(name, kwargs, message):
    # a hyperparameter of another optimizer is never mapped onto this one's (momentum was
    # once Adam's beta1)
    with pytest.raises(TypeError, match=message):
        make_optimizer(name, 0.1, **kwargs)


def test_the_registry_names_every_optimizer_once_with_a_label():
    assert list(OPTIMIZERS) == ["sgd", "momentum", "rmsprop", "adam"]
    for name, spec in OPTIMIZERS.items():
        assert spec.name == name and issubclass(spec.cls, Optimizer)
        assert spec.label.strip(), f"{name} has no label"
        assert spec.describe().strip()
        assert spec.slider is None or spec.slider in spec.defaults
        opt = spec.make(0.1)
        reported = opt.hyperparameters()
        assert reported["lr"] == 0.1
        assert {k: reported[k] for k in spec.defaults} == dict(spec.defaults)
        # what an optimizer reports rebuilds it
        again = type(opt).from_hyperparameters(**reported)
        assert again.hyperparameters() == reported
    assert optimizer_spec("momentum").describe({"momentum": 0.8}) == "momentum μ=0.8"
    assert optimizer_spec("adam").describe({"beta1": 0.5}) == "Adam β1=0.5"
    assert [optimizer_spec(n).slider for n in OPTIMIZERS] == [None, "momentum", None, "beta1"]


class _Sign(Optimizer):
    """signSGD with a scale: p ← p − lr·κ·sign(g), a rule for the registry's tests."""

    def __init__(self, lr, kappa=1.0):
        super().__init__(lr)
        self.kappa = check_number(kappa, "kappa")

    def update(self, p, g, state):
        p -= self.lr * self.kappa * np.sign(g)

    def hyperparameters(self):
        return {"lr": self.lr, "kappa": self.kappa}


def test_a_registered_class_is_in_make_optimizer():
    register("trial-sign", label="sign κ={kappa:g}", slider="kappa")(_Sign)
    try:
        spec = optimizer_spec("trial-sign")
        assert list(OPTIMIZERS)[-1] == "trial-sign" and dict(spec.defaults) == {"kappa": 1.0}
        opt = make_optimizer("trial-sign", 0.5, kappa=2.0)
        assert isinstance(opt, _Sign) and spec.describe(opt.hyperparameters()) == "sign κ=2"
        (p1,) = _run(opt, [G1])
        np.testing.assert_allclose(p1, np.array([1.0, 2.0]) - 1.0 * np.sign(G1))
        with pytest.raises(TypeError, match="trial-sign takes lr, kappa; got momentum"):
            make_optimizer("trial-sign", 0.1, momentum=0.9)
        with pytest.raises(ValueError, match="already registered"):
            register("trial-sign", label="again")(_Sign)
    finally:
        unregister("trial-sign")
    assert "trial-sign" not in OPTIMIZERS


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"label": ""}, ValueError, "needs a label"),
        ({"label": "sign {mu}"}, ValueError, r"names \['mu'\]"),
        ({"label": "sign", "slider": "mu"}, ValueError, "slider"),
        ({"label": "sign", "defaults": {"kappa": 2.0, "mu": 0.1}}, TypeError, "mu"),
    ],
)
def test_register_refuses_an_incomplete_entry(kwargs, error, match):
    with pytest.raises(error, match=match):
        register("trial-bad", **kwargs)(_Sign)
    assert "trial-bad" not in OPTIMIZERS
    with pytest.raises(TypeError, match="Optimizer subclass"):
        register("trial-bad", label="x")(dict)


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf")])
def test_bad_learning_rate(lr):
    with pytest.raises(ValueError, match="lr .* must be a positive number"):
        SGD(lr)


def test_bad_hyperparameters_and_grads():
    with pytest.raises(TypeError, match="number"):
        SGD("0.1")
    with pytest.raises(ValueError, match="momentum must be in"):
        SGD(0.1, momentum=1.0)
    with pytest.raises(ValueError, match="alpha"):
        RMSprop(0.1, alpha=0.0)
    with pytest.raises(TypeError, match="betas"):
        Adam(0.1, betas=0.9)
    params = {"W1": np.zeros((2, 3))}
    with pytest.raises(ValueError, match="no 'dW1'"):
        SGD(0.1).step(params, {"W1": np.zeros((2, 3))})
    with pytest.raises(ValueError, match=r"dW1 has shape \(3, 2\) but W1 has shape \(2, 3\)"):
        SGD(0.1).step(params, {"dW1": np.zeros((3, 2))})
    with pytest.raises(ValueError, match="NaN"):
        SGD(0.1).step(params, {"dW1": np.full((2, 3), np.nan)})
    with pytest.raises(TypeError, match="float64"):
        SGD(0.1).step({"w": np.zeros(2, dtype=int)}, {"dw": np.zeros(2)})
