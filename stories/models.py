import math

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from aasr_site import images, page_cache, search
from aasr_site.markdown import render_markdown, summary_of_html, text_of_html
from aasr_site.publishing import PublishableModel, PublishableQuerySet, unique_slug

WORDS_PER_MINUTE = 220
# Stories sharing tags that are read to pick the related ones from.
RELATED_CANDIDATES = 50


class Perspective(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    PARENT = "parent", "Parent"
    STUDENT = "student", "Student"
    ADVOCATE = "advocate", "Advocate"
    OTHER = "other", "Other"


class StoryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted, waiting for review"
    PUBLISHED = "published", "Published"


# The columns stories/includes/story_card.html reads.
CARD_FIELDS = (
    "updated_at",  # keys the card's cached rendering
    "title",
    "slug",
    "status",
    "published_at",
    "byline",
    "perspective",
    "content_note",
    "summary_text",
    "image_alt",
    "image_renditions",
)


def story_tag_rows(tag_ids: list[int], alias: str) -> tuple[str, tuple]:
    """The condition picking, in taggit's table (which holds every model's tags) as
    `alias`, the rows that give a story one of tag_ids; and its parameters."""
    placeholders = ", ".join(["%s"] * len(tag_ids))
    condition = f"{alias}.content_type_id = %s AND {alias}.tag_id IN ({placeholders})"
    return condition, (ContentType.objects.get_for_model(Story).pk, *tag_ids)


def tagged_story_ids(tag_ids: list[int]) -> RawSQL:
    """Keys of the stories carrying any of tag_ids, for `pk__in`. Plain SQL: built
    as a queryset of taggit's table, Django took longer to build the subquery than
    the database to run it."""
    condition, params = story_tag_rows(tag_ids, "tagged")
    return RawSQL(
        f"SELECT tagged.object_id FROM {TaggedItem._meta.db_table} tagged"
        f" WHERE {condition}",
        params,
    )


class StoryQuerySet(search.SearchableQuerySet, PublishableQuerySet):
    search_fields = ("title", "summary_text", "body")
    snippet_field = "body_text"

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_listing(self):
        """What a story card shows, newest first: no body, no search document."""
        return self.newest_first().only(*CARD_FIELDS)

    def sharing_tags_with(self, story, tag_ids: list[int], *, limit: int):
        """Stories of this queryset sharing the most of tag_ids with story, then the
        newest, chosen among the newest stories sharing at least one of them. The
        database walks its publish-time index and stops once it has those few, so
        the cost stays the same however many stories carry the tags."""
        if not tag_ids:
            return self.none()
        candidates = (
            self.filter(pk__in=tagged_story_ids(tag_ids))
            .exclude(pk=story.pk)
            .newest_first()
            .values("pk")[:RELATED_CANDIDATES]
        )
        # The count as plain SQL: the same count as a Subquery with OuterRef took
        # Django a millisecond to build on every story page, three times the query.
        # It names the story table as the outer query's own, so this queryset is
        # run as it is, never nested inside another.
        condition, params = story_tag_rows(tag_ids, "shared")
        shared = RawSQL(
            f"SELECT COUNT(*) FROM {TaggedItem._meta.db_table} shared"
            f" WHERE shared.object_id = {Story._meta.db_table}.id AND {condition}",
            params,
            output_field=IntegerField(),
        )
        return (
            self.filter(pk__in=candidates)
            .annotate(shared_tags=shared)
            .order_by("-shared_tags", "-published_at", "-pk")[:limit]
        )

    # A range on published_at (not an OR of two conditions) lets the database walk
    # its index from the story outwards.
    def next_after(self, story):
        """The story published just after this one."""
        return (
            self.filter(published_at__gte=story.published_at)
            .exclude(published_at=story.published_at, pk__lte=story.pk)
            .order_by("published_at", "pk")
            .only("title", "slug")
            .first()
        )

    def previous_before(self, story):
        """The story published just before this one."""
        return (
            self.filter(published_at__lte=story.published_at)
            .exclude(published_at=story.published_at, pk__gte=story.pk)
            .order_by("-published_at", "-pk")
            .only("title", "slug")
            .first()
        )

    def waiting_for_review(self):
        return self.filter(status=StoryStatus.SUBMITTED)

    def tagged(self, tag):
        # A subquery rather than a join: the database walks the newest published
        # stories and checks each against the tag, stopping when the page is full.
        return self.filter(pk__in=tagged_story_ids([tag.pk]))


class Story(PublishableModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The end of the story's address, after /stories/: letters, numbers "
        "and hyphens.",
    )
    status = models.CharField(
        max_length=20,
        choices=StoryStatus.choices,
        default=StoryStatus.DRAFT,
        db_index=True,
        help_text="Published with a future publish time means scheduled: the story "
        "appears by itself at that time.",
    )
    byline = models.CharField(
        max_length=120,
        blank=True,
        help_text="The author's name as it should appear. Empty shows “Anonymous”.",
    )
    perspective = models.CharField(
        max_length=20, choices=Perspective.choices, default=Perspective.OTHER
    )
    content_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional warning shown before the story, for example "
        "“describes the restraint of a young child”.",
    )
    excerpt = models.TextField(
        blank=True,
        max_length=600,
        help_text="Shown in lists. Empty: the start of the story is used.",
    )
    body = models.TextField(
        help_text="Markdown: a blank line starts a new paragraph, *italic*, **bold**, "
        "[link text](https://example.org), ## for a heading, > for a quote."
    )
    body_html = models.TextField(editable=False, blank=True)
    # The body's words without Markdown: search results cut their snippets from it.
    body_text = models.TextField(editable=False, blank=True)
    summary_text = models.TextField(editable=False, blank=True)
    image, image_width, image_height, image_alt = images.image_fields("stories/%Y/%m/")
    image_renditions = models.JSONField(default=list, blank=True, editable=False)
    tags = TaggableManager(blank=True)
    search_document = search.document_field()
    is_reviewed = models.BooleanField(
        "reviewed for identifying details",
        default=False,
        help_text="Tick once you have checked the text and photo for names of children "
        "or staff, schools, exact dates and faces of minors. Required before a "
        "submitted story can be published.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    wordpress_id = models.PositiveBigIntegerField(
        "WordPress post id",
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Set by the WordPress import, so running it again updates the story.",
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name_plural = "stories"
        indexes = [
            search.document_index("story_search"),
            # Lists walk published stories newest first, page 500 as cheaply as 1.
            models.Index(
                fields=["status", "-published_at", "-id"], name="story_published"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stories:detail", kwargs={"slug": self.slug})

    def tag_list(self) -> list:
        """The story's tags by name, in one plain join (taggit's prefetch costs
        three times as much, a subquery twice)."""
        story_type = ContentType.objects.get_for_model(Story)
        return list(
            Tag.objects.filter(
                taggit_taggeditem_items__content_type_id=story_type.pk,
                taggit_taggeditem_items__object_id=self.pk,
            ).order_by("name")
        )

    def clean(self):
        if images.missing_alt_text(self):
            raise ValidationError({"image_alt": images.ALT_TEXT_REQUIRED})
        if self.status == StoryStatus.PUBLISHED and self.needs_review:
            raise ValidationError(
                {
                    "is_reviewed": "A story shared through the website must be "
                    "reviewed for identifying details before it is published."
                }
            )
        if self.status == StoryStatus.PUBLISHED and self.has_open_take_down:
            raise ValidationError({"status": TAKE_DOWN_REFUSAL})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="story")
        # Rendered once here so no page view pays for Markdown and sanitizing.
        self.body_html = render_markdown(self.body)
        self.body_text = text_of_html(self.body_html)
        self.summary_text = self.excerpt.strip() or summary_of_html(self.body_html)
        # Every path that stores an image (admin, share form, import) re-encodes it,
        # so no EXIF or GPS data ever reaches the public site.
        replaced = images.replaced_files(self)
        new_upload = images.reencode_new_upload(self.image)
        if new_upload or not self.image:
            self.image_renditions = []
        super().save(*args, **kwargs)
        images.delete_files_on_commit(type(self), replaced)
        if new_upload:
            self.image_renditions = images.build_renditions(self.image)
            # A new updated_at: a card cached between the two writes is not reused.
            self.updated_at = timezone.now()
            type(self).objects.filter(pk=self.pk).update(
                image_renditions=self.image_renditions, updated_at=self.updated_at
            )
            page_cache.content_changed()  # pages cached between the two writes

    @property
    def has_open_take_down(self) -> bool:
        """Its author asked, through their private link, for it to come down."""
        return (
            self.pk is not None
            and self.change_requests.filter(
                kind=ChangeRequest.Kind.TAKE_DOWN, is_resolved=False
            ).exists()
        )

    @property
    def needs_review(self) -> bool:
        """Shared through the public form and not yet checked by an editor."""
        return self.has_consent_record and not self.is_reviewed

    @property
    def has_consent_record(self) -> bool:
        try:
            return self.consent is not None
        except StoryConsent.DoesNotExist:
            return False

    def mark_reviewed(self, user) -> None:
        self.is_reviewed = True
        self.reviewed_at = timezone.now()
        self.reviewed_by = user

    @property
    def author_name(self) -> str:
        return self.byline.strip() or "Anonymous"

    @property
    def summary(self) -> str:
        return self.summary_text

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == StoryStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @cached_property
    def renditions(self) -> list[dict]:
        """The image's WebP copies, narrowest first, with their URLs."""
        renditions = []
        for rendition in self.image_renditions:
            url = default_storage.url(rendition["name"])
            absolute = url if "://" in url else f"{settings.SITE_URL}{url}"
            renditions.append({**rendition, "url": url, "absolute_url": absolute})
        return renditions

    @property
    def srcset(self) -> str:
        return ", ".join(f"{r['url']} {r['width']}w" for r in self.renditions)


class Naming(models.TextChoices):
    FULL_NAME = "full", "My full name"
    FIRST_NAME = "first", "My first name only"
    INITIALS = "initials", "My initials"
    ANONYMOUS = "anonymous", "Anonymous"


class StoryConsent(models.Model):
    """What the author of a story shared through the website agreed to, and when."""

    story = models.OneToOneField(
        Story, on_delete=models.CASCADE, related_name="consent"
    )
    author_name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(
        help_text="For follow-up only. Never published.", max_length=254
    )
    naming = models.CharField(max_length=20, choices=Naming.choices)
    use_on_website = models.BooleanField(default=True)
    share_with_journalists = models.BooleanField(default=False)
    share_with_lawmakers = models.BooleanField(default=False)
    may_edit = models.BooleanField("may be edited", default=False)
    has_right_to_share = models.BooleanField(default=False)
    no_other_child_named = models.BooleanField(default=False)
    is_about_a_child = models.BooleanField(default=False)
    parent_permission = models.BooleanField(default=False)
    child_agreement = models.BooleanField(default=False)
    wording_version = models.CharField(max_length=20)
    wording = models.TextField(help_text="The exact wording agreed to.")
    agreed_at = models.DateTimeField(default=timezone.now)
    published_notice_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "consent record"

    def __str__(self):
        return f"Consent for “{self.story}”"


TAKE_DOWN_REFUSAL = (
    "Its author asked for this story to be taken down. Talk with them, mark their "
    "request resolved and save, before publishing it again."
)


class ChangeRequest(models.Model):
    """An author's request, through their private link, to take a story down or
    change how they are named."""

    class Kind(models.TextChoices):
        TAKE_DOWN = "take_down", "Take my story down"
        CHANGE_NAME = "change_name", "Change how I am named"
        OTHER = "other", "Something else"

    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="change_requests"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    naming = models.CharField(
        "name me as", max_length=20, choices=Naming.choices, blank=True
    )
    new_name = models.CharField(max_length=120, blank=True)
    message = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    is_resolved = models.BooleanField("resolved", default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({timezone.localdate(self.created_at)})"
