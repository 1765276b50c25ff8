from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

TOPIC_FIELDS = {
    "stories": "wants_stories",
    "events": "wants_events",
    "letters": "wants_letters",
}


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """People who confirmed their address and have not left: the mailing list."""
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def with_email(self, email: str):
        return self.filter(email__iexact=email.strip())

    def wanting_any(self, topics):
        """Subscribers who chose at least one of the given topics."""
        query = models.Q()
        for topic in topics:
            query |= models.Q(**{TOPIC_FIELDS[topic]: True})
        return self.filter(query) if query else self.none()


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Address bounced"
        COMPLAINED = "complained", "Marked our email as spam"

    email = models.EmailField(max_length=254)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    wants_stories = models.BooleanField("stories", default=True)
    wants_events = models.BooleanField("events", default=True)
    wants_letters = models.BooleanField("letters and resources", default=True)
    source = models.CharField(
        max_length=40, blank=True, help_text="Which form the person used."
    )
    consent_text = models.TextField(
        blank=True, help_text="The wording the person agreed to."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    consented_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the form was sent."
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "follower"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_unique_ci"),
        ]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        # A subscriber has no public page; the closest is the page they signed up on.
        return reverse("subscribers:subscribe")

    def confirm(self):
        self.status = self.Status.CONFIRMED
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None

    @property
    def topics(self) -> list[str]:
        return [topic for topic, field in TOPIC_FIELDS.items() if getattr(self, field)]


class Mailing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=150)
    introduction = models.TextField(
        blank=True, help_text="Markdown. A few words before the list of new content."
    )
    stories = models.ManyToManyField("stories.Story", blank=True)
    events = models.ManyToManyField("events.Event", blank=True)
    letters = models.ManyToManyField(
        "letters.Letter", blank=True, verbose_name="letters and resources"
    )
    for_stories = models.BooleanField(
        "followers of stories", default=True, help_text="Who receives this mailing."
    )
    for_events = models.BooleanField("followers of events", default=True)
    for_letters = models.BooleanField("followers of letters", default=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    recipients_added_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def audience_topics(self) -> list[str]:
        chosen = {
            "stories": self.for_stories,
            "events": self.for_events,
            "letters": self.for_letters,
        }
        return [topic for topic, wanted in chosen.items() if wanted]

    def published_content(self) -> dict[str, list]:
        """What it announces that readers can open now: an item unpublished since it
        was chosen would be a dead link, or a story no editor has checked."""
        return {
            "stories": list(self.stories.published()),
            "events": list(self.events.published()),
            "letters": list(self.letters.published()),
        }

    def clean(self):
        if not self.audience_topics:
            raise ValidationError(
                "Choose who receives it: the followers of at least one topic."
            )


class Delivery(models.Model):
    """One mailing to one subscriber: the record that makes sending exactly-once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Queued"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (left the list)"

    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "subscriber"], name="delivery_once_per_subscriber"
            ),
        ]
        indexes = [
            models.Index(
                fields=["mailing", "status", "next_attempt_at"],
                name="delivery_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.mailing} → subscriber {self.subscriber_id}"
