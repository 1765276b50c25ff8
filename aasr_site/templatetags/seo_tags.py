import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could end the <script> element or start markup inside it.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict) -> str:
    """A schema.org JSON-LD block: data for search engines, never executed, so the
    Content-Security-Policy allows it."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(payload)
    )
