"""Writes that touch subscribers and talk to the mail server."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Subscriber
from .tokens import make_confirm_token

logger = logging.getLogger(__name__)

CONSENT_TEXT = (
    "Send me new stories, events and resources from AASR by email. "
    "I can unsubscribe at any time."
)
# Asking again within this window does not send another email (no mail bombing).
RESEND_AFTER = timedelta(minutes=5)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_templated_email(*, to: str, subject: str, template: str, context: dict):
    """Send a plain-text and HTML email built from <template>.txt and .html."""
    context = {
        "site_url": settings.SITE_URL,
        "organization_name": settings.ORGANIZATION_NAME,
        "organization_address": settings.ORGANIZATION_ADDRESS,
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    message.send()


def subscribe(*, email: str, source: str) -> None:
    """Record a request to follow AASR and email the person what to do next.

    The caller shows the same answer whatever happens here, so that nobody can learn
    whether an address is subscribed.
    """
    email = email.strip()
    now = timezone.now()
    subscriber = Subscriber.objects.with_email(email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    email=email, source=source, consent_text=CONSENT_TEXT
                )
        except IntegrityError:  # the same address, submitted twice at once
            return
    if (
        subscriber.confirmation_sent_at
        and now - subscriber.confirmation_sent_at < RESEND_AFTER
    ):
        return

    if subscriber.status == Subscriber.Status.CONFIRMED:
        template, subject = (
            "subscribers/email/already_subscribed",
            "You already follow AASR",
        )
    else:
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            subscriber.source, subscriber.consent_text = source, CONSENT_TEXT
        template, subject = (
            "subscribers/email/confirm",
            "Please confirm: follow AASR by email",
        )
    confirm_path = reverse(
        "subscribers:confirm", kwargs={"token": make_confirm_token(subscriber)}
    )
    try:
        send_templated_email(
            to=subscriber.email,
            subject=subject,
            template=template,
            context={"confirm_url": absolute_url(confirm_path)},
        )
    except Exception:
        # The person still sees "check your inbox"; asking again retries the email.
        logger.exception("Confirmation email to subscriber %s failed", subscriber.pk)
        return
    subscriber.confirmation_sent_at = now
    subscriber.save()


def confirm(*, subscriber: Subscriber) -> None:
    """Confirm a subscription after the person pressed the button in the email link."""
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.confirm()
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
