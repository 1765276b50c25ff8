from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from letters.placeholders import Segment, segments

register = template.Library()


@register.filter
def mark_segments(parts: list[Segment]) -> str:
    """Escaped letter text with each placeholder still to fill wrapped in <mark>."""
    return mark_safe(
        "".join(
            format_html('<mark class="placeholder">{}</mark>', part.text)
            if part.kind == "placeholder"
            else escape(part.text)
            for part in parts
        )
    )


@register.filter
def mark_placeholders(text: str) -> str:
    """The letter as escaped text, each [placeholder] wrapped in <mark>."""
    return mark_segments(segments(text))
