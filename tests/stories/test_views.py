from datetime import timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from tests.factories import EventFactory, LetterFactory, StoryFactory

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


def test_every_page_lists_the_right_stories_in_order(client):
    stories = StoryFactory.create_batch(25, tags=["calm-rooms"])
    StoryFactory(draft=True, tags=["calm-rooms"])
    newest_first = sorted(stories, key=lambda s: (s.published_at, s.pk), reverse=True)
    for url in [reverse("stories:list"), "/stories/tag/calm-rooms/"]:
        pages = [
            list(client.get(url, {"page": page}).context["story_list"])
            for page in (1, 2, 3)
        ]
        assert pages == [newest_first[:10], newest_first[10:20], newest_first[20:]]


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
    assert '<a class="tag" href="/stories/tag/seclusion/">seclusion</a>' in html
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


def test_story_list_filters_by_perspective(client):
    StoryFactory(title="From a teacher", perspective="teacher")
    StoryFactory(title="From a parent", perspective="parent")
    html = client.get("/stories/", {"perspective": "teacher"}).content.decode()
    assert "From a teacher" in html and "From a parent" not in html
    assert '<a href="/stories/?perspective=teacher" aria-current="page">' in html
    ignored = client.get("/stories/", {"perspective": "<b>"}).content.decode()
    assert "From a teacher" in ignored and "From a parent" in ignored


def test_perspective_filter_is_kept_across_pages(client):
    StoryFactory.create_batch(12, perspective="student")
    html = client.get("/stories/", {"perspective": "student"}).content.decode()
    assert "?perspective=student&amp;page=2" in html


def test_tag_page_lists_published_stories_with_that_tag(client):
    StoryFactory(title="Tagged", tags=["Calm rooms"])
    StoryFactory(title="Untagged", tags=["other"])
    StoryFactory(title="Draft tagged", draft=True, tags=["Calm rooms"])
    response = client.get(reverse("stories:tag", args=["calm-rooms"]))
    html = response.content.decode()
    assert "Stories tagged “Calm rooms”" in html
    assert "Tagged" in html and "Untagged" not in html and "Draft tagged" not in html
    assert client.get("/stories/tag/no-such-tag/").status_code == 404


def test_tags_of_letters_and_events_put_no_story_on_a_tag_page(client):
    """Taggit keeps every model's tags in one table, by key: a letter and an event
    with the same keys as two stories must not tag those stories."""
    stories = StoryFactory.create_batch(2, tags=["other"])
    LetterFactory(pk=stories[0].pk, tags=["Calm rooms"])
    EventFactory(pk=stories[1].pk, tags=["Calm rooms"])
    StoryFactory(title="Tagged story", tags=["Calm rooms"])
    response = client.get(reverse("stories:tag", args=["calm-rooms"]))
    assert [story.title for story in response.context["object_list"]] == [
        "Tagged story"
    ]
    assert response.context["paginator"].count == 1


def test_a_page_far_down_the_list_is_read_by_its_keys_in_order(
    client, django_assert_max_num_queries
):
    now = timezone.now()
    for day in range(125):
        StoryFactory(title=f"Day {day}", published_at=now - timedelta(days=day))
    # Page 12 skips 110 rows: its keys first, then those rows (and the count).
    with django_assert_max_num_queries(3):
        response = client.get("/stories/", {"page": 12})
    titles = [story.title for story in response.context["object_list"]]
    assert titles == [f"Day {day}" for day in range(110, 120)]
    first = client.get("/stories/").context["object_list"]
    assert [story.title for story in first] == [f"Day {day}" for day in range(10)]


def test_story_cards_show_content_note_byline_and_perspective(client):
    StoryFactory(content_note="Describes restraint.", byline="", perspective="student")
    html = client.get("/stories/").content.decode()
    assert "Describes restraint." in html
    assert "By Anonymous · Student" in html


def test_detail_links_previous_and_next_story(client):
    now = timezone.now()
    first = StoryFactory(title="First", published_at=now - timedelta(days=3))
    middle = StoryFactory(title="Middle", published_at=now - timedelta(days=2))
    last = StoryFactory(title="Last", published_at=now - timedelta(days=1))
    StoryFactory(
        title="Unpublished", draft=True, published_at=now - timedelta(hours=36)
    )
    context = client.get(middle.get_absolute_url()).context
    assert context["older_story"] == first
    assert context["newer_story"] == last
    assert client.get(first.get_absolute_url()).context["older_story"] is None


def test_related_stories_share_tags_first(client):
    def days_ago(days):
        return timezone.now() - timedelta(days=days)

    story = StoryFactory(tags=["seclusion", "teachers"], published_at=days_ago(10))
    both = StoryFactory(tags=["seclusion", "teachers"], published_at=days_ago(30))
    one = StoryFactory(tags=["seclusion"], published_at=days_ago(40))
    for days in (5, 20, 50):
        StoryFactory(tags=["unrelated"], published_at=days_ago(days))
    StoryFactory(title="Hidden", draft=True, tags=["seclusion", "teachers"])
    context = client.get(story.get_absolute_url()).context
    related = context["related_stories"]
    assert related[:2] == [both, one]
    assert len(related) == 3
    # The next and previous stories are linked already: not again as related.
    assert context["newer_story"] not in related
    assert context["older_story"] not in related


def test_next_and_previous_stories_are_not_offered_again_as_related(client):
    older = StoryFactory(tags=["seclusion"])
    story = StoryFactory(tags=["seclusion"])
    newer = StoryFactory(tags=["seclusion"])
    context = client.get(story.get_absolute_url()).context
    assert (context["newer_story"], context["older_story"]) == (newer, older)
    assert context["related_stories"] == []


def test_detail_has_reading_time_share_links_and_calls_to_action(client):
    story = StoryFactory(title="Safe & sound", body="word " * 500)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "3 min read" in html
    share_url = "https%3A%2F%2Faasr.example.org%2Fstories%2F" + story.slug
    assert f"facebook.com/sharer/sharer.php?u={share_url}" in html
    assert "mailto:?subject=Safe%20%26%20sound" in html
    assert reverse("stories:share") in html
    assert "Follow AASR" in html
    assert "<script" not in html.split("</head>")[1]  # no third-party scripts


def test_story_image_is_served_with_srcset_and_dimensions(client):
    from tests.images import upload

    story = StoryFactory(image=upload(size=(1000, 600)), image_alt="A quiet room")
    StoryFactory.create_batch(3, image=upload(size=(900, 600)), image_alt="A desk")
    detail = client.get(story.get_absolute_url()).content.decode()
    assert 'alt="A quiet room"' in detail
    assert "480w" in detail and "800w" in detail and "1000w" in detail
    assert 'width="1000" height="600"' in detail
    listing = client.get("/stories/").content.decode()
    assert listing.count('loading="lazy"') == 2  # the first two cards load at once


def test_list_and_detail_queries_stay_fixed_with_200_stories(
    client, django_assert_max_num_queries
):
    from tests.images import upload

    photo = upload(size=(600, 400))
    stories = StoryFactory.create_batch(200, tags=["restraint", "parents", "hope"])
    stories[0].image = photo
    stories[0].image_alt = "A photo"
    stories[0].save()
    paths = ["/stories/", "/stories/?page=20", "/stories/tag/hope/",
             "/stories/?perspective=parent", stories[0].get_absolute_url()]  # fmt: skip
    for path in paths:
        with django_assert_max_num_queries(7):
            assert client.get(path).status_code == 200


def test_previous_and_next_break_ties_on_the_same_minute_by_order_of_creation(client):
    moment = timezone.now() - timedelta(days=1)
    first, second, third = (StoryFactory(published_at=moment) for _ in range(3))
    context = client.get(second.get_absolute_url()).context
    assert context["older_story"] == first
    assert context["newer_story"] == third
