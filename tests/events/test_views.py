import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse

from tests.events.utils import event_at
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response):
    (text,) = JSON_LD.findall(response.content.decode())
    return json.loads(text)


def test_event_list_shows_upcoming_soonest_first_then_past_newest_first(
    client, frozen_now
):
    later = event_at(frozen_now + timedelta(days=9), title="Later webinar")
    sooner = event_at(frozen_now + timedelta(days=2), title="Sooner webinar")
    old = event_at(frozen_now - timedelta(days=60), title="Old training")
    recent = event_at(frozen_now - timedelta(days=5), title="Recent training")
    EventFactory(title="Secret draft", draft=True)
    EventFactory(title="Not yet announced", scheduled=True)
    response = client.get(reverse("events:list"))
    html = response.content.decode()
    assert list(response.context["upcoming_events"]) == [sooner, later]
    assert list(response.context["past_events"]) == [recent, old]
    assert list(response.context["event_list"]) == [sooner, later, recent, old]
    positions = [html.index(e.title) for e in [sooner, later, recent, old]]
    assert positions == sorted(positions)
    assert "Secret draft" not in html and "Not yet announced" not in html


def test_event_list_offers_registration_only_until_the_event_ends(client, frozen_now):
    event_at(frozen_now + timedelta(days=2), registration_url="https://r.example/up")
    event_at(frozen_now - timedelta(days=2), registration_url="https://r.example/old")
    html = client.get(reverse("events:list")).content.decode()
    assert "https://r.example/up" in html
    assert "https://r.example/old" not in html


def test_past_events_link_to_their_recordings(client, frozen_now):
    event_at(frozen_now - timedelta(days=2), recording_url="https://video.example/1")
    event_at(frozen_now + timedelta(days=2), recording_url="https://video.example/2")
    html = client.get(reverse("events:list")).content.decode()
    assert "Watch the recording" in html
    assert "https://video.example/1" in html
    assert "https://video.example/2" not in html


def test_upcoming_then_past_events_are_paginated_together(client, frozen_now):
    for day in range(1, 13):
        event_at(frozen_now - timedelta(days=day), title=f"Past day {day}")
    for day in range(1, 11):
        event_at(frozen_now + timedelta(days=day), title=f"Coming day {day}")
    first = client.get(reverse("events:list"))
    assert [e.title for e in first.context["upcoming_events"]] == [
        f"Coming day {day}" for day in range(1, 11)
    ]
    assert [e.title for e in first.context["past_events"]] == [
        "Past day 1",
        "Past day 2",
    ]
    second = client.get(reverse("events:list"), {"page": 2})
    html = second.content.decode()
    assert second.context["upcoming_events"] == []
    assert "Upcoming events" not in html and "Past events" in html
    assert [e.title for e in second.context["past_events"]] == [
        f"Past day {day}" for day in range(3, 13)
    ]
    assert client.get(reverse("events:list"), {"page": 9}).status_code == 404


def test_event_list_links_to_the_calendar_feed(client):
    html = client.get(reverse("events:list")).content.decode()
    assert "<code>https://aasr.example.org/events/calendar.ics</code>" in html
    assert 'href="webcal://aasr.example.org/events/calendar.ics"' in html


@pytest.mark.parametrize(
    ("starts_at", "expected"),
    [
        (
            datetime(2031, 3, 8, 15, 0, tzinfo=UTC),
            "Saturday, March 8, 2031, 10:00 AM – 4:00 PM EST",
        ),
        (
            datetime(2031, 3, 10, 14, 0, tzinfo=UTC),
            "Monday, March 10, 2031, 10:00 AM – 4:00 PM EDT",
        ),
    ],
)
def test_detail_shows_time_in_the_event_zone_across_daylight_saving(
    client, frozen_now, starts_at, expected
):
    event = event_at(starts_at, hours=6, time_zone="America/New_York")
    assert expected in client.get(event.get_absolute_url()).content.decode()


def test_event_spanning_the_clock_change_shows_both_abbreviations(client, frozen_now):
    event = EventFactory(
        starts_at=datetime(2031, 3, 8, 15, 0, tzinfo=UTC),
        ends_at=datetime(2031, 3, 9, 20, 0, tzinfo=UTC),
        time_zone="America/New_York",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert (
        "Saturday, March 8, 2031, 10:00 AM EST – Sunday, March 9, 2031, 4:00 PM EDT"
        in html
    )


def test_detail_uses_the_event_zone_not_the_server_zone(client, settings, frozen_now):
    settings.TIME_ZONE = "Asia/Tokyo"
    event = event_at(
        datetime(2031, 7, 1, 8, 30, tzinfo=UTC), hours=1, time_zone="Europe/London"
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Tuesday, July 1, 2031, 9:30 AM – 10:30 AM BST" in html


def test_midnight_and_noon_read_as_twelve(client, frozen_now):
    event = event_at(
        datetime(2031, 7, 1, 4, 0, tzinfo=UTC), hours=12, time_zone="America/New_York"
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Tuesday, July 1, 2031, 12:00 AM – 12:00 PM EDT" in html


def test_detail_offers_registration_and_calendar_links(client, frozen_now):
    event = event_at(
        datetime(2031, 3, 8, 15, 0, tzinfo=UTC),
        hours=6,
        title="Compliance to compassion",
        registration_url="https://r.example/register",
    )
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert 'href="https://r.example/register"' in html
    assert f'href="{reverse("events:ics", kwargs={"slug": event.slug})}"' in html
    google = urlsplit(response.context["google_calendar_url"])
    query = {key: values[0] for key, values in parse_qs(google.query).items()}
    assert google.netloc == "calendar.google.com"
    assert query["action"] == "TEMPLATE"
    assert query["text"] == "Compliance to compassion"
    assert query["dates"] == "20310308T150000Z/20310308T210000Z"
    assert query["ctz"] == "America/New_York"
    assert "https://aasr.example.org/events/" in query["details"]


def test_an_event_without_a_way_in_yet_says_so(client, frozen_now):
    start = datetime(2031, 3, 8, 15, 0, tzinfo=UTC)
    waiting = event_at(start, title="Coming up", registration_url="")
    html = client.get(waiting.get_absolute_url()).content.decode()
    assert "Registration is not open yet." in html
    assert 'href="/subscribe/">Follow AASR by email</a>' in html
    open_event = event_at(start, registration_url="https://r.example/register")
    open_html = client.get(open_event.get_absolute_url()).content.decode()
    assert "not open yet" not in open_html
    # An event in a hall needs no link to come: it says nothing of registration.
    in_person = event_at(start, format="in_person", venue_name="Town hall")
    assert (
        "not open yet" not in client.get(in_person.get_absolute_url()).content.decode()
    )


def test_ended_event_says_so_and_shows_its_recording(client, frozen_now):
    event = event_at(
        frozen_now - timedelta(days=3),
        registration_url="https://r.example/register",
        recording_url="https://video.example/watch",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "This event has ended." in html
    assert 'href="https://video.example/watch"' in html
    assert "https://r.example/register" not in html
    assert "Add to calendar" not in html


def test_join_link_shows_on_the_page_only_when_chosen(client, frozen_now):
    hidden = event_at(frozen_now + timedelta(days=1), join_url="https://zoom.example/a")
    shown = event_at(
        frozen_now + timedelta(days=1),
        join_url="https://zoom.example/b",
        join_url_shown="event_page",
    )
    hidden_html = client.get(hidden.get_absolute_url()).content.decode()
    shown_html = client.get(shown.get_absolute_url()).content.decode()
    assert "zoom.example/a" not in hidden_html
    assert "zoom.example/b" in shown_html


def test_image_has_its_alt_text_and_size(client, frozen_now):
    event = event_at(frozen_now + timedelta(days=1), image_alt="Teachers at a table")
    event.image.name = "events/2031/03/teachers.png"
    event.image_width, event.image_height = 1200, 630
    event.save()
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'alt="Teachers at a table"' in html
    assert 'width="1200" height="630"' in html


def test_json_ld_describes_a_virtual_event(client, frozen_now):
    event = event_at(
        datetime(2031, 3, 10, 14, 0, tzinfo=UTC),
        hours=6,
        title="Compliance to compassion",
        cost="Free",
        registration_url="https://r.example/register",
    )
    data = json_ld(client.get(event.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Compliance to compassion"
    assert data["startDate"] == "2031-03-10T10:00:00-04:00"
    assert data["endDate"] == "2031-03-10T16:00:00-04:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": f"https://aasr.example.org{event.get_absolute_url()}",
    }
    assert data["offers"]["price"] == "0"
    assert data["offers"]["priceCurrency"] == "USD"
    assert data["offers"]["url"] == "https://r.example/register"


def test_json_ld_describes_a_hybrid_event_with_a_place_and_no_offer_when_no_cost(
    client, frozen_now
):
    event = event_at(
        frozen_now + timedelta(days=4),
        format="hybrid",
        venue_name="Community Hall",
        venue_address="1 Main Street\nSpringfield",
        cost="",
    )
    data = json_ld(client.get(event.get_absolute_url()))
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place == {
        "@type": "Place",
        "name": "Community Hall",
        "address": "1 Main Street Springfield",
    }
    assert virtual["@type"] == "VirtualLocation"
    assert "offers" not in data


def test_json_ld_cannot_close_its_script_element(client, frozen_now):
    title = "</script><script>alert(1)</script> & more"
    event = event_at(frozen_now + timedelta(days=1), title=title)
    response = client.get(event.get_absolute_url())
    assert "</script><script>alert(1)" not in response.content.decode()
    assert json_ld(response)["name"] == title


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}])
def test_unpublished_event_pages_and_calendar_files_are_404(client, traits):
    event = EventFactory(**traits)
    assert client.get(event.get_absolute_url()).status_code == 404
    ics = reverse("events:ics", kwargs={"slug": event.slug})
    assert client.get(ics).status_code == 404


def test_event_urls_reverse_and_resolve():
    assert reverse("events:list") == "/events/"
    assert resolve("/events/").view_name == "events:list"
    assert reverse("events:detail", kwargs={"slug": "x"}) == "/events/x/"
    assert resolve("/events/x/").view_name == "events:detail"
    assert reverse("events:ics", kwargs={"slug": "x"}) == "/events/x/event.ics"
    assert resolve("/events/x/event.ics").view_name == "events:ics"
    assert reverse("events:calendar") == "/events/calendar.ics"
    assert resolve("/events/calendar.ics").view_name == "events:calendar"


def test_editors_preview_draft_events_uncached(staff_client):
    event = EventFactory(draft=True, title="Draft webinar")
    response = staff_client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this event is not public yet." in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_event_cards_show_the_image_with_its_description(client):
    from tests.images import upload

    EventFactory(image=upload(size=(800, 400)), image_alt="People at a training")
    html = client.get(reverse("events:list")).content.decode()
    assert 'alt="People at a training"' in html
    assert 'width="800" height="400" loading="lazy"' in html
