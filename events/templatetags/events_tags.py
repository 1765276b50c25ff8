from django import template
from django.utils.dateformat import format as date_format

register = template.Library()


def _clock(moment) -> str:
    # "10:00 AM", with no leading zero on the hour.
    return date_format(moment, "g:i A")


@register.simple_tag
def event_when(event) -> str:
    """The event's date and time in its own zone, e.g. "Saturday, May 2, 2026,
    10:00 AM – 4:00 PM EDT"."""
    start, end = event.local_starts_at, event.local_ends_at
    day = date_format(start, "l, F j, Y")
    start_zone, end_zone = start.tzname(), end.tzname()
    if start.date() == end.date():
        return f"{day}, {_clock(start)} – {_clock(end)} {end_zone}"
    end_day = date_format(end, "l, F j, Y")
    return f"{day}, {_clock(start)} {start_zone} – {end_day}, {_clock(end)} {end_zone}"
