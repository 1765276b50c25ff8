from aasr_site.sitemaps import PublishedSitemap

from .models import Story


class StorySitemap(PublishedSitemap):
    model = Story
    changefreq = "monthly"
