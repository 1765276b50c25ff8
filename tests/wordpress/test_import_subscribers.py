"""Followers from the old site's Jetpack list."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from subscribers.models import Subscriber
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

JETPACK_CSV = (
    "email_address,subscribed_at,status\n"
    "parent@example.org,2022-01-05,active\n"
    "Teacher@Example.org,2022-02-05,active\n"
    "not-an-address,2022-03-05,active\n"
    "teacher@example.org,2022-04-05,active\n"
    ",2022-05-05,active\n"
    "\n"
    "left@example.org,2022-06-05,active\n"
)


def run(tmp_path, text=JETPACK_CSV, *args):
    path = tmp_path / "subscribers.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_subscribers", str(path), "--source", "jetpack", *args, stdout=out
    )
    return out.getvalue()


def test_followers_arrive_confirmed_with_their_prior_consent(tmp_path):
    SubscriberFactory(email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    report = run(tmp_path)
    parent = Subscriber.objects.get(email="parent@example.org")
    assert parent.status == Subscriber.Status.CONFIRMED
    assert parent.confirmed_at is not None
    assert "Prior double opt-in (Jetpack)" in parent.consent_text
    # The date as the site's time zone sees it, like every date an editor reads.
    assert f"Imported {timezone.localdate(parent.confirmed_at)}" in parent.consent_text
    assert parent.source == "Jetpack import"
    assert Subscriber.objects.with_email("teacher@example.org").count() == 1
    assert not mail.outbox
    assert "imported 2 followers as confirmed" in report


def test_invalid_and_repeated_rows_are_skipped_and_reported_by_line(tmp_path):
    report = run(tmp_path)
    assert "skipped, not a valid address: 2" in report  # "not-an-address" and ""
    assert "skipped, repeated in the file: 1" in report
    assert "line 4: not a valid address" in report
    assert "line 5: repeats an earlier line" in report
    assert "@" not in report  # no address is ever printed


def test_someone_who_unsubscribed_is_not_subscribed_again(tmp_path):
    SubscriberFactory(email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    report = run(tmp_path)
    left = Subscriber.objects.get(email="left@example.org")
    assert left.status == Subscriber.Status.UNSUBSCRIBED
    assert "skipped, already here (left as is): 1" in report


def test_running_twice_adds_nobody_twice(tmp_path):
    run(tmp_path)
    report = run(tmp_path)
    assert Subscriber.objects.count() == 3
    assert "imported 0 followers" in report


def test_dry_run_changes_nothing(tmp_path):
    report = run(tmp_path, JETPACK_CSV, "--dry-run")
    assert not Subscriber.objects.exists()
    assert "Dry run, nothing changed. Would have: imported 3" in report


def test_reconfirm_imports_as_pending_and_emails_a_confirm_link(tmp_path, client):
    report = run(tmp_path, "email\nparent@example.org\n", "--reconfirm")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmation_sent_at is not None
    assert "asked to confirm: 1" in report
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["parent@example.org"]
    assert "We have moved" in message.subject
    assert message.alternatives[0][1] == "text/html"
    path = re.search(
        r"https://aasr\.example\.org(/subscribe/confirm/\S+/)", message.body
    )[1]
    assert "parent" not in path
    client.post(path)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_a_plain_list_without_a_header_is_read(tmp_path):
    run(tmp_path, "one@example.org\ntwo@example.org\n")
    assert Subscriber.objects.count() == 2


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command(
            "import_subscribers", str(tmp_path / "no.csv"), "--source", "jetpack"
        )
