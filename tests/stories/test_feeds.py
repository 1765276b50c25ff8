import feedparser
import pytest

from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/stories/feed/", "/stories/feed/atom/"])
def test_feeds_parse_cleanly_with_absolute_links(client, path):
    StoryFactory(title="Published & proud", tags=["hope"], content_note="Restraint.")
    StoryFactory(title="Hidden draft", draft=True)
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Published & proud"]
    entry = feed.entries[0]
    assert entry.link.startswith("https://aasr.example.org/stories/story-")
    assert feed.feed.link == "https://aasr.example.org/stories/"
    assert entry.author == "Jordan Rivera"
    assert [tag.term for tag in entry.tags] == ["hope"]
    assert "Content note" in entry.summary


def test_feed_shows_the_content_note_as_typed(client):
    StoryFactory(content_note="Restraint of a child <under 6> & a Q&A")
    entry = feedparser.parse(client.get("/stories/feed/").content).entries[0]
    # The note is text: a reader shows the brackets, never treats them as markup.
    assert "Restraint of a child &lt;under 6&gt; &amp; a Q&amp;A" in entry.summary


def test_feed_version_is_rss_2_and_atom(client):
    StoryFactory()
    assert feedparser.parse(client.get("/stories/feed/").content).version == "rss20"
    assert feedparser.parse(client.get("/stories/feed/atom/").content).version == (
        "atom10"
    )


def test_pages_advertise_the_feeds(client):
    html = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="https://aasr.example.org/stories/feed/"' in html
    assert 'type="application/atom+xml"' in html


def test_feeds_use_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    StoryFactory.create_batch(30, tags=["a", "b"])
    with django_assert_max_num_queries(2):
        client.get("/stories/feed/")
