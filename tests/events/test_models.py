from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from events.models import Event
from tests.events.utils import event_at
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_upcoming_and_past_are_split_at_the_end_time(frozen_now):
    running = event_at(frozen_now - timedelta(hours=1))
    later = event_at(frozen_now + timedelta(days=3))
    sooner = event_at(frozen_now + timedelta(days=1))
    ended_just_now = event_at(frozen_now - timedelta(hours=2))
    ended_long_ago = event_at(frozen_now - timedelta(days=30))
    assert list(Event.objects.upcoming()) == [running, sooner, later]
    assert list(Event.objects.past()) == [ended_just_now, ended_long_ago]


def test_an_event_moves_to_past_when_its_end_passes(frozen_now, time_machine):
    event = event_at(frozen_now + timedelta(hours=1))
    assert list(Event.objects.upcoming()) == [event]
    time_machine.move_to(frozen_now + timedelta(hours=3), tick=False)
    assert list(Event.objects.upcoming()) == []
    assert list(Event.objects.past()) == [event]


@pytest.mark.parametrize(
    ("traits", "is_public"),
    [({}, True), ({"draft": True}, False), ({"scheduled": True}, False)],
)
@pytest.mark.parametrize("days_from_now", [-10, 10])
def test_only_published_events_are_upcoming_or_past(
    frozen_now, traits, is_public, days_from_now
):
    event = event_at(frozen_now + timedelta(days=days_from_now), **traits)
    found = list(Event.objects.upcoming()) + list(Event.objects.past())
    assert (event in found) is is_public
    assert event.is_published() is is_public


def test_hero_is_the_soonest_featured_upcoming_event(frozen_now):
    event_at(frozen_now + timedelta(days=1))
    event_at(frozen_now + timedelta(days=9), is_featured=True)
    soonest_featured = event_at(frozen_now + timedelta(days=5), is_featured=True)
    event_at(frozen_now - timedelta(days=1), is_featured=True)
    event_at(frozen_now + timedelta(days=2), is_featured=True, draft=True)
    assert Event.objects.hero() == soonest_featured


def test_hero_without_featured_events_is_the_soonest_upcoming(frozen_now):
    event_at(frozen_now + timedelta(days=9))
    soonest = event_at(frozen_now + timedelta(days=2))
    event_at(frozen_now - timedelta(days=1), is_featured=True)
    assert Event.objects.hero() == soonest


def test_hero_is_none_without_upcoming_events(frozen_now):
    event_at(frozen_now - timedelta(days=1), is_featured=True)
    event_at(frozen_now + timedelta(days=1), draft=True)
    assert Event.objects.hero() is None


def test_calendar_feed_holds_upcoming_and_recent_published_events(frozen_now):
    recent = event_at(frozen_now - timedelta(days=20))
    upcoming = event_at(frozen_now + timedelta(days=20))
    event_at(frozen_now - timedelta(days=200))
    event_at(frozen_now + timedelta(days=2), draft=True)
    assert list(Event.objects.for_calendar_feed()) == [recent, upcoming]


def test_end_must_follow_start_and_in_person_needs_a_venue(frozen_now):
    event = EventFactory.build(
        starts_at=frozen_now, ends_at=frozen_now, format="in_person"
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert {"ends_at", "venue_name"} <= set(error.value.message_dict)


def test_links_must_be_web_addresses():
    event = EventFactory.build(
        registration_url="ftp://example.org/register",
        join_url="javascript:alert(1)",
        recording_url="mailto:someone@example.org",
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert {"registration_url", "join_url", "recording_url"} <= set(
        error.value.message_dict
    )


def test_showing_the_join_link_needs_a_join_link():
    event = EventFactory.build(join_url_shown="event_page", join_url="")
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert set(error.value.message_dict) == {"join_url"}


def test_unknown_time_zone_is_rejected():
    event = EventFactory.build(time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "time_zone" in error.value.message_dict


def test_join_link_is_public_only_where_the_editor_chose(frozen_now):
    link = "https://zoom.example/j/1"
    hidden = EventFactory.build(join_url=link)
    on_page = EventFactory.build(join_url=link, join_url_shown="event_page")
    everywhere = EventFactory.build(
        join_url=link, join_url_shown="event_page_and_calendar"
    )
    assert (hidden.public_join_url, hidden.calendar_join_url) == ("", "")
    assert (on_page.public_join_url, on_page.calendar_join_url) == (link, "")
    assert (everywhere.public_join_url, everywhere.calendar_join_url) == (link, link)


def test_slug_is_made_from_the_title_when_empty():
    first = EventFactory(title="Compliance to compassion", slug="")
    second = EventFactory(title="Compliance to compassion", slug="")
    assert (first.slug, second.slug) == (
        "compliance-to-compassion",
        "compliance-to-compassion-2",
    )
