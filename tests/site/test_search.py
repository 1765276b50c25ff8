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


def shown(response, kind):
    """The items a search page shows of one kind, in order."""
    for group in response.context["groups"]:
        if group.kind == kind:
            return [item for item, _ in group.items]
    return []


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


def test_story_snippets_show_words_not_markdown_nor_half_words(client):
    words = " ".join(f"word{n}" for n in range(100))
    StoryFactory(
        body=f"## The day\n\n{words} they put him in **seclusion**, see "
        f"[the report](https://example.org/r). {words}"
    )
    (snippet,) = [
        snippet
        for _, snippet in search(client, "seclusion").context["groups"][-1].items
    ]
    assert "<mark>seclusion</mark>, see the report." in snippet
    assert "**" not in snippet and "](" not in snippet and "##" not in snippet
    text = snippet.removeprefix("… ").removesuffix(" …")
    assert snippet.startswith("… ") and snippet.endswith(" …")
    whole_words = {*words.split(), "they", "put", "him", "in",
                   "<mark>seclusion</mark>,", "see", "the", "report."}  # fmt: skip
    assert set(text.split()) <= whole_words, text


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
    assert len(shown(first, "stories")) == 10
    html = first.content.decode()
    assert "?q=restraint&amp;page=2" in html
    assert "26 results; stories page 1 of 3." in html  # and the guide
    # Results are ranked, not in time order.
    assert "Next<span" in html and "Older" not in html
    third = search(client, "restraint", page=3)
    assert len(shown(third, "stories")) == 5
    assert "25 stories; page 3 of 3." in third.content.decode()
    # Each page has a title of its own, in the tab and in the browser's history.
    assert "<title>Search results for “restraint” (page 3) |" in third.content.decode()
    assert "<title>Search results for “restraint” |" in html


@pytest.mark.parametrize("page", ["99", "abc", "0", "-1", "9" * 20, "1e3"])
def test_a_page_out_of_range_shows_a_real_page(client, page):
    StoryFactory.create_batch(12, body="restraint")
    response = search(client, "restraint", page=page)
    assert response.status_code == 200
    # Django's rule: past the end (or below 1) is the last page, not a number the first.
    expected = 1 if page in ("abc", "1e3") else 2
    assert response.context["paged"].page_obj.number == expected
    assert shown(response, "stories")


def test_search_field_is_in_the_header_of_every_page(client):
    html = client.get("/stories/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html
    assert '<label class="visually-hidden" for="search-header-q">' in html


def test_search_queries_stay_fixed(client, django_assert_max_num_queries):
    StoryFactory.create_batch(200, body="restraint and seclusion", tags=["a"])
    LetterFactory.create_batch(30, summary="restraint")
    EventFactory.create_batch(30, summary="restraint")
    # One query per kind: its page of rows brings the number of matches along.
    with django_assert_max_num_queries(3):
        response = search(client, "restraint")
    assert response.context["result_count"] == 200 + 30 + 30 + 1
    assert len(shown(response, "letters")) == len(shown(response, "events")) == 3
    html = response.content.decode()
    assert "See all 30 matching sample letters" in html
    # PostgreSQL ranks the newest 200 stories only: then it cannot tell the total.
    at_least = "At least " if connection.vendor == "postgresql" else ""
    assert f"{at_least}261 results" in html
    with django_assert_max_num_queries(1):
        response = search(client, "restraint", kind="letters", page=2)
    assert len(shown(response, "letters")) == 10


def test_letters_and_events_show_their_best_three_with_a_link_to_all(client):
    LetterFactory.create_batch(5, summary="seclusion records")
    EventFactory.create_batch(2, summary="seclusion webinar")
    StoryFactory(body="seclusion")
    html = search(client, "seclusion").content.decode()
    link = 'href="/search/?q=seclusion&amp;kind=letters">'
    assert f"{link}See all 5 matching sample letters</a>" in html
    # Both events are shown: no link to more.
    assert "kind=events" not in html
    assert "9 results." in html  # 5 letters, 2 events, a story and the guide


def test_one_kind_alone_is_paginated_and_keeps_the_kind(client):
    LetterFactory.create_batch(12, summary="seclusion records")
    StoryFactory(title="A seclusion story", body="seclusion")
    response = search(client, "seclusion", kind="letters")
    assert len(shown(response, "letters")) == 10
    assert shown(response, "stories") == [] and shown(response, "events") == []
    html = response.content.decode()
    assert "A seclusion story" not in html and ">Guide</h2>" not in html
    assert "12 sample letters; page 1 of 2." in html
    assert "?q=seclusion&amp;kind=letters&amp;page=2" in html
    assert '<option value="letters" selected>' in html
    assert 'href="/search/?q=seclusion">Search everything for “seclusion”</a>' in html
    second = search(client, "seclusion", kind="letters", page=2)
    assert len(shown(second, "letters")) == 2


def test_one_kind_with_nothing_found_says_so(client):
    StoryFactory(body="seclusion")
    html = search(client, "seclusion", kind="events").content.decode()
    assert "No events match “seclusion”." in html
    assert "A seclusion" not in html


def test_an_unknown_kind_searches_everything(client):
    StoryFactory(title="A calm room", body="seclusion")
    LetterFactory(title="Records", summary="seclusion")
    html = search(client, "seclusion", kind="<script>").content.decode()
    assert "A calm room" in html and "Records" in html
    assert "<script>" not in html.split("<main")[1]
    assert "so everything was searched" in html


def test_a_null_character_is_dropped_from_the_query(client):
    StoryFactory(title="A calm room", body="seclusion")
    response = search(client, "seclu\x00sion")
    assert response.status_code == 200
    assert response.context["query"] == "seclusion"
    assert "A calm room" in response.content.decode()


def test_later_pages_show_stories_only(client):
    StoryFactory.create_batch(12, body="seclusion")
    LetterFactory(title="Records", summary="seclusion")
    html = search(client, "seclusion", page=2).content.decode()
    assert ">Sample letters</h2>" not in html and ">Guide</h2>" not in html
    assert "12 stories; page 2 of 2." in html


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
    stories = shown(response, "stories")
    assert sorted(stories, key=lambda story: story.pk) == newest
    assert old not in stories
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
    stories = shown(search(client, "seclusion"), "stories")
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
        apps.get_model(model).objects.search("seclusion").page(0, 10)
    finding = queries.captured_queries[0]["sql"]
    assert "@@" in finding
    with connection.cursor() as cursor:
        # On near-empty tables any plan is as cheap as another: scans that read
        # every row, or walk the publish-time index, are ruled out so that the
        # plan shows whether the match itself can use the search index.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        cursor.execute(f"EXPLAIN {finding}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert index in plan


@pytest.mark.parametrize("query", ["!!! & |", "a:* | b", "'); DROP TABLE x; --"])
def test_odd_queries_are_handled_safely(client, query):
    StoryFactory(body="restraint")
    response = search(client, query)
    assert response.status_code == 200


@on_postgres
def test_postgres_prepares_a_page_query_it_repeats_but_plans_each_search_anew(client):
    """A prepared statement skips planning; a search needs the plan its words call
    for, so it is never prepared."""
    StoryFactory(title="Calm room", body="They used seclusion.")
    for _ in range(3):
        assert client.get("/stories/").status_code == 200
        assert search(client, "seclusion").status_code == 200
        assert search(client, "seclusion", kind="stories").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("stories_story" in statement for statement in prepared)
    assert not any("search_rank" in statement for statement in prepared)
