"""Editors' publishing workflow: scheduling, preview, review, actions, admin index."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stories.models import ChangeRequest, Story, StoryConsent, StoryStatus
from stories.tasks import send_published_notices
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def submitted_story(**kwargs):
    story = StoryFactory(status=StoryStatus.SUBMITTED, published_at=None, **kwargs)
    StoryConsent.objects.create(
        story=story,
        author_name="Jordan Rivera",
        email="jordan@example.org",
        naming="first",
        wording_version="2026-11",
        wording="I agree.",
    )
    return story


def test_scheduled_story_appears_by_itself_when_its_time_comes(client):
    story = StoryFactory(published_at=timezone.now() + timedelta(days=2))
    assert client.get(story.get_absolute_url()).status_code == 404
    assert story.title not in client.get("/stories/").content.decode()
    with time_machine.travel(timedelta(days=3)):
        assert client.get(story.get_absolute_url()).status_code == 200
        assert story.title in client.get("/stories/").content.decode()


def test_submitted_stories_are_never_public(client):
    story = submitted_story()
    story.published_at = timezone.now() - timedelta(days=1)
    story.save()
    assert story not in Story.objects.published()
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", [StoryStatus.DRAFT, StoryStatus.SUBMITTED])
def test_staff_preview_unpublished_story_with_banner(admin_client, client, status):
    story = StoryFactory(status=status, published_at=None, title="Work in progress")
    response = admin_client.get(story.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not published." in html and "Work in progress" in html
    assert "no-cache" in response["Cache-Control"]
    assert client.get(story.get_absolute_url()).status_code == 404


def test_staff_without_change_permission_get_404_for_a_draft(client):
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_story"))
    client.force_login(user)
    assert client.get(StoryFactory(draft=True).get_absolute_url()).status_code == 404


def test_published_story_has_no_banner_for_staff(admin_client):
    html = admin_client.get(StoryFactory().get_absolute_url()).content.decode()
    assert "Not published." not in html


def test_publish_action_refuses_a_submission_not_reviewed(admin_client):
    story = submitted_story()
    url = reverse("admin:stories_story_changelist")
    response = admin_client.post(
        url, {"action": "publish", "_selected_action": [story.pk]}, follow=True
    )
    story.refresh_from_db()
    assert story.status == StoryStatus.SUBMITTED
    assert "must first be reviewed" in response.content.decode()
    assert not mail.outbox


def test_review_then_publish_tells_the_author_once(admin_client, admin_user, client):
    story = submitted_story()
    url = reverse("admin:stories_story_changelist")
    admin_client.post(url, {"action": "mark_reviewed", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.is_reviewed and story.reviewed_by == admin_user
    admin_client.post(url, {"action": "publish", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.is_published()
    assert client.get(story.get_absolute_url()).status_code == 200
    assert [m.to for m in mail.outbox] == [["jordan@example.org"]]
    assert "is published" in mail.outbox[0].subject
    admin_client.post(url, {"action": "publish", "_selected_action": [story.pk]})
    assert len(mail.outbox) == 1


def test_a_scheduled_story_tells_its_author_when_it_is_public(admin_client, client):
    story = submitted_story()
    url = reverse("admin:stories_story_changelist")
    admin_client.post(url, {"action": "mark_reviewed", "_selected_action": [story.pk]})
    publish_at = timezone.now() + timedelta(days=2)
    Story.objects.filter(pk=story.pk).update(published_at=publish_at)
    admin_client.post(url, {"action": "publish", "_selected_action": [story.pk]})
    assert client.get(story.get_absolute_url()).status_code == 404
    assert mail.outbox == []
    queued = DBTaskResult.objects.get(task_path=send_published_notices.module_path)
    assert queued.run_after == publish_at

    send_published_notices.call()  # a worker running early sends nothing
    assert mail.outbox == []
    with time_machine.travel(publish_at + timedelta(minutes=1)):
        assert client.get(story.get_absolute_url()).status_code == 200
        send_published_notices.call()
        send_published_notices.call()
    assert [m.subject for m in mail.outbox] == [
        "Your story is published on the AASR website"
    ]


def test_a_refused_published_notice_is_sent_again_later(admin_client, settings):

    story = submitted_story()
    url = reverse("admin:stories_story_changelist")
    admin_client.post(url, {"action": "mark_reviewed", "_selected_action": [story.pk]})
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError,
    ):
        admin_client.post(url, {"action": "publish", "_selected_action": [story.pk]})
    assert mail.outbox == []
    assert StoryConsent.objects.get(story=story).published_notice_sent_at is None
    retry = DBTaskResult.objects.get(task_path=send_published_notices.module_path)
    assert retry.run_after > timezone.now()

    send_published_notices.call()
    assert [m.to for m in mail.outbox] == [["jordan@example.org"]]
    assert StoryConsent.objects.get(story=story).published_notice_sent_at


def change_form_data(story, **overrides):
    data = {
        "title": story.title,
        "slug": story.slug,
        "byline": story.byline,
        "perspective": story.perspective,
        "content_note": "",
        "body": story.body,
        "excerpt": "",
        "tags": "",
        "image_alt": "",
        "status": story.status,
        "published_at_0": "",
        "published_at_1": "",
        "consent-TOTAL_FORMS": "1",
        "consent-INITIAL_FORMS": "1",
        "consent-0-id": story.consent.pk,
        "consent-0-story": story.pk,
        "change_requests-TOTAL_FORMS": "0",
        "change_requests-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_a_story_its_author_asked_to_take_down_cannot_be_published(
    admin_client, client
):
    story = submitted_story(is_reviewed=True)
    ChangeRequest.objects.create(story=story, kind="take_down", message="Please")
    change_url = reverse("admin:stories_story_change", args=[story.pk])
    page = admin_client.get(change_url).content.decode()
    assert "Its author asks: Take my story down" in page  # at the top

    data = change_form_data(story, status="published", is_reviewed="on")
    response = admin_client.post(change_url, data)
    assert "asked for this story to be taken down" in response.content.decode()
    url = reverse("admin:stories_story_changelist")
    response = admin_client.post(
        url, {"action": "publish", "_selected_action": [story.pk]}, follow=True
    )
    assert "asked for them to be taken down" in response.content.decode()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert mail.outbox == []

    ChangeRequest.objects.update(is_resolved=True)  # after talking with the author
    admin_client.post(url, {"action": "publish", "_selected_action": [story.pk]})
    assert client.get(story.get_absolute_url()).status_code == 200


def test_change_form_refuses_to_publish_without_review(admin_client):
    story = submitted_story()
    url = reverse("admin:stories_story_change", args=[story.pk])
    response = admin_client.post(url, change_form_data(story, status="published"))
    assert response.status_code == 200
    assert "must be reviewed for identifying details" in response.content.decode()
    story.refresh_from_db()
    assert story.status == StoryStatus.SUBMITTED

    response = admin_client.post(
        url, change_form_data(story, status="published", is_reviewed="on")
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_published() and story.reviewed_at is not None


def test_change_form_shows_consent_record_and_preview(admin_client):
    story = submitted_story(body="Some *emphasis* <script>x()</script>")
    html = admin_client.get(
        reverse("admin:stories_story_change", args=[story.pk])
    ).content.decode()
    assert "Consent record" in html and "jordan@example.org" in html
    assert "<em>emphasis</em>" in html
    assert "<script>x()" not in html


def test_review_record_and_author_requests_are_dated_in_the_site_time_zone(
    admin_client, admin_user
):
    late_evening = datetime(2031, 1, 10, 3, 30, tzinfo=UTC)  # 10:30 PM in New York
    story = submitted_story()
    Story.objects.filter(pk=story.pk).update(
        is_reviewed=True, reviewed_at=late_evening, reviewed_by=admin_user
    )
    ChangeRequest.objects.create(
        story=story, kind="take_down", message="Please", created_at=late_evening
    )
    html = admin_client.get(
        reverse("admin:stories_story_change", args=[story.pk])
    ).content.decode()
    assert f"2031-01-09 22:30 by {admin_user.get_username()}" in html
    assert "(2031-01-09)" in html and "2031-01-10" not in html


def test_moderation_filter_and_count_on_admin_index(admin_client):
    waiting = submitted_story(title="Waiting one")
    StoryFactory(title="Already out")
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "1 submitted story waiting for review" in index
    queue = admin_client.get(
        reverse("admin:stories_story_changelist"), {"moderation": "waiting"}
    ).content.decode()
    assert waiting.title in queue and "Already out" not in queue


def test_tag_suggestions_for_the_admin_autocomplete(admin_client, client):
    StoryFactory(tags=["restraint", "respite", "seclusion"])
    url = reverse("admin:stories_story_tag_suggestions")
    assert admin_client.get(url, {"q": "re"}).json() == {
        "tags": ["respite", "restraint"]
    }
    assert client.get(url, {"q": "re"}).status_code == 302  # editors only
