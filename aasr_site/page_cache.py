"""The version that every cached page is checked against.

It changes when published content is saved or deleted (signals in apps.py) and when
the next scheduled change comes due: a story or letter whose publish time arrives, an
event that starts or ends. Between those moments every cached page is current.
"""

import re
import uuid
from urllib.parse import parse_qsl, urlencode

from django.core.cache import cache
from django.utils import timezone
from django.utils.encoding import escape_uri_path

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


def _current_version(state) -> str:
    if state is None or (
        state["valid_until"] and state["valid_until"] <= timezone.now()
    ):
        state = {"version": uuid.uuid4().hex, "valid_until": _next_scheduled_change()}
        cache.set(STATE_KEY, state, None)
    return state["version"]


# Parameters that social networks, ad and mailing tools add to shared links. No page
# reads them, so a click from Facebook (`?fbclid=...`, unique per click) is served
# the page's one cache entry instead of building the page and storing a copy.
TRACKING_PARAMETER = re.compile(
    r"utm_\w+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|yclid|twclid|ttclid|igshid"
    r"|mc_cid|mc_eid|_ga|_gl|li_fat_id|ref_src"
)


# The parameters each kind of page reads. A request with any other, or a page number
# written any other way than "2", is answered without the cache: made-up addresses
# (/?x=1, /?page=02) cannot fill it. Old WordPress links (/?p=123) are redirects,
# never cached.
PAGE_PARAMETERS = [
    (re.compile(r"/search/"), {"q", "kind", "page"}),
    (re.compile(r"/stories/(?:tag/[^/]+/)?"), {"page", "perspective"}),
    (re.compile(r"/events/"), {"page"}),
    (re.compile(r"/letters/"), {"kind", "audience", "tag"}),
    (re.compile(r"/sitemap-\w+\.xml"), {"p"}),
]


def parameters_read(path: str) -> set:
    for pattern, names in PAGE_PARAMETERS:
        if pattern.fullmatch(path):
            return names
    return set()


def is_page_number(value: str) -> bool:
    return value.isdigit() and value == str(int(value))


def page_key(request) -> str | None:
    """The request's cache entry, or None when it must not have one."""
    # HEAD is answered from the GET entry: same headers, no body sent.
    query = request.META.get("QUERY_STRING", "")
    if query:
        kept = [
            (name, value)
            for name, value in parse_qsl(query, keep_blank_values=True)
            if not TRACKING_PARAMETER.fullmatch(name)
        ]
        read = parameters_read(request.path)
        if any(name not in read for name, _ in kept):
            return None
        if any(n in ("page", "p") and not is_page_number(v) for n, v in kept):
            return None
        query = urlencode(kept)
    return f"page:{request.get_host()}:{escape_uri_path(request.path)}?{query}"


def lookup(key: str):
    """(version, cached response or None), in one round trip to the cache."""
    found = cache.get_many([STATE_KEY, key])
    version = _current_version(found.get(STATE_KEY))
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return version, entry[1]
    return version, None


def store(key: str, version: str, response, timeout: int) -> None:
    cache.set(key, (version, response), timeout)


def content_changed(**kwargs) -> None:
    """Every cached page is out of date: the next request starts a new version."""
    cache.delete(STATE_KEY)
