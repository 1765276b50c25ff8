from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from .models import Story

FEED_LENGTH = 20


class LatestStoriesFeed(Feed):
    """RSS 2.0 feed of the newest published stories, with absolute links."""

    title = "Stories | Alliance Against Seclusion and Restraint"
    description = (
        "First-person stories from teachers, parents, students and advocates about "
        "restraint and seclusion in schools."
    )

    def link(self):
        return f"{settings.SITE_URL}{reverse('stories:list')}"

    def feed_url(self):
        return f"{settings.SITE_URL}{reverse('stories:feed')}"

    def items(self):
        return (Story.objects.published().newest_first().prefetch_related("tags"))[
            :FEED_LENGTH
        ]

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        # The note is plain text an editor typed; the body is HTML sanitized on save.
        note = format_html(
            "<p><strong>Content note:</strong> {}</p>", story.content_note
        )
        return (note if story.content_note else "") + story.body_html

    def item_link(self, story):
        return f"{settings.SITE_URL}{story.get_absolute_url()}"

    def item_guid(self, story):
        return self.item_link(story)

    item_guid_is_permalink = True

    def item_author_name(self, story):
        return story.author_name

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.updated_at

    def item_categories(self, story):
        return [tag.name for tag in story.tags.all()]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed
    subtitle = LatestStoriesFeed.description

    def feed_url(self):
        return f"{settings.SITE_URL}{reverse('stories:feed-atom')}"
