from aasr_site.sitemaps import PublishedSitemap

from .models import Event


class EventSitemap(PublishedSitemap):
    model = Event
    changefreq = "weekly"
