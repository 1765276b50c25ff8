from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("", views.LetterListView.as_view(), name="list"),
    path("<slug:slug>/", views.LetterDetailView.as_view(), name="detail"),
    path(
        "<slug:slug>/personalize/",
        views.LetterPersonalizeView.as_view(),
        name="personalize",
    ),
]
