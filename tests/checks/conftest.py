"""Each checks test starts with no check run in this process."""

import pytest

from helpers import checks


@pytest.fixture(autouse=True)
def fresh_state():
    checks._passed.clear()
    checks._last_status.clear()
    yield
