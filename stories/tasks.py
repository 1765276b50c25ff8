"""Background work for stories, run by `manage.py run_worker` (django-tasks)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import services

MAX_NOTICE_ATTEMPTS = 8


@task()
def send_published_notices(attempt: int = 1) -> int:
    """Tell authors their stories are published, once each story is public; try
    again later, waiting longer each time, while the mail server refuses."""
    refused = services.send_due_published_notices()
    if refused and attempt < MAX_NOTICE_ATTEMPTS:
        send_published_notices.using(
            run_after=timezone.now() + timedelta(minutes=2**attempt)
        ).enqueue(attempt + 1)
    return refused
