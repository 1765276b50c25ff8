from datetime import timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def test_story_list_shows_published_stories_newest_first(client):
    now = timezone.now()
    old = StoryFactory(title="Older", published_at=now - timedelta(days=2))
    new = StoryFactory(title="Newer", published_at=now - timedelta(days=1))
    StoryFactory(title="Hidden draft", draft=True)
    StoryFactory(title="Hidden scheduled", scheduled=True)
    response = client.get(reverse("stories:list"))
    assert response.status_code == 200
    assert list(response.context["story_list"]) == [new, old]
    html = response.content.decode()
    assert "Hidden draft" not in html and "Hidden scheduled" not in html


def test_story_list_paginates_by_ten(client):
    StoryFactory.create_batch(23)
    first = client.get(reverse("stories:list"))
    assert len(first.context["story_list"]) == 10
    assert 'rel="next"' in first.content.decode()
    third = client.get(reverse("stories:list"), {"page": 3})
    assert len(third.context["story_list"]) == 3
    assert 'rel="prev"' in third.content.decode()
    assert client.get(reverse("stories:list"), {"page": 4}).status_code == 404


def test_story_list_empty_state(client):
    assert "No stories are published yet" in client.get("/stories/").content.decode()


def test_story_detail_shows_the_story(client):
    story = StoryFactory(
        title="These Things Go in a Closet",
        byline="",
        body="Kids don’t belong in a *closet*.",
        content_note="Describes seclusion.",
        tags=["seclusion"],
    )
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "These Things Go in a Closet" in html
    assert "By Anonymous" in html
    assert "<em>closet</em>" in html
    assert "Describes seclusion." in html
    assert "seclusion</span>" in html
    assert story.published_at.strftime("%B") in html


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_unpublished_story_is_404_for_visitors(client, trait):
    story = StoryFactory(**{trait: True})
    assert client.get(story.get_absolute_url()).status_code == 404


def test_story_urls_reverse_and_resolve():
    assert reverse("stories:list") == "/stories/"
    assert resolve("/stories/").view_name == "stories:list"
    assert reverse("stories:detail", kwargs={"slug": "a-b"}) == "/stories/a-b/"
    assert resolve("/stories/a-b/").view_name == "stories:detail"
