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


def test_notebook_m_is_the_m_of_the_lessons_data():
    # the checks name "the notebook's global m = NOTEBOOK_M": it must be the m of the
    # lessons' data X, Y (lesson 7 also makes a larger, separate data set for one section)
    import re
    from pathlib import Path

    import nbformat

    from helpers.checks.inputs import NOTEBOOK_M

    root = Path(__file__).resolve().parents[2] / "solutions"
    sizes = set()
    for path in sorted(root.glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                found = re.findall(r"^X, Y = make_moons\(m=(\d+)", cell.source, flags=re.M)
                sizes |= {int(m) for m in found}
    assert sizes == {NOTEBOOK_M}
    assert all(m < NOTEBOOK_M for m in range(10, 17))  # a check's batch is smaller
