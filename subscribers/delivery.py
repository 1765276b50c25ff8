"""Sending a mailing exactly once to each recipient, whatever fails along the way.

The Delivery rows are the source of truth, not the task queue: a task only says "look
for due deliveries of this mailing". A worker claims a few rows at a time (so two
workers never take the same row), sends, and marks each row sent straight away. Rows
left claimed by a worker that was killed are released after CLAIM_LEASE, and
`recover_stale_work()` (run when a worker starts, then every few minutes) queues
the mailings again.
"""

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from .emails import MailingEmail
from .models import TOPIC_FIELDS, Delivery, Mailing, Subscriber

logger = logging.getLogger(__name__)

# How many rows one worker takes at a time, and how long before a claim is abandoned.
CLAIM_SIZE = 50
CLAIM_LEASE = timedelta(minutes=15)
# One task sends at most this many, or for this long, then queues the rest: tasks
# stay short, so one still "running" long after that belonged to a worker that died.
MESSAGES_PER_TASK = 500
SECONDS_PER_TASK = 300
# After this many failures in a row the mail server is probably down: stop and retry.
FAILURES_BEFORE_PAUSE = 3


@dataclass
class DeliveryRun:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    next_run_at: datetime | None = None  # None: nothing more to do


def chunked(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def retry_delay(attempts: int) -> timedelta:
    """1, 4, 16, 64 ... times the base delay."""
    return timedelta(seconds=settings.MAILING_RETRY_BASE_SECONDS * 4 ** (attempts - 1))


class Throttle:
    """At most `per_minute` messages a minute, counted in the shared cache of
    limits (which pages never push out).

    With REDIS_URL set every worker process counts against the same limit.
    """

    def __init__(self, per_minute: int, *, sleep=time.sleep, clock=time.time):
        self.per_minute, self.sleep, self.clock = per_minute, sleep, clock

    def wait(self) -> None:
        if not self.per_minute:
            return
        counters = caches["limits"]
        while True:
            now = self.clock()
            key = f"subscribers:throttle:{int(now // 60)}"
            counters.add(key, 0, timeout=120)
            try:
                count = counters.incr(key)
            except ValueError:  # evicted between add and incr
                counters.add(key, 1, timeout=120)
                count = 1
            if count <= self.per_minute:
                return
            self.sleep(60 - now % 60 + 0.01)


def add_recipients(mailing: Mailing) -> None:
    """Create one pending delivery per confirmed subscriber of the mailing's topics.

    Safe to repeat: the unique constraint and ignore_conflicts skip existing rows.
    """
    if mailing.recipients_added_at:
        return
    subscriber_ids = (
        Subscriber.objects.confirmed()
        .wanting_any(mailing.audience_topics)
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=2000)
    )
    for chunk in chunked(subscriber_ids, 2000):
        Delivery.objects.bulk_create(
            [Delivery(mailing=mailing, subscriber_id=pk) for pk in chunk],
            ignore_conflicts=True,
        )
    mailing.recipients_added_at = timezone.now()
    Mailing.objects.filter(pk=mailing.pk).update(
        recipients_added_at=mailing.recipients_added_at
    )


def claim_due(mailing: Mailing, *, size: int) -> list[Delivery]:
    """Take up to `size` due deliveries for this worker alone."""
    now = timezone.now()
    claim = uuid.uuid4().hex
    due = Delivery.objects.filter(
        mailing=mailing, status=Delivery.Status.PENDING, next_attempt_at__lte=now
    ).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        # PostgreSQL: workers skip each other's rows instead of waiting on them.
        with transaction.atomic():
            ids = list(
                due.select_for_update(skip_locked=True).values_list("pk", flat=True)[
                    :size
                ]
            )
            Delivery.objects.filter(pk__in=ids).update(
                status=Delivery.Status.SENDING, claim=claim, claimed_at=now
            )
    else:
        # SQLite runs one write at a time, so one UPDATE is a safe claim.
        Delivery.objects.filter(
            pk__in=due.values("pk")[:size], status=Delivery.Status.PENDING
        ).update(status=Delivery.Status.SENDING, claim=claim, claimed_at=now)
    return list(
        Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING)
        .select_related("subscriber")
        .only(
            "pk",
            "attempts",
            "claim",
            "subscriber__email",
            "subscriber__status",
            *(f"subscriber__{field}" for field in TOPIC_FIELDS.values()),
        )
        .order_by("pk")
    )


def still_wants(subscriber: Subscriber, mailing: Mailing) -> bool:
    return subscriber.status == Subscriber.Status.CONFIRMED and bool(
        set(subscriber.topics) & set(mailing.audience_topics)
    )


def record_sent(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        attempts=delivery.attempts + 1,
        claim="",
        last_error="",
    )


def record_failure(delivery: Delivery, error: Exception) -> None:
    attempts = delivery.attempts + 1
    gave_up = attempts >= settings.MAILING_MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(
        status=Delivery.Status.FAILED if gave_up else Delivery.Status.PENDING,
        attempts=attempts,
        next_attempt_at=timezone.now() + retry_delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:1000],
        claim="",
        claimed_at=None,
    )


def release(deliveries: list[Delivery]) -> None:
    """Give back claimed rows that were not tried, without counting an attempt."""
    Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries], status=Delivery.Status.SENDING
    ).update(status=Delivery.Status.PENDING, claim="", claimed_at=None)


def release_stale_claims() -> int:
    """Rows claimed by a worker that died mid-way go back to the queue."""
    return Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=timezone.now() - CLAIM_LEASE
    ).update(status=Delivery.Status.PENDING, claim="", claimed_at=None)


def finish_if_done(mailing: Mailing) -> bool:
    unfinished = mailing.deliveries.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    )
    if mailing.recipients_added_at and not unfinished.exists():
        Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENDING).update(
            status=Mailing.Status.SENT, finished_at=timezone.now()
        )
        return True
    return False


def next_run_at(mailing: Mailing) -> datetime | None:
    if finish_if_done(mailing):
        return None
    earliest = mailing.deliveries.filter(status=Delivery.Status.PENDING).aggregate(
        at=Min("next_attempt_at")
    )["at"]
    if earliest is None:  # only rows claimed by another worker are left
        return timezone.now() + CLAIM_LEASE
    return max(earliest, timezone.now())


def deliver_due(
    mailing_id: int, *, limit: int = MESSAGES_PER_TASK, sleep=time.sleep
) -> DeliveryRun:
    """Send up to `limit` due messages of a mailing; say when to look again."""
    run = DeliveryRun()
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None or mailing.status != Mailing.Status.SENDING:
        return run
    add_recipients(mailing)
    release_stale_claims()
    email = MailingEmail(mailing)
    throttle = Throttle(settings.MAILING_MESSAGES_PER_MINUTE, sleep=sleep)
    mail_connection = get_connection()  # SMTP gives up after EMAIL_TIMEOUT seconds
    try:
        mail_connection.open()
    except Exception as error:
        logger.warning(
            "Mail server unavailable for mailing %s: %s",
            mailing.pk,
            type(error).__name__,
        )
        run.next_run_at = timezone.now() + retry_delay(1)
        return run

    failures_in_a_row = 0
    try:
        deadline = time.monotonic() + SECONDS_PER_TASK
        while (done := run.sent + run.failed + run.skipped) < limit:
            if time.monotonic() > deadline:
                break
            batch = claim_due(mailing, size=min(CLAIM_SIZE, limit - done))
            if not batch:
                break
            for index, delivery in enumerate(batch):
                subscriber = delivery.subscriber
                if not still_wants(subscriber, mailing):
                    Delivery.objects.filter(pk=delivery.pk).update(
                        status=Delivery.Status.SKIPPED, claim=""
                    )
                    run.skipped += 1
                    continue
                throttle.wait()
                message = email.for_subscriber(
                    subscriber_id=subscriber.pk, email=subscriber.email
                )
                try:
                    mail_connection.send_messages([message])
                except Exception as error:
                    record_failure(delivery, error)
                    run.failed += 1
                    failures_in_a_row += 1
                    if failures_in_a_row >= FAILURES_BEFORE_PAUSE:
                        release(batch[index + 1 :])
                        logger.warning(
                            "Mailing %s paused after %d failures in a row",
                            mailing.pk,
                            failures_in_a_row,
                        )
                        run.next_run_at = timezone.now() + retry_delay(1)
                        return run
                else:
                    record_sent(delivery)
                    run.sent += 1
                    failures_in_a_row = 0
    finally:
        mail_connection.close()
    run.next_run_at = next_run_at(mailing)
    return run


def recover_stale_work() -> list[int]:
    """When a worker starts: release abandoned claims and queue unfinished mailings."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .tasks import deliver_mailing, schedule_confirmations, send_confirmations

    release_stale_claims()
    # A worker killed mid-task leaves its task "running" forever; our tasks are short,
    # so one running past the lease is dead. The rows above are the real state.
    task_paths = [deliver_mailing.module_path, send_confirmations.module_path]
    DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path__in=task_paths,
        started_at__lt=timezone.now() - CLAIM_LEASE,
    ).update(status=TaskResultStatus.FAILED, finished_at=timezone.now())

    waiting = {
        tuple(result.args_kwargs.get("args", []))
        for result in DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
            task_path=deliver_mailing.module_path,
        ).only("args_kwargs")
    }
    queued = []
    for mailing_id in Mailing.objects.filter(status=Mailing.Status.SENDING).values_list(
        "pk", flat=True
    ):
        if (mailing_id,) not in waiting:
            deliver_mailing.enqueue(mailing_id)
            queued.append(mailing_id)
    if Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, confirmation_sent_at__isnull=True
    ).exists():
        schedule_confirmations(run_after=timezone.now())
    return queued
