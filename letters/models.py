from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from aasr_site import search
from aasr_site.markdown import render_markdown
from aasr_site.publishing import PublishableModel, PublishableQuerySet, unique_slug

from .placeholders import bracket_problems, find_placeholders


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


def _choice_rank(field: str, choices) -> Case:
    """Sort by the order choices are declared in, not by their stored values."""
    return Case(
        *[When(**{field: value}, then=Value(rank)) for rank, value in
          enumerate(choices.values)],
        default=Value(len(choices.values)),
        output_field=IntegerField(),
    )  # fmt: skip


class LetterQuerySet(search.SearchableQuerySet, PublishableQuerySet):
    search_fields = ("title", "summary", "guidance", "body")
    snippet_field = "summary"

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def in_list_order(self):
        """Grouped as the list page shows them: by kind, then audience, then title."""
        return self.alias(
            kind_rank=_choice_rank("kind", LetterKind),
            audience_rank=_choice_rank("audience", Audience),
        ).order_by("kind_rank", "audience_rank", "title")

    def matching(self, *, kind: str = "", audience: str = "", tag: str = ""):
        letters = self
        if kind:
            letters = letters.filter(kind=kind)
        if audience:
            letters = letters.filter(audience=audience)
        if tag:
            letters = letters.filter(tags__slug=tag)
        return letters

    def related_to(self, letter: "Letter"):
        """Letters sharing tags, an audience or a kind with letter, closest first."""
        # The count as plain SQL: as a Count over a join with taggit's table,
        # Django took longer to build the query than the database to run it.
        letter_type = ContentType.objects.get_for_model(Letter).pk
        tagged = TaggedItem._meta.db_table
        shared_tags = RawSQL(
            f"SELECT COUNT(*) FROM {tagged} shared WHERE shared.content_type_id = %s"
            f" AND shared.object_id = {Letter._meta.db_table}.id AND shared.tag_id IN"
            f" (SELECT own.tag_id FROM {tagged} own"
            "   WHERE own.content_type_id = %s AND own.object_id = %s)",
            (letter_type, letter_type, letter.pk),
            output_field=IntegerField(),
        )
        return (
            self.exclude(pk=letter.pk)
            .annotate(
                shared_tags=shared_tags,
                same_audience=Case(
                    When(audience=letter.audience, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            )
            .filter(
                Q(shared_tags__gt=0) | Q(audience=letter.audience) | Q(kind=letter.kind)
            )
            .order_by("-shared_tags", "-same_audience", "title")
        )


def published_letter_tags():
    """Tags of published letters, for the list page's topic filter."""
    return (
        Tag.objects.filter(letter__in=Letter.objects.published())
        .distinct()
        .order_by("name")
    )


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
    guidance = models.TextField(
        "guidance notes",
        blank=True,
        help_text="Markdown, shown next to the letter: tips, deadlines, what to "
        "attach, how to send it and keep proof.",
    )
    guidance_html = models.TextField(editable=False, blank=True)
    response_days = models.PositiveSmallIntegerField(
        "days to respond",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text="Only for letters that start a legal clock: the calendar days the "
        "recipient has to answer (for example 45 for a records request under "
        "FERPA). Families can then add a reminder of the due date to their calendar.",
    )
    response_rule = models.CharField(
        "the rule behind the deadline",
        max_length=300,
        blank=True,
        help_text="One sentence shown with the due date, for example “FERPA gives "
        "the school 45 days to let you see the records; some states require less.”",
    )
    tags = TaggableManager(blank=True)
    search_document = search.document_field()

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            search.document_index("letter_search"),
            # Search walks the newest published items, from this index.
            models.Index(
                fields=["status", "-published_at", "-id"], name="letter_published"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("letters:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="letter")
        # Rendered once here so no page view pays for Markdown and sanitizing.
        self.guidance_html = render_markdown(self.guidance)
        super().save(*args, **kwargs)

    @property
    def placeholders(self) -> list[str]:
        """Distinct placeholders in the order they first appear."""
        return find_placeholders(self.body)

    @property
    def bracket_problems(self) -> list[str]:
        return bracket_problems(self.body)

    @property
    def starts_a_clock(self) -> bool:
        return bool(self.response_days)
