from datetime import timedelta

import pytest
from django.urls import reverse

from tests.events.utils import event_at

pytestmark = pytest.mark.django_db

EVENT_COUNT = 200


@pytest.fixture
def two_hundred_events(frozen_now):
    """Half ended, half to come, some featured and some with every optional field."""
    for n in range(EVENT_COUNT):
        days = n - EVENT_COUNT // 2
        event_at(
            frozen_now + timedelta(days=days, hours=1),
            slug=f"event-{n}",
            is_featured=n % 7 == 0,
            tags=["webinar", "training"] if n % 2 else None,
            registration_url="https://r.example/register",
            recording_url="https://video.example/watch" if days < 0 else "",
            join_url="https://zoom.example/j/1",
            join_url_shown="event_page_and_calendar",
            cost="Free",
            format=["virtual", "in_person", "hybrid"][n % 3],
            venue_name="Community Hall",
        )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        reverse("events:list"),
        reverse("events:list") + "?page=5",
        reverse("events:detail", kwargs={"slug": "event-150"}),
        reverse("events:detail", kwargs={"slug": "event-50"}),
        reverse("events:ics", kwargs={"slug": "event-150"}),
        reverse("events:calendar"),
    ],
)
def test_event_pages_run_a_fixed_number_of_queries_with_200_events(
    client, two_hundred_events, django_assert_max_num_queries, path
):
    with django_assert_max_num_queries(3):
        response = client.get(path)
    assert response.status_code == 200
