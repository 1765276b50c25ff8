import zoneinfo
from datetime import UTC, datetime

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.utils.dateformat import format as date_format

from .models import Event

# Offered first because almost every AASR event happens in one of them.
COMMON_TIME_ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
]


def time_zone_choices():
    return [
        ("United States", [(name, name) for name in COMMON_TIME_ZONES]),
        (
            "All time zones",
            [
                (name, name)
                for name in sorted(zoneinfo.available_timezones())
                if name not in COMMON_TIME_ZONES
            ],
        ),
    ]


class WallClockSplitDateTimeField(forms.SplitDateTimeField):
    """A date and time as typed, with no zone: the form decides which zone it is in.

    Django would read it in the server's zone; an event's times belong to the event.
    """

    def compress(self, data_list):
        if data_list:
            return datetime.combine(*data_list)
        return None


def formfield_for_model_field(db_field, **kwargs):
    # Someone typing "example.org/register" means https, as in the rest of the admin.
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class WallClockWidget(forms.SplitDateTimeWidget):
    """The browser's own date and time pickers, each with a label.

    Not the admin's widget: its "Now" shortcut and clock note use the server's zone.
    """

    template_name = "events/widgets/split_datetime.html"

    def __init__(self, attrs=None):
        super().__init__(
            attrs=attrs,
            date_format="%Y-%m-%d",
            time_format="%H:%M",
            date_attrs={"type": "date"},
            time_attrs={"type": "time"},
        )


class EventAdminForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="America/New_York",
        help_text=Event._meta.get_field("time_zone").help_text,
    )
    starts_at = WallClockSplitDateTimeField(
        label="Starts",
        widget=WallClockWidget,
        help_text="Date and time in the event's time zone.",
    )
    ends_at = WallClockSplitDateTimeField(
        label="Ends",
        widget=WallClockWidget,
        help_text="Date and time in the event's time zone.",
    )

    class Meta:
        model = Event
        formfield_callback = formfield_for_model_field
        widgets = {
            "image": AdminFileWidget(
                attrs={"accept": "image/jpeg,image/png,image/webp"}
            ),
        }
        fields = [
            "title", "slug", "summary", "description", "tags", "time_zone",
            "starts_at", "ends_at", "format", "venue_name", "venue_address",
            "registration_url", "join_url", "join_url_shown", "cost", "image",
            "image_alt", "recording_url", "is_featured", "status", "published_at",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.starts_at and instance.ends_at:
            # Shown as wall-clock times in the event's zone, not the server's.
            self.initial["starts_at"] = instance.local_starts_at.replace(tzinfo=None)
            self.initial["ends_at"] = instance.local_ends_at.replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        zone_name = cleaned_data.get("time_zone")
        if not zone_name:
            return cleaned_data
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in ["starts_at", "ends_at"]:
            wall_clock = cleaned_data.get(name)
            if wall_clock is None:
                continue
            # Also keeps the conversions below inside the years Python can hold.
            if not 1900 <= wall_clock.year <= 9000:
                self.add_error(name, "Choose a date between the years 1900 and 9000.")
                continue
            moment = wall_clock.replace(tzinfo=zone)
            round_trip = moment.astimezone(UTC).astimezone(zone)
            if round_trip.replace(tzinfo=None) != wall_clock:
                self.add_error(
                    name,
                    f"{date_format(wall_clock, 'g:i A')} does not exist on that day in "
                    f"{zone_name}: the clocks jump forward. Choose another time.",
                )
                continue
            cleaned_data[name] = moment
        return cleaned_data
