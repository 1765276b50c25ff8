"""Bounce and complaint reports from an email provider, through django-anymail."""

from anymail.signals import tracking
from django.dispatch import receiver

from . import services
from .models import Subscriber

UNDELIVERABLE = {
    "bounced": Subscriber.Status.BOUNCED,
    "rejected": Subscriber.Status.BOUNCED,
    "complained": Subscriber.Status.COMPLAINED,
    "unsubscribed": Subscriber.Status.UNSUBSCRIBED,
}


@receiver(tracking)
def stop_mailing_undeliverable(sender, event, esp_name, **kwargs):
    status = UNDELIVERABLE.get(event.event_type)
    if status and event.recipient:
        services.mark_undeliverable(email=event.recipient, status=status)
