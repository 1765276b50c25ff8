import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from aasr_site.markdown import render_markdown
from aasr_site.publishing import PublishableModel, PublishableQuerySet, unique_slug


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "Choose a time zone such as America/New_York.", code="invalid"
        )


class EventFormat(models.TextChoices):
    VIRTUAL = "virtual", "Virtual"
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Hybrid (in person and online)"


class EventQuerySet(PublishableQuerySet):
    def upcoming(self):
        """Published events that have not ended yet, soonest first."""
        return (
            self.published()
            .filter(ends_at__gt=timezone.now())
            .order_by("starts_at", "pk")
        )

    def past(self):
        """Published events that have ended, most recent first."""
        return (
            self.published()
            .filter(ends_at__lte=timezone.now())
            .order_by("-starts_at", "-pk")
        )

    def hero(self):
        """The event the home page leads with: featured first, then the soonest."""
        return self.upcoming().order_by("-is_featured", "starts_at", "pk").first()


class Event(PublishableModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        max_length=600, help_text="One or two sentences shown in lists and the hero."
    )
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = models.TextField(editable=False, blank=True)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(db_index=True)
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        default="America/New_York",
        help_text="The zone the organizers think in; times are shown in it.",
    )
    format = models.CharField(
        max_length=20, choices=EventFormat.choices, default=EventFormat.VIRTUAL
    )
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    registration_url = models.URLField("registration link", blank=True, max_length=500)
    cost = models.CharField(max_length=100, blank=True, help_text="For example “Free”.")
    is_featured = models.BooleanField(
        "featured",
        default=False,
        help_text="Featured events lead the home page while they are upcoming.",
    )
    tags = TaggableManager(blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start."
        if self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not (
            self.venue_name.strip()
        ):
            errors["venue_name"] = "An event held in person needs a venue."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="event")
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_virtual(self) -> bool:
        return self.format == EventFormat.VIRTUAL
