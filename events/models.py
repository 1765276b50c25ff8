import zoneinfo
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Case, F, Value, When
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from aasr_site import images, search
from aasr_site.markdown import render_markdown
from aasr_site.publishing import PublishableModel, PublishableQuerySet, unique_slug

# How long an ended event stays in the subscribable calendar feed.
CALENDAR_FEED_RECENT_DAYS = 90


# Django's URLField also accepts ftp:// links, which no browser opens any more.
# The code is our own: a ModelForm swaps "invalid" for its field's generic message.
validate_web_url = URLValidator(
    schemes=["http", "https"],
    message="Enter a web address that starts with https:// or http://.",
    code="not_web_address",
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "Choose a time zone such as America/New_York.", code="invalid"
        )


class EventFormat(models.TextChoices):
    VIRTUAL = "virtual", "Virtual"
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Hybrid (in person and online)"


class JoinLinkShown(models.TextChoices):
    NOWHERE = "nowhere", "Nowhere on the site (sent to people who register)"
    EVENT_PAGE = "event_page", "On the event page"
    EVENT_PAGE_AND_CALENDAR = (
        "event_page_and_calendar",
        "On the event page and in calendar files",
    )


# The columns an event card (events/includes/event_card.html) and the home page's
# hero read: not the description, which is the bulk of an event's row.
CARD_FIELDS = (
    "updated_at",  # keys the card's cached rendering
    "status",
    "published_at",
    "title",
    "slug",
    "summary",
    "format",
    "starts_at",
    "ends_at",
    "time_zone",
    "cost",
    "registration_url",
    "recording_url",
    "image",
    "image_alt",
    "image_width",
    "image_height",
)


class EventQuerySet(search.SearchableQuerySet, PublishableQuerySet):
    search_fields = ("title", "summary", "description")
    snippet_field = "summary"

    def not_ended(self):
        return self.filter(ends_at__gt=timezone.now())

    def ended(self):
        return self.filter(ends_at__lte=timezone.now())

    def upcoming(self):
        """Published events that have not ended yet, soonest first."""
        return self.published().not_ended().order_by("starts_at", "pk")

    def past(self):
        """Published events that have ended, most recent first."""
        return self.published().ended().order_by("-starts_at", "-pk")

    def upcoming_then_past(self):
        """Every published event for the list page: those still to come soonest
        first, then those that have ended, most recent first. One ordering, so the
        whole list pages like any other."""
        now = timezone.now()
        is_past = Case(When(ends_at__lte=now, then=Value(True)), default=Value(False))
        upcoming_start = Case(When(ends_at__gt=now, then=F("starts_at")))
        past_start = Case(When(ends_at__lte=now, then=F("starts_at")))
        return (
            self.published()
            .annotate(is_past=is_past)
            .order_by(
                "is_past",
                upcoming_start.asc(nulls_last=True),
                past_start.desc(nulls_last=True),
                "pk",
            )
        )

    def hero(self):
        """The event the home page leads with: featured first, then the soonest."""
        return (
            self.upcoming()
            .only(*CARD_FIELDS)
            .order_by("-is_featured", "starts_at", "pk")
            .first()
        )

    def for_calendar_feed(self):
        """Published events still to come or recently ended, in date order."""
        since = timezone.now() - timedelta(days=CALENDAR_FEED_RECENT_DAYS)
        return self.published().filter(ends_at__gt=since).order_by("starts_at", "pk")


class Event(PublishableModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The end of the event's address, after /events/: letters, numbers "
        "and hyphens.",
    )
    summary = models.TextField(
        max_length=600, help_text="One or two sentences shown in lists and the hero."
    )
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = models.TextField(editable=False, blank=True)
    starts_at = models.DateTimeField(
        "starts", db_index=True, help_text="In the event's time zone."
    )
    ends_at = models.DateTimeField(
        "ends", db_index=True, help_text="In the event's time zone."
    )
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        default="America/New_York",
        help_text="The zone the organizers think in; times are entered and shown "
        "in it.",
    )
    format = models.CharField(
        max_length=20, choices=EventFormat.choices, default=EventFormat.VIRTUAL
    )
    venue_name = models.CharField(
        max_length=200, blank=True, help_text="Required for in-person and hybrid."
    )
    venue_address = models.TextField(blank=True)
    registration_url = models.URLField(
        "registration link",
        blank=True,
        max_length=500,
        validators=[validate_web_url],
        help_text="The Register button shows until the event ends.",
    )
    join_url = models.URLField(
        "join link",
        blank=True,
        max_length=500,
        validators=[validate_web_url],
        help_text="Where people join online (Zoom, YouTube…).",
    )
    join_url_shown = models.CharField(
        "show the join link",
        max_length=30,
        choices=JoinLinkShown.choices,
        default=JoinLinkShown.NOWHERE,
        help_text="A public join link can be used by anyone who finds it.",
    )
    cost = models.CharField(max_length=100, blank=True, help_text="For example “Free”.")
    is_featured = models.BooleanField(
        "featured",
        default=False,
        help_text="Featured events lead the home page while they are upcoming.",
    )
    image, image_width, image_height, image_alt = images.image_fields("events/%Y/%m/")
    recording_url = models.URLField(
        "recording link",
        blank=True,
        max_length=500,
        validators=[validate_web_url],
        help_text="Shown once the event has ended.",
    )
    tags = TaggableManager(blank=True)
    search_document = search.document_field()

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            search.document_index("event_search"),
            # Search walks the newest published items, from this index.
            models.Index(
                fields=["status", "-published_at", "-id"], name="event_published"
            ),
        ]

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
        if images.missing_alt_text(self):
            errors["image_alt"] = images.ALT_TEXT_REQUIRED
        if self.join_url_shown != JoinLinkShown.NOWHERE and not self.join_url:
            errors["join_url"] = "Add the join link, or choose to show it nowhere."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="event")
        # Rendered once here so no page view pays for Markdown and sanitizing.
        self.description_html = render_markdown(self.description)
        replaced = images.replaced_files(self)
        # No EXIF or GPS data from an uploaded photo reaches the public site.
        images.reencode_new_upload(self.image)
        super().save(*args, **kwargs)
        images.delete_files_on_commit(type(self), replaced)

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

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.VIRTUAL, EventFormat.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID)

    @property
    def is_registration_open(self) -> bool:
        return bool(self.registration_url) and not self.has_ended

    @property
    def public_join_url(self) -> str:
        """The join link for the event page, when the editor chose to show it."""
        if self.join_url_shown == JoinLinkShown.NOWHERE or self.has_ended:
            return ""
        return self.join_url

    @property
    def calendar_join_url(self) -> str:
        if self.join_url_shown != JoinLinkShown.EVENT_PAGE_AND_CALENDAR:
            return ""
        return self.join_url
