from django import template
from django.utils.html import escape, format_html, mark_safe

from letters.models import PLACEHOLDER

register = template.Library()


@register.filter
def mark_placeholders(text: str) -> str:
    """The letter as escaped text, each [placeholder] wrapped in <mark>."""
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<mark class="placeholder">[{}]</mark>', match[1]))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
