"""Sitemap pieces shared by every app: absolute URLs from SITE_URL, not the request."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse


class SiteUrlSitemap(sitemaps.Sitemap):
    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
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

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
