import pytest
from django.core.management import call_command

from events.models import Event
from letters.models import Letter
from stories.models import Story

pytestmark = pytest.mark.django_db


def test_demo_content_loads_the_seed_and_is_idempotent(client):
    call_command("load_demo_content", verbosity=0)
    counts = (Story.objects.count(), Event.objects.count(), Letter.objects.count())
    call_command("load_demo_content", verbosity=0)
    assert (
        Story.objects.count(),
        Event.objects.count(),
        Letter.objects.count(),
    ) == counts
    assert Story.objects.published().count() == 5
    assert Letter.objects.published().filter(kind="support").count() == 1
    assert Letter.objects.published().filter(kind="family").count() == 4

    home = client.get("/")
    assert home.context["hero_event"].title.startswith("Compliance to compassion")
    assert "The Impulsive Princess" in home.content.decode()


def test_demo_content_dry_run_writes_nothing():
    call_command("load_demo_content", "--dry-run", verbosity=0)
    assert not Story.objects.exists()
    assert not Event.objects.exists()
