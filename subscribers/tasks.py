"""Background work, run by `manage.py run_worker` (django-tasks, database backend).

The database backend neither retries a failed task nor notices a dead worker, so each
task looks at the rows that say what is left to do, and queues its own next run.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import delivery, services

MAX_CONFIRMATION_ATTEMPTS = 8


@task()
def deliver_mailing(mailing_id: int) -> dict:
    """Send the due messages of a mailing, then queue the next run if any is left."""
    run = delivery.deliver_due(mailing_id)
    if run.next_run_at is not None:
        if run.next_run_at <= timezone.now():
            deliver_mailing.enqueue(mailing_id)
        else:
            deliver_mailing.using(run_after=run.next_run_at).enqueue(mailing_id)
    return {"sent": run.sent, "failed": run.failed, "skipped": run.skipped}


@task()
def send_confirmations(attempt: int = 1) -> int:
    """Send confirmation emails that the mail server refused when people signed up."""
    unsent = services.send_unsent_confirmations()
    if unsent and attempt < MAX_CONFIRMATION_ATTEMPTS:
        send_confirmations.using(
            run_after=timezone.now() + timedelta(minutes=2**attempt)
        ).enqueue(attempt + 1)
    return unsent
