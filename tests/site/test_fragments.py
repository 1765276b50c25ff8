"""Cached fragments (site header and footer, story, event and letter cards) are
never stale, even with the page cache off, as it is for every page an editor has
just changed."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import EventFactory, LetterFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_a_changed_story_card_shows_at_once(client):
    story = StoryFactory(title="First title", content_note="")
    assert "First title" in client.get("/stories/").content.decode()
    story.title = "Second title"
    story.content_note = "Describes a restraint"
    story.save()
    for page in ["/stories/", "/"]:
        html = client.get(page).content.decode()
        assert "Second title" in html and "First title" not in html
        assert "Describes a restraint" in html


def test_a_changed_letter_shows_at_once_in_the_letter_list(client):
    letter = LetterFactory(title="First title", summary="First summary.")
    assert "First title" in client.get("/letters/").content.decode()
    letter.title = "Second title"
    letter.summary = "Second summary."
    letter.save()
    html = client.get("/letters/").content.decode()
    assert "Second title" in html and "Second summary." in html
    assert "First title" not in html and "First summary." not in html


def test_an_edited_story_page_shows_its_new_text_at_once(client):
    story = StoryFactory(title="Old title", body="Old words.")
    client.get(story.get_absolute_url())
    story.title = "New title"
    story.body = "New words."
    story.save()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "New title" in html and "New words." in html
    assert "Old title" not in html and "Old words." not in html
    assert "New%20title" in html  # the share links too


def test_the_same_card_in_two_places_keeps_each_heading_level(client):
    StoryFactory(title="Shared card")
    assert '<h3 class="card__title"><a' in client.get("/").content.decode()
    assert '<h2 class="card__title"><a' in client.get("/stories/").content.decode()
    assert '<h3 class="card__title"><a' in client.get("/").content.decode()


def test_an_event_card_drops_its_register_button_when_the_event_ends(client):
    now = timezone.now()
    EventFactory(
        title="Ending soon",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(minutes=10),
        registration_url="https://example.org/register",
    )
    assert "Register" in client.get("/events/").content.decode()
    # Well within the fragment's lifetime: the card must change by itself.
    with time_machine.travel(timedelta(minutes=20)):
        html = client.get("/events/").content.decode()
    assert "Ending soon" in html and "Register" not in html


@pytest.mark.parametrize(
    ("page", "current"),
    [("/stories/", "Stories"), ("/events/", "Events"), ("/letters/", "Sample letters"),
     ("/restraint-and-seclusion/", "About restraint and seclusion")],
)  # fmt: skip
def test_the_cached_header_marks_the_current_section(client, page, current):
    for other in ["/", "/stories/", "/events/", "/letters/"]:
        client.get(other)
    html = client.get(page).content.decode()
    header = html.split("</header>")[0]
    assert header.count('aria-current="page"') == 1
    assert f'aria-current="page">{current}</a>' in header


def test_the_home_page_header_marks_nothing(client):
    client.get("/stories/")
    header = client.get("/").content.decode().split("</header>")[0]
    assert 'aria-current="page"' not in header


def test_unknown_addresses_share_one_cached_header(client):
    from django.core.cache import caches

    for n in range(5):
        assert client.get(f"/no-such-page-{n}/").status_code == 404
    headers = [key for key in caches["fragments"]._cache if "site_header" in key]
    assert len(headers) == 1
