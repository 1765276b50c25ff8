import pytest
from django.urls import reverse

from letters.models import Letter
from tests.factories import LetterFactory

pytestmark = pytest.mark.django_db


def letter_form(**overrides):
    return {
        "title": "Ask for a meeting",
        "slug": "ask-for-a-meeting",
        "kind": "family",
        "audience": "iep_team",
        "summary": "After an incident.",
        "body": "Dear [Case manager],\n\n[Child's name] needs a meeting. [Your name]",
        "tags": "iep, meeting",
        "guidance": "Send it by **email** and keep a copy.",
        "response_days": "",
        "response_rule": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        **overrides,
    }


def test_changelist_loads_with_placeholder_counts(admin_client):
    LetterFactory.create_batch(3)
    response = admin_client.get(reverse("admin:letters_letter_changelist"))
    assert response.status_code == 200
    assert "Placeholders" in response.content.decode()


def test_change_form_lists_placeholders_in_order(admin_client):
    letter = LetterFactory(body="[Your name] for [Child's name], [Your name].")
    response = admin_client.get(
        reverse("admin:letters_letter_change", args=[letter.pk])
    )
    html = response.content.decode()
    assert "<ol><li>[Your name]</li><li>[Child&#x27;s name]</li></ol>" in html
    assert "Bracket problems" in html


def test_saving_balanced_letter_gives_no_warning_and_renders_guidance(admin_client):
    response = admin_client.post(
        reverse("admin:letters_letter_add"), letter_form(), follow=True
    )
    assert "Check the brackets" not in response.content.decode()
    letter = Letter.objects.get(slug="ask-for-a-meeting")
    assert letter.is_published()
    assert (
        letter.guidance_html
        == "<p>Send it by <strong>email</strong> and keep a copy.</p>"
    )
    assert letter.placeholders == ["Case manager", "Child's name", "Your name"]


def test_saving_unbalanced_brackets_warns_but_keeps_the_letter(admin_client):
    body = "Dear [Case manager,\n\n[Child's name]] needs a meeting."
    response = admin_client.post(
        reverse("admin:letters_letter_add"), letter_form(body=body), follow=True
    )
    html = response.content.decode()
    assert "Check the brackets: Line 1: “[” is never closed on its line" in html
    assert "Check the brackets: Line 3: “]” without a “[” before it" in html
    assert Letter.objects.filter(slug="ask-for-a-meeting").exists()


def test_response_days_must_be_sensible(admin_client):
    response = admin_client.post(
        reverse("admin:letters_letter_add"), letter_form(response_days="0")
    )
    assert response.status_code == 200
    assert not Letter.objects.exists()


def test_add_form_loads_before_there_is_a_letter(admin_client):
    response = admin_client.get(reverse("admin:letters_letter_add"))
    assert response.status_code == 200
    assert "Saved letters list theirs here" in response.content.decode()


def test_a_tag_too_long_to_store_is_a_clear_error_that_keeps_the_text(admin_client):
    long_tag = "restraint " * 15
    response = admin_client.post(
        reverse("admin:letters_letter_add"), letter_form(tags=f"iep, {long_tag}")
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["tags"] == [
        "A tag can be 100 characters at most; shorten “restraint restraint restraint…”."
    ]
    assert "Ask for a meeting" in response.content.decode()
    assert not Letter.objects.exists()
