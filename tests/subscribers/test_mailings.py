import base64
import importlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import clear_url_caches
from django_tasks_db.models import DBTaskResult

import aasr_site.urls
import subscribers.urls
from subscribers import delivery, services
from subscribers.models import Delivery, Mailing, Subscriber
from subscribers.tasks import deliver_mailing
from tests.factories import (
    EventFactory,
    LetterFactory,
    MailingFactory,
    StoryFactory,
    SubscriberFactory,
)
from tests.subscribers.helpers import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle(settings):
    settings.MAILING_MESSAGES_PER_MINUTE = 0


@pytest.fixture(autouse=True)
def worker_keeps_the_test_connection(monkeypatch):
    # The worker closes connections that are inside a transaction, as each test is.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )


def run_worker():
    call_command("run_worker", batch=True, verbosity=0)


def sent_mailing(**kwargs):
    mailing = MailingFactory(**kwargs)
    services.queue_mailing(mailing=mailing)
    return mailing


def recipients(subject):
    return sorted(m.to[0] for m in mail.outbox if m.subject == subject)


def test_send_queues_and_the_worker_sends_one_email_to_each_confirmed_subscriber(
    django_capture_on_commit_callbacks,
):
    readers = SubscriberFactory.create_batch(5)
    SubscriberFactory(status=Subscriber.Status.PENDING)
    SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    with django_capture_on_commit_callbacks(execute=True):
        mailing = sent_mailing()
    assert not mail.outbox  # the request returns at once; nothing sent yet
    assert DBTaskResult.objects.count() == 1

    run_worker()

    assert recipients(mailing.subject) == sorted(r.email for r in readers)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert mailing.deliveries.filter(status=Delivery.Status.SENT).count() == 5


def test_audience_is_chosen_by_topic():
    SubscriberFactory(
        email="stories@example.org", wants_events=False, wants_letters=False
    )
    SubscriberFactory(
        email="events@example.org", wants_stories=False, wants_letters=False
    )
    mailing = sent_mailing(for_stories=False, for_letters=False)
    deliver_mailing.call(mailing.pk)
    assert recipients(mailing.subject) == ["events@example.org"]


def test_running_the_send_task_twice_sends_each_subscriber_one_email():
    SubscriberFactory.create_batch(3)
    mailing = sent_mailing()
    deliver_mailing.call(mailing.pk)
    deliver_mailing.call(mailing.pk)
    assert services.queue_mailing(mailing=mailing) is False  # a second "Send" click
    run_worker()
    assert len(recipients(mailing.subject)) == 3


class KilledHalfWay(BaseException):
    """Like a worker killed mid-send: not an error the code may catch."""


def test_worker_killed_half_way_then_restarted_sends_exactly_once(settings):
    readers = SubscriberFactory.create_batch(6)
    mailing = sent_mailing()
    settings.EMAIL_BACKEND = "tests.subscribers.test_mailings.DiesAfterThree"
    DiesAfterThree.sent = 0
    with pytest.raises(KilledHalfWay):
        deliver_mailing.call(mailing.pk)
    assert len(mail.outbox) == 3
    assert mailing.deliveries.filter(status=Delivery.Status.SENDING).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The stale claim is released once its lease has run out, when a worker starts.
    with time_machine.travel(delivery.CLAIM_LEASE + timedelta(minutes=1)):
        run_worker()
    assert recipients(mailing.subject) == sorted(r.email for r in readers)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


def test_worker_start_requeues_a_mailing_whose_task_was_left_running():
    SubscriberFactory.create_batch(2)
    mailing = sent_mailing()
    DBTaskResult.objects.all().delete()  # the task was lost with its worker
    run_worker()
    assert len(recipients(mailing.subject)) == 2


def test_mail_server_down_then_back_delivers_everyone_once(settings):
    SubscriberFactory.create_batch(4)
    mailing = sent_mailing()
    settings.EMAIL_BACKEND = "tests.subscribers.helpers.BrokenBackend"
    run = delivery.deliver_due(mailing.pk)
    assert run.sent == 0 and run.next_run_at is not None
    assert not mailing.deliveries.exclude(status=Delivery.Status.PENDING).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timedelta(minutes=5)):
        run_worker()
    assert len(recipients(mailing.subject)) == 4


def test_failing_address_is_retried_with_back_off_then_marked_failed(settings):
    settings.MAILING_MAX_ATTEMPTS = 3
    SubscriberFactory(email="ok@example.org")
    SubscriberFactory(email="refused@example.org")
    settings.EMAIL_BACKEND = "tests.subscribers.test_mailings.RefusesOneAddress"
    mailing = sent_mailing()
    deliver_mailing.call(mailing.pk)
    failing = mailing.deliveries.get(subscriber__email="refused@example.org")
    assert failing.status == Delivery.Status.PENDING and failing.attempts == 1
    assert "refused" in failing.last_error
    # Not due yet: nothing is tried again before the back-off has passed.
    assert delivery.deliver_due(mailing.pk).failed == 0

    for minutes in (2, 10):  # 1 minute, then 4 minutes of back-off
        with time_machine.travel(timedelta(minutes=minutes)):
            deliver_mailing.call(mailing.pk)
    failing.refresh_from_db()
    assert failing.status == Delivery.Status.FAILED
    assert failing.attempts == 3
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert recipients(mailing.subject) == ["ok@example.org"]


def test_someone_who_unsubscribes_while_a_mailing_is_queued_is_skipped():
    staying, leaving = SubscriberFactory.create_batch(2)
    mailing = sent_mailing()
    delivery.add_recipients(mailing)
    services.unsubscribe(subscriber=leaving)
    deliver_mailing.call(mailing.pk)
    assert recipients(mailing.subject) == [staying.email]
    assert mailing.deliveries.get(subscriber=leaving).status == Delivery.Status.SKIPPED


def test_throttle_waits_for_the_next_minute_when_the_limit_is_reached():
    now = [1_000_000.0]
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    throttle = delivery.Throttle(2, sleep=sleep, clock=lambda: now[0])
    for _ in range(5):
        throttle.wait()
    assert len(waits) == 2


def test_mailing_email_is_multipart_with_content_footer_and_headers(settings):
    settings.ORGANIZATION_ADDRESS = "PO Box 1, Springfield"
    reader = SubscriberFactory()
    story = StoryFactory(title="A story of hope")
    mailing = MailingFactory(introduction="Hello **friends**")
    mailing.stories.add(story)
    services.queue_mailing(mailing=mailing)
    deliver_mailing.call(mailing.pk)

    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "<strong>friends</strong>" in html
    # The text part says what each story is about, as the HTML part does.
    assert f"A story of hope\n{story.summary.split()[0]}" in message.body
    assert f'href="https://aasr.example.org{story.get_absolute_url()}"' in html
    assert f"https://aasr.example.org{story.get_absolute_url()}" in message.body
    assert "PO Box 1, Springfield" in message.body and "PO Box 1" in html
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert link_in(message, "unsubscribe") in message.extra_headers["List-Unsubscribe"]
    assert "manage.placeholder" not in message.body + html
    assert reader.email == message.to[0]


def test_an_item_unpublished_after_it_was_chosen_is_left_out():
    SubscriberFactory()
    kept, withdrawn = StoryFactory(title="Still up"), StoryFactory(title="Withdrawn")
    mailing = MailingFactory()
    mailing.stories.add(kept, withdrawn)
    withdrawn.status = "draft"
    withdrawn.save()
    services.queue_mailing(mailing=mailing)
    deliver_mailing.call(mailing.pk)
    message = mail.outbox[0]
    assert "Still up" in message.body and "Withdrawn" not in message.body
    assert "Withdrawn" not in message.alternatives[0][0]


def test_mailing_gives_an_event_time_in_the_event_own_zone():
    SubscriberFactory()
    starts = datetime(2031, 3, 11, 2, 0, tzinfo=UTC)  # 7 PM the day before in LA
    event = EventFactory(
        title="West coast evening",
        time_zone="America/Los_Angeles",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    mailing = MailingFactory()
    mailing.events.add(event)
    services.queue_mailing(mailing=mailing)
    deliver_mailing.call(mailing.pk)

    message = mail.outbox[0]
    when = "Monday, March 10, 2031, 7:00 PM – 9:00 PM PDT"
    assert when in message.body
    assert when in message.alternatives[0][0]


def test_digest_sends_new_content_only_once(django_capture_on_commit_callbacks):
    SubscriberFactory.create_batch(2)
    story = StoryFactory()
    event = EventFactory()
    letter = LetterFactory()
    StoryFactory(draft=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", verbosity=0)
    mailing = Mailing.objects.get()
    assert list(mailing.stories.all()) == [story]
    assert list(mailing.events.all()) == [event]
    assert list(mailing.letters.all()) == [letter]
    run_worker()
    assert len(mail.outbox) == 2

    with time_machine.travel(timedelta(days=7)):
        call_command("send_digest", verbosity=0)
    assert Mailing.objects.count() == 1  # nothing new: nothing created or sent


def test_digest_without_new_content_does_nothing():
    SubscriberFactory()
    call_command("send_digest", verbosity=0)
    assert not Mailing.objects.exists()
    assert not mail.outbox


def test_digest_dry_run_creates_nothing(capsys):
    StoryFactory()
    call_command("send_digest", dry_run=True)
    assert "Would send a digest of 1 story, 0 events" in capsys.readouterr().out
    assert not Mailing.objects.exists()


def test_anymail_bounce_and_complaint_stop_mailing_the_address():
    from anymail.signals import AnymailTrackingEvent, tracking

    bounced = SubscriberFactory(email="Gone@example.org")
    complained = SubscriberFactory(email="angry@example.org")
    kept = SubscriberFactory()
    reports = [
        ("bounced", "gone@example.org"),
        ("complained", "angry@example.org"),
        ("delivered", kept.email),
    ]
    for kind, address in reports:
        tracking.send(
            sender=object,
            event=AnymailTrackingEvent(event_type=kind, recipient=address),
            esp_name="Test",
        )
    bounced.refresh_from_db()
    complained.refresh_from_db()
    kept.refresh_from_db()
    assert bounced.status == Subscriber.Status.BOUNCED
    assert complained.status == Subscriber.Status.COMPLAINED
    assert kept.status == Subscriber.Status.CONFIRMED
    mailing = sent_mailing()
    deliver_mailing.call(mailing.pk)
    assert recipients(mailing.subject) == [kept.email]


@pytest.fixture
def urls_with(settings):
    """The site's addresses as built under the given ANYMAIL setting."""
    original = settings.ANYMAIL

    def build(anymail):
        settings.ANYMAIL = anymail
        importlib.reload(subscribers.urls)
        importlib.reload(aasr_site.urls)
        clear_url_caches()

    yield build
    build(original)


def test_forged_bounce_reports_change_no_one(client, urls_with):
    person = SubscriberFactory(email="victim@example.org")
    report = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "Email": person.email,
        "BouncedAt": "2026-11-28T10:00:00Z",
        "ID": 1,
        "MessageID": "x",
    }
    webhook = "/subscribe/provider/postmark/tracking/"

    urls_with({})  # no shared secret: the provider's address does not exist
    assert (
        client.post(webhook, report, content_type="application/json").status_code == 404
    )

    urls_with({"WEBHOOK_SECRET": "provider:long-shared-secret"})
    forged = client.post(webhook, report, content_type="application/json")
    assert forged.status_code in (400, 401, 403)
    person.refresh_from_db()
    assert person.status == Subscriber.Status.CONFIRMED

    login = base64.b64encode(b"provider:long-shared-secret").decode()
    real = client.post(webhook, report, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Basic {login}")  # fmt: skip
    assert real.status_code == 200
    person.refresh_from_db()
    assert person.status == Subscriber.Status.BOUNCED


def test_confirmation_refused_by_mail_server_is_sent_later_by_the_worker(
    client, settings
):
    settings.EMAIL_BACKEND = "tests.subscribers.helpers.BrokenBackend"
    response = client.post("/subscribe/", {"email": "parent@example.org"})
    assert response.status_code == 302
    assert response.url == "/subscribe/check-your-inbox/"
    assert Subscriber.objects.get().confirmation_sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timedelta(minutes=2)):
        run_worker()
    assert [m.to for m in mail.outbox] == [["parent@example.org"]]
    assert Subscriber.objects.get().confirmation_sent_at is not None
    run_worker()
    assert len(mail.outbox) == 1


class DiesAfterThree:
    sent = 0

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        if DiesAfterThree.sent >= 3:
            raise KilledHalfWay
        DiesAfterThree.sent += 1
        mail.outbox.extend(messages)
        return len(messages)


class RefusesOneAddress(DiesAfterThree):
    def send_messages(self, messages):
        if messages[0].to == ["refused@example.org"]:
            raise OSError("550 recipient refused")
        mail.outbox.extend(messages)
        return len(messages)


def test_claims_of_a_killed_worker_are_taken_back_when_their_lease_ends():
    from subscribers.tasks import recover_work

    SubscriberFactory.create_batch(2)
    mailing = sent_mailing()
    delivery.add_recipients(mailing)
    delivery.claim_due(mailing, size=10)  # a worker took them, then was killed
    run_worker()  # a new worker starts at once: the claims are still fresh
    assert not mail.outbox
    assert DBTaskResult.objects.filter(
        task_path=recover_work.module_path, status="READY"
    ).exists()
    with time_machine.travel(delivery.CLAIM_LEASE + timedelta(minutes=1)):
        run_worker()
    assert len(recipients(mailing.subject)) == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_take_the_same_delivery():
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection as default_connection
    from django.db import connections

    SubscriberFactory.create_batch(40)
    mailing = sent_mailing()
    delivery.add_recipients(mailing)
    if default_connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writer at a time; the claim is one UPDATE")

    def claim_all():
        taken = []
        try:
            while batch := delivery.claim_due(mailing, size=3):
                taken += [row.pk for row in batch]
        finally:
            connections.close_all()
        return taken

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(lambda _: claim_all(), range(2))
    assert not set(first) & set(second)
    assert len(first) + len(second) == 40
