"""Writes that touch subscribers and mailings and talk to the mail server."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from letters.models import Letter
from stories.models import Story

from .emails import MailingEmail, absolute_url, build_email
from .models import TOPIC_FIELDS, Mailing, Subscriber
from .tokens import make_confirm_token

logger = logging.getLogger(__name__)

CONSENT_TEXT = (
    "Send me new stories, events and resources from AASR by email. "
    "I can unsubscribe at any time."
)
TOPIC_NAMES = {
    "stories": "stories",
    "events": "events",
    "letters": "letters and resources",
}
# Asking again within this window does not send another email (no mail bombing).
RESEND_AFTER = timedelta(minutes=5)


def consent_wording(topics: list[str]) -> str:
    chosen = ", ".join(TOPIC_NAMES[topic] for topic in topics) or "nothing"
    return f"{CONSENT_TEXT} Topics: {chosen}."


def set_topics(subscriber: Subscriber, topics) -> None:
    for topic, field in TOPIC_FIELDS.items():
        setattr(subscriber, field, topic in topics)


def subscribe(*, email: str, source: str, topics=tuple(TOPIC_FIELDS)) -> None:
    """Record a request to follow AASR and email the person what to do next.

    The caller shows the same answer whatever happens here, so that nobody can learn
    whether an address is subscribed.
    """
    email = email.strip()
    now = timezone.now()
    subscriber = Subscriber.objects.with_email(email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email)
        set_topics(subscriber, topics)
        subscriber.source, subscriber.consented_at = source, now
        subscriber.consent_text = consent_wording(subscriber.topics)
        try:
            with transaction.atomic():
                subscriber.save()
        except IntegrityError:  # the same address, submitted twice at once
            return
    if (
        subscriber.confirmation_sent_at
        and now - subscriber.confirmation_sent_at < RESEND_AFTER
    ):
        return
    if subscriber.status not in (
        Subscriber.Status.PENDING,
        Subscriber.Status.CONFIRMED,
    ):
        # Someone who left (or whose address bounced) asks again: a fresh consent.
        set_topics(subscriber, topics)
        subscriber.source, subscriber.consented_at = source, now
        subscriber.consent_text = consent_wording(subscriber.topics)
        subscriber.save()
    if send_confirmation(subscriber=subscriber):
        return
    if subscriber.status == Subscriber.Status.PENDING:
        from .tasks import schedule_confirmations

        # The mail server is down: the worker tries again in a minute.
        schedule_confirmations(run_after=now + timedelta(minutes=1))


def send_confirmation(*, subscriber: Subscriber) -> bool:
    """Email the confirmation link (or say it is confirmed); False on failure."""
    if subscriber.status == Subscriber.Status.CONFIRMED:
        template, subject = (
            "subscribers/email/already_subscribed",
            "You already follow AASR",
        )
    else:
        template, subject = (
            "subscribers/email/confirm",
            "Please confirm: follow AASR by email",
        )
    confirm_path = reverse(
        "subscribers:confirm", kwargs={"token": make_confirm_token(subscriber)}
    )
    try:
        build_email(
            to=subscriber.email,
            subject=subject,
            template=template,
            context={"confirm_url": absolute_url(confirm_path)},
            subscriber_id=subscriber.pk,
        ).send()
    except Exception as error:
        # The type only: an SMTP error message can contain the address.
        logger.warning(
            "Confirmation email to subscriber %s failed: %s",
            subscriber.pk,
            type(error).__name__,
        )
        return False
    subscriber.confirmation_sent_at = timezone.now()
    subscriber.save(update_fields=["confirmation_sent_at"])
    return True


def send_unsent_confirmations() -> int:
    """Try again the confirmation emails that failed; return how many still failed."""
    max_age = timedelta(days=settings.SUBSCRIBE_CONFIRM_MAX_AGE_DAYS)
    unsent = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING,
        confirmation_sent_at__isnull=True,
        created_at__gte=timezone.now() - max_age,
    )
    return sum(
        not send_confirmation(subscriber=subscriber) for subscriber in unsent.iterator()
    )


def confirm(*, subscriber: Subscriber) -> None:
    """Confirm a subscription after the person pressed the button in the email link."""
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.confirm()
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])


def unsubscribe(*, subscriber: Subscriber) -> None:
    """Stop all email to this person (from a link, a mail client, or the admin)."""
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])


def update_preferences(*, subscriber: Subscriber, topics, source="manage") -> None:
    """Save chosen topics; choosing topics from a personal link (re)subscribes."""
    set_topics(subscriber, topics)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        # The personal link proves the person reads this inbox.
        subscriber.confirm()
        subscriber.source, subscriber.consented_at = source, timezone.now()
        subscriber.consent_text = consent_wording(subscriber.topics)
    subscriber.save()


def mark_undeliverable(*, email: str, status: str) -> int:
    """A provider reported a bounce or a complaint: never mail this address again."""
    return (
        Subscriber.objects.with_email(email)
        .exclude(status=Subscriber.Status.UNSUBSCRIBED)
        .update(status=status, unsubscribed_at=timezone.now())
    )


def erase(*, subscriber: Subscriber, by=None) -> None:
    """Delete everything about a person on their request (deliveries included).

    `by`, the editor who erased them, is recorded in the admin's history under the
    follower's number, never their address."""
    subscriber_id = subscriber.pk
    content_type = ContentType.objects.get_for_model(Subscriber)
    # The admin's history names the address in every change made to this person.
    LogEntry.objects.filter(
        content_type=content_type, object_id=str(subscriber_id)
    ).delete()
    subscriber.delete()
    if by is not None:
        LogEntry.objects.create(
            user_id=by.pk,
            content_type=content_type,
            object_id=str(subscriber_id),
            object_repr=f"Follower {subscriber_id} (erased on request)",
            action_flag=DELETION,
        )
    logger.info("Erased subscriber %s on request", subscriber_id)


def last_sent_mailing_at():
    mailing = (
        Mailing.objects.exclude(status=Mailing.Status.DRAFT)
        .order_by("-queued_at")
        .only("queued_at")
        .first()
    )
    return mailing.queued_at if mailing else None


def new_content() -> dict:
    """Stories, events and letters published since the last mailing was sent."""
    since = last_sent_mailing_at()
    content = {
        "stories": Story.objects.published(),
        "events": Event.objects.published(),
        "letters": Letter.objects.published(),
    }
    if since is not None:
        content = {
            name: queryset.filter(published_at__gt=since)
            for name, queryset in content.items()
        }
    return {
        name: list(queryset.order_by("-published_at", "-pk")[:50])
        for name, queryset in content.items()
    }


def create_digest(*, user=None) -> Mailing | None:
    """A mailing of everything new, or None when nothing is new."""
    content = new_content()
    if not any(content.values()):
        return None
    today = timezone.localdate()
    with transaction.atomic():
        mailing = Mailing.objects.create(
            subject=f"New from AASR: {today:%B} {today.day}, {today.year}",
            introduction="Here is what is new on the AASR website.",
            created_by=user,
        )
        mailing.stories.set(content["stories"])
        mailing.events.set(content["events"])
        mailing.letters.set(content["letters"])
    return mailing


def send_test(*, mailing: Mailing, to: str) -> None:
    """Send the mailing to an editor, with links that unsubscribe nobody."""
    preview_url = absolute_url(reverse("subscribers:subscribe"))
    MailingEmail(mailing, subject_prefix="[Test] ").for_links(
        email=to, manage_url=preview_url, unsubscribe_url=preview_url
    ).send()


def queue_mailing(*, mailing: Mailing) -> bool:
    """Queue delivery to every confirmed subscriber of its topics; False if already."""
    from .tasks import deliver_mailing

    with transaction.atomic():
        started = Mailing.objects.filter(
            pk=mailing.pk, status=Mailing.Status.DRAFT
        ).update(status=Mailing.Status.SENDING, queued_at=timezone.now())
        if started:
            transaction.on_commit(lambda: deliver_mailing.enqueue(mailing.pk))
    mailing.refresh_from_db()
    return bool(started)
