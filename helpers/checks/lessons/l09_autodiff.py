"""Lesson 9's exercises: two local backward rules and the reverse sweep.

``mul_backward`` and ``tanh_backward`` are the rules :class:`helpers.autodiff.Value`
stores for ``*`` and ``tanh``; ``reverse_sweep`` is its :meth:`~helpers.autodiff.Value.backward`
on a graph given as plain lists. The checks draw random graphs from the engine itself,
with values used more than once, so a sweep that overwrites instead of adding is caught.
"""

from __future__ import annotations

import math

import numpy as np

from ...autodiff import Value, graph_lists
from ..exercise import Call, Exercise, Variant
from ..inputs import number, sign


def mul_backward(a: float, b: float, grad_out: float) -> tuple[float, float]:
    """The backward rule of out = a · b (lesson 9).

    Parameters
    ----------
    a, b : float, the inputs
    grad_out : float, ∂L/∂out, the gradient arriving from above

    Returns
    -------
    (grad_a, grad_b) : ∂L/∂a = grad_out · b and ∂L/∂b = grad_out · a
    """
    return grad_out * b, grad_out * a


def tanh_backward(x: float, out: float, grad_out: float) -> float:
    """The backward rule of out = tanh(x) (lesson 9): ∂L/∂x = grad_out · (1 − out²).

    Parameters
    ----------
    x : float, the input; out : float, tanh(x), kept by the forward pass
    grad_out : float, ∂L/∂out

    Returns
    -------
    grad_x : float
    """
    return grad_out * (1.0 - out**2)


def reverse_sweep(parents: list[list[int]], local: list[list[float]]) -> np.ndarray:
    """The reverse sweep over a graph in topological order (lesson 9).

    Parameters
    ----------
    parents : list of n lists; parents[i] holds the indices (all < i) of the nodes node i
        was computed from
    local : list of n lists; local[i][k] is ∂node_i/∂node_{parents[i][k]}

    Returns
    -------
    grads : ndarray of shape (n,), grads[j] = ∂node_{n-1}/∂node_j; grads[n - 1] = 1
    """
    n = len(parents)
    grads = np.zeros(n)
    grads[n - 1] = 1.0
    for i in reversed(range(n)):
        for j, d in zip(parents[i], local[i], strict=True):
            grads[j] += grads[i] * d
    return grads


# ------------------------------------------------------------------ cases


def _case_mul(rng):
    """Distinct a and b (so swapping them shows), a negative grad_out (so its sign must
    come through), then grad_out = 1."""
    a = number(rng, 0.5, 3.0) * sign(rng)
    b = -a * number(rng, 1.5, 3.0)
    return [
        Call([a, b, -number(rng, 0.5, 2.0)]),
        Call(
            [number(rng, -3, 3), number(rng, 4, 6), 1.0],
            kind={"type": "tuple", "names": ["grad_a (grad_out = 1)", "grad_b (grad_out = 1)"]},
            label="with grad_out = 1",
        ),
    ]


def _case_tanh(rng):
    """x away from 0 (where tanh(x) ≈ x would hide a rule written with x)."""
    x = number(rng, 0.6, 2.0) * sign(rng)
    return [Call([x, math.tanh(x), number(rng, 0.5, 2.0) * sign(rng)])]


def _graph(rng: np.random.Generator) -> tuple[list[list[int]], list[list[float]]]:
    """A random expression of 3 inputs, 8 to 12 operations, with values used twice."""
    while True:
        nodes = [Value(number(rng, -1.5, 1.5)) for _ in range(3)]
        for _ in range(int(rng.integers(8, 13))):
            a, b = (nodes[int(k)] for k in rng.choice(len(nodes), size=2))
            kind = int(rng.integers(4))
            new = [a + b, a * b, (a * 0.7).tanh(), a * b + a][kind]
            nodes.append(new)
        out = nodes[-1] + nodes[-2] * nodes[3]
        parents, local, _ = graph_lists(out)
        # keep a graph where some value feeds two nodes ("=" instead of "+=" must show),
        # one node uses a value twice (a * a: both contributions count), and a
        # breadth-first walk from the output passes a gradient on before it is complete
        uses = np.bincount([j for row in parents for j in row], minlength=len(parents))
        right = reverse_sweep(parents, local)
        if (
            uses.max() >= 2
            and not np.allclose(_one_use_per_parent(parents, local), right)
            and not np.allclose(_breadth_first(parents, local), right)
        ):
            return parents, local


def _case_sweep(rng):
    return [Call(list(_graph(rng)))]


# ------------------------------------------------------------------ mistakes


def _one_use_per_parent(parents, local):
    """The sweep with each node's parents made unique (a dict), so a * a counts once."""
    grads = np.zeros(len(parents))
    grads[-1] = 1.0
    for i in reversed(range(len(parents))):
        for j, d in dict(zip(parents[i], local[i], strict=True)).items():
            grads[j] += grads[i] * d
    return grads


def _breadth_first(parents, local):
    """A walk from the output that passes each node on when first reached."""
    grads = np.zeros(len(parents))
    grads[-1] = 1.0
    queue, seen = [len(parents) - 1], {len(parents) - 1}
    while queue:
        i = queue.pop(0)
        for j, d in zip(parents[i], local[i], strict=True):
            grads[j] += grads[i] * d
            if j not in seen:
                seen.add(j)
                queue.append(j)
    return grads


def _sweep_with(form: str):
    def wrong(parents, local):
        n = len(parents)
        grads = np.ones(n) if form == "ones" else np.zeros(n)
        grads[0 if form == "seed_first" else n - 1] = 0.0 if form == "no_seed" else 1.0
        order = range(n) if form == "forward" else reversed(range(n - (form == "skip_last")))
        for i in order:
            for j, d in zip(parents[i], local[i], strict=True):
                if form == "overwrite":
                    grads[j] = grads[i] * d
                elif form == "no_upstream":
                    grads[j] += d
                else:
                    grads[j] += grads[i] * d
        return grads

    return wrong


EXERCISES = [
    Exercise(
        "l9-mul-backward",
        "mul_backward",
        "09-autodiff",
        "mul_backward(a, b, grad_out)",
        _case_mul,
        {"type": "tuple", "names": ["grad_a", "grad_b"]},
        mul_backward,
        (
            Variant(
                "grad_a and grad_b are swapped: ∂(a·b)/∂a is b, so grad_a = grad_out * b",
                lambda a, b, g: (g * a, g * b),
                joint=True,
            ),
            Variant(
                "grad_a uses a itself: ∂(a·b)/∂a is b, the other input, so grad_a = grad_out * b",
                lambda a, b, g: (g * a, g * a),
            ),
            Variant(
                "grad_b uses b itself: ∂(a·b)/∂b is a, the other input, so grad_b = grad_out * a",
                lambda a, b, g: (g * b, g * b),
            ),
            Variant(
                "grad_out is missing: multiply the local derivative by the gradient from "
                "above, grad_a = grad_out * b",
                lambda a, b, g: (b, a),
            ),
            Variant(
                "that is the rule of a + b (both get grad_out); for a · b each input gets "
                "grad_out times the other input",
                lambda a, b, g: (g, g),
            ),
        ),
        summary="with a ≠ b and grad_out ≠ 1.",
    ),
    Exercise(
        "l9-tanh-backward",
        "tanh_backward",
        "09-autodiff",
        "tanh_backward(x, out, grad_out)",
        _case_tanh,
        {"type": "number", "name": "grad_x"},
        tanh_backward,
        (
            Variant(
                "tanh'(x) is 1 - tanh(x)**2 = 1 - out**2, not 1 - x**2",
                lambda x, o, g: g * (1 - x**2),
            ),
            Variant(
                "that is the sigmoid's rule, out * (1 - out); tanh's is 1 - out**2",
                lambda x, o, g: g * o * (1 - o),
            ),
            Variant("the square is missing: 1 - out**2", lambda x, o, g: g * (1 - o)),
            Variant(
                "out is already tanh(x): use 1 - out**2, not 1 - tanh(out)**2",
                lambda x, o, g: g * (1 - math.tanh(o) ** 2),
            ),
            Variant(
                "grad_out is missing: return grad_out * (1 - out**2)", lambda x, o, g: 1 - o**2
            ),
        ),
        summary="at x away from 0.",
    ),
    Exercise(
        "l9-reverse-sweep",
        "reverse_sweep",
        "09-autodiff",
        "reverse_sweep(parents, local)",
        _case_sweep,
        {"type": "array", "name": "grads"},
        reverse_sweep,
        (
            Variant(
                "a node used twice keeps only one contribution: add into grads[j] (+=), "
                "since every path to the output counts",
                _sweep_with("overwrite"),
            ),
            Variant(
                "the sweep runs forwards: visit the nodes from the last to the first, "
                "for i in reversed(range(n)), so each node's grad is complete before it "
                "is passed on",
                _sweep_with("forward"),
            ),
            Variant(
                "the upstream gradient is missing: grads[j] += grads[i] * local[i][k]",
                _sweep_with("no_upstream"),
            ),
            Variant(
                "the output's own gradient must start at 1: grads[n - 1] = 1.0 before the sweep",
                _sweep_with("no_seed"),
            ),
            Variant(
                "the 1 goes on the output, the last node: grads[n - 1] = 1.0, not grads[0]",
                _sweep_with("seed_first"),
            ),
            Variant(
                "start from zeros, with only grads[n - 1] = 1.0: every other gradient is "
                "built up by the sweep",
                _sweep_with("ones"),
            ),
            Variant(
                "a node that uses one value twice (a * a) passes on two contributions: "
                "loop over the pairs, for j, d in zip(parents[i], local[i]), not a dict",
                _one_use_per_parent,
            ),
            Variant(
                "a node was passed on before its gradient was complete: a breadth-first "
                "walk from the output reaches a node before every node that uses it; "
                "sweep the nodes in reverse creation order, for i in reversed(range(n))",
                _breadth_first,
            ),
            Variant(
                "the loop skips the output node: start at i = n - 1, for i in "
                "reversed(range(n)), so the output passes its gradient on too",
                _sweep_with("skip_last"),
            ),
        ),
        rtol=1e-9,
        summary="on random graphs in which some values are used twice, one node uses a "
        "value twice, and a breadth-first walk would go wrong.",
    ),
]
