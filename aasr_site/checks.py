"""Checks `manage.py check --deploy` adds for this site."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
LOCAL_SITE_URL = "http://127.0.0.1:8000"


@register(Tags.security, deploy=True)
def email_is_sent(app_configs, **kwargs):
    """Without EMAIL_URL the console backend prints every email to the log: the
    private links in confirmations and author emails with them."""
    if settings.DEBUG or settings.EMAIL_BACKEND != CONSOLE_BACKEND:
        return []
    return [
        Warning(
            "Emails are written to the log instead of sent, private links included.",
            hint="Set EMAIL_URL (SMTP) or EMAIL_BACKEND (a provider).",
            id="aasr.W001",
        )
    ]


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs):
    """Links in emails, feeds, the sitemap and share buttons are built from SITE_URL:
    left at its default they all lead to a developer's own computer."""
    if settings.DEBUG or settings.SITE_URL != LOCAL_SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: links in emails and share buttons lead nowhere.",
            hint="Set SITE_URL to the site's public address, e.g. https://aasr.org.",
            id="aasr.W002",
        )
    ]
