from django.urls import path

from . import feeds, views

app_name = "stories"

urlpatterns = [
    path("", views.StoryListView.as_view(), name="list"),
    path("feed/", feeds.LatestStoriesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
    path("share/", views.share_story, name="share"),
    path("share/thank-you/", views.share_thanks, name="share-thanks"),
    path("share/request/<str:token>/", views.author_request, name="author-request"),
    # Tags keep their own script ("école", "子ども"), so any non-empty slug goes.
    path("tag/<str:tag>/", views.StoryListView.as_view(), name="tag"),
    path("<slug:slug>/", views.StoryDetailView.as_view(), name="detail"),
]
