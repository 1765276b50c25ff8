from django import template

from stories.models import Story

register = template.Library()


@register.simple_tag
def waiting_submission_count() -> int:
    """Stories shared through the website that no editor has published yet."""
    return Story.objects.waiting_for_review().count()
