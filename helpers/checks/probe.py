"""Call a learner's function on an encoded test case and return plain arrays.

This module is the only code of the checks that runs *inside* the learner's kernel
when a notebook is graded: the grader sends its source text (it is not imported from
the kernel's ``sys.modules``, where a notebook could have replaced it), together with a
case encoded as JSON. What comes back is JSON holding ``.npy`` bytes of float64
arrays, read with ``allow_pickle=False``: never an object the notebook made.

The in-notebook checks use the same functions, so a learner and the grader see the
same behaviour. It depends on NumPy and the standard library only.
"""

from __future__ import annotations

import base64
import io
import linecache
import os
import re
import traceback
from collections.abc import Mapping
from enum import Enum

import numpy as np

#: The largest array (number of entries) a probe sends back.
MAX_ENTRIES = 100_000


class Status(str, Enum):
    """Every status a check, the probe or the grader gives an exercise: one list.

    A ``str`` too, so it compares equal to its value and travels as plain JSON.
    """

    OK = "ok"  # the probe: the function returned something readable
    PASSED = "passed"  # the outputs match the reference
    FAILED = "failed"  # wrong values or shapes
    NOT_ATTEMPTED = "not-attempted"  # the function still raises NotImplementedError
    ERROR = "error"  # the function raised
    BAD_OUTPUT = "bad-output"  # a value of the wrong kind
    NOT_A_FUNCTION = "not-a-function"  # the name is missing or not callable
    REFERENCE = "reference"  # the reference from helpers was passed in
    TIMEOUT = "timeout"  # the grader: the check ran out of time

    def __str__(self) -> str:
        return self.value


class BadOutput(Exception):
    """The function returned something of the wrong kind (message says what)."""


# ---------------------------------------------------------------- encoding


def encode_array(a: np.ndarray) -> dict:
    """A float64 array as ``{"__npy__": base64 of its .npy bytes}``."""
    buf = io.BytesIO()
    np.save(buf, np.asarray(a, dtype=np.float64, order="C"), allow_pickle=False)
    return {"__npy__": base64.b64encode(buf.getvalue()).decode("ascii")}


def decode_array(obj: dict) -> np.ndarray:
    """Inverse of :func:`encode_array`; refuses pickles, non-float data and huge arrays."""
    raw = base64.b64decode(obj["__npy__"].encode("ascii"), validate=True)
    a = np.load(io.BytesIO(raw), allow_pickle=False)
    if not isinstance(a, np.ndarray) or a.dtype != np.float64:
        raise BadOutput("an encoded array is not float64")
    if a.size > MAX_ENTRIES:
        raise BadOutput(f"an array with {a.size} entries is too large")
    return a


def encode(value):
    """Encode a case: nested dicts/lists of arrays, numbers, strings and functions.

    Arrays become ``{"__npy__": ...}``; a :class:`Source` (a function given as Python
    source text) becomes ``{"__fn__": text}``; a :class:`Seed` becomes ``{"__rng__": n}``;
    everything else must be JSON already.
    """
    if isinstance(value, np.ndarray):
        return encode_array(value)
    if isinstance(value, Source):
        return {"__fn__": value.text}
    if isinstance(value, Seed):
        return {"__rng__": value.seed}
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    raise TypeError(f"cannot encode {type(value).__name__}")


def decode(value):
    """Inverse of :func:`encode`: arrays, functions compiled from their source, and a
    fresh ``np.random.default_rng(n)`` for each seed (so decoding twice replays it)."""
    if isinstance(value, dict):
        if "__npy__" in value:
            return decode_array(value)
        if "__fn__" in value:
            return make_function(value["__fn__"])
        if "__rng__" in value:
            return np.random.default_rng(int(value["__rng__"]))
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


class Source:
    """A function given as the text of a Python expression in ``x`` (uses ``np``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Source({self.text!r})"


class Seed:
    """A NumPy Generator as a case's argument: decoded as ``np.random.default_rng(seed)``."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)

    def __repr__(self) -> str:
        return f"Seed({self.seed})"


def make_function(text: str):
    """Compile ``text`` (e.g. ``"lambda x: 2.0 * np.sin(x)"``) with NumPy as ``np``."""
    return eval(compile(text, "<check input>", "eval"), {"np": np, "__builtins__": {}})


# ---------------------------------------------------------------- normalising outputs


def _describe(value) -> str:
    name = type(value).__name__
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (tuple, list)):
        return f"a {name} of {len(value)} value{'s' if len(value) != 1 else ''}"
    return f"a {name}"


_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def as_array(value, what: str) -> np.ndarray:
    """``value`` as a float64 array, or :class:`BadOutput` saying what it was."""
    if isinstance(value, (str, bytes, dict)) or value is None:
        raise BadOutput(f"{what} is {_describe(value)}; expected numbers in a NumPy array")
    try:
        a = np.array(value, dtype=np.float64)
    except Exception:  # an object NumPy cannot turn into numbers
        raise BadOutput(
            f"{what} is {_describe(value)}; expected numbers in a NumPy array"
        ) from None
    if type(a) is not np.ndarray or a.dtype != np.float64:
        raise BadOutput(f"{what} is {_describe(value)}; expected a NumPy array of numbers")
    if a.size > MAX_ENTRIES:
        raise BadOutput(f"{what} has {a.size} entries, far more than expected")
    return a


def as_number(value, what: str) -> np.ndarray:
    """A single number as a 0-d float64 array; an array of shape (1, 1) is refused."""
    a = as_array(value, what)
    if a.ndim != 0:
        raise BadOutput(
            f"{what} is an array of shape {a.shape}; return a single number, "
            "e.g. float(...) of your result"
        )
    return a


def kept_name(label: str, name: str) -> str:
    """The output name of an entry of a dict argument after the call: params['W1'] after."""
    return f"{label}['{name}'] after the call"


def normalise(kind: Mapping, raw, args: list) -> dict[str, np.ndarray]:
    """Turn a function's return value into named float64 arrays, as ``kind`` describes.

    ``kind["type"]`` is one of ``array`` (one array ``name``), ``number`` (a single
    number), ``tuple`` (numbers named ``names``), ``dict`` (arrays under ``names``),
    ``forward`` (a pair ``(yhat, cache)``; the cache must hold ``names``, and also the
    keys of ``kind["needs"]``, a mapping key -> why; those in ``kind["compared"]`` are
    compared too, as outputs named ``cache['X']``), ``batches``
    (the epochs read by :func:`invoke` from a mini-batch iterator; see
    :func:`batch_outputs`; ``kind["suffix"]`` is added to their names). With
    ``kind["after"] = {"x_after": i}`` the i-th argument is also reported after the call;
    with ``kind["updated"] = {"arg": i, "names": [...]}`` the i-th argument is a dict
    the function must update in place, and each named entry is reported after the call
    as ``"<name> after"`` (lesson 6's training loop); with ``kind["kept"]``, a list of
    (argument index, label, names), each named entry of those dict arguments is
    reported after the call, for functions that must leave them alone (lesson 5).
    Booleans and integers count as numbers (True is 1.0): the values are what is judged.
    A ``tuple`` may come as a list or a 1-D array of the right length too. With
    ``kind["ndarray"]`` an ``array`` result must be a NumPy array, not a list of the right
    numbers (lessons 2 and 8, whose next cells compute with the result).
    """
    t = kind["type"]
    out: dict[str, np.ndarray] = {}
    if t == "array":
        if kind.get("ndarray") and not isinstance(raw, np.ndarray):
            raise BadOutput(
                f"the result is {_describe(raw)}, not a NumPy array; return np.array(...) "
                "of it: the cells that use it do arithmetic and indexing on it"
            )
        out[kind["name"]] = as_array(raw, "the result")
    elif t == "number":
        out[kind["name"]] = as_number(raw, "the result")
    elif t == "tuple":
        names = kind["names"]
        if isinstance(raw, np.ndarray) and raw.ndim == 1:
            raw = list(raw)
        if not isinstance(raw, (tuple, list)) or len(raw) != len(names):
            count = _WORDS.get(len(names), str(len(names)))
            raise BadOutput(
                f"the result is {_describe(raw)}; return {count} numbers ({', '.join(names)})"
            )
        for name, v in zip(names, raw, strict=True):
            out[name] = as_number(v, name)
    elif t == "dict":
        if not isinstance(raw, Mapping):
            raise BadOutput(
                f"the result is {_describe(raw)}; expected a dict with keys "
                f"{', '.join(kind['names'])}"
            )
        for name in kind["names"]:
            if name not in raw:
                raise BadOutput(f"the dict you returned has no key '{name}'")
            out[name] = as_array(raw[name], name)
    elif t == "forward":
        if not isinstance(raw, (tuple, list)) or len(raw) != 2:
            raise BadOutput(f"the result is {_describe(raw)}; expected a pair (yhat, cache)")
        yhat, cache = raw
        out["yhat"] = as_array(yhat, "yhat")
        if not isinstance(cache, Mapping):
            raise BadOutput(f"cache is {_describe(cache)}; expected a dict")
        for name in kind["names"]:
            if name not in cache:
                raise BadOutput(f"cache has no key '{name}'; store every z and a in it")
            if name != "yhat":
                out[name] = as_array(cache[name], f"cache['{name}']")
        for name, why in kind.get("needs", {}).items():
            if name not in cache:
                raise BadOutput(f"cache needs '{name}' too: {why}")
        for name in kind.get("compared", ()):  # cache entries judged like outputs
            out[f"cache['{name}']"] = as_array(cache[name], f"cache['{name}']")
    elif t == "batches":
        suffix = kind.get("suffix", "")
        out.update({name + suffix: v for name, v in batch_outputs(raw, args).items()})
    else:  # pragma: no cover - registry error
        raise ValueError(f"unknown output kind {t!r}")
    for name, index in kind.get("after", {}).items():
        out[name] = as_array(args[index], name)
    for index, label, names in kind.get("kept", ()):  # dict arguments to leave alone
        target = args[index]
        if not isinstance(target, Mapping):
            raise BadOutput(f"{label} became {_describe(target)}; leave it as it was")
        for name in names:
            if name not in target:
                raise BadOutput(f"{label} has no key '{name}' after the call; leave it alone")
            out[kept_name(label, name)] = as_array(target[name], kept_name(label, name))
    updated = kind.get("updated")
    if updated:
        target = args[updated["arg"]]
        if not isinstance(target, Mapping):  # the function rebound or replaced it
            raise BadOutput(f"the dict of parameters became {_describe(target)}")
        for name in updated["names"]:
            if name not in target:
                raise BadOutput(
                    f"params has no key '{name}' after the call; update the entries of "
                    "the dict, do not remove them"
                )
            out[f"{name} after"] = as_array(target[name], f"params['{name}'] after the call")
    return out


# ---------------------------------------------------------------- mini-batch iterators

#: the output names of a ``batches`` kind, as a learner reads them in a report
BATCH_OUTPUTS = (
    "X_batch shapes (epoch 1)",
    "Y_batch shapes (epoch 1)",
    "times each example is seen",
    "labels paired with their examples",
    "order shuffled",
    "order new each epoch",
    "same batches again from the same seed",
    "batches mix examples from all over the data",
    "batches regrouped each epoch",
)


def read_epoch(result, m: int) -> list:
    """The batches of one call of a mini-batch iterator (a generator or a list).

    Reads at most m + 1 batches: an epoch of m examples has at most m, so an endless
    generator is cut off instead of hanging the check.
    """
    not_batches = (
        f"the result is {_describe(result)}; expected the epoch's batches: yield "
        "(X_batch, Y_batch) pairs in a loop (or return a list of them)"
    )
    if isinstance(result, (np.ndarray, str, bytes, Mapping)) or result is None:
        raise BadOutput(not_batches)
    if (
        isinstance(result, tuple)
        and len(result) == 2
        and all(isinstance(v, np.ndarray) for v in result)
    ):
        raise BadOutput(
            "the result is one pair (X_batch, Y_batch); an epoch has several batches: "
            "yield each pair in a loop (or return a list of pairs)"
        )
    try:
        iterator = iter(result)
    except TypeError:
        raise BadOutput(not_batches) from None
    batches = []
    for item in iterator:
        batches.append(item)
        if len(batches) > m:
            break
    return batches


def _shape2(a: np.ndarray) -> list[float]:
    return [float(n) for n in a.shape] if a.ndim == 2 else [-1.0, -1.0]


def batch_outputs(raw: Mapping, args: list) -> dict[str, np.ndarray]:
    """What is judged of a mini-batch iterator, as named arrays (:data:`BATCH_OUTPUTS`).

    ``raw`` holds ``epochs`` (the batches of each call with one generator, which goes
    on) and ``again`` (one call with a generator seeded the same way as the first);
    ``args`` starts with X (n_x, m) and Y (1, m). An example is recognised by its column
    of X, whatever order the batches put it in, so every right iterator gives the same
    arrays: the shapes of epoch 1's batches, how often each example comes in each epoch,
    how many keep their own label, whether each epoch's order differs from the data's
    and from the epoch before, and whether the same seed gives the same batches.
    """
    X, Y = np.asarray(args[0]), np.asarray(args[1])
    n_x, m = X.shape
    ids = {X[:, j].tobytes(): j for j in range(m)}

    def run(batch: list[int]) -> bool:
        """Whether a batch is a run of neighbouring examples (wrapping round at m)."""
        have = set(batch)
        return len(batch) < 2 or any(
            all((j + i) % m in have for i in range(len(have))) for j in have
        )

    def read(batches: list, epoch: int):
        shapes, order, counts, paired, groups = [], [], np.zeros(m), 0, []
        for k, item in enumerate(batches, 1):
            if not isinstance(item, (tuple, list)) or len(item) != 2:
                raise BadOutput(
                    f"batch {k} of epoch {epoch} is {_describe(item)}; yield pairs "
                    "(X_batch, Y_batch)"
                )
            Xb = as_array(item[0], f"X_batch {k}")
            Yb = as_array(item[1], f"Y_batch {k}")
            shapes.append(_shape2(Xb) + _shape2(Yb))
            if Xb.ndim != 2 or Xb.shape[0] != n_x:
                continue
            Xb = np.ascontiguousarray(Xb)
            groups.append([])
            for c in range(Xb.shape[1]):
                j = ids.get(Xb[:, c].tobytes())
                if j is None:
                    continue
                groups[-1].append(j)
                order.append(j)
                counts[j] += 1
                if Yb.ndim == 2 and Yb.shape == (1, Xb.shape[1]) and Yb[0, c] == Y[0, j]:
                    paired += 1
        shapes = np.array(shapes, dtype=np.float64).reshape(-1, 4)
        return shapes, order, counts, paired, [g for g in groups if g]

    epochs = [read(b, e) for e, b in enumerate(raw["epochs"], 1)]
    shapes_again, order_again, *_ = read(raw["again"], 1)
    parts = [frozenset(frozenset(g) for g in e[4]) for e in epochs]
    shapes, first_order = epochs[0][0], epochs[0][1]
    orders = [e[1] for e in epochs]
    same_again = np.array_equal(shapes_again, shapes) and order_again == first_order
    return {
        BATCH_OUTPUTS[0]: shapes[:, :2].copy(),
        BATCH_OUTPUTS[1]: shapes[:, 2:].copy(),
        BATCH_OUTPUTS[2]: np.array([e[2] for e in epochs]),
        BATCH_OUTPUTS[3]: np.array([float(e[3]) for e in epochs]),
        BATCH_OUTPUTS[4]: np.array([float(o != sorted(o)) for o in orders]),
        BATCH_OUTPUTS[5]: np.array(
            [float(a != b) for a, b in zip(orders[:-1], orders[1:], strict=True)]
        ),
        BATCH_OUTPUTS[6]: np.array([float(same_again)]),
        # a shuffle of the whole order, not of fixed blocks or a rotation of the data
        BATCH_OUTPUTS[7]: np.array([float(not all(run(g) for g in e[4])) for e in epochs]),
        BATCH_OUTPUTS[8]: np.array(
            [float(a != b) for a, b in zip(parts[:-1], parts[1:], strict=True)]
        ),
    }


def invoke(fn, call: Mapping) -> tuple:
    """Call ``fn`` as one call of a case asks; return (its raw result, the decoded args).

    A ``batches`` kind calls it ``kind["epochs"]`` times with the same arguments (so
    one generator ``rng`` goes on from epoch to epoch) and reads each epoch's batches,
    then once more with the arguments decoded again (the generator seeded afresh).
    """
    args = decode(call["args"])
    kwargs = decode(call.get("kwargs", {}))
    kind = call["kind"]
    if kind["type"] != "batches":
        return fn(*args, **kwargs), args
    m = int(np.shape(args[0])[-1])
    epochs = [read_epoch(fn(*args, **kwargs), m) for _ in range(int(kind["epochs"]))]
    again = read_epoch(fn(*decode(call["args"]), **decode(call.get("kwargs", {}))), m)
    return {"epochs": epochs, "again": again}, args


# ---------------------------------------------------------------- running


def _skip_dirs() -> tuple[str, ...]:
    """Folders whose frames are not the learner's: NumPy's and this package's."""
    dirs = [os.path.dirname(np.__file__)]
    here = globals().get("__file__")
    if here and not here.startswith("<"):
        dirs.append(os.path.dirname(os.path.dirname(os.path.abspath(here))))
    return tuple(d + os.sep for d in dirs if d)


_SKIP_DIRS = _skip_dirs()


def where(exc: BaseException) -> str:
    """' (line N of your code: <text>)' for the deepest frame in the learner's code."""
    frames = traceback.extract_tb(exc.__traceback__)
    for fr in reversed(frames):
        fname = fr.filename or ""
        if fname.startswith("<check") or fname.startswith(_SKIP_DIRS) or fr.lineno is None:
            continue
        if "site-packages" in fname or fname.startswith("<frozen"):
            continue
        text = (fr.line or linecache.getline(fname, fr.lineno)).strip()
        if text:
            return f" (line {fr.lineno} of your code: {text})"
        return f" (line {fr.lineno} of your code)"
    return ""


_MATMUL = re.compile(
    r"matmul: Input operand 1 has a mismatch in its core dimension 0.*"
    r"\(size (\d+) is different from (\d+)\)"
)


def error_text(exc: BaseException) -> str:
    """'raised ValueError: ... (line N of your code: ...)', NumPy's matmul jargon explained."""
    msg = str(exc).splitlines()[0] if str(exc) else ""
    found = _MATMUL.match(msg) if isinstance(exc, ValueError) else None
    if found:
        msg = (
            "a matrix product A @ B whose shapes do not fit: A has "
            f"{found.group(2)} columns but B has {found.group(1)} rows"
        )
    return f"raised {type(exc).__name__}" + (f": {msg}" if msg else "") + where(exc)


def calls(payload: Mapping) -> list[Mapping]:
    """The calls a case asks for: the payload itself, then each of ``payload["more"]``.

    Each call has ``args``, ``kwargs``, ``kind`` and optionally a ``label`` saying what
    is special about it (e.g. "when x is a float"); their output names differ.
    """
    return [payload, *payload.get("more", [])]


def run(fn, payload: Mapping) -> dict:
    """Call ``fn(*args, **kwargs)`` for each call of an encoded case; return a JSON-able report.

    Returns
    -------
    dict with ``status`` one of ``ok`` (and ``outputs``: name -> encoded array),
    ``not-attempted``, ``error``, ``bad-output``, ``not-a-function`` and a
    ``message`` for the ones that are not ``ok``. An ``error`` in a later call also
    carries the ``outputs`` of the calls before it.
    """
    __tracebackhide__ = True
    if not callable(fn):
        return {
            "status": Status.NOT_A_FUNCTION,
            "message": f"expected a function, got {_describe(fn)}",
        }
    todo = calls(payload)
    outputs: dict[str, np.ndarray] = {}
    for call in todo:
        label = f" — {call['label']}" if len(todo) > 1 and call.get("label") else ""
        try:
            with np.errstate(all="ignore"):  # the check reports NaN and inf itself
                raw, args = invoke(fn, call)
        except BadOutput as exc:  # an iterator that gives no batches
            return {"status": Status.BAD_OUTPUT, "message": str(exc) + label}
        except NotImplementedError:
            return {"status": Status.NOT_ATTEMPTED, "message": "not attempted yet"}
        except RecursionError:
            return {
                "status": Status.ERROR,
                "message": "raised RecursionError (it calls itself forever)" + label,
            }
        except Exception as exc:  # the learner's code failed: say how and where
            reply = {"status": Status.ERROR, "message": error_text(exc) + label}
            if outputs:
                reply["outputs"] = {k: encode_array(v) for k, v in outputs.items()}
            return reply
        try:
            outputs.update(normalise(call["kind"], raw, args))
        except BadOutput as exc:
            return {"status": Status.BAD_OUTPUT, "message": str(exc) + label}
    return {"status": Status.OK, "outputs": {k: encode_array(v) for k, v in outputs.items()}}
