from datetime import timedelta

from tests.factories import EventFactory


def event_at(start, hours=2, **kwargs):
    """A published event starting at `start` and lasting `hours`."""
    end = start + timedelta(hours=hours)
    return EventFactory(starts_at=start, ends_at=end, **kwargs)
