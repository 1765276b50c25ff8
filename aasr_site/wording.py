"""Counts in words, for what management commands print: "1 story", "2 stories"."""

SINGULARS = {
    "stories": "story",
    "events": "event",
    "letters": "letter",
    "pages": "page",
    "redirects": "redirect",
    "followers": "follower",
}


def counted(count: int, plural: str) -> str:
    return f"{count} {SINGULARS[plural] if count == 1 else plural}"
