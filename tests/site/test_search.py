from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import EventFactory, LetterFactory, StoryFactory

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


def test_search_finds_stories_letters_events_and_the_explainer(client):
    StoryFactory(title="The calm room", body="They put him in a seclusion room.")
    LetterFactory(title="Records request", summary="Ask for seclusion records.")
    EventFactory(title="Webinar", summary="Ending seclusion together.")
    StoryFactory(title="Unrelated", body="Nothing to see.")
    response = search(client, "seclusion")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The calm room" in html and "Records request" in html and "Webinar" in html
    assert "Unrelated" not in html
    assert "Restraint and seclusion in schools, explained" in html
    for heading in ["Guide", "Sample letters", "Events", "Stories"]:
        assert f">{heading}</h2>" in html
    assert "<mark>" in html.lower()


def test_every_word_must_match(client):
    StoryFactory(title="Calm room", body="restraint at school")
    StoryFactory(title="Other", body="restraint at home")
    html = search(client, "restraint school").content.decode()
    assert "Calm room" in html and "Other" not in html


def test_drafts_and_scheduled_items_never_appear(client):
    StoryFactory(title="Draft story", body="seclusion", draft=True)
    StoryFactory(title="Scheduled story", body="seclusion", scheduled=True)
    LetterFactory(title="Draft letter", summary="seclusion", draft=True)
    EventFactory(title="Draft event", summary="seclusion", draft=True)
    html = search(client, "seclusion").content.decode()
    for title in ["Draft story", "Scheduled story", "Draft letter", "Draft event"]:
        assert title not in html


def test_query_is_kept_in_the_field_and_escaped(client):
    query = '"><script>alert(1)</script>'
    StoryFactory(body=query)
    html = search(client, query).content.decode()
    assert "<script>alert(1)" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_snippets_escape_story_text(client):
    StoryFactory(body="<b>bold</b> seclusion <img src=x onerror=alert(1)>")
    html = search(client, "seclusion").content.decode()
    assert "onerror=alert(1)>" not in html
    assert "&lt;b&gt;" in html or "<b>bold" not in html


def test_empty_state_suggests_letters_and_the_explainer(client):
    html = search(client, "zzzzqqqq").content.decode()
    assert "Nothing matches “zzzzqqqq”" in html
    assert 'href="/letters/"' in html and 'href="/restraint-and-seclusion/"' in html


def test_no_query_shows_the_form_only(client):
    html = client.get("/search/").content.decode()
    assert 'id="search-page-q"' in html
    assert "result" not in html.split("<main")[1].split("</form>")[1]


def test_story_results_are_paginated_with_the_query_kept(client):
    StoryFactory.create_batch(25, body="restraint")
    first = search(client, "restraint")
    assert len(first.context["stories"]) == 10
    assert "?q=restraint&amp;page=2" in first.content.decode()
    third = search(client, "restraint", page=3)
    assert len(third.context["stories"]) == 5


def test_search_field_is_in_the_header_of_every_page(client):
    html = client.get("/stories/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html
    assert '<label class="visually-hidden" for="search-header-q">' in html


def test_search_queries_stay_fixed(client, django_assert_max_num_queries):
    StoryFactory.create_batch(200, body="restraint and seclusion", tags=["a"])
    LetterFactory.create_batch(30, summary="restraint")
    EventFactory.create_batch(30, summary="restraint")
    # Stories: their matches' keys, then the page's rows; letters and events: one.
    with django_assert_max_num_queries(4):
        response = search(client, "restraint")
    assert response.context["result_count"] == 200 + 10 + 10 + 1
    # Thirty letters and events match, and ten of each are shown.
    assert "At least 221 results" in response.content.decode()


@on_postgres
def test_postgres_ranks_only_the_newest_matches_and_says_so(client, settings):
    settings.SEARCH_RANK_WINDOW = 3
    old = StoryFactory(
        title="Seclusion at school",
        published_at=timezone.now() - timedelta(days=30),
    )
    newest = [
        StoryFactory(
            title=f"Story {n}",
            body="seclusion",
            published_at=timezone.now() - timedelta(days=n),
        )
        for n in range(1, 4)
    ]
    response = search(client, "seclusion")
    shown = [story for story, _ in response.context["stories"]]
    assert sorted(shown, key=lambda story: story.pk) == newest
    assert old not in shown
    html = response.content.decode()
    assert "only the 3 newest are shown" in html
    assert "At least 4 results" in html  # three stories and the explainer


@on_postgres
def test_postgres_says_nothing_of_a_window_when_all_matches_are_ranked(client):
    StoryFactory.create_batch(3, body="seclusion")
    html = search(client, "seclusion").content.decode()
    assert "newest are shown" not in html and "At least" not in html


@on_postgres
def test_postgres_stems_words_so_restrained_finds_restraint(client):
    StoryFactory(title="Held down", body="The staff used restraint twice.")
    html = search(client, "restrained").content.decode()
    assert "Held down" in html
    assert "<mark>restraint</mark>" in html


@on_postgres
def test_postgres_ranks_title_matches_first(client):
    body_match = StoryFactory(title="A day", body="seclusion " + "word " * 50)
    title_match = StoryFactory(title="Seclusion rooms", body="about a school")
    stories = [story for story, _ in search(client, "seclusion").context["stories"]]
    assert stories == [title_match, body_match]


@on_postgres
@pytest.mark.parametrize(
    ("model", "index"),
    [("stories.Story", "story_search"), ("events.Event", "event_search"),
     ("letters.Letter", "letter_search")],
)  # fmt: skip
def test_postgres_search_uses_the_gin_index(model, index):
    from django.apps import apps

    with CaptureQueriesContext(connection) as queries:
        list(apps.get_model(model).objects.search("seclusion"))
    finding = queries.captured_queries[0]["sql"]
    assert "@@" in finding
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {finding}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert index in plan


@pytest.mark.parametrize("query", ["!!! & |", "a:* | b", "'); DROP TABLE x; --"])
def test_odd_queries_are_handled_safely(client, query):
    StoryFactory(body="restraint")
    response = search(client, query)
    assert response.status_code == 200
