from datetime import UTC, datetime

import pytest

# A Saturday; New York moves its clocks forward eight days later (March 9, 2031).
NOW = datetime(2031, 3, 1, 17, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now(time_machine):
    """The clock stands still at NOW; tests move it with time_machine.move_to."""
    time_machine.move_to(NOW, tick=False)
    return NOW
