"""Lesson 7's exercises: iterate_minibatches and sampling_variance.

``iterate_minibatches(X, Y, batch_size, rng)`` is judged by what any right iterator
gives (:func:`helpers.checks.probe.batch_outputs`): the shapes of the batches, each
example once per epoch, labels kept with their examples, a shuffled order that changes
every epoch and that the rng passed in decides, and X and Y left alone.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ...gradient_noise import sampling_variance
from ...training import minibatches
from ..exercise import Call, Exercise, Variant
from ..inputs import number
from ..probe import BATCH_OUTPUTS, Seed, decode

(
    X_SHAPES,
    Y_SHAPES,
    SEEN,
    PAIRED,
    SHUFFLED,
    NEW_ORDER,
    SAME_SEED,
    MIXED,
    REGROUPED,
) = BATCH_OUTPUTS
#: the outputs of the second call, where batch_size divides m
DIVIDES = " (batch_size divides m)"
X_AFTER, Y_AFTER = "X after the calls", "Y after the calls"
EPOCHS = 3

AXIS = (
    "wrong axis: the examples are the columns of X, shape (n_x, m); take X[:, order] "
    "and slice columns, X_batch = X_shuffled[:, start:stop] (X[start:stop] takes rows, "
    "which are features)"
)
NOT_2D = (
    "a batch is not 2-D: X_batch must have shape (n_x, b) and Y_batch (1, b), as "
    "X[:, start:stop] gives (X[:, i] drops the column axis)"
)
DROPS_LAST = (
    "drops the last, smaller batch: go on to the end, for start in range(0, m, "
    "batch_size) (a slice that runs past m just stops there), so every example is used"
)
IGNORED = (
    "the batches do not have batch_size columns: each takes the next batch_size examples "
    "of the shuffled order, and only the last may have fewer (np.array_split makes "
    "near-equal parts instead)"
)
NOT_MIXED = (
    "the order is not shuffled as a whole: each batch holds neighbouring examples of the "
    "data, or the same group every epoch (a rotation, or a shuffle inside fixed blocks); "
    "draw order = rng.permutation(m) over all m examples, then cut it into batches"
)
DIVIDES_CAUSE = (
    "when batch_size divides m an epoch is exactly m / batch_size full batches, with no "
    "empty or repeated batch after them: for start in range(0, m, batch_size) stops there"
)
OVERLAP = (
    "batches overlap: each batch starts where the one before stopped, start in "
    "range(0, m, batch_size), not range(m) or a step of 1"
)
REPEATS = (
    "examples repeat within an epoch while others are missing: draw one permutation per "
    "epoch, order = rng.permutation(m), and cut it into slices (rng.integers or "
    "rng.choice with replacement draws some examples twice)"
)
UNPAIRED = (
    "X and Y are shuffled in different orders, so examples lose their labels: draw one "
    "order = rng.permutation(m) and use it for both, X[:, order] and Y[:, order]"
)
NO_SHUFFLE = (
    "no shuffle: the batches follow the order of the data; draw order = "
    "rng.permutation(m) at every call and take X[:, order], Y[:, order]"
)
SAME_ORDER = (
    "the same order every epoch: draw a new order = rng.permutation(m) at every call, "
    "from the rng passed in, which moves on from epoch to epoch (an order drawn once and "
    "kept, or a generator made inside the function, repeats)"
)
NOT_THE_RNG = (
    "the rng passed in is not used: np.random's global functions (or default_rng() "
    "without a seed) give other batches from the same seed, so a run cannot be "
    "repeated; call rng.permutation(m)"
)
IN_PLACE = (
    "shuffles X or Y in place (rng.shuffle, or X[:] = ...), which reorders the caller's "
    "data: X[:, order] makes a shuffled copy and leaves X alone"
)


def _data(rng, n_x: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    X = np.round(rng.standard_normal((n_x, m)), 6)
    Y = np.zeros((1, m))
    Y[0, rng.permutation(m)[: m // 2]] = 1.0
    return X, Y


def _case_batches(rng):
    """Features n_x ∈ {2, 3}, a batch size 4 or 5 and m in 13..21 one more than a
    multiple of it, so the last batch holds one example; labels with both classes
    (balanced, so labels that left their examples show); a seed for the learner's
    generator. Then an m that the batch size divides, where no smaller batch comes."""
    n_x, b = int(rng.integers(2, 4)), int(rng.integers(4, 6))
    m = b * int(rng.integers(3, 5)) + 1
    X, Y = _data(rng, n_x, m)
    kind = {"type": "batches", "epochs": EPOCHS, "after": {X_AFTER: 0, Y_AFTER: 1}}
    X2, Y2 = _data(rng, n_x, b * int(rng.integers(3, 5)))
    return [
        Call([X, Y, b, Seed(int(rng.integers(0, 2**31)))], kind=kind),
        Call(
            [X2, Y2, b, Seed(int(rng.integers(0, 2**31)))],
            kind={"type": "batches", "epochs": 2, "suffix": DIVIDES},
            label="when batch_size divides m",
        ),
    ]


def _sizes(m: int, b: int) -> list[int]:
    return [min(b, m - start) for start in range(0, m, b)]


def _diagnose_batches(payload: Mapping, got, expected) -> dict[str, str]:
    """The likely mistake behind each wrong output, read off the batches' shapes first
    (they decide whether the rest can be read at all), then the examples' counts, the
    labels, the order and the generator."""
    X, Y, b, _ = decode(payload["args"])
    n_x, m = X.shape
    shapes, y_shapes = got.get(X_SHAPES), got.get(Y_SHAPES)
    if shapes is None or y_shapes is None:
        return {}
    every = [*BATCH_OUTPUTS, *(n + DIVIDES for n in BATCH_OUTPUTS), X_AFTER, Y_AFTER]
    moved = [n for n in (X_AFTER, Y_AFTER) if n in got and n in expected]
    if any(not np.array_equal(got[n], expected[n]) for n in moved):
        # the order and labels were read against the data as it was left: say only this
        return dict.fromkeys(every, IN_PLACE)
    if np.any(shapes == -1) or np.any(y_shapes == -1):
        return dict.fromkeys(every, NOT_2D)
    if np.any(shapes[:, 0] != n_x) or np.any(y_shapes[:, 0] != 1):
        return dict.fromkeys(every, AXIS)
    causes: dict[str, str] = {}
    sizes = [int(n) for n in shapes[:, 1]]
    right = _sizes(m, b)
    shape_cause = ""
    if sizes != right:
        if sizes == right[:-1]:
            shape_cause = DROPS_LAST
        elif len(sizes) > len(right) and np.any(got.get(SEEN, np.zeros(1)) > 1):
            shape_cause = OVERLAP
        else:
            shape_cause = IGNORED
        causes.update(dict.fromkeys([X_SHAPES, Y_SHAPES, SEEN, PAIRED], shape_cause))
    elif not np.array_equal(got.get(SEEN), expected[SEEN]):
        causes[SEEN] = REPEATS
    if PAIRED not in causes and SEEN not in causes:
        causes[PAIRED] = UNPAIRED
    if np.any(got.get(SHUFFLED, np.ones(1)) == 0):
        causes[SHUFFLED] = causes[NEW_ORDER] = NO_SHUFFLE
        causes[MIXED] = causes[REGROUPED] = NO_SHUFFLE
    else:
        causes[NEW_ORDER] = SAME_ORDER
        causes[MIXED] = causes[REGROUPED] = NOT_MIXED
    causes[SAME_SEED] = NOT_THE_RNG
    causes[X_AFTER] = causes[Y_AFTER] = IN_PLACE
    # the second call's outputs: its own cause for the shapes (the main call's were
    # right), else the same as the main call's
    for name in BATCH_OUTPUTS:
        if name in (X_SHAPES, Y_SHAPES, SEEN) and name not in causes:
            causes[name + DIVIDES] = DIVIDES_CAUSE
        elif name in causes:
            causes[name + DIVIDES] = causes[name]
    return causes


def _shuffled(X, Y, rng):
    order = rng.permutation(X.shape[1])
    return X[:, order], Y[:, order]


def _slices(X, Y, b):
    for start in range(0, X.shape[1], b):
        yield X[:, start : start + b], Y[:, start : start + b]


def _no_shuffle(X, Y, batch_size, rng):
    yield from _slices(X, Y, batch_size)


def _two_orders(X, Y, batch_size, rng):
    m = X.shape[1]
    yield from _slices(X[:, rng.permutation(m)], Y[:, rng.permutation(m)], batch_size)


def _drops_last(X, Y, batch_size, rng):
    Xs, Ys = _shuffled(X, Y, rng)
    for start in range(0, X.shape[1] - batch_size + 1, batch_size):
        yield Xs[:, start : start + batch_size], Ys[:, start : start + batch_size]


def _reseeded(X, Y, batch_size, rng):
    yield from _slices(*_shuffled(X, Y, np.random.default_rng(0)), batch_size)


def _global_rng(X, Y, batch_size, rng):
    order = np.random.permutation(X.shape[1])  # noqa: NPY002 - the mistake itself
    yield from _slices(X[:, order], Y[:, order], batch_size)


def _overlapping(X, Y, batch_size, rng):
    Xs, Ys = _shuffled(X, Y, rng)
    for start in range(X.shape[1]):
        yield Xs[:, start : start + batch_size], Ys[:, start : start + batch_size]


def _with_replacement(X, Y, batch_size, rng):
    m = X.shape[1]
    for size in _sizes(m, batch_size):
        idx = rng.integers(0, m, size=size)
        yield X[:, idx], Y[:, idx]


def _rows(X, Y, batch_size, rng):
    Xs, Ys = _shuffled(X, Y, rng)
    for start in range(0, X.shape[1], batch_size):
        yield Xs[start : start + batch_size], Ys[start : start + batch_size]


def _one_batch(X, Y, batch_size, rng):
    yield _shuffled(X, Y, rng)


def _in_place(X, Y, batch_size, rng):
    order = rng.permutation(X.shape[1])
    X[:] = X[:, order]
    Y[:] = Y[:, order]
    yield from _slices(X, Y, batch_size)


def _column_per_example(X, Y, batch_size, rng):
    Xs, Ys = _shuffled(X, Y, rng)
    for i in range(X.shape[1]):
        yield Xs[:, i], Ys[:, i]


def _case_variance(rng):
    """σ² and m, and every batch size 1..m at once (an int array); then one int b."""
    m = int(rng.integers(20, 60))
    sigma2 = number(rng, 0.5, 5.0)
    b = int(rng.integers(2, m - 1))
    return [
        Call([sigma2, m, np.arange(1, m + 1)], label="with b = np.arange(1, m + 1)"),
        Call([sigma2, m, b], kind={"type": "number", "name": "at one b"}, label="with one b"),
    ]


def _variance_error(message: str, payload: Mapping) -> str:
    if "ambiguous" in message or "only integer" in message:
        return (
            "b may be an array of batch sizes: write the formula with + - * / and "
            "np functions, which work on arrays, not if or math.sqrt"
        )
    return ""


EXERCISES = [
    Exercise(
        "l7-minibatches",
        "iterate_minibatches",
        "07-minibatch",
        "iterate_minibatches(X, Y, batch_size, rng)",
        _case_batches,
        {"type": "batches", "epochs": EPOCHS},
        minibatches,
        (
            Variant(NO_SHUFFLE, _no_shuffle),
            Variant(UNPAIRED, _two_orders),
            Variant(DROPS_LAST, _drops_last),
            Variant(SAME_ORDER, _reseeded),
            Variant(NOT_THE_RNG, _global_rng),
            Variant(OVERLAP, _overlapping),
            Variant(REPEATS, _with_replacement),
            Variant(AXIS, _rows),
            Variant(IGNORED, _one_batch),
            Variant(IN_PLACE, _in_place),
            Variant(NOT_2D, _column_per_example),
        ),
        diagnose=_diagnose_batches,
        success=(
            f"over {EPOCHS} epochs every example came once per epoch with its label, in "
            "batches of batch_size and a smaller last one, in a new order each epoch that "
            "the rng decides"
        ),
        summary="every example once per epoch, reshuffled each epoch, last batch kept.",
    ),
    Exercise(
        "l7-variance",
        "sampling_variance",
        "07-minibatch",
        "sampling_variance(sigma2, m, b)",
        _case_variance,
        {"type": "array", "name": "variance"},
        sampling_variance,
        (
            Variant(
                "the with-replacement formula σ²/b: drawing without replacement multiplies "
                "it by (m − b)/(m − 1), which is 0 at b = m (the full batch has no noise)",
                lambda s, m, b: s / b,
            ),
            Variant(
                "(m − b)/m instead of (m − b)/(m − 1): the factor is 1 at b = 1 (one example "
                "has variance σ² whichever way it is drawn)",
                lambda s, m, b: s / b * (m - b) / m,
            ),
            Variant(
                "σ² · b: the variance falls as the batch grows, σ²/b",
                lambda s, m, b: s * b * (m - b) / (m - 1),
            ),
            Variant(
                "σ²/b²: the mean of b draws has variance σ²/b (their sum has b·σ², and "
                "dividing the sum by b divides that by b²)",
                lambda s, m, b: s / b**2 * (m - b) / (m - 1),
            ),
            Variant(
                "a standard deviation (the square root): return the variance itself, "
                "σ²/b · (m − b)/(m − 1)",
                lambda s, m, b: np.sqrt(s / b * (m - b) / (m - 1)),
            ),
        ),
        on_error=_variance_error,
        summary="the variance of a mini-batch gradient, σ²/b · (m − b)/(m − 1).",
    ),
]
