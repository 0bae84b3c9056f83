"""What the checks' tests share: a learner-like copy of a function, and running a check."""

from __future__ import annotations

import numpy as np

from helpers import checks
from helpers.checks import probe


def own(fn):
    """The reference wrapped so that it is not the helpers object itself."""

    def mine(*args, **kwargs):
        return fn(*args, **kwargs)

    return mine


def run_many(key, fn, seeds=range(12)):
    """The check's results on several fresh cases (as the notebook and grader draw them)."""
    return [checks.run_check(key, fn, rng=np.random.default_rng(s), quiet=True) for s in seeds]


def graded_like_the_grader(key, fn, seed):
    """What helpers.grade computes: the probe's reply, judged by from_probe."""
    ex = checks.get(key)
    payload = ex.payload(np.random.default_rng(seed))
    return checks.from_probe(ex, payload, probe.run(fn, payload))
