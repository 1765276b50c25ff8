import re

from django.db import models
from django.urls import reverse
from taggit.managers import TaggableManager

from aasr_site.publishing import PublishableModel, PublishableQuerySet, unique_slug

PLACEHOLDER = re.compile(r"\[([^\[\]\n]{1,80})\]")


class Audience(models.TextChoices):
    PRINCIPAL = "principal", "School principal"
    IEP_TEAM = "iep_team", "IEP team"
    DISTRICT = "district", "School district"
    STATE_AGENCY = "state_agency", "State education agency"
    FEDERAL = "federal", "Federal office"
    LEGISLATOR = "legislator", "Legislator"
    OTHER = "other", "Other"


class LetterKind(models.TextChoices):
    FAMILY = "family", "Letters for families to fill in"
    SUPPORT = "support", "Model letters of support for organizations"


class LetterQuerySet(PublishableQuerySet):
    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class Letter(PublishableModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(
        max_length=20, choices=LetterKind.choices, default=LetterKind.FAMILY
    )
    summary = models.TextField(
        "when to use it", max_length=600, help_text="Shown in the list of letters."
    )
    audience = models.CharField(
        max_length=20, choices=Audience.choices, default=Audience.PRINCIPAL
    )
    body = models.TextField(
        help_text="The letter as plain text. Write what the sender fills in between "
        "square brackets, for example [Your name] or [School name]."
    )
    tags = TaggableManager(blank=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("letters:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="letter")
        super().save(*args, **kwargs)

    @property
    def placeholders(self) -> list[str]:
        """Distinct placeholders in the order they first appear."""
        return list(dict.fromkeys(PLACEHOLDER.findall(self.body)))
