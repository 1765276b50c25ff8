import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from subscribers.tokens import make_confirm_token
from tests.factories import (
    EventFactory,
    LetterFactory,
    StoryFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db


def test_home_has_every_section_of_the_old_home_page(client):
    StoryFactory(
        title="I’m a teacher, and I don’t believe restraints keep children safe"
    )
    LetterFactory(title="Request every record of restraint")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "About seclusion and restraint" in html
    assert "Physical restraint" in html and "Seclusion" in html
    assert reverse("explainer") in html
    assert "Latest stories" in html
    assert "I’m a teacher, and I don’t believe restraints keep children safe" in html
    assert "More stories" in html
    assert "Sample letters" in html
    assert "Request every record of restraint" in html
    assert "Follow AASR" in html
    assert "Get new content delivered directly to your inbox." in html
    assert 'action="/subscribe/"' in html


def test_home_lists_the_five_newest_published_stories(client):
    now = timezone.now()
    for day in range(7):
        StoryFactory(title=f"Published {day}", published_at=now - timedelta(days=day))
    StoryFactory(title="A draft", draft=True)
    StoryFactory(title="Scheduled", scheduled=True)
    stories = list(client.get("/").context["latest_stories"])
    assert [s.title for s in stories] == [f"Published {day}" for day in range(5)]


def test_hero_prefers_featured_upcoming_event(client):
    soon = EventFactory(title="Soonest", starts_at=timezone.now() + timedelta(days=2))
    featured = EventFactory(
        title="Featured",
        is_featured=True,
        starts_at=timezone.now() + timedelta(days=20),
        registration_url="https://example.org/register",
    )
    response = client.get("/")
    assert response.context["hero_event"] == featured
    html = response.content.decode()
    assert "Featured" in html and "https://example.org/register" in html
    featured.delete()
    assert client.get("/").context["hero_event"] == soon


def test_hero_falls_back_to_mission_without_upcoming_events(client):
    EventFactory(
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
        is_featured=True,
    )
    EventFactory(draft=True)
    response = client.get("/")
    assert response.context["hero_event"] is None
    assert "Every child safe at school" in response.content.decode()


def test_hero_shows_event_time_in_its_zone_and_that_it_is_virtual(client):
    year = timezone.now().year + 1
    EventFactory(
        title="Compliance to compassion",
        starts_at=datetime(year, 1, 15, 15, 0, tzinfo=UTC),
        ends_at=datetime(year, 1, 15, 21, 0, tzinfo=UTC),
        time_zone="America/New_York",
    )
    html = client.get("/").content.decode()
    assert "10:00 AM – 4:00 PM EST" in html
    assert "Live virtual event" in html


def test_explainer_defines_terms_and_gives_the_federal_guidance(client):
    response = client.get("/restraint-and-seclusion/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Physical restraint",
        "Seclusion",
        "imminent danger of serious physical harm",
        "exceedingly rare",
        "What a family can do",
        "What a teacher can do",
    ]:
        assert text in html
    assert reverse("letters:list") in html
    assert reverse("stories:list") in html


def test_every_page_has_skip_link_navigation_and_footer_form(client):
    html = client.get(reverse("explainer")).content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    for name in ["stories:list", "events:list", "letters:list", "explainer"]:
        assert f'href="{reverse(name)}"' in html
    assert 'id="footer-email"' in html
    assert '<label for="footer-email">' in html


def test_unknown_page_is_a_404_in_the_site_look(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert "Skip to main content" in html


def test_server_error_page_renders_without_a_database(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html


@pytest.mark.parametrize(
    ("name", "path"),
    [("home", "/"), ("explainer", "/restraint-and-seclusion/")],
)
def test_site_urls_reverse_and_resolve(name, path):
    assert reverse(name) == path
    assert resolve(path).url_name == name


def test_without_debug_the_site_refuses_to_start_without_a_secret_key(settings):
    env = {"DJANGO_SETTINGS_MODULE": "aasr_site.settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_must_be_asked_for(settings):
    env = {
        "DJANGO_SETTINGS_MODULE": "aasr_site.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "PATH": "/usr/bin:/bin",
    }
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"


def test_uploaded_media_is_served_with_headers_that_stop_it_running(client, settings):
    folder = settings.MEDIA_ROOT / "stories"
    folder.mkdir(parents=True)
    (folder / "page.html").write_text("<script>alert(1)</script>")
    response = client.get("/media/stories/page.html")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert client.get("/media/%2e%2e/aasr_site/settings.py").status_code in (400, 404)


def test_pages_with_forms_answer_head_requests_like_get(client):
    person = SubscriberFactory(status="pending")
    for path in ["/stories/share/", "/subscribe/",
                 f"/subscribe/confirm/{make_confirm_token(person)}/",
                 LetterFactory().get_absolute_url()]:  # fmt: skip
        response = client.head(path)
        assert response.status_code == client.get(path).status_code == 200, path
        assert response.content == b""


def test_share_your_story_is_offered_on_the_home_page_and_every_footer(client):
    home = client.get("/").content.decode()
    main = home.split("<main")[1].split("</main>")[0]
    assert 'href="/stories/share/">Share your story</a>' in main
    for path in ["/", "/events/", "/letters/", "/restraint-and-seclusion/"]:
        footer = client.get(path).content.decode().split("<footer")[1]
        assert 'href="/stories/share/">Share your story</a>' in footer, path
