"""Sitemap pieces shared by every app: absolute URLs from SITE_URL, not the request.

`/sitemap.xml` is an index of one sitemap per section, each split into pages of
`PublishedSitemap.limit` addresses, so no single response has to list every story.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.db.models import Max
from django.urls import reverse


class SiteUrlSitemap(sitemaps.Sitemap):
    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    @property
    def protocol(self):
        # Also what the index's links to each section start with.
        return urlsplit(settings.SITE_URL).scheme


class FixedPagesSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    url_names = ["home", "explainer", "stories:list", "events:list", "letters:list",
                 "subscribers:subscribe", "stories:share"]  # fmt: skip

    def items(self):
        return self.url_names

    def location(self, name):
        return reverse(name)


class PublishedSitemap(SiteUrlSitemap):
    """Every published item of a model, with its last change."""

    model = None
    # Well under the protocol's 50,000: a page of 2,000 takes a fraction of a
    # second to build, where one of 10,000 stories took seconds.
    limit = 2000

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item to find the newest; the database can.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]
