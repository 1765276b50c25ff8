import re

from django.core import mail

LINK = r"https://aasr\.example\.org(/subscribe/{kind}/\S+/)"


def link_in(message, kind="confirm") -> str:
    return re.search(LINK.format(kind=kind), message.body)[1]


def outbox_for(address):
    return [message for message in mail.outbox if message.to == [address]]


class BrokenBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise ConnectionRefusedError("mail server down")

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
