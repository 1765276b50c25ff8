import pytest
from django.urls import resolve, reverse

from letters.models import Letter
from tests.factories import LetterFactory, StoryFactory

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


def test_letter_list_orders_audiences_as_declared_not_alphabetically(client):
    LetterFactory(title="To the district", audience="district")
    LetterFactory(title="To the principal", audience="principal")
    LetterFactory(title="To the IEP team", audience="iep_team")
    letters = list(client.get(reverse("letters:list")).context["letter_list"])
    assert [letter.title for letter in letters] == [
        "To the principal",
        "To the IEP team",
        "To the district",
    ]


def test_letter_list_filters_by_kind_audience_and_topic(client):
    LetterFactory(title="Records", kind="family", tags=["records"])
    LetterFactory(title="Lawmaker", kind="family", audience="legislator")
    LetterFactory(title="Org support", kind="support", audience="legislator")
    LetterFactory(title="Hidden records", draft=True, tags=["drafts-only"])
    url = reverse("letters:list")

    def titles(query):
        return [
            letter.title for letter in client.get(url, query).context["letter_list"]
        ]

    assert titles({"kind": "support"}) == ["Org support"]
    assert titles({"audience": "legislator"}) == ["Lawmaker", "Org support"]
    assert titles({"tag": "records"}) == ["Records"]
    assert titles({"kind": "family", "audience": "legislator"}) == ["Lawmaker"]
    html = client.get(url).content.decode()
    assert '<option value="records">records</option>' in html
    assert "drafts-only" not in html


def test_unknown_filter_gets_a_message_and_the_other_filters_still_apply(client):
    LetterFactory(title="Records", kind="family")
    LetterFactory(title="Org support", kind="support")
    response = client.get(
        reverse("letters:list"), {"audience": "<b>martians</b>", "kind": "family"}
    )
    html = response.content.decode()
    assert (
        "“&lt;b&gt;martians&lt;/b&gt;” is not one of the choices, "
        "so this filter is not used."
    ) in html
    assert 'aria-describedby="id_audience-error"' in html
    assert [letter.title for letter in response.context["letter_list"]] == ["Records"]


def test_filter_with_no_match_offers_all_letters(client):
    LetterFactory(kind="family")
    html = client.get(reverse("letters:list"), {"kind": "support"}).content.decode()
    assert "No letter matches your choice." in html


def test_letter_detail_shows_guidance_and_related_published_letters(client):
    letter = LetterFactory(
        guidance="Keep a **copy**.<script>x</script>", tags=["records"]
    )
    LetterFactory(title="Same topic", tags=["records"], audience="legislator")
    LetterFactory(title="Same audience", kind="support")
    unrelated = LetterFactory(title="Unrelated", kind="support", audience="legislator")
    LetterFactory(title="Draft sibling", draft=True, tags=["records"])
    # Taggit keeps every model's tags in one table: a story's are not a letter's.
    StoryFactory(pk=unrelated.pk, tags=["records"])
    response = client.get(letter.get_absolute_url())
    html = response.content.decode()
    assert "<p>Keep a <strong>copy</strong>.</p>" in html
    assert "<script>x" not in html
    related = [related.title for related in response.context["related_letters"]]
    assert related == ["Same topic", "Same audience"]
    assert reverse("explainer") in html and reverse("stories:list") in html


def test_letter_page_loads_the_copy_script_and_print_stylesheet(client):
    html = client.get(LetterFactory().get_absolute_url()).content.decode()
    assert '<script src="/static/js/letters.js" defer></script>' in html
    assert 'href="/static/css/letters.css"' in html
    assert "data-copy-letter" in html
    assert " style=" not in html and " onclick" not in html


def test_scheduled_letter_is_404(client):
    letter = LetterFactory(scheduled=True)
    assert client.get(letter.get_absolute_url()).status_code == 404


def test_personalize_url_reverses_and_resolves():
    assert reverse("letters:personalize", kwargs={"slug": "x"}) == (
        "/letters/x/personalize/"
    )
    assert resolve("/letters/x/personalize/").view_name == "letters:personalize"
