import pytest
from django.urls import resolve, reverse

from letters.models import Letter
from tests.factories import LetterFactory

pytestmark = pytest.mark.django_db


def test_letter_list_groups_published_letters(client):
    LetterFactory(title="Records request", kind="family", audience="principal")
    LetterFactory(title="Support the bill", kind="support", audience="legislator")
    LetterFactory(title="Unfinished", draft=True)
    html = client.get(reverse("letters:list")).content.decode()
    assert "Letters for families to fill in" in html
    assert "Model letters of support for organizations" in html
    assert "To: School principal" in html and "To: Legislator" in html
    assert "Records request" in html and "Support the bill" in html
    assert "Unfinished" not in html


def test_letter_detail_marks_placeholders_and_escapes_text(client):
    letter = LetterFactory(
        body="Dear [Principal's name], <b>bold</b> from [Your name]."
    )
    html = client.get(letter.get_absolute_url()).content.decode()
    assert '<mark class="placeholder">[Principal&#x27;s name]</mark>' in html
    assert '<mark class="placeholder">[Your name]</mark>' in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_placeholders_are_distinct_in_order_of_first_appearance():
    letter = Letter(body="[Your name] wrote to [School name] for [Your name], [Date]")
    assert letter.placeholders == ["Your name", "School name", "Date"]


def test_draft_letter_is_404(client):
    assert client.get(LetterFactory(draft=True).get_absolute_url()).status_code == 404


def test_letter_urls_reverse_and_resolve():
    assert reverse("letters:list") == "/letters/"
    assert resolve("/letters/x/").view_name == "letters:detail"
