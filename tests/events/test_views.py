from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from django.utils import timezone

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def past_event(**kwargs):
    start = timezone.now() - timedelta(days=kwargs.pop("days_ago", 10))
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **kwargs)


def test_upcoming_and_past_are_split_at_the_end_time():
    now = timezone.now()
    running = EventFactory(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    later = EventFactory(starts_at=now + timedelta(days=3))
    ended = past_event()
    assert list(Event.objects.upcoming()) == [running, later]
    assert list(Event.objects.past()) == [ended]


def test_event_list_shows_upcoming_then_past(client):
    upcoming = EventFactory(title="Coming up", registration_url="https://example.org/r")
    past = past_event(title="Long ago")
    EventFactory(title="Secret draft", draft=True)
    response = client.get(reverse("events:list"))
    html = response.content.decode()
    assert list(response.context["upcoming_events"]) == [upcoming]
    assert list(response.context["event_list"]) == [past]
    assert html.index("Coming up") < html.index("Long ago")
    assert "https://example.org/r" in html
    assert "Secret draft" not in html


def test_event_detail_shows_time_in_event_zone(client):
    event = EventFactory(
        starts_at=datetime(2031, 7, 1, 14, 0, tzinfo=UTC),
        ends_at=datetime(2031, 7, 1, 20, 0, tzinfo=UTC),
        time_zone="America/New_York",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Tuesday, July 1, 2031, 10:00 AM – 4:00 PM EDT" in html


def test_past_event_says_it_has_ended(client):
    event = past_event(registration_url="https://example.org/r")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "This event has ended." in html
    assert "https://example.org/r" not in html


def test_draft_event_is_404(client):
    assert client.get(EventFactory(draft=True).get_absolute_url()).status_code == 404


def test_end_must_follow_start_and_in_person_needs_a_venue():
    now = timezone.now()
    event = EventFactory.build(starts_at=now, ends_at=now, format="in_person")
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert set(error.value.message_dict) == {"ends_at", "venue_name"}


def test_event_urls_reverse_and_resolve():
    assert reverse("events:list") == "/events/"
    assert resolve("/events/x/").view_name == "events:detail"
