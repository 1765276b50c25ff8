from django.urls import path

from . import views

app_name = "subscribers"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.check_inbox, name="check-inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
