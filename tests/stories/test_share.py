"""The public "Share your story" form, its consent record, and the author's link."""

import io
import re
import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from stories.models import ChangeRequest, Story, StoryStatus
from stories.tasks import send_published_notices
from tests.factories import StoryFactory
from tests.images import GPS_IFD, image_bytes, upload
from tests.stories.test_workflow import change_form_data, submitted_story

pytestmark = pytest.mark.django_db

SHARE = "/stories/share/"


def form_data(**overrides):
    data = {
        "title": "My son and the calm room",
        "body": "It started in October.\n\nHe came home *silent*.",
        "perspective": "parent",
        "author_name": "Jordan Rivera",
        "naming": "first",
        "email": "jordan@example.org",
        "image_alt": "",
        "may_publish_and_edit": "on",
        "has_right_to_share": "on",
        "no_other_child_named": "on",
        "share_with_lawmakers": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_share_form_page_has_labelled_fields(client):
    response = client.get(SHARE)
    assert response.status_code == 200
    html = response.content.decode()
    for field in ["title", "body", "author_name", "email", "image", "image_alt"]:
        assert f'<label for="id_{field}">' in html
    assert "csrfmiddlewaretoken" in html


def test_submission_becomes_a_hidden_story_with_a_consent_record(client):
    response = client.post(SHARE, form_data())
    assert response.status_code == 302
    assert response.url == reverse("stories:share-thanks")
    story = Story.objects.get()
    assert story.status == StoryStatus.SUBMITTED
    assert story.byline == "Jordan"
    assert story.needs_review
    consent = story.consent
    assert consent.email == "jordan@example.org"
    assert consent.naming == "first"
    assert consent.share_with_lawmakers and not consent.share_with_journalists
    assert consent.use_on_website and consent.may_edit
    assert consent.wording_version and "permission to publish" in consent.wording
    assert consent.agreed_at is not None
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "jordan@example.org" not in client.get("/stories/").content.decode()


def test_submission_emails_editors_and_thanks_the_author(client, settings):
    settings.STORY_EDITORS_EMAIL = "editors@aasr.example.org"
    client.post(SHARE, form_data())
    editors, author = mail.outbox
    assert editors.to == ["editors@aasr.example.org"]
    assert "/admin/stories/story/" in editors.body
    assert "jordan@example.org" not in editors.body  # the record is in the admin
    assert author.to == ["jordan@example.org"]
    assert "/stories/share/request/" in author.body


@pytest.mark.parametrize(
    ("naming", "byline"),
    [("full", "Jordan Rivera"), ("first", "Jordan"), ("initials", "J. R."),
     ("anonymous", "")],
)  # fmt: skip
def test_author_chooses_how_to_be_named(client, naming, byline):
    client.post(SHARE, form_data(naming=naming))
    assert Story.objects.get().byline == byline


def test_missing_consents_and_fields_get_clear_errors_and_keep_the_text(client):
    data = form_data(has_right_to_share=None, no_other_child_named=None, email="nope")
    response = client.post(SHARE, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tick this box to confirm this story is yours to share." in html
    assert "Tick this box to confirm your story names no other child" in html
    # The summary comes first on the page, before the introduction.
    assert html.index('class="error-summary"') < html.index("<h1>Share your story")
    assert "Enter an email address like name@example.org." in html
    assert "My son and the calm room" in html
    assert "He came home *silent*." in html
    assert 'value="nope"' in html
    assert 'aria-invalid="true"' in html
    assert not Story.objects.exists()


def test_every_error_in_the_summary_links_to_its_field(client):
    data = form_data(perspective=None, naming=None, has_right_to_share=None, title="")
    html = client.post(SHARE, data).content.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert len(targets) >= 4
    for target in targets:
        assert f'id="{target}"' in html, target


def test_the_author_request_form_offers_real_choices_and_clear_errors(client):
    client.post(SHARE, form_data())
    link = author_link(mail.outbox[-1].body)
    page = client.get(link).content.decode()
    assert "---------" not in page
    assert "(optional) <span" not in page and "(optional) (optional)" not in page
    response = client.post(link, {})
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert '<a href="#id_kind_0">Choose what you would like us to do.</a>' in html
    assert not ChangeRequest.objects.exists()


def test_a_story_about_a_child_needs_parent_permission_and_child_agreement(client):
    response = client.post(SHARE, form_data(is_about_a_child="on"))
    html = response.content.decode()
    assert "needs a parent" in html and "needs the child" in html
    assert not Story.objects.exists()
    client.post(
        SHARE,
        form_data(is_about_a_child="on", parent_permission="on", child_agreement="on"),
    )
    consent = Story.objects.get().consent
    assert consent.is_about_a_child and consent.parent_permission
    assert consent.child_agreement


def test_html_and_script_are_never_executed(client, admin_client):
    client.post(
        SHARE,
        form_data(
            title="<script>alert(1)</script>Title",
            body='<img src=x onerror="alert(1)"> [x](javascript:alert(1)) Body',
        ),
    )
    story = Story.objects.get()
    assert "onerror" not in story.body_html and "javascript:" not in story.body_html
    html = admin_client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>Title" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Title" in html


def test_photo_is_stored_without_exif_or_gps_with_renditions(client):
    photo = upload("holiday.jpg", with_exif=True, size=(1600, 1000))
    response = client.post(SHARE, form_data(image=photo, image_alt="A beach"))
    assert response.status_code == 302
    story = Story.objects.get()
    with Image.open(story.image.path) as stored:
        exif = stored.getexif()
        assert not dict(exif) and not dict(exif.get_ifd(GPS_IFD))
        assert "exif" not in stored.info
    assert [r["width"] for r in story.image_renditions] == [480, 800, 1200]
    for rendition in story.renditions:
        with Image.open(story.image.storage.path(rendition["name"])) as copy:
            assert copy.format == "WEBP" and "exif" not in copy.info


def test_a_shared_photo_is_stored_under_a_name_no_one_can_guess_or_read(client):
    photo = upload("Emma_Smith_after_restraint.jpg")
    client.post(SHARE, form_data(image=photo, image_alt="A classroom"))
    story = Story.objects.get()
    names = [story.image.name, *(r["name"] for r in story.image_renditions)]
    assert not any("Emma" in name or "restraint" in name for name in names)
    assert re.fullmatch(r"stories/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", story.image.name)


def test_photos_of_a_story_leave_storage_when_replaced_or_deleted(
    admin_client, django_capture_on_commit_callbacks
):
    story = submitted_story(image=upload(), image_alt="A classroom")
    first = [story.image.name, *(r["name"] for r in story.image_renditions)]
    assert len(first) == 4 and all(default_storage.exists(n) for n in first)
    url = reverse("admin:stories_story_change", args=[story.pk])
    data = change_form_data(story, image=upload("new.png", fmt="PNG"),
                            image_alt="A classroom")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    story.refresh_from_db()
    second = [story.image.name, *(r["name"] for r in story.image_renditions)]
    assert not any(default_storage.exists(n) for n in first)
    assert all(default_storage.exists(n) for n in second)

    with django_capture_on_commit_callbacks(execute=True):
        story.delete()
    assert not any(default_storage.exists(n) for n in second)


class RefusingBackend:
    """A mail server that refuses the recipient, naming them, as smtplib does."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        recipient = messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({recipient: (550, b"No such user")})


def test_a_refused_email_keeps_the_story_and_logs_no_address(client, settings, caplog):
    settings.EMAIL_BACKEND = "tests.stories.test_share.RefusingBackend"
    response = client.post(SHARE, form_data())
    assert response.status_code == 302
    assert Story.objects.exists()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "Email about a shared story failed (SMTPRecipientsRefused)" in logged
    assert "jordan@example.org" not in logged + caplog.text


def test_a_title_with_a_line_break_still_reaches_the_editors(client):
    response = client.post(SHARE, form_data(title="Two\nlines"))
    assert response.status_code == 302
    subjects = [message.subject for message in mail.outbox]
    assert any("Two lines" in subject for subject in subjects), subjects
    assert mail.outbox[0].to == ["editors@aasr.example.org"]


def test_a_photo_another_story_still_names_is_kept(django_capture_on_commit_callbacks):
    first = StoryFactory(image=upload(), image_alt="A classroom")
    second = StoryFactory(image=first.image.name, image_alt="A classroom")
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert default_storage.exists(first.image.name)


def test_photo_needs_a_description(client):
    response = client.post(SHARE, form_data(image=upload()))
    html = response.content.decode()
    assert "Describe the photo for people who cannot see it." in html
    assert "Please choose your photo again" in html
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    "fake",
    [
        SimpleUploadedFile("photo.jpg", b"<?php echo 1; ?>", content_type="image/jpeg"),
        SimpleUploadedFile("anim.gif", image_bytes("GIF"), content_type="image/gif"),
        SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
    ],
)
def test_files_that_are_not_real_jpeg_png_or_webp_are_refused(client, fake):
    response = client.post(SHARE, form_data(image=fake, image_alt="A photo"))
    assert response.status_code == 400
    assert "My son and the calm room" in response.content.decode()
    assert not Story.objects.exists()


def test_oversize_images_are_refused(client, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 5_000
    response = client.post(SHARE, form_data(image=upload(), image_alt="A photo"))
    assert "The image is too large" in response.content.decode()
    assert not Story.objects.exists()


def test_decompression_bombs_are_refused(client, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    big = upload("big.png", fmt="PNG", size=(2000, 1000))
    response = client.post(SHARE, form_data(image=big, image_alt="A photo"))
    assert "2000 × 1000 pixels" in response.content.decode()
    assert not Story.objects.exists()


def test_overlong_story_is_refused_with_the_text_kept(client, settings):
    settings.STORY_MAX_LENGTH = 100
    body = "word " * 50
    response = client.post(SHARE, form_data(body=body))
    html = response.content.decode()
    assert "the limit is 100" in html
    assert body.strip() in html


def test_honeypot_pretends_success_and_saves_nothing(client):
    response = client.post(SHARE, form_data(website="spam"))
    assert response.status_code == 302
    assert not Story.objects.exists() and not mail.outbox


def test_rate_limit_allows_ten_an_hour_per_address(client):
    for _ in range(10):
        assert client.post(SHARE, form_data()).status_code == 302
    response = client.post(SHARE, form_data())
    assert response.status_code == 429
    assert Story.objects.count() == 10


def test_share_form_keeps_csrf_protection(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(SHARE, form_data()).status_code == 403
    assert not Story.objects.exists()


def author_link(message):
    return re.search(
        r"https://aasr\.example\.org(/stories/share/request/\S+/)", message
    )[1]


def test_author_link_sends_a_take_down_request_to_editors(client, admin_client):
    client.post(SHARE, form_data())
    link = author_link(mail.outbox[-1].body)
    assert client.get(link).status_code == 200
    mail.outbox.clear()
    response = client.post(link, {"kind": "take_down", "message": "Please remove it"})
    assert response.status_code == 200
    assert "We have your request" in response.content.decode()
    story = Story.objects.get()
    change = ChangeRequest.objects.get(story=story)
    assert change.kind == "take_down" and not change.is_resolved
    assert mail.outbox[0].to == ["editors@aasr.example.org"]
    admin_html = admin_client.get(
        reverse("admin:stories_story_change", args=[story.pk])
    ).content.decode()
    assert "Please remove it" in admin_html


@pytest.mark.parametrize("scheduled", [False, True])
def test_a_take_down_request_takes_the_story_off_the_site_at_once(client, scheduled):
    client.post(SHARE, form_data())
    link = author_link(mail.outbox[-1].body)
    story = Story.objects.get()
    publish_at = timezone.now() + (timedelta(days=1) if scheduled else -timedelta(1))
    story.is_reviewed = True
    story.status, story.published_at = StoryStatus.PUBLISHED, publish_at
    story.save()
    mail.outbox.clear()
    response = client.post(link, {"kind": "take_down"})
    assert "Your story is off the site" in response.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert client.get(story.get_absolute_url()).status_code == 404
        send_published_notices.call()
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT
    assert [m.to for m in mail.outbox] == [["editors@aasr.example.org"]]
    assert "taken off the site when they asked" in mail.outbox[0].body


def test_author_link_name_change_needs_a_choice(client):
    client.post(SHARE, form_data())
    link = author_link(mail.outbox[-1].body)
    response = client.post(link, {"kind": "change_name"})
    assert "Choose how we should name you." in response.content.decode()
    client.post(link, {"kind": "change_name", "naming": "initials"})
    assert ChangeRequest.objects.get().naming == "initials"


@pytest.mark.parametrize("token", ["forged", "1:abc"])
def test_forged_author_link_is_refused(client, token):
    response = client.get(reverse("stories:author-request", args=[token]))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_uploaded_image_keeps_only_pixels():
    buffer = io.BytesIO(image_bytes(with_exif=True))
    assert Image.open(buffer).getexif()  # the test image really carries EXIF
