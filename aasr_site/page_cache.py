"""The version that keys every cached page.

It changes when published content is saved or deleted (signals in apps.py) and when
the next scheduled change comes due: a story or letter whose publish time arrives, an
event that starts or ends. Between those moments every cached page is current.
"""

import uuid

from django.core.cache import cache
from django.utils import timezone

STATE_KEY = "page-cache:state"


def _next_scheduled_change():
    from events.models import Event
    from letters.models import Letter
    from stories.models import Story

    now = timezone.now()
    candidates = [
        model.objects.filter(published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
        for model in (Story, Event, Letter)
    ]
    for field in ("starts_at", "ends_at"):
        candidates.append(
            Event.objects.filter(**{f"{field}__gt": now})
            .order_by(field)
            .values_list(field, flat=True)
            .first()
        )
    return min((moment for moment in candidates if moment), default=None)


def current_version() -> str:
    state = cache.get(STATE_KEY)
    now = timezone.now()
    if state is None or (state["valid_until"] and state["valid_until"] <= now):
        state = {"version": uuid.uuid4().hex, "valid_until": _next_scheduled_change()}
        cache.set(STATE_KEY, state, None)
    return state["version"]


def page_key(request) -> str:
    # HEAD is answered from the GET entry: same headers, no body sent.
    return f"page:{current_version()}:{request.get_host()}:{request.get_full_path()}"


def content_changed(**kwargs) -> None:
    """Forget every cached page: the next request builds a new version."""
    cache.delete(STATE_KEY)
