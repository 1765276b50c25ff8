"""Pages that belong to the whole site rather than to one app."""

import logging
import sys
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static as static_url
from django.urls import reverse
from django.utils.html import strip_tags
from django.views import static
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from events.models import Event
from letters.models import Letter
from stories.models import Story
from subscribers.forms import SubscribeForm

from . import search
from .forms import SearchForm

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


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon, as the admin's
    don't: the site's one icon rather than a 404 on every editor's page."""
    return redirect(static_url("img/favicon.svg"), permanent=True)


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


@dataclass
class ResultGroup:
    """One kind of content's results on the search page."""

    kind: str
    title: str
    singular: str
    plural: str
    items: list  # (item, highlighted snippet) pairs
    total: int
    capped: bool  # only the newest `window` matches were ranked
    window: int
    more_url: str = ""  # a search of this kind alone, when only a few are shown
    page_obj: object = None
    page_range: object = None


class SearchView(TemplateView):
    """One search across stories, sample letters, events and the explainer.

    Everything: a page of stories, with the best three letters and events above
    them on the first page, each with a link to a search of that kind alone.
    One kind (`kind=letters`): a page of that kind only.
    """

    template_name = "search.html"
    per_page = 10
    preview = 3
    # Previews rank only the newest fifty letters or events that match.
    preview_window = 50
    # The words for one and for many; headings are the "Look in" choices.
    nouns = {
        "stories": ("story", "stories"),
        "letters": ("sample letter", "sample letters"),
        "events": ("event", "events"),
    }
    titles = dict(SearchForm.KINDS)

    def matches(self, kind: str, query: str, window: int):
        if kind == "stories":
            queryset = Story.objects.published().only(
                "title", "slug", "status", "published_at", "byline", "perspective"
            )
        elif kind == "letters":
            queryset = Letter.objects.published().only("title", "slug", "audience")
        else:
            queryset = Event.objects.published().only(
                "title", "slug", "starts_at", "ends_at", "time_zone"
            )
        return queryset.search(query, window=window)

    def group(self, kind, query, rows, total, window, **extra) -> ResultGroup:
        singular, plural = self.nouns[kind]
        return ResultGroup(
            kind=kind,
            title=self.titles[kind],
            singular=singular,
            plural=plural,
            items=[(row, search.highlight(row.search_snippet, query)) for row in rows],
            total=total,
            capped=search.uses_full_text() and total >= window,
            window=window,
            **extra,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        form.is_valid()
        query = form.cleaned_data.get("q", "")
        kind = form.cleaned_data.get("kind", "")
        # Only "Look in" can be wrong (a changed or an old link): everything is
        # searched, and the page says so.
        context.update(
            query=query,
            kind=kind,
            kinds=SearchForm.KINDS,
            unknown_kind="kind" in form.errors,
        )
        if not query:
            return context

        paged_kind = kind or "stories"
        window = settings.SEARCH_RANK_WINDOW
        matches = self.matches(paged_kind, query, window)
        paginator = search.ResultsPaginator(matches, self.per_page)
        page = paginator.get_page(self.request.GET.get("page"))
        paged = self.group(
            paged_kind, query, page, paginator.count, window,
            page_obj=page,
            page_range=paginator.get_elided_page_range(page.number),
        )  # fmt: skip
        previews = []
        first_page_of_everything = not kind and page.number == 1
        if first_page_of_everything:
            for other in ("letters", "events"):
                matches = self.matches(other, query, self.preview_window)
                rows, total = matches.page(0, self.preview)
                this_kind_only = urlencode({"q": query, "kind": other})
                more_url = f"{reverse('search')}?{this_kind_only}"
                previews.append(self.group(
                    other, query, rows, total, self.preview_window,
                    more_url=more_url if total > len(rows) else "",
                ))  # fmt: skip
        groups = [*previews, paged]
        explainer = first_page_of_everything and explainer_matches(query)
        context.update(
            groups=[group for group in groups if group.items],
            paged=paged,
            query_string=urlencode({"q": query, **({"kind": kind} if kind else {})}),
            explainer_matches=explainer,
            result_count=sum(group.total for group in groups) + int(explainer),
            # Only the newest matches of each kind are ranked (SEARCH_RANK_WINDOW):
            # the total is then a lower bound.
            count_is_lower_bound=any(group.capped for group in groups),
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
