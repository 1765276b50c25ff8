import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from aasr_site.publishing import Status
from events.models import Event
from tests.events.utils import event_at
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:events_event_add")
CHANGELIST_URL = reverse("admin:events_event_changelist")


def form_data(**overrides):
    data = {
        "title": "Compliance to compassion",
        "slug": "compliance-to-compassion",
        "summary": "A live virtual day.",
        "description": "",
        "tags": "",
        "time_zone": "America/New_York",
        "starts_at_0": "2031-03-08",
        "starts_at_1": "10:00",
        "ends_at_0": "2031-03-08",
        "ends_at_1": "16:00",
        "format": "virtual",
        "venue_name": "",
        "venue_address": "",
        "registration_url": "",
        "join_url": "",
        "join_url_shown": "nowhere",
        "cost": "Free",
        "image_alt": "",
        "recording_url": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
    }
    data.update(overrides)
    return data


def image_upload(name="teachers.png", image_format="PNG", size=(120, 80)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "steelblue").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def errors_of(response):
    return response.context["adminform"].form.errors


@pytest.mark.parametrize("server_zone", ["UTC", "Asia/Tokyo", "America/Los_Angeles"])
@pytest.mark.parametrize(
    ("day", "utc_hour"), [("2031-03-08", 15), ("2031-03-10", 14)]
)  # New York moves its clocks forward on March 9, 2031.
def test_times_are_entered_in_the_event_zone_whatever_the_server_zone(
    admin_client, settings, server_zone, day, utc_hour
):
    settings.TIME_ZONE = server_zone
    response = admin_client.post(ADD_URL, form_data(starts_at_0=day, ends_at_0=day))
    assert response.status_code == 302, errors_of(response)
    event = Event.objects.get()
    start = datetime.fromisoformat(day).replace(hour=utc_hour, tzinfo=UTC)
    assert event.starts_at == start
    assert event.ends_at == start + timedelta(hours=6)


def test_change_form_shows_times_in_the_event_zone(admin_client, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    event = EventFactory(
        starts_at=datetime(2031, 7, 1, 14, 0, tzinfo=UTC),
        ends_at=datetime(2031, 7, 1, 20, 0, tzinfo=UTC),
        time_zone="America/Chicago",
    )
    html = admin_client.get(
        reverse("admin:events_event_change", args=[event.pk])
    ).content.decode()
    assert 'name="starts_at_0" value="2031-07-01"' in html
    assert 'name="starts_at_1" value="09:00"' in html
    assert 'name="ends_at_1" value="15:00"' in html


def test_saving_a_change_without_edits_keeps_the_times(admin_client, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    event = EventFactory(
        starts_at=datetime(2031, 7, 1, 14, 0, tzinfo=UTC),
        ends_at=datetime(2031, 7, 1, 20, 0, tzinfo=UTC),
        time_zone="America/Chicago",
        slug="kept",
    )
    response = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        form_data(
            slug="kept",
            time_zone="America/Chicago",
            starts_at_0="2031-07-01",
            starts_at_1="09:00",
            ends_at_0="2031-07-01",
            ends_at_1="15:00",
        ),
    )
    assert response.status_code == 302, errors_of(response)
    event.refresh_from_db()
    assert event.starts_at == datetime(2031, 7, 1, 14, 0, tzinfo=UTC)


def test_a_time_the_clocks_skip_is_refused(admin_client):
    response = admin_client.post(
        ADD_URL,
        form_data(
            starts_at_0="2031-03-09", starts_at_1="02:30", ends_at_0="2031-03-09"
        ),
    )
    assert response.status_code == 200
    assert "does not exist" in errors_of(response)["starts_at"][0]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("zone", "day", "time"),
    [
        ("Pacific/Honolulu", "9999-12-31", "20:00"),
        ("Asia/Tokyo", "0001-01-01", "00:00"),
    ],
)
def test_a_date_at_the_calendar_limits_is_refused(admin_client, zone, day, time):
    response = admin_client.post(
        ADD_URL, form_data(time_zone=zone, starts_at_0=day, starts_at_1=time)
    )
    assert response.status_code == 200
    assert errors_of(response)["starts_at"] == [
        "Choose a date between the years 1900 and 9000."
    ]
    assert not Event.objects.exists()


def test_validation_errors_are_on_their_fields_and_keep_the_input(admin_client):
    response = admin_client.post(
        ADD_URL,
        form_data(
            ends_at_1="09:00",
            format="in_person",
            registration_url="ftp://files.example/register",
            recording_url="javascript:alert(1)",
            join_url_shown="event_page",
        ),
    )
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors["ends_at"] == ["The end must be after the start."]
    assert errors["venue_name"] == ["An event held in person needs a venue."]
    assert "https://" in errors["registration_url"][0]
    assert "recording_url" in errors
    assert "join_url" in errors
    html = response.content.decode()
    assert 'value="Compliance to compassion"' in html
    assert 'value="ftp://files.example/register"' in html
    assert not Event.objects.exists()


def test_image_is_stored_with_its_size_and_needs_alt_text(admin_client):
    without_alt = admin_client.post(ADD_URL, form_data(image=image_upload()))
    assert "image_alt" in errors_of(without_alt)
    response = admin_client.post(
        ADD_URL, form_data(image=image_upload(), image_alt="Teachers at a table")
    )
    assert response.status_code == 302, errors_of(response)
    event = Event.objects.get()
    assert (event.image_width, event.image_height) == (120, 80)
    assert event.image.name.startswith("events/")


@pytest.mark.parametrize(
    ("name", "image_format"), [("anim.gif", "GIF"), ("disguised.png", "GIF")]
)
def test_only_jpeg_png_and_webp_images_are_accepted(admin_client, name, image_format):
    response = admin_client.post(
        ADD_URL,
        form_data(image=image_upload(name, image_format), image_alt="An animation"),
    )
    assert response.status_code == 200
    assert "JPEG, PNG or WebP" in " ".join(errors_of(response)["image"])


@pytest.mark.parametrize(
    ("name", "image_format"), [("a.jpg", "JPEG"), ("a.webp", "WEBP")]
)
def test_jpeg_and_webp_images_are_accepted(admin_client, name, image_format):
    response = admin_client.post(
        ADD_URL, form_data(image=image_upload(name, image_format), image_alt="A photo")
    )
    assert response.status_code == 302, errors_of(response)


def test_changelist_filters_upcoming_and_past(frozen_now, admin_client):
    event_at(frozen_now + timedelta(days=3), title="Next webinar", draft=True)
    event_at(frozen_now - timedelta(days=3), title="Last webinar")
    upcoming = admin_client.get(CHANGELIST_URL, {"when": "upcoming"}).content.decode()
    past = admin_client.get(CHANGELIST_URL, {"when": "past"}).content.decode()
    assert "Next webinar" in upcoming and "Last webinar" not in upcoming
    assert "Last webinar" in past and "Next webinar" not in past


def test_changelist_shows_when_featured_and_status(frozen_now, admin_client):
    EventFactory(
        starts_at=datetime(2031, 3, 10, 14, 0, tzinfo=UTC),
        ends_at=datetime(2031, 3, 10, 20, 0, tzinfo=UTC),
        is_featured=True,
    )
    html = admin_client.get(CHANGELIST_URL).content.decode()
    assert "Monday, March 10, 2031, 10:00 AM – 4:00 PM EDT" in html
    assert "column-is_featured" in html
    assert '<td class="field-visibility">Public</td>' in html


def test_duplicate_makes_a_draft_copy_for_a_series(frozen_now, admin_client):
    event = EventFactory(
        title="Monthly webinar",
        is_featured=True,
        recording_url="https://video.example/1",
        tags=["webinar"],
    )
    response = admin_client.post(
        CHANGELIST_URL, {"action": "duplicate", "_selected_action": [event.pk]}
    )
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_change", args=[copy.pk])
    assert copy.title == "Monthly webinar (copy)"
    assert copy.slug != event.slug
    assert copy.status == Status.DRAFT and copy.published_at is None
    assert not copy.is_featured and copy.recording_url == ""
    assert (copy.starts_at, copy.summary) == (event.starts_at, event.summary)
    assert list(copy.tags.names()) == ["webinar"]
    event.refresh_from_db()
    assert event.title == "Monthly webinar" and event.status == Status.PUBLISHED


def test_duplicate_of_a_title_at_full_length_still_fits(admin_client):
    event = EventFactory(title="A" * 195)
    admin_client.post(
        CHANGELIST_URL, {"action": "duplicate", "_selected_action": [event.pk]}
    )
    copy = Event.objects.exclude(pk=event.pk).get()
    assert len(copy.title) <= 200 and copy.title.endswith("… (copy)")


def test_a_duplicate_has_its_own_photo_and_deleting_it_keeps_the_original(
    admin_client, django_capture_on_commit_callbacks
):
    event = EventFactory(slug="with-image", image_alt="Teachers at a table")
    event.image.save("stored.png", image_upload())
    admin_client.post(
        CHANGELIST_URL, {"action": "duplicate", "_selected_action": [event.pk]}
    )
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.image.name != event.image.name
    assert copy.image.storage.exists(copy.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        copy.delete()
    assert event.image.storage.exists(event.image.name)
    assert not copy.image.storage.exists(copy.image.name)


def test_duplicate_several_returns_to_the_list(admin_client):
    events = EventFactory.create_batch(3)
    response = admin_client.post(
        CHANGELIST_URL,
        {"action": "duplicate", "_selected_action": [e.pk for e in events]},
    )
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST_URL
    assert Event.objects.filter(status=Status.DRAFT).count() == 3


def test_saving_an_event_keeps_its_stored_image(admin_client):
    event = EventFactory(slug="with-image", image_alt="Teachers at a table")
    event.image.save("stored.png", image_upload())
    stored_name = event.image.name
    response = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        form_data(slug="with-image", image_alt="Teachers at a table", title="New"),
    )
    assert response.status_code == 302, errors_of(response)
    event.refresh_from_db()
    assert (event.title, event.image.name) == ("New", stored_name)
    assert (event.image_width, event.image_height) == (120, 80)


def test_clearing_an_event_image_removes_the_file(
    admin_client, django_capture_on_commit_callbacks
):
    event = EventFactory(slug="with-image", image_alt="Teachers at a table")
    event.image.save("stored.png", image_upload())
    stored_name = event.image.name
    assert event.image.storage.exists(stored_name)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:events_event_change", args=[event.pk]),
            form_data(slug="with-image", **{"image-clear": "on"}),
        )
    assert response.status_code == 302, errors_of(response)
    event.refresh_from_db()
    assert not event.image
    assert not event.image.storage.exists(stored_name)


def test_an_unknown_time_zone_is_refused_and_the_times_kept(admin_client):
    response = admin_client.post(ADD_URL, form_data(time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert "time_zone" in errors_of(response)
    assert 'name="starts_at_1" value="10:00"' in response.content.decode()
