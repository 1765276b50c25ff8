import math

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import Truncator
from taggit.managers import TaggableManager

from aasr_site.markdown import plain_text, render_markdown
from aasr_site.publishing import PublishableModel, PublishableQuerySet, unique_slug

WORDS_PER_MINUTE = 220


class Perspective(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    PARENT = "parent", "Parent"
    STUDENT = "student", "Student"
    ADVOCATE = "advocate", "Advocate"
    OTHER = "other", "Other"


class StoryQuerySet(PublishableQuerySet):
    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_listing(self):
        """Everything a list of stories shows, in a fixed number of queries."""
        return self.newest_first().prefetch_related("tags")


class Story(PublishableModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The story's address: /stories/<slug>/"
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
    body = models.TextField(help_text="Markdown: blank lines separate paragraphs.")
    body_html = models.TextField(editable=False, blank=True)
    summary_text = models.TextField(editable=False, blank=True)
    image = models.ImageField(
        upload_to="stories/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        "image description (alt text)",
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it. "
        "Required when there is an image.",
    )
    tags = TaggableManager(blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stories:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Describe the image for people who cannot see it."}
            )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        # Rendered once here so no page view pays for Markdown and sanitizing.
        self.body_html = render_markdown(self.body)
        self.summary_text = self.excerpt.strip() or Truncator(
            plain_text(self.body)
        ).words(60)
        super().save(*args, **kwargs)

    @property
    def author_name(self) -> str:
        return self.byline.strip() or "Anonymous"

    @property
    def summary(self) -> str:
        return self.summary_text

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))
