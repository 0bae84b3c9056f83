"""Tests of helpers.checks.inputs: the random inputs the exercises share."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks


@pytest.mark.parametrize("grade_id", ["l4-forward", "l5-backward"])
def test_a_missing_relu_never_passes_by_luck(grade_id):
    # small random layers can leave every z of a layer positive, where relu is the
    # identity: the inputs are drawn so that each hidden layer has negative entries
    ex = checks.EXERCISES[grade_id]
    relu_variants = [v for v in ex.variants if "ReLU" in v.cause or "relu" in v.cause]
    assert relu_variants
    for variant in relu_variants:
        for seed in range(300):
            result = checks.run_check(
                grade_id, variant.fn, rng=np.random.default_rng(10_000 + seed), quiet=True
            )
            assert result.status == "failed", (variant.cause, seed)
