from django.conf import settings
from django.urls import include, path

from . import views

app_name = "subscribers"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.check_inbox, name="check-inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

# Bounce and complaint reports from an email provider (django-anymail), only with the
# shared secret the provider signs in with: anyone could otherwise report every
# follower as bounced and empty the list.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns.append(path("provider/", include("anymail.urls")))
