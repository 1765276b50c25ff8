"""Writes around shared stories: the submission, and the emails it sets off."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aasr_site.emails import send_templated_email

from .models import ChangeRequest, Naming, Story, StoryConsent, StoryStatus
from .tokens import make_author_token

logger = logging.getLogger(__name__)

CONSENT_VERSION = "2026-11"
CONSENT_WORDING = (
    "I give the Alliance Against Seclusion and Restraint (AASR) permission to publish "
    "my story on its website, and to edit it for length, clarity and privacy. I have "
    "the right to share this story. It does not name any other child. If the story is "
    "by or about a child, I am their parent or guardian and the child agrees to share "
    "it. I can ask for it to be taken down at any time with my private link."
)


def byline_for(name: str, naming: str) -> str:
    """How the author asked to be named, e.g. "Jordan Rivera", "Jordan", "J. R."."""
    words = name.split()
    if not words or naming == Naming.ANONYMOUS:
        return ""
    if naming == Naming.FIRST_NAME:
        return words[0]
    if naming == Naming.INITIALS:
        return " ".join(f"{word[0].upper()}." for word in words)
    return " ".join(words)


def author_link(story: Story) -> str:
    path = reverse("stories:author-request", kwargs={"token": make_author_token(story)})
    return f"{settings.SITE_URL}{path}"


def admin_link(story: Story) -> str:
    path = reverse("admin:stories_story_change", args=[story.pk])
    return f"{settings.SITE_URL}{path}"


def _send(**kwargs) -> bool:
    # A mail server that is down must not lose a story someone took an hour to write.
    try:
        send_templated_email(**kwargs)
    except Exception as error:
        # Its kind only: a mail server's refusal names the author's address.
        logger.error("Email about a shared story failed (%s)", type(error).__name__)
        return False
    return True


def submit_story(*, data: dict, image=None) -> Story:
    """Save a story shared through the website, waiting for review, with its consent
    record; tell the editors and thank the author."""
    with transaction.atomic():
        story = Story(
            title=data["title"],
            body=data["body"],
            perspective=data["perspective"],
            byline=byline_for(data["author_name"], data["naming"]),
            status=StoryStatus.SUBMITTED,
        )
        if image:
            story.image = image
            story.image_alt = data["image_alt"]
        story.save()
        StoryConsent.objects.create(
            story=story,
            author_name=data["author_name"],
            email=data["email"],
            naming=data["naming"],
            use_on_website=True,
            share_with_journalists=data["share_with_journalists"],
            share_with_lawmakers=data["share_with_lawmakers"],
            may_edit=data["may_publish_and_edit"],
            has_right_to_share=data["has_right_to_share"],
            no_other_child_named=data["no_other_child_named"],
            is_about_a_child=data["is_about_a_child"],
            parent_permission=data["parent_permission"],
            child_agreement=data["child_agreement"],
            wording_version=CONSENT_VERSION,
            wording=CONSENT_WORDING,
        )
    context = {"story": story, "admin_url": admin_link(story)}
    if settings.STORY_EDITORS_EMAIL:
        _send(
            to=settings.STORY_EDITORS_EMAIL,
            subject=f"New story to review: {story.title}",
            template="stories/email/editors_new_submission",
            context=context,
        )
    _send(
        to=data["email"],
        subject="Thank you for sharing your story with AASR",
        template="stories/email/author_thanks",
        context={**context, "author_url": author_link(story)},
    )
    return story


# A notice the mail server refused right away is tried again this much later.
NOTICE_RETRY_AFTER = timedelta(minutes=2)


def notify_author_published(story: Story) -> None:
    """Tell the author once that their shared story is published: now if visitors
    can read it, else through the worker when its publish time comes."""
    from .tasks import send_published_notices

    waiting = StoryConsent.objects.filter(
        story=story, published_notice_sent_at__isnull=True
    )
    if story.status != StoryStatus.PUBLISHED or not waiting.exists():
        return
    if not story.is_published():
        send_published_notices.using(run_after=story.published_at).enqueue()
    elif not send_published_notice(story):
        send_published_notices.using(
            run_after=timezone.now() + NOTICE_RETRY_AFTER
        ).enqueue()


def send_published_notice(story: Story) -> bool:
    """Send the author's notice unless it was sent; False if the mail server
    refused it (it is then still to send)."""
    # Claimed before sending, so two workers never both send it.
    claimed = StoryConsent.objects.filter(
        story=story, published_notice_sent_at__isnull=True
    ).update(published_notice_sent_at=timezone.now())
    if not claimed:
        return True
    sent = _send(
        to=StoryConsent.objects.get(story=story).email,
        subject="Your story is published on the AASR website",
        template="stories/email/author_published",
        context={
            "story": story,
            "story_url": f"{settings.SITE_URL}{story.get_absolute_url()}",
            "author_url": author_link(story),
        },
    )
    if not sent:
        StoryConsent.objects.filter(story=story).update(published_notice_sent_at=None)
    return sent


def send_due_published_notices() -> int:
    """Notices for every story visitors can now read whose author has not had one;
    returns how many the mail server refused."""
    due = (
        StoryConsent.objects.filter(
            published_notice_sent_at__isnull=True, story__in=Story.objects.published()
        )
        .exclude(
            story__change_requests__kind=ChangeRequest.Kind.TAKE_DOWN,
            story__change_requests__is_resolved=False,
        )
        .select_related("story")
    )
    return sum(not send_published_notice(consent.story) for consent in due)


def request_change(*, story: Story, data: dict) -> ChangeRequest:
    """Record an author's request and tell the editors. A take-down takes the story
    off the site at once, scheduled or public: the author withdrew their consent,
    and it must not wait for an editor to read their email."""
    change = ChangeRequest.objects.create(story=story, **data)
    if change.kind == ChangeRequest.Kind.TAKE_DOWN and (
        story.status == StoryStatus.PUBLISHED
    ):
        story.status = StoryStatus.DRAFT
        story.save()
    if settings.STORY_EDITORS_EMAIL:
        _send(
            to=settings.STORY_EDITORS_EMAIL,
            subject=f"Author request: {change.get_kind_display()}: {story.title}",
            template="stories/email/editors_change_request",
            context={"story": story, "change": change, "admin_url": admin_link(story)},
        )
    return change
