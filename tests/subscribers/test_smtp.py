"""Sending through a real SMTP server (aiosmtpd on the loopback interface)."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from django.core.mail import get_connection

from subscribers import services
from subscribers.tasks import deliver_mailing
from tests.factories import MailingFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

PORTS = range(8141, 8160)


class Recorder(Sink):
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 OK"


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 8141-8159")


@pytest.fixture
def smtp_server(settings):
    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.MAILING_MESSAGES_PER_MINUTE = 0
    yield handler
    controller.stop()


def test_mailing_arrives_through_smtp_with_both_parts_and_headers(smtp_server):
    reader = SubscriberFactory(email="reader@example.org")
    mailing = MailingFactory(subject="Our new letters")
    services.queue_mailing(mailing=mailing)
    deliver_mailing.call(mailing.pk)

    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == [reader.email]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Our new letters"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<https://aasr.example.org/subscribe/unsubscribe/")
    )
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Our new letters" in text and "<h1>Our new letters</h1>" in html
    assert "https://aasr.example.org/subscribe/manage/" in text


def test_smtp_connection_gives_up_after_email_timeout(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = 7
    assert get_connection().timeout == 7
