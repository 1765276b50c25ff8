"""Plain-text and HTML emails built from a pair of templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def base_context() -> dict:
    """What every email's template may use: links and the footer."""
    return {
        "site_url": settings.SITE_URL,
        "organization_name": settings.ORGANIZATION_NAME,
        "organization_address": settings.ORGANIZATION_ADDRESS,
    }


def send_templated_email(
    *, to: str, subject: str, template: str, context: dict, headers=None
) -> None:
    """Send <template>.txt with <template>.html as its HTML alternative."""
    context = {**base_context(), **context}
    message = EmailMultiAlternatives(
        # One line: a title typed with a line break in it would otherwise make the
        # mail library refuse the whole message.
        subject=" ".join(subject.split()),
        body=render_to_string(f"{template}.txt", context),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    message.send()
