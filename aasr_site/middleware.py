"""Old WordPress links that django.contrib.redirects' fallback cannot catch alone."""

import re

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.http import HttpResponsePermanentRedirect
from django.utils.encoding import escape_uri_path

# WordPress's "plain" links: /?p=123 (post), /?page_id=4, /?cat=5, /?tag=iep.
QUERY_LINK_KEYS = ("p", "page_id", "cat", "tag")
# Later pages of an old archive: /category/parents/page/2/ -> /category/parents/.
ARCHIVE_PAGE = re.compile(r"^(/(?:category|tag)/.+?/)page/\d+/?$")


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
            if key:
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
