import pytest
from django.core.management import call_command

from letters.models import Letter

pytestmark = pytest.mark.django_db


def test_demo_letters_have_guidance_balanced_brackets_and_clocks(client):
    call_command("load_demo_content", verbosity=0)
    letters = Letter.objects.published()
    assert letters.count() == 5
    for letter in letters:
        assert letter.bracket_problems == []
        assert letter.guidance_html.startswith("<ul>")
    clocks = dict(
        letters.filter(response_days__isnull=False).values_list("slug", "response_days")
    )
    assert clocks == {
        "request-records-of-restraint-and-seclusion": 45,
        "complaint-to-the-state-education-agency": 60,
    }
    records = letters.get(slug="request-records-of-restraint-and-seclusion")
    html = client.get(records.get_absolute_url()).content.decode()
    assert "Add the due date to my calendar (.ics)" in html
