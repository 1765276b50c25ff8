from datetime import timedelta

import pytest

from tests.events.utils import event_at

pytestmark = pytest.mark.django_db

MISSION = "Every child safe at school"


def test_home_hero_leads_with_the_soonest_featured_upcoming_event(client, frozen_now):
    event_at(frozen_now + timedelta(days=1), title="Soon, not featured")
    event_at(frozen_now + timedelta(days=9), title="Later featured", is_featured=True)
    featured = event_at(
        frozen_now + timedelta(days=4),
        title="Featured virtual day",
        is_featured=True,
        registration_url="https://r.example/register",
    )
    response = client.get("/")
    html = response.content.decode()
    assert response.context["hero_event"] == featured
    assert 'id="hero-heading"><a href="/events/' in html
    assert "Featured virtual day" in html
    assert 'href="https://r.example/register"' in html
    assert MISSION not in html


def test_home_hero_falls_back_to_the_soonest_upcoming_event(client, frozen_now):
    event_at(frozen_now + timedelta(days=8), title="Later")
    soonest = event_at(frozen_now + timedelta(days=2), title="Soonest")
    event_at(frozen_now + timedelta(days=1), title="Draft", draft=True)
    assert client.get("/").context["hero_event"] == soonest


def test_home_hero_shows_the_mission_without_upcoming_events(client, frozen_now):
    event_at(frozen_now - timedelta(days=2), is_featured=True)
    event_at(frozen_now + timedelta(days=2), draft=True, is_featured=True)
    event_at(frozen_now + timedelta(days=2), scheduled=True, is_featured=True)
    response = client.get("/")
    html = response.content.decode()
    assert response.context["hero_event"] is None
    assert MISSION in html
    assert 'href="/restraint-and-seclusion/"' in html


def test_an_event_leaves_the_hero_by_itself_when_it_ends(
    client, frozen_now, time_machine
):
    running = event_at(frozen_now - timedelta(hours=1), hours=3, is_featured=True)
    following = event_at(frozen_now + timedelta(days=7), title="Following event")
    assert client.get("/").context["hero_event"] == running
    time_machine.move_to(running.ends_at + timedelta(seconds=1), tick=False)
    assert client.get("/").context["hero_event"] == following
    time_machine.move_to(following.ends_at, tick=False)
    assert MISSION in client.get("/").content.decode()
