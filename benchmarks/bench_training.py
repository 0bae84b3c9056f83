"""Time ``helpers.train`` against a plain NumPy loop, and forward + backward against PyTorch.

Usage: python benchmarks/bench_training.py [--repeat N] [--epochs E] [--skip-sizes]

Part 1, the training loop (issue 11). The workload: the [2, 5, 2, 1] network on 300
``make_moons`` points, batch 64, 5,000 epochs (25,000 updates), with SGD, momentum and
Adam. The plain loop is written here the way a course notebook writes it: forward,
backward, a per-parameter update, no checks. It draws the same mini-batches as
``helpers.train`` (one ``rng.permutation`` per epoch from ``default_rng(seed)``) and
records the same two loss curves (the mini-batch loss before each update and the full
training loss after each epoch), so both do the same work and their final losses agree;
both are printed. The two are timed interleaved in this one process, ``--repeat`` times
each; the medians and the ratio plain/helpers are printed with the machine load. The exit
status is 1 if a ratio is below 1.0 (``helpers.train`` slower than the plain loop), or if
PyTorch is installed and part 2's ratio is below 1.5 at some size.

Part 2, ``forward`` + ``backward`` (public, checked) against PyTorch on CPU in float64, at
the sizes below. PyTorch is not a dependency of the course: without it this part prints
"torch not installed: skipped". Its code is kept deliberately simple (autograd on the same
network, ``binary_cross_entropy_with_logits``, PyTorch's default threads). To run it without
making torch part of the course environment, install torch's CPU wheel into a separate
folder (``pip install --target DIR torch``) and put DIR on ``PYTHONPATH`` for this run.

Part 3, ``forward`` + ``backward`` (public, checked) against ``forward_unchecked`` +
``backward_unchecked`` at the same sizes: what the input checks cost per call.

Sizes are (n_x, n1, n2, n_out) with m examples; the course's network has exactly three
layers (``helpers.network.N_LAYERS``). On a shared machine OpenBLAS's worker threads can
stall the two larger sizes by tens of milliseconds a call (seen here: 2 ms becoming 64 ms
after a minute of training in the same process), so parts 2 and 3 run first, and
``OPENBLAS_NUM_THREADS=1`` gives steadier numbers there. Part 1's matrices are too small
for BLAS threads. This is a measurement,
not a test: nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from helpers import Adam, init_params, loss, make_moons, train
from helpers.network import backward, backward_unchecked, forward, forward_unchecked
from helpers.optim import SGD

LAYERS = [2, 5, 2, 1]
M, BATCH, EPOCHS, SEED = 300, 64, 5000, 0
#: name -> (hyperparameters of the plain loop, the same optimizer from helpers)
OPTIMIZERS: dict[str, tuple[dict[str, float], Callable[[], object]]] = {
    "sgd": ({"lr": 0.5}, lambda: SGD(0.5)),
    "momentum": ({"lr": 0.05, "momentum": 0.9}, lambda: SGD(0.05, momentum=0.9)),
    "adam": (
        {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
        lambda: Adam(0.01, betas=(0.9, 0.999), eps=1e-8),
    ),
}
#: (layer sizes, m) for parts 2 and 3
SIZES = [
    ((2, 16, 16, 1), 64),
    ((2, 16, 16, 1), 256),
    ((2, 64, 64, 1), 1000),
    ((784, 128, 64, 1), 256),
]


# ---------------------------------------------------------------- part 1: the plain loop
def plain_loss(z3, Y):
    """Mean binary cross-entropy from the logits z3 (1, m)."""
    return float(np.mean(Y * np.logaddexp(0.0, -z3) + (1.0 - Y) * np.logaddexp(0.0, z3)))


def plain_logits(params, X):
    """z3 (1, m) for all of X: the forward pass without the sigmoid."""
    a1 = np.maximum(0.0, params["W1"] @ X + params["b1"])
    a2 = np.maximum(0.0, params["W2"] @ a1 + params["b2"])
    return params["W3"] @ a2 + params["b3"]


def plain_forward_backward(params, X, Y):
    """One mini-batch: the loss and the gradients, as a notebook writes them."""
    W1, b1, W2, b2, W3, b3 = (params[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    m = X.shape[1]
    z1 = W1 @ X + b1
    a1 = np.maximum(0.0, z1)
    z2 = W2 @ a1 + b2
    a2 = np.maximum(0.0, z2)
    z3 = W3 @ a2 + b3
    yhat = 1.0 / (1.0 + np.exp(-z3))
    dz3 = yhat - Y
    dz2 = (W3.T @ dz3) * (z2 > 0)
    dz1 = (W2.T @ dz2) * (z1 > 0)
    grads = {
        "W3": dz3 @ a2.T / m,
        "b3": np.sum(dz3, axis=1, keepdims=True) / m,
        "W2": dz2 @ a1.T / m,
        "b2": np.sum(dz2, axis=1, keepdims=True) / m,
        "W1": dz1 @ X.T / m,
        "b1": np.sum(dz1, axis=1, keepdims=True) / m,
    }
    return plain_loss(z3, Y), grads


def sgd_update(params, grads, state, t, lr):
    for k in params:
        params[k] -= lr * grads[k]


def momentum_update(params, grads, state, t, lr, momentum):
    for k in params:
        state[k] = momentum * state.get(k, 0.0) + grads[k]
        params[k] -= lr * state[k]


def adam_update(params, grads, state, t, lr, beta1, beta2, eps):
    for k in params:
        g = grads[k]
        m, v = state.get(k, (0.0, 0.0))
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g * g
        state[k] = (m, v)
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        params[k] -= lr * m_hat / (np.sqrt(v_hat) + eps)


UPDATES = {"sgd": sgd_update, "momentum": momentum_update, "adam": adam_update}


def plain_train(params, X, Y, name, hp, epochs, batch_size, seed):
    """The plain loop: same batches and the same two loss curves as helpers.train."""
    update = UPDATES[name]
    rng = np.random.default_rng(seed)
    m = X.shape[1]
    state: dict = {}
    t = 0
    loss_per_update = []
    loss_per_epoch = [plain_loss(plain_logits(params, X), Y)]
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start : start + batch_size]
            batch_loss, grads = plain_forward_backward(params, X[:, idx], Y[:, idx])
            loss_per_update.append(batch_loss)
            t += 1
            update(params, grads, state, t, **hp)
        loss_per_epoch.append(plain_loss(plain_logits(params, X), Y))
    return loss_per_update, loss_per_epoch


def bench_train(repeat: int, epochs: int) -> bool:
    """Part 1. Returns True when helpers.train was at least as fast for every optimizer."""
    X, Y = make_moons(M, seed=SEED)
    print(f"Part 1: helpers.train vs a plain NumPy loop, {LAYERS} on {M} moons points, "
          f"batch {BATCH}, {epochs} epochs ({epochs * -(-M // BATCH)} updates), "
          f"{repeat} interleaved repeats")  # fmt: skip
    print(f"  load average before: {_load()}")
    times = {n: {"plain": [], "helpers": []} for n in OPTIMIZERS}
    final: dict[str, dict[str, float]] = {n: {} for n in OPTIMIZERS}
    for r in range(repeat):
        for name, (hp, make) in OPTIMIZERS.items():
            runs = [("plain", None), ("helpers", make)]
            for kind, maker in runs if r % 2 == 0 else runs[::-1]:
                params = init_params(LAYERS, seed=SEED)
                gc.collect()  # each run starts with nothing left for the collector
                t0 = time.perf_counter()
                if maker is None:
                    plain_train(params, X, Y, name, hp, epochs, BATCH, SEED)
                else:
                    h = train(params, X, Y, maker(), epochs=epochs, batch_size=BATCH, seed=SEED)
                    if h.diverged:
                        raise RuntimeError(f"helpers.train diverged with {name}: {h.message}")
                times[name][kind].append(time.perf_counter() - t0)
                final[name][kind] = loss(params, X, Y)
    print(f"  load average after:  {_load()}")
    print("  medians; 'pairs' is the range of plain/helpers over the repeats (load noise)")
    print(f"  {'optimizer':10s} {'plain (s)':>10s} {'helpers (s)':>12s} {'plain/helpers':>14s}"
          f" {'pairs':>11s}   final loss plain / helpers (|difference|)")  # fmt: skip
    ok = True
    for name in OPTIMIZERS:
        plain, helpers = (statistics.median(times[name][k]) for k in ("plain", "helpers"))
        ratio = plain / helpers
        ok &= ratio >= 1.0
        pairs = [a / b for a, b in zip(times[name]["plain"], times[name]["helpers"], strict=True)]
        lp, lh = final[name]["plain"], final[name]["helpers"]
        print(f"  {name:10s} {plain:10.3f} {helpers:12.3f} {ratio:14.2f} "
              f"{min(pairs):5.2f}-{max(pairs):<5.2f}"
              f"   {lp:.10f} / {lh:.10f} ({abs(lp - lh):.1e})")  # fmt: skip
    return ok


# ----------------------------------------------------- parts 2 and 3: forward + backward
def _problem(dims, m, seed=0):
    rng = np.random.default_rng(seed)
    params = init_params(list(dims), seed=seed)
    X = rng.standard_normal((dims[0], m))
    Y = rng.integers(0, 2, size=(1, m)).astype(np.float64)
    return params, X, Y


def _checked(params, X, Y):
    _, cache = forward(params, X)
    return backward(params, cache, Y)


def _unchecked(params, X, Y):
    _, cache = forward_unchecked(params, X)
    return backward_unchecked(params, cache, Y)


def _per_call(fn: Callable[[], object], n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def _interleaved(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds per call of each function, timed in turn ``repeat`` times."""
    for fn in fns.values():  # warm up, and size n so one timing takes about 20 ms
        fn()
    first = next(iter(fns.values()))
    n = max(1, int(0.02 / max(_per_call(first, 3), 1e-7)))
    samples: dict[str, list[float]] = {k: [] for k in fns}
    for r in range(repeat):
        items = list(fns.items())
        for key, fn in items if r % 2 == 0 else items[::-1]:
            samples[key].append(_per_call(fn, n))
    return {k: statistics.median(v) for k, v in samples.items()}


def _torch_step(dims, m):
    """A forward + backward of the same network in PyTorch (float64, CPU, autograd)."""
    import torch  # noqa: PLC0415 - optional, only when installed

    params, X, Y = _problem(dims, m)
    tp = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    tX = torch.tensor(X, dtype=torch.float64)
    tY = torch.tensor(Y, dtype=torch.float64)

    def step():
        for p in tp.values():
            p.grad = None
        a1 = torch.relu(tp["W1"] @ tX + tp["b1"])
        a2 = torch.relu(tp["W2"] @ a1 + tp["b2"])
        z3 = tp["W3"] @ a2 + tp["b3"]
        torch.nn.functional.binary_cross_entropy_with_logits(z3, tY).backward()

    return step


#: forward + backward must be at least this many times faster than PyTorch's (issue 11)
TORCH_BUDGET = 1.5


def bench_sizes(repeat: int) -> bool:
    """Parts 2 and 3; False if torch is installed and beats the budget at some size."""
    have_torch = importlib.util.find_spec("torch") is not None
    print("Part 2: forward + backward (public, checked) vs PyTorch CPU float64")
    rows3 = []
    for dims, m in SIZES:
        params, X, Y = _problem(dims, m)
        fns = {
            "checked": lambda p=params, x=X, y=Y: _checked(p, x, y),
            "unchecked": lambda p=params, x=X, y=Y: _unchecked(p, x, y),
        }
        if have_torch:
            fns["torch"] = _torch_step(dims, m)
        rows3.append((dims, m, _interleaved(fns, repeat)))
    if not have_torch:
        print("  torch not installed: skipped")
    else:
        print(f"  {'network':18s} {'m':>5s} {'helpers (µs)':>13s} {'torch (µs)':>11s} "
              f"{'torch/helpers':>14s}")  # fmt: skip
        for dims, m, t in rows3:
            ratio = t["torch"] / t["checked"]
            flag = f"  UNDER {TORCH_BUDGET}" if ratio < TORCH_BUDGET else ""
            print(f"  {str(dims):18s} {m:5d} {1e6 * t['checked']:13.1f} "
                  f"{1e6 * t['torch']:11.1f} {ratio:14.2f}{flag}")  # fmt: skip
    print("\nPart 3: forward + backward, public (checked) vs forward_unchecked + "
          "backward_unchecked")  # fmt: skip
    print(f"  {'network':18s} {'m':>5s} {'checked (µs)':>13s} {'unchecked (µs)':>15s} "
          f"{'checked/unchecked':>18s}")  # fmt: skip
    for dims, m, t in rows3:
        print(f"  {str(dims):18s} {m:5d} {1e6 * t['checked']:13.1f} "
              f"{1e6 * t['unchecked']:15.1f} {t['checked'] / t['unchecked']:18.2f}")  # fmt: skip
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    print(f"  load average: {_load()}; OPENBLAS_NUM_THREADS={threads}")
    return not have_torch or all(t["torch"] / t["checked"] >= TORCH_BUDGET for *_, t in rows3)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="interleaved repeats (default 7)")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"default {EPOCHS}")
    parser.add_argument("--skip-sizes", action="store_true", help="run part 1 only")
    args = parser.parse_args(argv)
    sizes_ok = True
    if not args.skip_sizes:  # first, while BLAS's threads are fresh (see the docstring)
        sizes_ok = bench_sizes(args.repeat)
        print()
    ok = bench_train(args.repeat, args.epochs)
    if not ok:
        print("\nhelpers.train was slower than the plain loop for at least one optimizer.")
    if not sizes_ok:
        print(
            f"\nforward + backward was less than {TORCH_BUDGET}× faster than PyTorch at some size."
        )
    return 0 if ok and sizes_ok else 1


if __name__ == "__main__":
    sys.exit(main())
