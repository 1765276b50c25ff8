import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from subscribers.models import Delivery, Mailing, Subscriber
from subscribers.tasks import deliver_mailing
from tests.factories import (
    EventFactory,
    MailingFactory,
    StoryFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:subscribers_subscriber_changelist")


def test_admin_index_shows_followers_by_status(admin_client):
    SubscriberFactory.create_batch(3)
    SubscriberFactory(status=Subscriber.Status.PENDING)
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Followers by status" in html
    assert '?status__exact=confirmed">Confirmed</a></th>\n        <td>3</td>' in html
    assert "Waiting for confirmation</a></th>\n        <td>1</td>" in html


def test_changelist_filters_and_searches(admin_client):
    SubscriberFactory(email="findme@example.org")
    SubscriberFactory(email="other@example.org", status=Subscriber.Status.PENDING)
    found = admin_client.get(CHANGELIST, {"q": "findme"}).content.decode()
    assert "findme@example.org" in found and "other@example.org" not in found
    pending = admin_client.get(CHANGELIST, {"status__exact": "pending"})
    assert "other@example.org" in pending.content.decode()
    assert "findme@example.org" not in pending.content.decode()


def test_changelist_queries_stay_fixed(admin_client, django_assert_max_num_queries):
    SubscriberFactory.create_batch(200)
    with django_assert_max_num_queries(12):
        assert admin_client.get(CHANGELIST).status_code == 200


def test_csv_export_lists_confirmed_followers_with_topics_and_consent(admin_client):
    confirmed = SubscriberFactory(email="a@example.org", wants_events=False)
    pending = SubscriberFactory(status=Subscriber.Status.PENDING)
    response = admin_client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [confirmed.pk, pending.pk]},
    )
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["email", "topics", "source", "consented_at", "confirmed_at"]
    assert len(rows) == 2
    assert rows[1][:2] == ["a@example.org", "stories letters"]
    assert rows[1][3] and rows[1][4]


def test_export_keeps_an_address_that_looks_like_a_formula_as_text(admin_client):
    SubscriberFactory(email="=cmd|'/Ccalc'!A0@example.org")  # a valid address
    response = admin_client.post(
        CHANGELIST,
        {"action": "export_csv",
         "_selected_action": list(Subscriber.objects.values_list("pk", flat=True))},
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][0] == "'=cmd|'/Ccalc'!A0@example.org"


def test_erase_action_deletes_the_person_and_their_deliveries(admin_client):
    person = SubscriberFactory(email="forget-me@example.org")
    admin_client.post(
        reverse("admin:subscribers_subscriber_change", args=[person.pk]),
        {"email": person.email, "status": "confirmed", "wants_stories": "on"},
    )
    assert LogEntry.objects.filter(object_repr="forget-me@example.org").exists()
    mailing = MailingFactory()
    Delivery.objects.create(mailing=mailing, subscriber=person)
    response = admin_client.post(
        CHANGELIST, {"action": "erase", "_selected_action": [person.pk]}, follow=True
    )
    assert "Erased 1" in response.content.decode()
    assert not Subscriber.objects.filter(email="forget-me@example.org").exists()
    assert not Delivery.objects.exists()
    assert not LogEntry.objects.filter(object_repr__contains="forget-me").exists()


def editor_client(client):
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="editors"))
    client.force_login(editor)
    return client, editor


def test_deleting_a_follower_erases_them_and_keeps_no_address(client):
    client, editor = editor_client(client)
    person = SubscriberFactory(email="forget-me@example.org")
    change_url = reverse("admin:subscribers_subscriber_change", args=[person.pk])
    client.post(change_url, {"email": person.email, "status": "confirmed",
                             "wants_stories": "on"})  # fmt: skip
    Delivery.objects.create(mailing=MailingFactory(), subscriber=person)
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "delete_selected" not in dict(actions) and "erase" in dict(actions)

    delete_url = reverse("admin:subscribers_subscriber_delete", args=[person.pk])
    confirm = client.get(delete_url).content.decode()
    assert "Cannot delete" not in confirm and "Yes, I’m sure" in confirm
    response = client.post(delete_url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert not Subscriber.objects.filter(pk=person.pk).exists()
    assert not Delivery.objects.exists()
    assert not LogEntry.objects.filter(object_repr__contains="forget-me").exists()
    record = LogEntry.objects.get(object_id=str(person.pk))
    assert record.user == editor and record.is_deletion()
    assert record.object_repr == f"Follower {person.pk} (erased on request)"


def test_an_address_another_follower_has_is_refused_on_the_field(admin_client):
    SubscriberFactory(email="a@example.org")
    response = admin_client.post(
        reverse("admin:subscribers_subscriber_add"),
        {"email": "A@Example.org", "status": "pending", "wants_stories": "on"},
    )
    form = response.context["adminform"].form
    assert form.errors == {"email": ["Another follower already has this address."]}
    assert 'value="A@Example.org"' in response.content.decode()


def test_a_follower_address_cannot_be_changed_in_their_place(admin_client):
    person = SubscriberFactory(email="asked@example.org")
    admin_client.post(
        reverse("admin:subscribers_subscriber_change", args=[person.pk]),
        {"email": "never-asked@example.org", "status": "confirmed",
         "wants_stories": "on"},
    )  # fmt: skip
    person.refresh_from_db()
    assert person.email == "asked@example.org"


def test_an_editor_cannot_confirm_someone_in_their_place(admin_client):
    person = SubscriberFactory(status=Subscriber.Status.PENDING)
    response = admin_client.post(
        reverse("admin:subscribers_subscriber_change", args=[person.pk]),
        {"email": person.email, "status": "confirmed", "wants_stories": "on"},
    )
    form = response.context["adminform"].form
    assert form.errors == {
        "status": ["Only the person can confirm, with the link we email them."]
    }
    person.refresh_from_db()
    assert person.status == Subscriber.Status.PENDING


def test_new_mailing_is_filled_with_content_published_since_the_last(admin_client):
    two_days_ago = timezone.now() - timedelta(days=2)
    StoryFactory(published_at=two_days_ago)
    MailingFactory(status=Mailing.Status.SENT, queued_at=two_days_ago)
    new_story, new_event = StoryFactory(), EventFactory()
    response = admin_client.get(reverse("admin:subscribers_mailing_add"))
    form = response.context["adminform"].form
    assert form.initial["stories"] == [new_story.pk]
    assert form.initial["events"] == [new_event.pk]


def mailing_form(**extra):
    return {
        "subject": "Spring news",
        "introduction": "Hello",
        "for_stories": "on",
        "for_events": "on",
        "for_letters": "on",
        **extra,
    }


def test_send_a_test_to_me_mails_only_the_editor(admin_client, admin_user):
    SubscriberFactory.create_batch(3)
    response = admin_client.post(
        reverse("admin:subscribers_mailing_add"),
        mailing_form(_send_test="1"),
        follow=True,
    )
    assert f"Test sent to {admin_user.email}" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[admin_user.email]]
    assert mail.outbox[0].subject == "[Test] Spring news"
    assert Mailing.objects.get().status == Mailing.Status.DRAFT


def test_a_mailing_for_nobody_is_refused_and_stays_a_draft(admin_client):
    SubscriberFactory()
    mailing = MailingFactory()
    change = reverse("admin:subscribers_mailing_change", args=[mailing.pk])
    nobody = mailing_form(subject="Typed subject", _send="1")
    for topic in ["for_stories", "for_events", "for_letters"]:
        del nobody[topic]
    response = admin_client.post(change, nobody)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose who receives it: the followers of at least one topic." in html
    assert 'value="Typed subject"' in html
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT and not DBTaskResult.objects.exists()


def test_a_mailing_with_no_one_to_receive_it_is_not_sent(admin_client):
    mailing = MailingFactory()
    send_url = reverse("admin:subscribers_mailing_send", args=[mailing.pk])
    page = admin_client.get(send_url).content.decode()
    assert "there is no one to send it to" in page and "Yes, send it" not in page
    admin_client.post(send_url)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT and not DBTaskResult.objects.exists()


def test_send_queues_delivery_returns_at_once_and_shows_progress(
    admin_client, django_capture_on_commit_callbacks
):
    SubscriberFactory.create_batch(3)
    mailing = MailingFactory()
    change = reverse("admin:subscribers_mailing_change", args=[mailing.pk])
    page = admin_client.get(change).content.decode()
    assert "Save and send to 3 followers" in page
    story = StoryFactory(title="A published story", content_note="Describes restraint.")
    waiting = StoryFactory(title="Waiting for review", status="submitted")
    form = admin_client.get(change).context["adminform"].form
    offered = list(form.fields["stories"].queryset)
    assert story in offered and waiting not in offered

    # "Save and send" saves, then asks, saying what goes to whom.
    confirm = admin_client.post(
        change,
        mailing_form(subject=mailing.subject, stories=[story.pk], _send="1"),
        follow=True,
    )
    html = confirm.content.decode()
    assert "Send this mailing?" in html and "3 followers" in html
    assert "Story: A published story" in html
    assert not DBTaskResult.objects.exists()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT

    send_url = reverse("admin:subscribers_mailing_send", args=[mailing.pk])
    shown = re.search(r'name="shown" value="(\w+)"', html)[1]
    # Changed in another tab after the page was shown: asked again, not sent.
    Mailing.objects.filter(pk=mailing.pk).update(subject="Changed in another tab")
    again = admin_client.post(send_url, {"shown": shown}, follow=True)
    html = again.content.decode()
    assert "changed since this page was shown" in html
    assert "“Changed in another tab” goes to" in html  # shown again, as it is now
    assert not DBTaskResult.objects.exists()
    shown = re.search(r'name="shown" value="(\w+)"', html)[1]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(send_url, {"shown": shown}, follow=True)
    assert "Sending has started" in response.content.decode()
    assert not mail.outbox
    assert DBTaskResult.objects.count() == 1
    again = admin_client.post(send_url, {"shown": shown}, follow=True)
    assert "already sent" in again.content.decode()
    assert DBTaskResult.objects.count() == 1

    deliver_mailing.call(mailing.pk)
    listing = admin_client.get(reverse("admin:subscribers_mailing_changelist"))
    assert '<td class="field-sent">3</td>' in listing.content.decode()
    page = admin_client.get(change).content.decode()
    assert "0 queued, 3 sent, 0 failed" in page
    assert "Save and send" not in page  # a sent mailing cannot be sent again
    body = mail.outbox[0].body
    assert "A published story\nContent note: Describes restraint." in body


def test_mailing_and_delivery_admin_pages_load(admin_client):
    mailing = MailingFactory()
    person = SubscriberFactory()
    Delivery.objects.create(mailing=mailing, subscriber=person)
    for name in ["mailing_changelist", "delivery_changelist", "mailing_add"]:
        assert admin_client.get(reverse(f"admin:subscribers_{name}")).status_code == 200
