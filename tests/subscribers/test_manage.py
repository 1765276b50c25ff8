import pytest
from django.core import mail
from django.urls import resolve, reverse

from subscribers.models import Subscriber
from subscribers.tokens import make_manage_token
from tests.factories import SubscriberFactory
from tests.subscribers.helpers import link_in

pytestmark = pytest.mark.django_db


def manage_path(subscriber):
    return reverse(
        "subscribers:manage", kwargs={"token": make_manage_token(subscriber.pk)}
    )


def unsubscribe_path(subscriber):
    return reverse(
        "subscribers:unsubscribe", kwargs={"token": make_manage_token(subscriber.pk)}
    )


def test_urls_resolve_both_ways():
    assert (
        reverse("subscribers:manage", kwargs={"token": "1:abc"})
        == "/subscribe/manage/1:abc/"
    )
    assert resolve("/subscribe/manage/1:abc/").view_name == "subscribers:manage"
    assert reverse("subscribers:unsubscribe", kwargs={"token": "1:abc"}) == (
        "/subscribe/unsubscribe/1:abc/"
    )
    assert (
        resolve("/subscribe/unsubscribe/1:abc/").view_name == "subscribers:unsubscribe"
    )


def test_whole_journey_subscribe_confirm_manage_unsubscribe(client):
    client.post(
        reverse("subscribers:subscribe"),
        {"email": "parent@example.org", "topics": ["stories", "events"],
         "topics_shown": "1", "source": "page"},
    )  # fmt: skip
    subscriber = Subscriber.objects.get()
    assert subscriber.topics == ["stories", "events"]
    assert "Topics: stories, events." in subscriber.consent_text
    assert subscriber.consented_at is not None

    confirmation = mail.outbox[0]
    client.post(link_in(confirmation))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    manage = link_in(confirmation, kind="manage")
    page = client.get(manage)
    assert page.status_code == 200
    html = page.content.decode()
    assert "p•••@example.org" in html
    assert "parent@example.org" not in html
    assert 'value="letters" id="manage-topic-letters">' in html  # not checked

    saved = client.post(manage, {"topics": ["letters"], "save": ""})
    assert saved.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.topics == ["letters"]

    left = client.post(manage, {"unsubscribe": ""})
    assert "You are unsubscribed" in left.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None

    client.post(manage, {"topics": ["events"], "save": ""})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.topics == ["events"]


def test_choosing_no_topic_gets_a_clear_error_and_changes_nothing(client):
    subscriber = SubscriberFactory()
    response = client.post(manage_path(subscriber), {"save": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one topic, or use “Unsubscribe from everything”" in html
    assert 'aria-describedby="manage-topics-error"' in html
    assert "Unsubscribe from everything</button>" in html
    assert 'class="subscribe-form"' not in html  # no sign-up form for a follower
    subscriber.refresh_from_db()
    assert subscriber.topics == ["stories", "events", "letters"]


def test_get_on_unsubscribe_link_shows_a_button_and_unsubscribes_nobody(client):
    subscriber = SubscriberFactory()
    response = client.get(unsubscribe_path(subscriber))
    assert response.status_code == 200
    assert "<button" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_one_click_post_unsubscribes_without_csrf_token_or_login(client):
    subscriber = SubscriberFactory()
    strict = type(client)(enforce_csrf_checks=True)
    response = strict.post(
        unsubscribe_path(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize("view", ["subscribers:manage", "subscribers:unsubscribe"])
def test_forged_or_tampered_tokens_get_a_clear_error_page(client, view):
    subscriber = SubscriberFactory()
    other = SubscriberFactory()
    token = make_manage_token(subscriber.pk)
    tampered = f"{other.pk}:{token.split(':', 1)[1]}"
    for bad in ["garbage", tampered, token[:-2], "1:abc"]:
        path = reverse(view, kwargs={"token": bad})
        response = client.get(path)
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
        assert client.post(path, {"unsubscribe": ""}).status_code == 400
    assert Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count() == 2


def test_confirmation_token_does_not_work_as_a_manage_token(client):
    client.post(reverse("subscribers:subscribe"), {"email": "a@example.org"})
    confirm_token = link_in(mail.outbox[0]).split("/")[-2]
    path = reverse("subscribers:unsubscribe", kwargs={"token": confirm_token})
    assert client.post(path).status_code == 400


def test_every_email_has_unsubscribe_headers_and_personal_links(client):
    SubscriberFactory(email="known@example.org")
    client.post(reverse("subscribers:subscribe"), {"email": "new@example.org"})
    client.post(reverse("subscribers:subscribe"), {"email": "known@example.org"})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        unsubscribe_url = "https://aasr.example.org" + link_in(message, "unsubscribe")
        assert message.extra_headers["List-Unsubscribe"] == (
            f"<{unsubscribe_url}>, "
            "<mailto:unsubscribe@aasr.example.org?subject=unsubscribe>"
        )
        assert message.extra_headers["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click"
        )
        html = message.alternatives[0][0]
        assert unsubscribe_url in html
        assert "Alliance Against Seclusion and Restraint" in message.body


def test_manage_and_unsubscribe_pages_run_few_queries(
    client, django_assert_max_num_queries
):
    SubscriberFactory.create_batch(200)
    subscriber = SubscriberFactory()
    for path in [manage_path(subscriber), unsubscribe_path(subscriber)]:
        with django_assert_max_num_queries(3):
            assert client.get(path).status_code == 200


def test_subscribe_page_offers_topics_all_checked(client):
    html = client.get(reverse("subscribers:subscribe")).content.decode()
    for topic in ["stories", "events", "letters"]:
        assert f'value="{topic}" id="page-topic-{topic}" checked>' in html
    assert "<legend>What would you like to receive?</legend>" in html


def test_subscribe_page_with_no_topic_keeps_the_address_and_explains(client):
    response = client.post(
        reverse("subscribers:subscribe"),
        {"email": "parent@example.org", "topics_shown": "1", "source": "page"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one topic." in html
    assert 'value="parent@example.org"' in html
    assert not Subscriber.objects.exists()
