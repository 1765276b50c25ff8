"""Anonymous pages come from the cache, and are never stale."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, LetterFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_second_visit_is_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    StoryFactory.create_batch(3)
    first = client.get("/stories/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/stories/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second


def test_cached_pages_carry_etag_and_answer_304(client):
    first = client.get("/")
    assert (
        "public" in first["Cache-Control"] and "s-maxage=60" in first["Cache-Control"]
    )
    etag = first["ETag"]
    again = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


@pytest.mark.parametrize("page", ["/", "/stories/", "/stories/feed/"])
def test_publishing_a_story_shows_at_once(client, page):
    client.get(page)
    story = StoryFactory(title="Brand new story")
    assert "Brand new story" in client.get(page).content.decode()
    story.title = "Renamed story"
    story.save()
    assert "Renamed story" in client.get(page).content.decode()
    story.delete()
    assert "Renamed story" not in client.get(page).content.decode()


def test_publishing_a_story_shows_in_the_sitemap_at_once(client):
    sitemap = "/sitemap-stories.xml"
    client.get(sitemap)
    story = StoryFactory(slug="brand-new-story")
    assert story.get_absolute_url() in client.get(sitemap).content.decode()
    story.delete()
    assert "brand-new-story" not in client.get(sitemap).content.decode()


def test_unpublishing_from_the_admin_list_shows_at_once(client, admin_client):
    story = StoryFactory(title="Soon taken down", slug="soon-taken-down")
    waiting = StoryFactory(status="submitted", published_at=None)
    assert "Soon taken down" in client.get("/stories/").content.decode()
    assert client.get("/stories/soon-taken-down/").status_code == 200
    admin_client.post(
        reverse("admin:stories_story_changelist"),
        {"action": "unpublish", "_selected_action": [story.pk, waiting.pk]},
    )
    assert "Soon taken down" not in client.get("/stories/").content.decode()
    assert client.get("/stories/soon-taken-down/").status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == "submitted"  # still waiting for review, not a draft


def test_editing_events_and_letters_shows_at_once(client):
    client.get("/")
    EventFactory(title="Fresh event", is_featured=True)
    LetterFactory(title="Fresh letter")
    html = client.get("/").content.decode()
    assert "Fresh event" in html and "Fresh letter" in html


def test_scheduled_story_appears_when_its_time_comes_despite_the_cache(client):
    StoryFactory(
        title="Scheduled story", published_at=timezone.now() + timedelta(hours=2)
    )
    assert "Scheduled story" not in client.get("/stories/").content.decode()
    with time_machine.travel(timedelta(hours=3)):
        assert "Scheduled story" in client.get("/stories/").content.decode()


def test_event_leaves_the_hero_when_it_ends_despite_the_cache(client):
    now = timezone.now()
    EventFactory(title="Ending soon", starts_at=now - timedelta(hours=1),
                 ends_at=now + timedelta(hours=1))  # fmt: skip
    assert "Ending soon" in client.get("/").content.decode()
    with time_machine.travel(timedelta(hours=2)):
        assert "Ending soon" not in client.get("/").content.decode()


def test_editors_with_a_session_are_never_served_cached_pages(admin_client, client):
    draft = StoryFactory(draft=True, title="Draft")
    client.get(draft.get_absolute_url())
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_forms_with_errors_and_posts_are_not_cached(client):
    client.post("/subscribe/", {"email": "bad"})
    page = client.get("/subscribe/")
    assert "Enter an email address" not in page.content.decode()


def test_pages_that_set_cookies_are_not_cached(client):
    response = client.get("/stories/share/")
    assert "X-Page-Cache" not in response
    assert "no-cache" in response["Cache-Control"]


def test_links_with_tracking_parameters_share_the_page_entry(client):
    StoryFactory(title="Shared on Facebook", slug="shared")
    first = client.get("/stories/shared/")
    assert first["X-Page-Cache"] == "miss"
    for tracked in ["?fbclid=IwAR0abc", "?utm_source=newsletter&utm_medium=email",
                    "?mc_cid=1&mc_eid=2"]:  # fmt: skip
        response = client.get(f"/stories/shared/{tracked}")
        assert response["X-Page-Cache"] == "hit", tracked
        assert response.content == first.content


@pytest.mark.parametrize(
    "path",
    ["/stories/a-story/?x=random", "/?q=a", "/restraint-and-seclusion/?kind=zz",
     "/stories/?page=01", "/events/?page=1e3", "/?page=2"],
)  # fmt: skip
def test_made_up_parameters_are_served_without_filling_the_cache(client, path):
    StoryFactory(title="A story", slug="a-story")
    client.get("/stories/a-story/")
    for _ in range(2):  # stored, the second would be a hit
        response = client.get(path)
        assert response.status_code in (200, 404)  # a page number Django refuses
        assert "X-Page-Cache" not in response
    assert client.get("/stories/a-story/")["X-Page-Cache"] == "hit"


def test_a_flood_of_pages_does_not_reset_the_rate_limits(client):
    for n in range(20):
        client.post("/subscribe/", {"email": f"p{n}@example.org", "source": "footer"})
    follow = {"email": "one-more@example.org", "source": "footer"}
    assert client.post("/subscribe/", follow).status_code == 429
    for n in range(400):  # more searches than the local cache holds
        client.get(f"/search/?q=word{n}")
    assert client.post("/subscribe/", follow).status_code == 429


def test_parameters_that_change_a_page_keep_their_own_entry(client):
    StoryFactory.create_batch(12, perspective="parent")
    client.get("/stories/")
    second = client.get("/stories/?page=2&utm_source=x")
    assert second["X-Page-Cache"] == "miss"
    assert client.get("/stories/?page=2")["X-Page-Cache"] == "hit"
    assert client.get("/stories/?perspective=parent")["X-Page-Cache"] == "miss"
