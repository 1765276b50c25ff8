"""The private link each author of a shared story gets, to ask for a take-down or a
name change. Signed, so it cannot be guessed; it does not expire, because a request
to take a story down may come years later."""

from django.core import signing

AUTHOR_SALT = "stories.author-link"


def make_author_token(story) -> str:
    return signing.dumps(story.pk, salt=AUTHOR_SALT)


def read_author_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=AUTHOR_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
