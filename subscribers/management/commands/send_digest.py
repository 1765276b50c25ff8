"""Send followers what is new since the last mailing: meant for a weekly cron job.

Does nothing when nothing new was published, so a quiet week sends no empty email.
"""

from django.core.management.base import BaseCommand

from aasr_site.wording import counted
from subscribers import services


class Command(BaseCommand):
    help = "Create and send a mailing of new stories, events and letters, if any."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be sent, without creating or sending anything.",
        )

    def handle(self, *, dry_run, verbosity, **options):
        if dry_run:
            content = services.new_content()
            counts = ", ".join(
                counted(len(items), name) for name, items in content.items()
            )
            if any(content.values()):
                self.stdout.write(f"Would send a digest of {counts}.")
            else:
                self.stdout.write("Nothing new since the last mailing.")
            return
        mailing = services.create_digest()
        if mailing is None:
            if verbosity:
                self.stdout.write("Nothing new since the last mailing; nothing sent.")
            return
        services.queue_mailing(mailing=mailing)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(f"Queued “{mailing.subject}”: the worker sends it.")
            )
