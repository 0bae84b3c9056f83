"""The shared input checks: what they accept, and the message for what they refuse."""

import numpy as np
import pytest

from helpers.validate import check_int, check_number, check_positive


def test_check_int_accepts_whole_numbers_in_range():
    assert check_int(3, "n", 1, 5) == 3
    assert check_int(np.int64(7), "n") == 7
    assert isinstance(check_int(np.int32(2), "n", 1), int)


@pytest.mark.parametrize("value", [True, 2.0, "3", None])
def test_check_int_refuses_other_types(value):
    with pytest.raises(TypeError, match="n must be a whole number"):
        check_int(value, "n")


def test_check_int_range_messages():
    with pytest.raises(ValueError, match="n must be ≥ 1 and ≤ 5; got 6"):
        check_int(6, "n", 1, 5)
    with pytest.raises(ValueError, match="n must be ≥ 1; got 0"):
        check_int(0, "n", 1)
    with pytest.raises(ValueError, match="n must be ≤ 5; got 9"):
        check_int(9, "n", high=5)


def test_check_number_and_check_positive():
    assert check_number(np.float32(0.5), "x") == 0.5
    with pytest.raises(TypeError, match="x must be a number"):
        check_number(False, "x")
    with pytest.raises(ValueError, match="finite"):
        check_number(float("nan"), "x")
    with pytest.raises(ValueError, match="positive"):
        check_positive(0.0, "lr")
