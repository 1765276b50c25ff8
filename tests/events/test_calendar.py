from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from tests.events.utils import event_at
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


def ics_url(event):
    return reverse("events:ics", kwargs={"slug": event.slug})


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def only_event(calendar):
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def test_event_ics_holds_the_event_field_by_field(client, frozen_now):
    event = event_at(
        datetime(2031, 3, 10, 14, 0, tzinfo=UTC),
        hours=6,
        title="Compliance to compassion",
        summary="A live virtual day.",
        description="Speakers *and* stories.",
        registration_url="https://r.example/register",
    )
    response = client.get(ics_url(event))
    assert response["Content-Disposition"] == (
        f'attachment; filename="{event.slug}.ics"'
    )
    calendar = parse(response)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == (
        "-//Alliance Against Seclusion and Restraint//Events//EN"
    )
    vevent = only_event(calendar)
    assert str(vevent["UID"]) == f"event-{event.pk}@aasr.example.org"
    assert vevent.decoded("DTSTAMP") == event.updated_at
    assert str(vevent["SUMMARY"]) == "Compliance to compassion"
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert start == datetime(2031, 3, 10, 10, 0, tzinfo=NEW_YORK)
    assert end == datetime(2031, 3, 10, 16, 0, tzinfo=NEW_YORK)
    assert start == event.starts_at and end == event.ends_at
    assert vevent["DTSTART"].params["TZID"] == "America/New_York"
    page = f"https://aasr.example.org{event.get_absolute_url()}"
    assert str(vevent["URL"]) == page
    description = str(vevent["DESCRIPTION"])
    assert description.startswith("A live virtual day.")
    assert "Speakers and stories." in description
    assert "https://r.example/register" in description
    assert page in description
    assert str(vevent["LOCATION"]) == "Online"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/New_York"


def test_event_ics_description_is_plain_text_without_entities(client, frozen_now):
    event = event_at(
        datetime(2031, 3, 10, 14, 0, tzinfo=UTC),
        description="Parents & teachers, **together**: 3 < 5.",
    )
    description = str(only_event(parse(client.get(ics_url(event))))["DESCRIPTION"])
    assert "Parents & teachers, together: 3 < 5." in description
    assert "&amp;" not in description and "**" not in description


def test_event_ics_uid_stays_the_same_when_the_event_changes(client, frozen_now):
    event = EventFactory()
    first = only_event(parse(client.get(ics_url(event))))
    event.title = "A new title"
    event.starts_at += timedelta(days=7)
    event.ends_at += timedelta(days=7)
    event.save()
    second = only_event(parse(client.get(ics_url(event))))
    assert str(second["UID"]) == str(first["UID"])
    assert str(second["SUMMARY"]) == "A new title"


def test_event_ics_times_stay_right_across_a_clock_change(client, frozen_now):
    event = EventFactory(
        starts_at=datetime(2031, 3, 8, 15, 0, tzinfo=UTC),
        ends_at=datetime(2031, 3, 9, 20, 0, tzinfo=UTC),
        time_zone="America/New_York",
    )
    vevent = only_event(parse(client.get(ics_url(event))))
    assert vevent.decoded("DTSTART").astimezone(UTC) == event.starts_at
    assert vevent.decoded("DTEND").astimezone(UTC) == event.ends_at
    assert vevent.decoded("DTSTART").tzname() == "EST"
    assert vevent.decoded("DTEND").tzname() == "EDT"


def test_in_person_event_ics_has_the_venue(client, frozen_now):
    event = EventFactory(
        format="in_person",
        venue_name="Community Hall",
        venue_address="1 Main Street\nSpringfield",
    )
    vevent = only_event(parse(client.get(ics_url(event))))
    assert str(vevent["LOCATION"]) == "Community Hall, 1 Main Street Springfield"


@pytest.mark.parametrize(
    ("shown", "in_calendar"),
    [("nowhere", False), ("event_page", False), ("event_page_and_calendar", True)],
)
def test_join_link_is_in_calendar_files_only_when_chosen(
    client, frozen_now, shown, in_calendar
):
    event = EventFactory(join_url="https://zoom.example/j/1", join_url_shown=shown)
    vevent = only_event(parse(client.get(ics_url(event))))
    assert ("https://zoom.example/j/1" in vevent.to_ical().decode()) is in_calendar


def test_calendar_feed_lists_upcoming_and_recent_published_events(client, frozen_now):
    recent = event_at(frozen_now - timedelta(days=10), title="Recent")
    upcoming = event_at(frozen_now + timedelta(days=10), title="Upcoming")
    event_at(frozen_now - timedelta(days=400), title="Long ago")
    EventFactory(title="Draft", draft=True)
    EventFactory(title="Scheduled", scheduled=True)
    calendar = parse(client.get(reverse("events:calendar")))
    assert str(calendar["X-WR-CALNAME"]).endswith("events")
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT6H"
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT6H"
    summaries = [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")]
    assert summaries == ["Recent", "Upcoming"]
    uids = {str(vevent["UID"]) for vevent in calendar.walk("VEVENT")}
    assert uids == {
        f"event-{recent.pk}@aasr.example.org",
        f"event-{upcoming.pk}@aasr.example.org",
    }
    assert {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")} == {
        "America/New_York"
    }


def test_calendar_feed_is_valid_when_empty(client):
    calendar = parse(client.get(reverse("events:calendar")))
    assert calendar.walk("VEVENT") == []
