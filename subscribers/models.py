from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """People who confirmed their address and have not left: the mailing list."""
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def with_email(self, email: str):
        return self.filter(email__iexact=email.strip())


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField(max_length=254)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    source = models.CharField(
        max_length=40, blank=True, help_text="Which form the person used."
    )
    consent_text = models.TextField(
        blank=True, help_text="The wording the person agreed to."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
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
