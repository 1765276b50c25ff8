"""Checks `manage.py check --deploy` adds for this site."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
LOCAL_SITE_URL = "http://127.0.0.1:8000"


@register(Tags.security, deploy=True)
def left_as_for_development(app_configs, **kwargs):
    """Settings whose development defaults would hurt people in production."""
    if settings.DEBUG:
        return []
    warnings = []
    # The console backend prints every email to the log, private links included.
    if settings.EMAIL_BACKEND == CONSOLE_BACKEND:
        warnings.append(
            Warning(
                "Emails are written to the log instead of sent, private links "
                "included.",
                hint="Set EMAIL_URL (SMTP) or EMAIL_BACKEND (a provider).",
                id="aasr.W001",
            )
        )
    # Links in emails, feeds, the sitemap and share buttons are built from it.
    if settings.SITE_URL == LOCAL_SITE_URL:
        warnings.append(
            Warning(
                "SITE_URL is not set: links in emails and share buttons lead nowhere.",
                hint="Set SITE_URL to the site's public address, e.g. https://aasr.org.",
                id="aasr.W002",
            )
        )
    return warnings
