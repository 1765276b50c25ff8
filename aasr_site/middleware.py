"""Site-wide request handling: the page cache, request limits, headers, the
one-line request log, and old WordPress links."""

import logging
import re
import time

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.utils.cache import (
    cc_delim_re,
    patch_cache_control,
    set_response_etag,
)
from django.utils.encoding import escape_uri_path

from . import page_cache

request_log = logging.getLogger("aasr.requests")

# WordPress's "plain" links: /?p=123 (post), /?page_id=4, /?cat=5, /?tag=iep.
QUERY_LINK_KEYS = ("p", "page_id", "cat", "tag")
# Later pages of an old archive: /category/parents/page/2/ -> /category/parents/.
ARCHIVE_PAGE = re.compile(r"^(/(?:category|tag)/.+?/)page/\d+/?$")


class RequestLogMiddleware:
    """One line per request: method, path, status, time. Private parts of the path
    (signed tokens) are masked and the query string is never written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        elapsed_ms = (time.monotonic() - started) * 1000
        request_log.info(
            "%s %s %s %.1fms",
            request.method,
            self.loggable_path(request),
            response.status_code,
            elapsed_ms,
        )
        return response

    @staticmethod
    def loggable_path(request) -> str:
        match = getattr(request, "resolver_match", None)
        path = request.path
        if match is not None:
            for name, value in match.kwargs.items():
                if "token" in name and isinstance(value, str) and value:
                    path = path.replace(value, "[token]")
        return path


class RequestSizeLimitMiddleware:
    """Refuse oversized requests before Django reads their body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit_mb = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            return HttpResponse(
                f"This request is too large. The limit is {limit_mb} MB.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class NulCharacterMiddleware:
    """Refuse a path holding a NUL character (%00): no page has one, scanners send
    them, and PostgreSQL refuses any text that holds one, so looking it up would be
    an error instead of "not found". (Forms and search drop it from what is typed.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return HttpResponse(
                "This address holds a character that no page of this site has.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class CrossOriginResourcePolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET requests from the cache.

    Entries are keyed by a content version that changes whenever published content is
    saved or deleted, and when a scheduled item's time comes (see page_cache), so a
    cached page is never stale. Anyone with a session (editors) bypasses the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.is_cacheable_request(request) and page_cache.page_key(request)
        if not key:
            return self.get_response(request)
        version, cached = page_cache.lookup(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.SHARED_CACHE_MAX_AGE
            )
            set_response_etag(response)
            response["X-Page-Cache"] = "miss"
            page_cache.store(key, version, response, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def is_cacheable_request(request) -> bool:
        if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
            return False
        if request.path.startswith(("/admin/", "/healthz")):
            return False
        cookies = request.COOKIES
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    @staticmethod
    def is_cacheable_response(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        directives = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return not directives & {"private", "no-cache", "no-store"}


class OldQueryLinkRedirectMiddleware:
    """Answer old /?p=123-style links and paged archives with their stored redirect.

    "/" is the home page, so a link like /?p=123 never reaches the 404 fallback; it is
    looked up here, only when the path is "/" and the query names a WordPress item.
    A later page of an old category or tag archive is sent where its first page goes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/":
            key = next((k for k in QUERY_LINK_KEYS if request.GET.get(k)), None)
            # No stored link holds a NUL, and PostgreSQL refuses to look one up.
            if key and "\x00" not in request.GET[key]:
                target = self.stored_target(f"/?{key}={request.GET[key]}")
                if target:
                    return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404:
            match = ARCHIVE_PAGE.match(request.path_info)
            if match:
                target = self.stored_target(escape_uri_path(match.group(1)))
                if target:
                    return HttpResponsePermanentRedirect(target)
        return response

    def stored_target(self, old_path: str) -> str:
        redirect = (
            Redirect.objects.filter(site_id=settings.SITE_ID, old_path=old_path)
            .only("new_path")
            .first()
        )
        return redirect.new_path if redirect else ""
