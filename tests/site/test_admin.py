from datetime import UTC, datetime

import pytest
from django.urls import reverse

from aasr_site.publishing import Status
from stories.models import Story
from tests.factories import (
    EventFactory,
    LetterFactory,
    StoryFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db

# The story form's inlines (consent record, author requests) send these along.
INLINE_MANAGEMENT = {
    f"{prefix}-{key}": value
    for prefix in ["consent", "change_requests"]
    for key, value in [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0")]
}

MODELS = [
    ("stories", "story", StoryFactory),
    ("events", "event", EventFactory),
    ("letters", "letter", LetterFactory),
    ("subscribers", "subscriber", SubscriberFactory),
]


@pytest.mark.parametrize(("app", "model", "factory"), MODELS)
def test_admin_changelist_change_and_add_pages_load(admin_client, app, model, factory):
    obj = factory()
    changelist = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    change = admin_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert admin_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200


def test_editor_adds_a_story_and_it_appears_on_the_site(admin_client, client):
    response = admin_client.post(
        reverse("admin:stories_story_add"),
        {
            "title": "A new story",
            "slug": "a-new-story",
            "byline": "Sam",
            "perspective": "teacher",
            "content_note": "",
            "body": "Hello *world*.",
            "excerpt": "",
            "tags": "teachers, hope",
            "image_alt": "",
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            **INLINE_MANAGEMENT,
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    story = Story.objects.get(slug="a-new-story")
    assert story.published_at is not None
    assert sorted(story.tags.names()) == ["hope", "teachers"]
    assert client.get("/stories/a-new-story/").status_code == 200


def test_publish_and_unpublish_actions(admin_client):
    story = StoryFactory(draft=True, published_at=None)
    url = reverse("admin:stories_story_changelist")
    admin_client.post(url, {"action": "publish", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.is_published()
    admin_client.post(url, {"action": "unpublish", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.status == Status.DRAFT


def test_admin_search_and_filters(admin_client):
    StoryFactory(title="Closet story")
    StoryFactory(title="Other", draft=True)
    url = reverse("admin:stories_story_changelist")
    assert "Closet story" in admin_client.get(url, {"q": "closet"}).content.decode()
    drafts = admin_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Other" in drafts and "Closet story" not in drafts


def test_tag_filters_offer_only_the_tags_of_their_own_kind(admin_client):
    StoryFactory(tags=["story-only"])
    LetterFactory(tags=["letter-only"])
    EventFactory(tags=["event-only"])
    stories = admin_client.get(reverse("admin:stories_story_changelist"))
    letters = admin_client.get(reverse("admin:letters_letter_changelist"))
    stories, letters = stories.content.decode(), letters.content.decode()
    assert "story-only" in stories and "letter-only" not in stories
    assert "letter-only" in letters and "story-only" not in letters
    assert "event-only" not in stories + letters


def test_lists_say_when_a_scheduled_item_goes_public(admin_client):
    StoryFactory(title="Soon", published_at=datetime(2031, 1, 10, 14, 0, tzinfo=UTC))
    StoryFactory(title="Now")
    StoryFactory(title="Not yet", draft=True)
    html = admin_client.get(reverse("admin:stories_story_changelist")).content.decode()
    assert "Scheduled for Jan 10, 2031, 9:00 AM" in html  # New York time
    assert '<td class="field-visibility">Public</td>' in html
    assert '<td class="field-visibility">Draft</td>' in html


def test_saving_a_scheduled_story_says_when_it_goes_public(admin_client):
    response = admin_client.post(
        reverse("admin:stories_story_add"),
        {
            "title": "For next year", "slug": "for-next-year", "byline": "",
            "perspective": "teacher", "content_note": "", "body": "Soon.",
            "excerpt": "", "tags": "", "image_alt": "", "status": "published",
            "published_at_0": "2031-01-10", "published_at_1": "09:00",
            **INLINE_MANAGEMENT,
        },
        follow=True,
    )  # fmt: skip
    html = response.content.decode()
    assert "Visitors see “For next year” from Jan 10, 2031, 9:00 AM." in html
