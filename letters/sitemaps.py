from aasr_site.sitemaps import PublishedSitemap

from .models import Letter


class LetterSitemap(PublishedSitemap):
    model = Letter
    changefreq = "monthly"
