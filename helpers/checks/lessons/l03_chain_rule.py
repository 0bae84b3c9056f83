"""Lesson 3's exercises: sigmoid_prime and graph_backward."""

from __future__ import annotations

from ... import activations
from ..compare import close
from ..exercise import Call, Exercise, Variant
from ..inputs import number


def graph_backward(x: float, y: float, z: float) -> tuple[float, float, float]:
    """Partial derivatives of f = (x·y + z)² by one reverse sweep (lesson 3).

    With q = x·y + z: df/dq = 2q, then df/dx = 2q·y, df/dy = 2q·x, df/dz = 2q.

    Returns
    -------
    (df_dx, df_dy, df_dz) : tuple of floats
    """
    q = x * y + z
    df_dq = 2.0 * q
    return float(df_dq * y), float(df_dq * x), float(df_dq)


Z_AFTER = "z after the call"
SP_1D = "result (z a 1-D array)"
_Z_CHANGED = (
    "z was changed: compute σ(z) into a new array, s = 1 / (1 + np.exp(-z)), instead of "
    "writing into z (np.exp(-z, out=z) or z -= ... changes the caller's array too)"
)


def _case_sigmoid_prime(rng):
    z = rng.uniform(-4, 4, size=(int(rng.integers(2, 4)), int(rng.integers(4, 8))))
    return [
        Call([z], label="when z is a 2-D array"),
        Call(
            [rng.uniform(-4, 4, size=int(rng.integers(4, 8)))],
            kind={"type": "array", "name": SP_1D},
            label="when z is a 1-D array",
        ),
    ]


def _sigmoid_prime_as_sigma(z):
    return activations.sigmoid(z)


def _sigmoid_prime_of_z(z):
    return z * (1 - z)


def _sigmoid_prime_mixed(z):
    return activations.sigmoid(z) * (1 - z)


def _sigmoid_prime_plus(z):
    s = activations.sigmoid(z)
    return s * (1 + s)


_GB_NAMES = ["df_dx", "df_dy", "df_dz"]
_GB_SWAPPED = (
    "df_dx and df_dy are swapped: with q = x·y, dq/dx = y and dq/dy = x; "
    "return (df_dx, df_dy, df_dz) in that order"
)


_GB_NEGATIVE = [f"{n} (where s < 0)" for n in _GB_NAMES]


def _graph_point(rng, sign: float) -> list[float]:
    """A point where s = x·y + z has the given sign, |s| is not small and the three
    partials clearly differ."""
    while True:
        x, y, z = number(rng, -3, 3), number(rng, -3, 3), number(rng, -3, 3)
        grads = graph_backward(x, y, z)
        s = x * y + z
        apart = all(
            abs(abs(a) - abs(b)) > 0.1 * max(abs(a), abs(b))
            for i, a in enumerate(grads)
            for b in grads[i + 1 :]
        )
        if sign * s > 0.5 and apart:
            return [x, y, z]


def _case_graph_backward(rng):
    """Two points, s > 0 and s < 0, so that a 2|s| (from √f, say) is caught every time."""
    return [
        Call(_graph_point(rng, 1.0), label="where s > 0"),
        Call(
            _graph_point(rng, -1.0),
            kind={"type": "tuple", "names": _GB_NEGATIVE},
            label="where s < 0",
        ),
    ]


def _gb_diagnose(payload, got, expected):
    """The right three numbers in another order."""
    if any(got.get(n) is None or got[n].shape != () for n in _GB_NAMES):
        return {}
    g = [float(got[n]) for n in _GB_NAMES]
    e = [float(expected[n]) for n in _GB_NAMES]
    for order in ((1, 0, 2), (0, 2, 1), (2, 1, 0), (1, 2, 0), (2, 0, 1)):
        if all(close(g[i], e[j], 1e-6) for i, j in enumerate(order)):
            if order == (1, 0, 2):
                cause = _GB_SWAPPED
            else:
                cause = "the right values in the wrong order: return (df_dx, df_dy, df_dz)"
            return dict.fromkeys(_GB_NAMES, cause)
    return {}


def _gb_no_two(x, y, z):
    s = x * y + z
    return s * y, s * x, s


def _gb_abs(x, y, z):
    s2 = 2.0 * abs(x * y + z)
    return s2 * y, s2 * x, s2


def _gb_local_only(x, y, z):
    return y, x, 1.0


def _gb_swapped(x, y, z):
    s2 = 2.0 * (x * y + z)
    return s2 * x, s2 * y, s2


EXERCISES = [
    Exercise(
        "l3-sigmoid-prime",
        "sigmoid_prime",
        "03-chain-rule",
        "sigmoid_prime(z)",
        _case_sigmoid_prime,
        {"type": "array", "name": "result", "after": {Z_AFTER: 0}},
        activations.sigmoid_derivative,
        (
            Variant("σ' written as σ: σ'(z) = σ(z)(1 - σ(z))", _sigmoid_prime_as_sigma),
            Variant("z(1 - z) uses z where σ(z) belongs: σ(z)(1 - σ(z))", _sigmoid_prime_of_z),
            Variant(
                "used z instead of σ(z) in the second factor: σ(z)(1 - σ(z))",
                _sigmoid_prime_mixed,
            ),
            Variant("sign: σ(z)(1 - σ(z)), not σ(z)(1 + σ(z))", _sigmoid_prime_plus),
        ),
        causes={Z_AFTER: _Z_CHANGED},
        success="the results for a 2-D and a 1-D z match the reference on fresh random "
        "inputs, and z is left as it was",
        summary="σ(z)(1 − σ(z)) on a random z, 2-D and 1-D.",
    ),
    Exercise(
        "l3-graph-backward",
        "graph_backward",
        "03-chain-rule",
        "graph_backward(x, y, z)",
        _case_graph_backward,
        {"type": "tuple", "names": _GB_NAMES},
        graph_backward,
        (
            Variant(
                "all three are half the right value: the 2 in d(s²)/ds = 2s is missing, or "
                "the add node's gradient was split in half instead of copied to both inputs",
                _gb_no_two,
            ),
            Variant(
                "local gradients only: multiply each by the upstream gradient df/ds = 2s",
                _gb_local_only,
            ),
            Variant(_GB_SWAPPED, _gb_swapped, joint=True),
            Variant(
                "df/ds = 2s keeps the sign of s, and 2·√f is 2|s|: compute s = x·y + z and "
                "use 2 * s",
                _gb_abs,
            ),
        ),
        diagnose=_gb_diagnose,
        success="the three partials match the reference at two random points, one with "
        "s > 0 and one with s < 0",
        summary="for f = (x·y + z)² at two random points (s > 0 and s < 0).",
    ),
]
