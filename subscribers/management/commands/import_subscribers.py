"""Bring the old site's email followers over, with a record of how they agreed.

Why: the people who followed AASR on WordPress (through Jetpack) already confirmed
their address there, by double opt-in. By default they arrive confirmed, with that
prior consent and the import date recorded. With --reconfirm they arrive waiting for
confirmation and each gets a "we have moved, please confirm" email instead, for an
organization that prefers to ask again. Invalid and repeated addresses are skipped and
counted; an address that is already here (including one that unsubscribed) is never
changed. The report gives line numbers, never addresses.
"""

import csv
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from aasr_site.emails import send_templated_email
from aasr_site.wording import counted
from subscribers.models import Subscriber
from subscribers.tokens import make_confirm_token

SOURCES = {"jetpack": "Jetpack", "mailpoet": "MailPoet", "mailchimp": "Mailchimp"}
EMAIL_COLUMNS = ("email", "email_address", "e-mail", "subscriber_email", "user_email")


class Command(BaseCommand):
    help = "Import email followers from a CSV export of the old site's subscribers."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file with an email column.")
        parser.add_argument(
            "--source",
            required=True,
            choices=sorted(SOURCES),
            help="Where the list comes from; recorded with each follower's consent.",
        )
        parser.add_argument(
            "--reconfirm",
            action="store_true",
            help="Import as waiting for confirmation and email each person a "
            "“we have moved, please confirm” link instead.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; change nothing."
        )

    def handle(self, *args, file, source, reconfirm, dry_run, **options):
        label = SOURCES[source]
        now = timezone.now()
        try:
            with open(file, newline="", encoding="utf-8-sig") as handle:
                rows = list(self.read_addresses(handle))
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except (UnicodeDecodeError, csv.Error) as error:
            raise CommandError(
                f"The file is not a readable CSV file: {error}"
            ) from None

        counts = Counter()
        problems = []
        seen = set()
        for line, email in rows:
            try:
                validate_email(email)
            except ValidationError:
                counts["skipped, not a valid address"] += 1
                problems.append(f"line {line}: not a valid address")
                continue
            key = email.lower()
            if key in seen:
                counts["skipped, repeated in the file"] += 1
                problems.append(f"line {line}: repeats an earlier line")
                continue
            seen.add(key)
            if Subscriber.objects.with_email(email).exists():
                counts["skipped, already here (left as is)"] += 1
                continue
            if dry_run:
                counts["imported"] += 1
                continue
            subscriber = self.create(email, source, label, reconfirm, now)
            if subscriber is None:
                counts["skipped, already here (left as is)"] += 1
                continue
            counts["imported"] += 1
            if reconfirm:
                if self.send_moved_email(subscriber):
                    counts["asked to confirm"] += 1
                else:
                    counts["confirmation email failed"] += 1
                    problems.append(f"line {line}: the email could not be sent")

        status = "waiting for confirmation" if reconfirm else "confirmed"
        prefix = "Dry run, nothing changed. Would have: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}imported {counted(counts.pop('imported', 0), 'followers')} "
                f"as {status}."
            )
        )
        for reason, count in sorted(counts.items()):
            self.stdout.write(f"  {reason}: {count}")
        if options["verbosity"] >= 1:
            for problem in problems:
                self.stdout.write(self.style.WARNING(f"  {problem}"))

    def read_addresses(self, handle):
        """(line number, address) for each row, whichever column holds the address."""
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        names = [name.strip().lower() for name in header]
        column = next((names.index(n) for n in EMAIL_COLUMNS if n in names), None)
        if column is None:
            # No header we know: a plain list of addresses, one a line.
            column = 0
            yield reader.line_num, (header[0].strip() if header else "")
        for row in reader:
            if any(cell.strip() for cell in row):
                value = row[column].strip() if len(row) > column else ""
                yield reader.line_num, value

    def create(self, email, source, label, reconfirm, now) -> Subscriber | None:
        if reconfirm:
            consent = (
                f"Prior double opt-in ({label}); asked to confirm again after the "
                f"move, on import {timezone.localdate(now)}."
            )
            status, confirmed_at = Subscriber.Status.PENDING, None
        else:
            consent = (
                f"Prior double opt-in ({label}). Imported {timezone.localdate(now)}."
            )
            status, confirmed_at = Subscriber.Status.CONFIRMED, now
        try:
            with transaction.atomic():
                return Subscriber.objects.create(
                    email=email,
                    status=status,
                    source=f"{label} import"[:40],
                    consent_text=consent,
                    created_at=now,
                    confirmed_at=confirmed_at,
                )
        except IntegrityError:  # the same address added meanwhile, in another case
            if Subscriber.objects.with_email(email).exists():
                return None
            raise

    def send_moved_email(self, subscriber: Subscriber) -> bool:
        confirm_path = reverse(
            "subscribers:confirm", kwargs={"token": make_confirm_token(subscriber)}
        )
        try:
            send_templated_email(
                to=subscriber.email,
                subject="We have moved: please confirm you still follow AASR",
                template="subscribers/email/moved_confirm",
                context={
                    "confirm_url": f"{settings.SITE_URL}{confirm_path}",
                    "max_age_days": settings.SUBSCRIBE_CONFIRM_MAX_AGE_DAYS,
                },
            )
        except Exception:
            return False
        subscriber.confirmation_sent_at = timezone.now()
        subscriber.save(update_fields=["confirmation_sent_at"])
        return True
