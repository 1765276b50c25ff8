import io
import logging
import re
from datetime import date

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from tests.factories import LetterFactory

pytestmark = pytest.mark.django_db

BODY = (
    "[Your name]\n[Date]\n\nDear [Principal's name],\n\n"
    "My child [Child's name] was restrained at [School name].\n"
    "[Describe what happened, in order, as you know it.]\n\n"
    "Sincerely,\n[Your name]"
)
PRIVATE = {
    "field_1": "Dana Whitfield-Okafor",
    "field_2": "November 28, 2026",
    "field_3": "Ms. Ortiz",
    "field_4": "Kiki Whitfield-Okafor",
    "field_5": "Maple Grove Elementary",
    "field_6": "Held face down for 20 minutes\r\nafter recess.",
}


@pytest.fixture
def letter():
    return LetterFactory(
        slug="records-request",
        title="Request records",
        body=BODY,
        starts_a_clock=True,
    )


def personalize(client, letter, data, action="html"):
    return client.post(
        reverse("letters:personalize", kwargs={"slug": letter.slug}),
        {**data, "format": action},
    )


def test_form_has_one_labelled_field_per_placeholder_in_order(client, letter):
    response = client.get(letter.get_absolute_url())
    form = response.context["form"]
    labels = [field.label for field in form.placeholder_boundfields()]
    assert labels == [
        "Your name",
        "Date",
        "Principal's name",
        "Child's name",
        "School name",
        "Describe what happened, in order, as you know it.",
    ]
    html = response.content.decode()
    assert '<label for="id_field_4">Child&#x27;s name</label>' in html
    assert '<textarea name="field_6"' in html
    assert (
        'method="post" action="/letters/records-request/personalize/#your-letter"'
        in (html)
    )


def test_letter_page_carries_no_csrf_token_so_it_stays_cacheable(client, letter):
    response = client.get(letter.get_absolute_url())
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_personalized_letter_shows_values_and_keeps_empty_placeholders(client, letter):
    response = personalize(client, letter, {"field_1": "Dana", "field_4": "Kiki"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>Dana<br>[Date]" not in html
    assert 'Dana<br><mark class="placeholder">[Date]</mark>' in html
    assert "My child Kiki was restrained at" in html
    assert '<mark class="placeholder">[School name]</mark>' in html
    assert 'value="Kiki"' in html


def test_the_answer_opens_at_the_letter_with_its_downloads_under_it(client, letter):
    page = client.get(letter.get_absolute_url()).content.decode()
    assert 'action="/letters/records-request/personalize/#your-letter"' in page
    data = {**PRIVATE, "sent_on": "2026-12-01"}
    html = personalize(client, letter, data).content.decode()
    letter_part = html.split('id="your-letter"')[1].split('id="personalize"')[0]
    assert 'name="format" value="docx"' in letter_part
    assert 'name="format" value="ics"' in letter_part
    assert 'type="hidden" name="field_4" value="Kiki Whitfield-Okafor"' in letter_part
    # The buttons under the letter send the same details again.
    hidden = dict(
        re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', letter_part)
    )
    response = personalize(client, letter, hidden, action="txt")
    assert "My child Kiki Whitfield-Okafor was restrained" in response.content.decode()
    assert "Held face down for 20 minutes\nafter recess." in response.content.decode()


def test_html_typed_into_the_form_is_shown_as_text(client, letter):
    response = personalize(client, letter, {"field_4": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "My child &lt;script&gt;alert(1)&lt;/script&gt; was" in html


def test_personalized_page_is_never_cached(client, letter):
    response = personalize(client, letter, PRIVATE)
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_get_on_personalize_goes_back_to_the_letter(client, letter):
    response = client.get(
        reverse("letters:personalize", kwargs={"slug": "records-request"})
    )
    assert response.status_code == 302
    assert response["Location"] == letter.get_absolute_url()


def test_draft_letter_cannot_be_personalized(client):
    draft = LetterFactory(draft=True)
    assert personalize(client, draft, {}).status_code == 404


def test_too_long_value_gets_a_message_and_keeps_what_was_typed(client, letter):
    data = {**PRIVATE, "field_5": "x" * 301}
    response = personalize(client, letter, data)
    html = response.content.decode()
    assert "Keep this under 300 characters (it has 301)." in html
    assert 'aria-describedby="id_field_5-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="Kiki Whitfield-Okafor"' in html
    assert "Held face down for 20 minutes" in html
    assert "no-store" in response["Cache-Control"]


def test_txt_download_is_the_filled_letter(client, letter):
    response = personalize(client, letter, PRIVATE, action="txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="records-request.txt"'
    )
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8")
    assert text.startswith(
        "Dana Whitfield-Okafor\nNovember 28, 2026\n\nDear Ms. Ortiz,"
    )
    assert "Held face down for 20 minutes\nafter recess." in text
    assert text.endswith("Sincerely,\nDana Whitfield-Okafor\n")
    assert "\r" not in text


def test_txt_download_keeps_empty_placeholders(client, letter):
    text = personalize(client, letter, {}, action="txt").content.decode()
    assert text == BODY + "\n"


def test_docx_download_opens_in_word_with_the_filled_letter(client, letter):
    response = personalize(client, letter, {**PRIVATE, "field_3": ""}, action="docx")
    assert response["Content-Disposition"] == (
        'attachment; filename="records-request.docx"'
    )
    document = Document(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == "Dana Whitfield-Okafor\nNovember 28, 2026"
    assert paragraphs[1] == "Dear [Principal's name],"
    assert paragraphs[2].startswith("My child Kiki Whitfield-Okafor was restrained")
    assert paragraphs[-1] == "Sincerely,\nDana Whitfield-Okafor"
    highlighted = [
        run.text for p in document.paragraphs for run in p.runs
        if run.font.highlight_color
    ]  # fmt: skip
    assert highlighted == ["[Principal's name]"]
    assert document.core_properties.title == "Request records"
    assert document.core_properties.author == ""


def test_text_pasted_from_word_downloads_with_its_line_breaks(client, letter):
    # Word's soft line break (\v) and page break (\f); other control characters.
    pasted = "Held face down\vfor 20 minutes.\fThen\x01 sent home."
    for action in ["txt", "html", "docx"]:
        response = personalize(client, letter, {**PRIVATE, "field_6": pasted}, action)
        assert response.status_code == 200, action
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Held face down\nfor 20 minutes.\nThen sent home." in text


@pytest.mark.parametrize("action", ["html", "ics"])
def test_a_send_date_out_of_reach_is_a_clear_error(client, letter, action):
    data = {**PRIVATE, "sent_on": "9999-12-01"}
    response = personalize(client, letter, data, action=action)
    assert response.status_code == 200  # the letter's page, with the message
    html = response.content.decode()
    assert "Enter a date like 2026-11-28." in html
    assert 'value="Maple Grove Elementary"' in html


def test_reminder_is_due_after_the_response_time(client, letter):
    response = personalize(client, letter, {"sent_on": "2026-12-01"}, action="ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="records-request-reminder.ics"'
    )
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == date(2027, 1, 15)
    assert str(event["summary"]) == "Answer due: Request records"
    assert "FERPA gives the school 45 days" in str(event["description"])
    assert len(event.walk("VALARM")) == 2


def test_reminder_needs_the_date_the_letter_is_sent(client, letter):
    response = personalize(client, letter, PRIVATE, action="ics")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter the date you send the letter" in html
    assert 'aria-describedby="id_sent_on-error id_sent_on-hint"' in html
    assert 'value="Maple Grove Elementary"' in html
    # The letter stays filled in while the date is asked for.
    assert "My child Kiki Whitfield-Okafor was restrained at" in html


def test_personalized_page_shows_the_due_date(client, letter):
    response = personalize(client, letter, {"sent_on": "2026-12-01"})
    assert "due by <strong>Friday, January 15, 2027</strong>" in (
        response.content.decode()
    )


def test_letter_without_a_clock_offers_no_reminder(client):
    letter = LetterFactory()
    html = client.get(letter.get_absolute_url()).content.decode()
    assert "sent_on" not in html
    assert personalize(client, letter, {}, action="ics")["Content-Type"].startswith(
        "text/html"
    )


@pytest.mark.parametrize("action", ["html", "txt", "docx", "ics"])
def test_personalizing_writes_nothing_to_the_database_or_the_logs(
    client, letter, caplog, action
):
    data = {**PRIVATE, "sent_on": "2026-12-01"}
    caplog.set_level(logging.DEBUG)
    for name in ["django", "django.request", "django.db.backends", "django.server"]:
        caplog.set_level(logging.DEBUG, logger=name)
    with CaptureQueriesContext(connection) as queries:
        response = personalize(client, letter, data, action=action)
    assert response.status_code == 200
    statements = [query["sql"].lstrip().upper() for query in queries]
    assert statements, "the letter itself is read from the database"
    assert not [
        sql for sql in statements if sql.startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    typed = [value.split("\r")[0] for value in PRIVATE.values()]
    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} {vars(record)!r}"
        for record in caplog.records
    )
    assert caplog.records, "the database logger did record the queries"
    assert not [value for value in typed if value in logged]
    assert not [
        value for value in typed if value in " ".join(q["sql"] for q in queries)
    ]


def test_error_reports_would_hide_everything_typed(client, letter):
    response = personalize(client, letter, PRIVATE)
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_sender_fields_autocomplete_and_child_fields_do_not(client, letter):
    html = client.get(letter.get_absolute_url()).content.decode()
    inputs = dict(re.findall(r'<input type="text" name="(field_\d+)"([^>]*)>', html))
    assert 'autocomplete="name"' in inputs["field_1"]
    assert 'autocomplete="off"' in inputs["field_4"]


def test_personalizing_puts_nothing_in_the_cache(client, letter, settings):
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"letters-privacy-{alias}",
        }
        for alias in ("default", "limits", "fragments")
    }
    from django.core.cache import caches

    for action in ["html", "txt", "docx", "ics"]:
        personalize(client, letter, {**PRIVATE, "sent_on": "2026-12-01"}, action)
    assert caches["default"]._cache == {}
    # Only the site's header and footer, the same for everyone.
    stored = b"".join(caches["fragments"]._cache.values())
    assert stored
    for value in PRIVATE.values():
        assert value.encode() not in stored


def test_a_form_sent_back_with_errors_never_reaches_the_next_visitor(client, letter):
    typed = {**PRIVATE, "field_1": "Dana " + "x" * 300}
    assert "Dana xxx" in personalize(client, letter, typed).content.decode()
    html = client.get(letter.get_absolute_url()).content.decode()
    for value in PRIVATE.values():
        assert value not in html
    assert "Dana xxx" not in html


def test_an_edited_letter_shows_its_new_text_and_fields_at_once(client, letter):
    client.get(letter.get_absolute_url())
    letter.body = "Dear [Principal name],\n\nPlease call me about [Topic]."
    letter.save()
    html = client.get(letter.get_absolute_url()).content.decode()
    assert '<mark class="placeholder">[Topic]</mark>' in html
    assert '<label for="id_field_2">Topic</label>' in html


def test_a_few_words_get_one_line_and_a_sentence_gets_a_box(client):
    letter = LetterFactory(
        slug="meeting",
        body="I am free on [days and times that work for you].\n\n"
        "[Any other remedy, such as compensatory services.]",
    )
    html = client.get(letter.get_absolute_url()).content.decode()
    assert '<input type="text" name="field_1"' in html
    assert '<textarea name="field_2"' in html
