"""Run the background worker that sends mailings and delayed confirmation emails.

django-tasks' database backend neither retries tasks nor notices a worker that was
killed, so this command first puts abandoned work back in the queue, and keeps a
recover_work task coming back every few minutes while workers run.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from subscribers.delivery import recover_stale_work
from subscribers.tasks import schedule_recovery


class Command(BaseCommand):
    help = "Recover abandoned work, then process background tasks (mailings, emails)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Process everything that is due, then exit (for cron or tests).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1,
            help="Seconds between looks at an empty queue (default 1).",
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Exit after this many tasks."
        )
        parser.add_argument(
            "--reload", action="store_true", help="Restart on code changes (dev)."
        )

    def handle(self, *, batch, interval, max_tasks, reload, verbosity, **options):
        queued = recover_stale_work()
        schedule_recovery()
        if queued and verbosity:
            self.stdout.write(f"Queued again: mailings {queued}")
        call_command(
            "db_worker",
            batch=batch,
            interval=interval,
            max_tasks=max_tasks,
            reload=reload,
            startup_delay=not batch,
            verbosity=verbosity,
            stdout=self.stdout,
            stderr=self.stderr,
        )
