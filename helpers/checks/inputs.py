"""Random inputs the exercises share: numbers, functions given as source, networks.

Every function takes a NumPy Generator, so a check draws fresh inputs each run and a
test can replay one with a seed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .. import network
from .probe import Source

__all__ = [
    "number",
    "sign",
    "elementwise_f",
    "scalar_f",
    "quadratic_grad",
    "NOTEBOOK_M",
    "sizes",
    "random_params",
    "labels",
    "network_problem",
    "describe_shapes",
]


def number(rng: np.random.Generator, lo: float, hi: float) -> float:
    """A uniform number in [lo, hi), rounded to 6 decimals so it prints exactly."""
    return round(float(rng.uniform(lo, hi)), 6)


def sign(rng: np.random.Generator) -> float:
    """-1.0 or 1.0."""
    return float(rng.choice([-1.0, 1.0]))


def elementwise_f(rng: np.random.Generator) -> Source:
    """a·sin(b·x) + c·x² with random a, b, c: smooth, elementwise, curved."""
    a, b = number(rng, 0.5, 2.0) * sign(rng), number(rng, 0.5, 2.0)
    c = number(rng, 0.2, 1.0) * sign(rng)
    return Source(f"lambda x: {a!r} * np.sin({b!r} * x) + {c!r} * x ** 2")


def scalar_f(rng: np.random.Generator) -> Source:
    """A scalar function of an array whose gradient couples the entries."""
    a, b = number(rng, 0.5, 2.0) * sign(rng), number(rng, 0.5, 2.0)
    c, d = number(rng, 0.2, 1.0) * sign(rng), number(rng, 0.1, 0.5)
    return Source(
        f"lambda x: {a!r} * np.sum(np.sin({b!r} * x)) + {c!r} * np.sum(x) ** 2"
        f" + {d!r} * np.sum(x ** 3)"
    )


def quadratic_grad(rng: np.random.Generator, d: int) -> Source:
    """The gradient a ⊙ (x − c) of a random axis-aligned bowl in d dimensions."""
    a = [number(rng, 0.5, 4.0) for _ in range(d)]
    c = [number(rng, -2.0, 2.0) for _ in range(d)]
    return Source(f"lambda x: np.array({a!r}) * (x - np.array({c!r}))")


#: The number of examples m in the lessons' own data (``make_moons(m=200)`` in lessons 4
#: and 5). A check's batch has 10 to 16 examples, so a function that divides by the
#: notebook's global m (or uses its global X) is off by the factor m / NOTEBOOK_M.
NOTEBOOK_M = 200


def sizes(rng: np.random.Generator) -> tuple[int, int, int, int]:
    """Distinct layer sizes n_x, n1, n2 and a batch m, so no shape is ambiguous."""
    n_x, n1, n2 = (int(v) for v in rng.choice(np.arange(2, 9), size=3, replace=False))
    m = int(rng.integers(10, 17))
    return n_x, n1, n2, m


def random_params(rng: np.random.Generator, n_x: int, n1: int, n2: int) -> dict[str, np.ndarray]:
    """He-scaled W1 (n1, n_x), W2 (n2, n1), W3 (1, n2) and small random biases b_l (n_l, 1)."""
    dims = [n_x, n1, n2, 1]
    p = {}
    for layer in range(1, 4):
        n_prev, n_l = dims[layer - 1], dims[layer]
        p[f"W{layer}"] = rng.standard_normal((n_l, n_prev)) * np.sqrt(2.0 / n_prev)
        p[f"b{layer}"] = rng.standard_normal((n_l, 1)) * 0.1
    return p


def labels(rng: np.random.Generator, m: int) -> np.ndarray:
    """Labels Y of shape (1, m) in {0, 1}, with both classes present."""
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    Y[0, 0], Y[0, 1] = 0.0, 1.0  # both classes, always
    return Y


def network_problem(rng: np.random.Generator) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Random params and X whose layers each have negative pre-activations.

    With small layers a random draw can leave every z1 (or z2) positive; the ReLU is
    then the identity there and a missing ReLU (or a missing mask in backward) would
    pass by luck; likewise a ReLU wrongly put on z3 before the sigmoid. Redraw until at
    least a fifth of the entries of z1, z2 and z3 are negative.
    """
    for _ in range(200):
        n_x, n1, n2, m = sizes(rng)
        params = random_params(rng, n_x, n1, n2)
        X = rng.standard_normal((n_x, m))
        _, cache = network.forward(params, X)
        if min(np.mean(cache[z] < 0) for z in ("z1", "z2", "z3")) >= 0.2:
            return params, X
    raise RuntimeError("could not draw a network whose ReLUs matter")  # pragma: no cover


def describe_shapes(arrays: Mapping[str, np.ndarray]) -> str:
    """ "X (2, 10), W1 (3, 2)": the shapes of named arrays, for advice after an error."""
    return ", ".join(f"{k} {tuple(v.shape)}" for k, v in arrays.items())
