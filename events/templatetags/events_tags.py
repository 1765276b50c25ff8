from functools import lru_cache
from zoneinfo import ZoneInfo

from django import template
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

register = template.Library()


def _clock(moment) -> str:
    # "10:00 AM", with no leading zero on the hour.
    return date_format(moment, "g:i A")


@register.simple_tag
def event_when(event) -> str:
    """The event's date and time in its own zone, e.g. "Saturday, May 2, 2026,
    10:00 AM – 4:00 PM EDT"."""
    return _when(event.starts_at, event.ends_at, event.time_zone, get_language())


# Formatting dates is slow and the same events appear on many pages: each wording
# is kept. Day and month names are translated, so the language is in the key.
@lru_cache(maxsize=4096)
def _when(starts_at, ends_at, time_zone: str, language: str) -> str:
    zone = ZoneInfo(time_zone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    day = date_format(start, "l, F j, Y")
    start_zone, end_zone = start.tzname(), end.tzname()
    if start.date() == end.date():
        return f"{day}, {_clock(start)} – {_clock(end)} {end_zone}"
    end_day = date_format(end, "l, F j, Y")
    return f"{day}, {_clock(start)} {start_zone} – {end_day}, {_clock(end)} {end_zone}"
