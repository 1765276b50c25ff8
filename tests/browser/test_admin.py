"""Editors work in the admin under the same Content-Security-Policy as visitors."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import EventFactory, LetterFactory, StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_pages_run_under_the_policy_and_tag_suggestions_work(
    page, policy_violations
):
    User.objects.create_superuser("editor", "editor@example.org", "a-long-passphrase")
    story = StoryFactory(
        tags=["restraint", "respite"], body="## What happened\n\nWords."
    )
    event, letter = EventFactory(), LetterFactory()
    page.goto(page.base_url + reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-passphrase")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    for name, args in [
        ("admin:index", []),
        ("admin:stories_story_add", []),
        ("admin:events_event_change", [event.pk]),
        ("admin:letters_letter_change", [letter.pk]),
        ("admin:subscribers_mailing_add", []),
        ("admin:stories_story_changelist", []),
    ]:
        page.goto(page.base_url + reverse(name, args=args))
        assert page.locator("#content").is_visible(), name
    page.goto(page.base_url + reverse("admin:stories_story_add"))
    page.locator("#id_tags").press_sequentially("res")
    options = page.locator("#tag-suggestions option")
    options.nth(1).wait_for(state="attached")
    assert [options.nth(i).get_attribute("value") for i in range(2)] == [
        "respite",
        "restraint",
    ]
    # The preview shows the story's heading as the site does, not as an admin bar.
    page.goto(page.base_url + reverse("admin:stories_story_change", args=[story.pk]))
    heading = page.locator(".story-preview h2")
    assert heading.evaluate("h => getComputedStyle(h).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    assert not policy_violations, policy_violations
