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
        schedule_confirmations(
            run_after=timezone.now() + timedelta(minutes=2**attempt),
            attempt=attempt + 1,
        )
    return unsent


def schedule_confirmations(*, run_after, attempt: int = 1) -> None:
    """Queue send_confirmations unless one is already waiting (no double emails)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    already = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=send_confirmations.module_path
    ).exists()
    if not already:
        send_confirmations.using(run_after=run_after).enqueue(attempt)


RECOVERY_EVERY = timedelta(minutes=5)


@task()
def recover_work() -> list[int]:
    """Every few minutes, put back work that a killed worker left half-done."""
    queued = delivery.recover_stale_work()
    schedule_recovery()
    return queued


def schedule_recovery() -> None:
    """Keep one future recover_work task in the queue (several workers share it)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    already = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=recover_work.module_path
    ).exists()
    if not already:
        recover_work.using(run_after=timezone.now() + RECOVERY_EVERY).enqueue()
