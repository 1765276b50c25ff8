"""Signed tokens for links in emails: no lookup table, nothing guessable."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "subscribers.confirm"
MANAGE_SALT = "subscribers.manage"


def make_confirm_token(subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> int | None:
    """The subscriber id in a valid, unexpired token; None for anything else."""
    max_age = settings.SUBSCRIBE_CONFIRM_MAX_AGE_DAYS * 24 * 3600
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def make_manage_token(subscriber_id: int) -> str:
    # No expiry: an unsubscribe link in an old email must keep working.
    return signing.Signer(salt=MANAGE_SALT).sign(str(subscriber_id))


def read_manage_token(token: str) -> int | None:
    """The subscriber id in a valid manage token; None for a forged or cut one."""
    try:
        value = signing.Signer(salt=MANAGE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
