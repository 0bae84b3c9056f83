"""What an exercise is: :class:`Exercise`, its :class:`Call` and its known mistakes.

An exercise says how to draw fresh random inputs (a *case*) from a NumPy Generator,
what kind of value the learner's function returns, the reference function, and the
known wrong versions ("variants") whose outputs identify a likely mistake. A case may
call the function several times (:class:`Call`): with a float and with an array, with
another ``grad``, at a second point whose ``p`` must be left unchanged, with predictions
of exactly 0 and 1. Each lesson's exercises live in one file of
:mod:`helpers.checks.lessons`; :mod:`helpers.checks.registry` collects them for the
in-notebook checks (:mod:`helpers.checks`) and the grader (:mod:`helpers.instructor`).

Functions passed as inputs (to ``central_difference``, ``gradient_descent`` and
``numerical_gradient``) are drawn at random from a family and sent as source text,
e.g. ``lambda x: 1.3 * np.sin(0.7 * x) + -0.2 * x ** 2``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .probe import calls, encode, invoke, normalise

__all__ = ["Call", "Variant", "Exercise"]


@dataclass(frozen=True)
class Call:
    """One call of a case: the arguments, how to read the result, and what is special.

    ``kind`` defaults to the exercise's; the output names of a case's calls must differ.
    ``label`` (e.g. "when x is a float") is added to an error raised in this call.
    """

    args: list
    kwargs: dict = field(default_factory=dict)
    kind: Mapping | None = None
    label: str = ""


@dataclass(frozen=True)
class Variant:
    """A known mistake: a wrong version of the function and what it means.

    ``options`` (for an exercise with ``combine``) are the keyword arguments that build
    this mistake, so two mistakes can be combined into one wrong function. ``joint``
    marks one act that changes several outputs together (two results swapped): it then
    explains a wrong output only if every output it changes is wrong in the learner's
    too. Other variants explain each output on its own (a db summed over the wrong axis
    is named for db1 even when db2 is right).
    """

    cause: str
    fn: Callable
    options: Mapping | None = None
    joint: bool = False


@dataclass(frozen=True)
class Exercise:
    """One graded function of the course.

    Attributes
    ----------
    grade_id : the nbgrader grade_id of the exercise cell, e.g. ``"l4-forward"``
    name : the function's name in the lesson, e.g. ``"forward"``
    lesson : the solution notebook's file stem, e.g. ``"04-forward"``
    call : how the check calls it, e.g. ``"forward(params, X)"``
    make_case : rng -> (args list, kwargs dict) of arrays, numbers and :class:`Source`,
        or a list of :class:`Call` (the first is the main call, the success line counts
        its outputs; the others test what one input cannot, e.g. a float and an array)
    kind : how to read its return value (see :func:`helpers.checks.probe.normalise`)
    reference : the correct function, with the same signature
    variants : known mistakes, tried in order when an output is wrong
    rtol : the largest relative error (per output) that passes
    combine : options -> wrong function; when set, pairs of variants with ``options``
        are tried too, so two mistakes at once are both named
    diagnose : (payload, got, expected) -> {output name: cause}, for mistakes seen only
        across outputs (e.g. values in the wrong order); tried before the variants
    explain : like ``diagnose``, tried after the variants (a fallback)
    causes : output name -> the cause to name when nothing else matches
    bounds : payload -> {output name: (lo, hi)}: a number in [lo, hi] passes (for an
        output whose right value depends on a free choice, e.g. the clipping ε)
    rows : output-name prefixes whose reports say the first wrong row
    on_error : (error message, payload) -> advice added when the function raised
    success : what the success line says matched, when "all N outputs match the
        reference on fresh random inputs" would read oddly
    summary : what the check tests, for its docstring (e.g. "on a random bowl.")
    check : the name of the check function in :mod:`helpers.checks`; default
        ``"check_" + name``
    """

    grade_id: str
    name: str
    lesson: str
    call: str
    make_case: Callable[[np.random.Generator], tuple[list, dict]]
    kind: Mapping
    reference: Callable
    variants: tuple[Variant, ...] = field(default_factory=tuple)
    rtol: float = 1e-6
    combine: Callable[..., Callable] | None = None
    diagnose: Callable | None = None
    explain: Callable | None = None
    causes: Mapping[str, str] = field(default_factory=dict)
    bounds: Callable | None = None
    rows: tuple[str, ...] = ()
    on_error: Callable[[str, Mapping], str] | None = None
    success: str = ""
    summary: str = ""
    check: str = ""

    @property
    def check_name(self) -> str:
        """The check function's name, e.g. ``"check_forward"``."""
        return self.check or f"check_{self.name}"

    @property
    def lesson_number(self) -> int:
        """The lesson's number, from its notebook stem ("04-forward" -> 4)."""
        return int(self.lesson.split("-", 1)[0])

    def payload(self, rng: np.random.Generator) -> dict:
        """A fresh case, encoded as JSON-able data (what the probe receives)."""
        case = self.make_case(rng)
        todo = case if isinstance(case, list) else [Call(*case)]
        encoded = []
        for c in todo:
            item = {
                "args": encode(c.args),
                "kwargs": encode(c.kwargs),
                "kind": dict(c.kind or self.kind),
            }
            if c.label:
                item["label"] = c.label
            encoded.append(item)
        payload = encoded[0]
        if len(encoded) > 1:
            payload["more"] = encoded[1:]
        return payload

    def outputs_by_call(self, fn: Callable, payload: Mapping) -> list[dict[str, np.ndarray]]:
        """Run a trusted function (reference or variant) on each call: named arrays."""
        out = []
        for call in calls(payload):
            with np.errstate(all="ignore"):  # a wrong variant may divide by zero
                raw, args = invoke(fn, call)
                out.append(normalise(call["kind"], raw, args))
        return out

    def outputs_of(self, fn: Callable, payload: Mapping) -> dict[str, np.ndarray]:
        """Run a trusted function (reference or variant) on a payload: named arrays."""
        merged: dict[str, np.ndarray] = {}
        for outputs in self.outputs_by_call(fn, payload):
            merged.update(outputs)
        return merged
