"""helpers.optim.schedules: learning rate against epoch (lesson 8)."""

from __future__ import annotations

import math

import pytest

from helpers.optim.schedules import constant, cosine_decay, step_decay


def test_step_decay_halves_every_ten_epochs():
    s = step_decay(0.8, drop=0.5, every=10)
    assert [s(e) for e in (0, 9, 10, 19, 20, 35)] == [0.8, 0.8, 0.4, 0.4, 0.2, 0.1]


def test_cosine_decay_runs_from_lr_to_lr_min_through_the_midpoint():
    s = cosine_decay(1.0, epochs=40, lr_min=0.1)
    assert s(0) == pytest.approx(1.0)
    assert s(20) == pytest.approx(0.55)  # halfway down at half time
    assert s(40) == pytest.approx(0.1) and s(70) == pytest.approx(0.1)
    values = [s(e) for e in range(41)]
    assert all(a >= b for a, b in zip(values, values[1:], strict=False))
    assert s(1) - s(2) < s(20) - s(21)  # slow at the start, fastest in the middle
    assert math.isclose(constant(0.3)(17), 0.3)


def test_bad_input_says_what_was_expected():
    with pytest.raises(ValueError, match=r"drop must be in \(0, 1\]"):
        step_decay(0.1, drop=2.0)
    with pytest.raises(ValueError, match=r"lr_min must be in \[0, lr\)"):
        cosine_decay(0.1, 10, lr_min=0.5)
    with pytest.raises(ValueError, match="epoch must be ≥ 0"):
        step_decay(0.1)(-1)
    with pytest.raises(TypeError, match="every must be a whole number"):
        step_decay(0.1, every=2.5)
