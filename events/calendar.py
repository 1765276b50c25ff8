"""Calendar files (.ics) and "add to Google Calendar" links for events."""

from collections.abc import Iterable
from datetime import UTC, timedelta
from urllib.parse import urlencode, urlsplit

import icalendar
from django.conf import settings

from aasr_site.markdown import text_of_html

from .models import Event

GOOGLE_CALENDAR_URL = "https://calendar.google.com/calendar/render"
# Calendar apps check a subscribed feed about this often.
FEED_REFRESH_INTERVAL = timedelta(hours=6)
# Long links break some browsers and mail clients, and Google trims details anyway.
GOOGLE_DETAILS_MAX_CHARS = 1000


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def webcal_url(url: str) -> str:
    """The address with webcal://, which opens a calendar app ready to subscribe."""
    return "webcal://" + url.split("://", 1)[-1]


def event_uid(event: Event) -> str:
    """The same for an event forever, so calendar apps update rather than duplicate."""
    host = urlsplit(settings.SITE_URL).hostname or "aasr"
    return f"event-{event.pk}@{host}"


def event_location(event: Event) -> str:
    venue = ", ".join(
        part
        for part in [event.venue_name.strip(), " ".join(event.venue_address.split())]
        if part
    )
    if event.is_virtual:
        return event.calendar_join_url or "Online"
    if event.is_online:
        return f"{venue} and online"
    return venue


def event_description(event: Event) -> str:
    parts = [event.summary.strip()]
    if event.description_html:
        # Rendered when the event was saved: Markdown again for every event in the
        # feed was most of its time.
        parts.append(text_of_html(event.description_html))
    if event.calendar_join_url:
        parts.append(f"Join: {event.calendar_join_url}")
    if event.registration_url:
        parts.append(f"Register: {event.registration_url}")
    parts.append(f"Details: {absolute_url(event.get_absolute_url())}")
    return "\n\n".join(parts)


def _vevent(event: Event) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    # Without a METHOD, DTSTAMP is when the information last changed (RFC 5545).
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("created", event.created_at.astimezone(UTC))
    vevent.add("summary", event.title)
    # In the organizer's own zone, so the VTIMEZONE keeps daylight saving right.
    vevent.add("dtstart", event.local_starts_at)
    vevent.add("dtend", event.local_ends_at)
    vevent.add("description", event_description(event))
    vevent.add("url", absolute_url(event.get_absolute_url()))
    location = event_location(event)
    if location:
        vevent.add("location", location)
    vevent.add("status", "CONFIRMED")
    return vevent


def build_calendar(events: Iterable[Event], *, name: str = "") -> bytes:
    """An iCalendar file holding the given events, with the time zones they use."""
    events = list(events)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.ORGANIZATION_NAME}//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add(
            "refresh-interval", FEED_REFRESH_INTERVAL, parameters={"VALUE": "DURATION"}
        )
        # An unknown (X-) property: without the type it would not be a DURATION.
        calendar.add("x-published-ttl", icalendar.vDuration(FEED_REFRESH_INTERVAL))
    for event in events:
        calendar.add_component(_vevent(event))
    if events:
        # Only the years the events need, instead of the library's 1970-2038.
        calendar.add_missing_timezones(
            first_date=min(e.starts_at for e in events).date() - timedelta(days=366),
            last_date=max(e.ends_at for e in events).date() + timedelta(days=366),
        )
    return calendar.to_ical()


def google_calendar_url(event: Event) -> str:
    """A link that opens Google Calendar with the event filled in."""
    stamp = "%Y%m%dT%H%M%SZ"
    details = f"{event.summary.strip()}\n\n{absolute_url(event.get_absolute_url())}"
    if event.calendar_join_url:
        details += f"\n\nJoin: {event.calendar_join_url}"
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{event.starts_at.astimezone(UTC).strftime(stamp)}/"
        f"{event.ends_at.astimezone(UTC).strftime(stamp)}",
        "details": details[:GOOGLE_DETAILS_MAX_CHARS],
        "location": event_location(event),
        "ctz": event.time_zone,
    }
    return f"{GOOGLE_CALENDAR_URL}?{urlencode(query)}"
