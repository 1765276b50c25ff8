import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from subscribers.models import Subscriber
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def follow(client, email, **extra):
    return client.post(reverse("subscribers:subscribe"), {"email": email, **extra})


def link_in(message) -> str:
    return re.search(
        r"https://aasr\.example\.org(/subscribe/confirm/\S+/)", message.body
    )[1]


def test_follow_form_end_to_end(client):
    response = follow(client, "parent@example.org", source="home")
    assert response.status_code == 302
    assert response.url == reverse("subscribers:check-inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == "home"
    assert subscriber.consent_text

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["parent@example.org"]
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    path = link_in(message)
    assert "parent" not in path  # no address in the URL

    page = client.get(path)
    assert page.status_code == 200
    assert "Yes, follow AASR" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING  # opening changes nothing

    confirmed = client.post(path)
    assert confirmed.status_code == 200
    assert "you follow AASR" in confirmed.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert "Choose what you receive" in confirmed.content.decode()


def test_follow_form_is_on_the_home_page_and_in_the_footer(client):
    html = client.get("/").content.decode()
    assert html.count('action="/subscribe/"') == 1
    assert '<label for="home-email">' in html
    other = client.get("/stories/").content.decode()
    assert '<label for="footer-email">' in other


def test_same_answer_whether_or_not_the_address_is_known(client):
    SubscriberFactory(email="known@example.org")
    known = follow(client, "Known@Example.org")
    unknown = follow(client, "new@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert client.get(known.url).content == client.get(unknown.url).content
    assert Subscriber.objects.count() == 2  # no duplicate, whatever the case
    # The confirmed person is told by email, not on the page.
    assert mail.outbox[0].subject == "You already follow AASR"


def test_asking_again_soon_does_not_send_another_email(client):
    follow(client, "parent@example.org")
    follow(client, "parent@example.org")
    assert len(mail.outbox) == 1
    with time_machine.travel(timedelta(minutes=10)):
        follow(client, "parent@example.org")
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("not-an-address", "Enter an email address like name@example.org."),
        ("", "Enter your email address."),
        ("a@example.org\r\nBcc: victim@example.org", "Enter an email address"),
        ("x" * 250 + "@example.org", "too long"),
    ],
)
def test_invalid_email_gets_a_clear_error_and_keeps_the_value(client, typed, error):
    response = follow(client, typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'aria-invalid="true"' in html
    if typed.strip() and "\n" not in typed:
        assert f'value="{typed}"' in html
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_a_short_form_with_a_bad_address_keeps_every_topic_ticked(client):
    response = client.post("/subscribe/", {"email": "bad@", "source": "footer"})
    assert response.status_code == 400
    html = response.content.decode()
    for topic in ["stories", "events", "letters"]:
        assert f'value="{topic}" id="page-topic-{topic}" checked' in html
    assert '<input type="hidden" name="source" value="footer">' in html
    fixed = {"email": "good@example.org", "source": "footer", "topics_shown": "1",
             "topics": ["stories", "events", "letters"]}  # fmt: skip
    assert client.post("/subscribe/", fixed).status_code == 302
    person = Subscriber.objects.get()
    assert person.source == "footer"
    assert person.topics == ["stories", "events", "letters"]


def test_the_follow_page_has_one_follow_form(client):
    for response in [
        client.get("/subscribe/"),
        client.post("/subscribe/", {"email": "x@"}),
    ]:
        assert response.content.decode().count('class="subscribe-form"') == 1


def test_typed_value_is_escaped(client):
    html = follow(client, '"><script>alert(1)</script>').content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "path", ["/subscribe/confirm/garbage/", "/subscribe/confirm/1:abc:def/"]
)
def test_bad_link_gets_a_clear_page(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "This link no longer works" in response.content.decode()
    assert client.post(path).status_code == 400


def test_expired_link_gets_a_clear_page_and_confirms_nothing(client):
    follow(client, "parent@example.org")
    path = link_in(mail.outbox[0])
    with time_machine.travel(timedelta(days=8)):
        assert client.post(path).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_honeypot_pretends_success_and_saves_nothing(client):
    response = follow(client, "bot@example.org", website="https://spam.example")
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_address(client, settings):
    for n in range(20):
        assert follow(client, f"p{n}@example.org").status_code == 302
    response = follow(client, "one-too-many@example.org")
    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()


def test_mail_server_failure_still_saves_and_shows_check_inbox(client, settings):
    settings.EMAIL_BACKEND = "tests.subscribers.test_follow.BrokenBackend"
    response = follow(client, "parent@example.org")
    assert response.status_code == 302
    assert Subscriber.objects.get().confirmation_sent_at is None


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
