"""schema.org Event data for search engines, as JSON-LD."""

import re

from django.conf import settings

from .calendar import absolute_url
from .models import Event, EventFormat

ATTENDANCE_MODES = {
    EventFormat.VIRTUAL: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
FREE_WORDS = re.compile(r"\b(free|no cost|no charge)\b", re.IGNORECASE)
AMOUNT = re.compile(r"\d+(?:[.,]\d{1,2})?")


def _offer(event: Event) -> dict:
    offer = {"@type": "Offer", "description": event.cost}
    if FREE_WORDS.search(event.cost):
        offer.update(price="0", priceCurrency="USD")
    elif amount := AMOUNT.search(event.cost.replace(",", "")):
        offer.update(price=amount.group(), priceCurrency="USD")
    if event.registration_url:
        offer["url"] = event.registration_url
    if event.is_registration_open:
        offer["availability"] = "https://schema.org/InStock"
    return offer


def event_data(event: Event) -> dict:
    page_url = absolute_url(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": page_url,
        "startDate": event.local_starts_at.isoformat(),
        "endDate": event.local_ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES[event.format],
        "organizer": {
            "@type": "Organization",
            "name": settings.ORGANIZATION_NAME,
            "url": absolute_url("/"),
        },
    }
    locations = []
    if event.is_in_person:
        place = {"@type": "Place", "name": event.venue_name}
        if event.venue_address.strip():
            place["address"] = " ".join(event.venue_address.split())
        locations.append(place)
    if event.is_online:
        locations.append(
            {"@type": "VirtualLocation", "url": event.public_join_url or page_url}
        )
    data["location"] = locations[0] if len(locations) == 1 else locations
    if event.image:
        data["image"] = [absolute_url(event.image.url)]
    if event.cost.strip():
        data["offers"] = _offer(event)
    if event.recording_url and event.has_ended:
        data["recordedIn"] = {"@type": "CreativeWork", "url": event.recording_url}
    return data
