"""Pages that belong to the whole site rather than to one app."""

import logging
import sys
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static as static_url
from django.utils.html import strip_tags
from django.views import static
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from events.models import Event
from letters.models import Letter
from stories.models import Story
from subscribers.forms import SubscribeForm

from . import search

HOME_STORY_COUNT = 5
HOME_LETTER_COUNT = 4


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            hero_event=Event.objects.hero(),
            latest_stories=Story.objects.published().for_listing()[:HOME_STORY_COUNT],
            latest_letters=Letter.objects.published()
            .newest_first()
            .only("title", "slug", "summary")[:HOME_LETTER_COUNT],
            home_subscribe_form=SubscribeForm(initial={"source": "home"}),
            # The home page has its own follow section just above the footer.
            hide_footer_follow=True,
            organization={
                "@context": "https://schema.org",
                "@type": "Organization",
                "name": settings.ORGANIZATION_NAME,
                "alternateName": "AASR",
                "url": settings.SITE_URL,
                "logo": f"{settings.SITE_URL}{static_url('img/og-default.png')}",
                "description": "Campaigns to end the restraint and seclusion of "
                "children in schools.",
            },
        )
        return context


class ExplainerView(TemplateView):
    template_name = "explainer.html"


def rate_limited(request, exception):
    """Shown when one address sends too many forms in a short time."""
    return render(request, "429.html", status=429)


def media(request, path):
    """Uploaded files, for a site run by gunicorn alone (else nginx serves them)."""
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    # Never let a browser guess a type or run an upload as a page.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    if not response.get("Content-Type", "").startswith("image/"):
        response["Content-Disposition"] = "attachment"
    return response


logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """200 when the database (and a shared cache, when configured) answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        logger.warning("Health check: database unavailable")
        checks["database"] = "unavailable"
    try:
        cache.set("healthz", "ok", 10)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unavailable"
    except Exception:
        logger.warning("Health check: cache unavailable")
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    body = "\n".join(f"{name}: {value}" for name, value in checks.items())
    return HttpResponse(
        body + "\n", status=200 if healthy else 503, content_type="text/plain"
    )


def server_error(request):
    """500 page; a database outage gets a calm 503 "we'll be right back" instead.

    Both pages are plain files: rendering them needs no database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


class SearchView(TemplateView):
    """One search across stories, sample letters, events and the explainer."""

    template_name = "search.html"
    stories_per_page = 10
    # Letters and events show their ten best, from their newest fifty matches.
    other_results = 10
    other_window = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = search.normalize(self.request.GET.get("q", ""))
        context["query"] = query
        if not query:
            return context
        stories = (
            Story.objects.published()
            .only("title", "slug", "status", "published_at", "byline", "perspective")
            .search(query)
        )
        page = Paginator(stories, self.stories_per_page).get_page(
            self.request.GET.get("page")
        )
        letters = list(
            Letter.objects.published()
            .only("title", "slug", "audience")
            .search(query, window=self.other_window)[: self.other_results]
        )
        events = list(
            Event.objects.published()
            .only("title", "slug", "starts_at", "ends_at", "time_zone")
            .search(query, window=self.other_window)[: self.other_results]
        )
        context.update(
            page_obj=page,
            page_range=page.paginator.get_elided_page_range(page.number),
            query_string=urlencode({"q": query}),
            stories=[(story, search.highlight(story.search_snippet, query))
                     for story in page],
            letters=[(letter, search.highlight(letter.search_snippet, query))
                     for letter in letters],
            events=[(event, search.highlight(event.search_snippet, query))
                    for event in events],
            explainer_matches=page.number == 1 and explainer_matches(query),
        )  # fmt: skip
        context["result_count"] = (
            page.paginator.count
            + len(letters)
            + len(events)
            + int(bool(context["explainer_matches"]))
        )
        # Only the newest matches are ranked (see SEARCH_RANK_WINDOW): say so when
        # a query matches more stories than that.
        context["stories_window"] = settings.SEARCH_RANK_WINDOW
        context["stories_capped"] = (
            search.uses_full_text()
            and page.paginator.count >= settings.SEARCH_RANK_WINDOW
        )
        # Letters and events show their best few: the total is then a lower bound.
        context["count_is_lower_bound"] = context["stories_capped"] or any(
            len(group) == self.other_results for group in (letters, events)
        )
        return context


@lru_cache(maxsize=1)
def explainer_text() -> str:
    """The explainer's words, read once from its template."""
    html = loader.get_template("explainer.html").template.source
    return " ".join(strip_tags(html).split()).lower()


def explainer_matches(query: str) -> bool:
    text = explainer_text()
    return all(word.lower() in text for word in query.split())
