import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories import EventFactory, LetterFactory, StoryFactory
from tests.images import upload

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return found and found[1]


def json_ld(html):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    return [json.loads(block) for block in blocks]


def sitemap_locations(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def every_sitemap_address(client):
    """Follow the index to each section's pages, as a search engine does."""
    index = sitemap_locations(client, "/sitemap.xml")
    addresses, lastmods = [], []
    for section in index.findall("s:sitemap/s:loc", SITEMAP_NS):
        path = section.text.removeprefix("https://aasr.example.org")
        root = sitemap_locations(client, path)
        addresses += [el.text for el in root.findall("s:url/s:loc", SITEMAP_NS)]
        lastmods += [el.text for el in root.findall("s:url/s:lastmod", SITEMAP_NS)]
    return addresses, lastmods


def test_sitemap_lists_published_content_and_fixed_pages(client):
    story = StoryFactory()
    StoryFactory(slug="hidden-draft", draft=True)
    event = EventFactory()
    letter = LetterFactory()
    locations, lastmods = every_sitemap_address(client)
    base = "https://aasr.example.org"
    for path in ["/", "/restraint-and-seclusion/", "/stories/", "/events/",
                 "/letters/", story.get_absolute_url(), event.get_absolute_url(),
                 letter.get_absolute_url()]:  # fmt: skip
        assert base + path in locations
    assert not any("hidden-draft" in location for location in locations)
    # Dates as the site's time zone sees them, like every date it shows.
    assert timezone.localdate(story.updated_at).isoformat() in lastmods
    assert len(locations) == len(set(locations))


def test_sitemap_index_splits_large_sections_into_pages(client, monkeypatch):
    from stories.sitemaps import StorySitemap

    monkeypatch.setattr(StorySitemap, "limit", 2)
    stories = StoryFactory.create_batch(5)
    index = sitemap_locations(client, "/sitemap.xml")
    sections = [el.text for el in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    story_pages = [section for section in sections if "sitemap-stories" in section]
    assert story_pages == [
        "https://aasr.example.org/sitemap-stories.xml",
        "https://aasr.example.org/sitemap-stories.xml?p=2",
        "https://aasr.example.org/sitemap-stories.xml?p=3",
    ]
    newest = max(story.updated_at for story in stories)
    lastmods = [el.text for el in index.findall("s:sitemap/s:lastmod", SITEMAP_NS)]
    assert timezone.localtime(newest).isoformat() in lastmods
    addresses, _ = every_sitemap_address(client)
    for story in stories:
        address = "https://aasr.example.org" + story.get_absolute_url()
        assert addresses.count(address) == 1
    assert client.get("/sitemap-stories.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemaps_run_few_queries_however_much_is_published(
    client, django_assert_max_num_queries
):
    StoryFactory.create_batch(30)
    EventFactory.create_batch(5)
    with django_assert_max_num_queries(8):
        client.get("/sitemap.xml")
    with django_assert_max_num_queries(2):
        client.get("/sitemap-stories.xml")


def test_favicon_ico_leads_to_the_site_icon(client):
    from django.templatetags.static import static

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    # The icon every public page names in its <head>.
    assert response["Location"] == static("img/favicon.svg")
    assert f'href="{static("img/favicon.svg")}"' in client.get("/").content.decode()


def test_robots_points_to_the_sitemap_and_keeps_private_links_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: https://aasr.example.org/sitemap.xml" in text
    for private in ["/admin/", "/subscribe/confirm/", "/stories/share/request/"]:
        assert f"Disallow: {private}" in text


def page_paths():
    story = StoryFactory(title="A story title")
    event = EventFactory(title="An event title")
    letter = LetterFactory(title="A letter title")
    return ["/", "/restraint-and-seclusion/", "/stories/", story.get_absolute_url(),
            "/events/", event.get_absolute_url(), "/letters/",
            letter.get_absolute_url(), "/subscribe/", "/stories/share/"]  # fmt: skip


def test_every_page_has_a_unique_title_description_and_canonical_url(client):
    titles, descriptions = set(), set()
    for path in page_paths():
        html = client.get(path).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S)[1].strip()
        description = meta(html, "name", "description")
        assert title and description, path
        titles.add(title)
        descriptions.add(description)
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)[1]
        assert canonical == f"https://aasr.example.org{path}"
        assert meta(html, "property", "og:url") == canonical
        assert meta(html, "property", "og:title")
        assert meta(html, "property", "og:image").startswith(
            "https://aasr.example.org/"
        )
        assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert len(titles) == len(descriptions) == 10


def test_canonical_keeps_the_page_number_only(client):
    StoryFactory.create_batch(12)
    html = client.get("/stories/?page=2&utm_source=x").content.decode()
    assert (
        '<link rel="canonical" href="https://aasr.example.org/stories/?page=2">' in html
    )


def test_story_shares_its_own_image_and_is_an_article(client):
    story = StoryFactory(
        title="Quiet room", byline="Sam Lee", image=upload(size=(1000, 500)),
        image_alt="An empty room",
    )  # fmt: skip
    html = client.get(story.get_absolute_url()).content.decode()
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:title") == "Quiet room"
    image = meta(html, "property", "og:image")
    assert image.startswith("https://aasr.example.org/media/") and image.endswith(
        ".webp"
    )
    (article,) = json_ld(html)
    assert article["@type"] == "Article"
    assert article["headline"] == "Quiet room"
    assert article["author"] == {"@type": "Person", "name": "Sam Lee"}
    assert article["datePublished"].startswith(str(story.published_at.year))
    assert article["image"] == image


def test_anonymous_story_is_authored_by_anonymous_in_json_ld(client):
    story = StoryFactory(byline="", title="</script><script>alert(1)</script>")
    html = client.get(story.get_absolute_url()).content.decode()
    (article,) = json_ld(html)
    assert article["author"]["name"] == "Anonymous"
    assert article["headline"] == "</script><script>alert(1)</script>"


def test_home_has_organization_json_ld(client):
    data = json_ld(client.get("/").content.decode())
    organization = next(item for item in data if item["@type"] == "Organization")
    assert organization["name"] == "Alliance Against Seclusion and Restraint"
    assert organization["url"] == "https://aasr.example.org"


def test_private_pages_are_not_indexed(client):
    html = client.get("/subscribe/check-your-inbox/").content.decode()
    assert '<meta name="robots" content="noindex">' in html
