from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "AASR editors"
admin.site.site_title = "AASR admin"
admin.site.index_title = "Publish and manage the site"

handler500 = "aasr_site.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.HomeView.as_view(), name="home"),
    path(
        "restraint-and-seclusion/",
        views.ExplainerView.as_view(),
        name="explainer",
    ),
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
