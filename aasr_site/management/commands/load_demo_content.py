"""Load the old home page's content and sample letters, so a new site starts full.

Safe to run again: items that already exist (matched by slug) are left as they are,
except that the demo event moves forward when its date has passed, so the home page
always leads with it.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from aasr_site import demo_content
from aasr_site.publishing import Status
from aasr_site.wording import counted
from events.models import Event
from letters.models import Letter
from stories.models import Story

EVENT_WEEKS_AHEAD = 3


class Command(BaseCommand):
    help = "Load demo stories, an upcoming event and sample letters (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be created."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            created = self.load()
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would create" if dry_run else "Created"
        summary = ", ".join(counted(count, kind) for kind, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"{verb} {summary}."))

    def load(self) -> dict[str, int]:
        now = timezone.now()
        created = {"stories": 0, "events": 0, "letters": 0}
        # Stagger the stories so they list in the old home page's order.
        for age, data in enumerate(demo_content.STORIES):
            data = dict(data)
            tags = data.pop("tags")
            story, is_new = Story.objects.get_or_create(
                slug=data.pop("slug"),
                defaults={
                    **data,
                    "status": Status.PUBLISHED,
                    "published_at": now - timedelta(days=7 * (age + 1)),
                },
            )
            if is_new:
                story.tags.set(tags)
                created["stories"] += 1

        event_data = dict(demo_content.EVENT)
        tags = event_data.pop("tags")
        starts_at, ends_at = self.event_times(event_data["time_zone"])
        event, is_new = Event.objects.get_or_create(
            slug=event_data.pop("slug"),
            defaults={
                **event_data,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "status": Status.PUBLISHED,
                "published_at": now,
            },
        )
        if is_new:
            event.tags.set(tags)
            created["events"] += 1
        elif event.ends_at <= now:
            event.starts_at, event.ends_at = starts_at, ends_at
            event.save(update_fields=["starts_at", "ends_at"])

        for age, data in enumerate(demo_content.LETTERS):
            data = dict(data)
            tags = data.pop("tags")
            slug = data.pop("slug")
            letter, is_new = Letter.objects.get_or_create(
                slug=slug,
                defaults={
                    **data,
                    "body": demo_content.letter_body(slug),
                    "status": Status.PUBLISHED,
                    "published_at": now - timedelta(days=age + 1),
                },
            )
            if is_new:
                letter.tags.set(tags)
                created["letters"] += 1
        return created

    def event_times(self, zone_name):
        """10 AM to 4 PM in the event's zone, a few weeks from today."""
        zone = zoneinfo.ZoneInfo(zone_name)
        day = (timezone.now() + timedelta(weeks=EVENT_WEEKS_AHEAD)).astimezone(zone)
        start = datetime.combine(day.date(), time(10), tzinfo=zone)
        end = datetime.combine(day.date(), time(16), tzinfo=zone)
        return start, end
