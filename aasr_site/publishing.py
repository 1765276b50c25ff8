"""The one rule for what is public, shared by every kind of published content."""

from django.db import models
from django.utils import timezone
from django.utils.text import slugify


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Published, with a publish time that has come (so scheduling needs no job)."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


class PublishableModel(models.Model):
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        db_index=True,
        help_text="Leave empty to publish now. A future time schedules it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_published(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    is_published.boolean = True
    is_published.short_description = "Public"

    def publish(self):
        self.status = Status.PUBLISHED
        if self.published_at is None:
            self.published_at = timezone.now()


def unique_slug(instance: models.Model, text: str, fallback: str = "item") -> str:
    """A slug from text that no other row of the instance's model uses yet."""
    field = instance._meta.get_field("slug")
    base = (slugify(text) or fallback)[: field.max_length - 8].strip("-")
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, n = base, 2
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
