from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from events.sitemaps import EventSitemap
from letters.sitemaps import LetterSitemap
from stories.sitemaps import StorySitemap

from . import views
from .sitemaps import FixedPagesSitemap

sitemaps = {
    "pages": FixedPagesSitemap,
    "stories": StorySitemap,
    "events": EventSitemap,
    "letters": LetterSitemap,
}

admin.site.site_header = "AASR editors"
admin.site.site_title = "AASR admin"
admin.site.index_title = "Publish and manage the site"

handler500 = "aasr_site.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("", views.HomeView.as_view(), name="home"),
    path(
        "restraint-and-seclusion/",
        views.ExplainerView.as_view(),
        name="explainer",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("stories/", include("stories.urls")),
    path("events/", include("events.urls")),
    path("letters/", include("letters.urls")),
    path("subscribe/", include("subscribers.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media, name="media")
    )
