"""A tiny reverse-mode automatic differentiation engine on scalars (lesson 9).

A :class:`Value` holds a number (``data``), the derivative of the final output with
respect to it (``grad``, filled in by :meth:`Value.backward`), the Values it was computed
from (``parents``) and, for each parent, the local derivative ∂self/∂parent. Every
operation below computes its result and those local derivatives side by side; the
backward sweep then visits the graph from the output back to the inputs, in reverse
topological order, and adds ``upstream × local`` into each parent's ``grad``: the chain
rule of lesson 3, applied by a program. :class:`Dual` is forward mode, for comparison.
"""

from __future__ import annotations

import math

import numpy as np

from .network import N_LAYERS
from .validate import check_params, check_XY

__all__ = [
    "Value",
    "Dual",
    "topological_order",
    "graph_lists",
    "network_grads",
]

Number = int | float


class Value:
    """A scalar in a computation graph, with the gradient of the output with respect to it.

    Parameters
    ----------
    data : float, the value
    parents : tuple of (Value, local derivative) pairs; empty for an input
    op : str, the operation that made it ("" for an input), for printing
    """

    __slots__ = ("data", "grad", "parents", "op")

    def __init__(self, data: Number, parents: tuple = (), op: str = "") -> None:
        if isinstance(data, bool) or not isinstance(data, (int, float, np.integer, np.floating)):
            raise TypeError(f"Value needs a number; got {type(data).__name__}.")
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.op = op

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # ----- operations: the result, and ∂result/∂each input, side by side
    def __add__(self, other: Value | Number) -> Value:
        other = _lift(other)
        return Value(self.data + other.data, ((self, 1.0), (other, 1.0)), "+")

    def __mul__(self, other: Value | Number) -> Value:
        other = _lift(other)
        return Value(self.data * other.data, ((self, other.data), (other, self.data)), "*")

    def __pow__(self, k: Number) -> Value:
        if not isinstance(k, (int, float)):
            raise TypeError("only a constant power is supported: x ** 2, not x ** y.")
        return Value(self.data**k, ((self, k * self.data ** (k - 1)),), f"**{k}")

    def exp(self) -> Value:
        e = math.exp(self.data)
        return Value(e, ((self, e),), "exp")

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log needs a positive number; got {self.data}.")
        return Value(math.log(self.data), ((self, 1.0 / self.data),), "log")

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return Value(t, ((self, 1.0 - t * t),), "tanh")

    def sigmoid(self) -> Value:
        s = 0.5 * (1.0 + math.tanh(0.5 * self.data))  # = 1/(1 + e^-x), without overflow
        return Value(s, ((self, s * (1.0 - s)),), "σ")

    def relu(self) -> Value:
        return Value(max(self.data, 0.0), ((self, 1.0 if self.data > 0 else 0.0),), "relu")

    # ----- the rest, written with the operations above
    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other: Value | Number) -> Value:
        return self + (-_lift(other))

    def __truediv__(self, other: Value | Number) -> Value:
        return self * _lift(other) ** -1

    def __radd__(self, other: Number) -> Value:
        return self + other

    def __rmul__(self, other: Number) -> Value:
        return self * other

    def __rsub__(self, other: Number) -> Value:
        return _lift(other) - self

    def __rtruediv__(self, other: Number) -> Value:
        return _lift(other) / self

    # ----- the reverse sweep
    def backward(self) -> None:
        """Fill in ``grad`` of every Value this one depends on: ∂self/∂that Value.

        The grads are set to 0 first, so calling it twice gives the same grads.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # every node after all the nodes that use it
            for parent, local in node.parents:
                parent.grad += node.grad * local


def _lift(x: Value | Number) -> Value:
    if isinstance(x, Value):
        return x
    return Value(x)


def topological_order(root: Value) -> list[Value]:
    """Every Value ``root`` depends on, each after its parents, ``root`` last (lesson 9).

    Iterative (no recursion limit), so graphs of thousands of nodes are fine.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value; got {type(root).__name__}.")
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p, _ in node.parents if id(p) not in seen)
    return order


def graph_lists(root: Value) -> tuple[list[list[int]], list[list[float]], list[Value]]:
    """The graph below ``root`` as plain lists, for a reverse sweep written by hand (lesson 9).

    Returns
    -------
    parents : list of n lists; parents[i] holds the indices of node i's parents, all < i
    local : list of n lists; local[i][k] is ∂node_i/∂node_{parents[i][k]}
    nodes : the n Values in topological order; ``nodes[-1]`` is ``root``
    """
    nodes = topological_order(root)
    index = {id(v): i for i, v in enumerate(nodes)}
    parents = [[index[id(p)] for p, _ in v.parents] for v in nodes]
    local = [[float(d) for _, d in v.parents] for v in nodes]
    return parents, local, nodes


class Dual:
    """Forward mode: a number and its derivative along one chosen direction (lesson 9).

    ``Dual(x, 1.0)`` seeds dx/dx = 1; every operation carries ``(value, derivative)``
    forward by the same local rules as :class:`Value`, so one pass gives the derivative
    of the output with respect to one input.
    """

    __slots__ = ("val", "der")

    def __init__(self, val: Number, der: Number = 0.0) -> None:
        self.val, self.der = float(val), float(der)

    def __add__(self, o: Dual | Number) -> Dual:
        o = o if isinstance(o, Dual) else Dual(o)
        return Dual(self.val + o.val, self.der + o.der)

    def __mul__(self, o: Dual | Number) -> Dual:
        o = o if isinstance(o, Dual) else Dual(o)
        return Dual(self.val * o.val, self.der * o.val + self.val * o.der)

    __radd__ = __add__
    __rmul__ = __mul__

    def tanh(self) -> Dual:
        t = math.tanh(self.val)
        return Dual(t, (1.0 - t * t) * self.der)


def network_grads(
    params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """Lesson 5's gradients of the 3-layer network, computed by the engine (lesson 9).

    Every weight, bias and input becomes a :class:`Value`; the forward pass of lesson 4
    is written out unit by unit (ReLU, ReLU, sigmoid, mean binary cross-entropy), and
    one :meth:`Value.backward` gives every gradient. Slow (one Python object per
    operation): use a few examples.

    Parameters
    ----------
    params : dict of W1 (n1, n_x), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1)
    X : ndarray of shape (n_x, m); Y : ndarray of shape (1, m)

    Returns
    -------
    loss : float, the mean loss
    grads : dict dW1 ... db3, each the shape of its parameter
    """
    p = check_params(params, N_LAYERS)
    X, Y = check_XY(X, Y, p["W1"].shape[1])
    V = {k: np.array([[Value(x) for x in row] for row in a], dtype=object) for k, a in p.items()}
    m = X.shape[1]
    total = Value(0.0)
    for i in range(m):
        a = [Value(x) for x in X[:, i]]
        for layer in (1, 2, 3):
            W, b = V[f"W{layer}"], V[f"b{layer}"]
            z = [
                sum((W[r, c] * a[c] for c in range(W.shape[1])), b[r, 0])
                for r in range(W.shape[0])
            ]
            a = [zr.relu() for zr in z] if layer < 3 else [z[0].sigmoid()]
        yhat, y = a[0], float(Y[0, i])
        total = total - (yhat.log() * y + (1 - yhat).log() * (1 - y))
    loss = total / m
    loss.backward()
    grads = {"d" + k: np.vectorize(lambda v: v.grad, otypes=[float])(a) for k, a in V.items()}
    return loss.data, grads
