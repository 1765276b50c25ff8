"""Checks `manage.py check --deploy` adds for this site."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


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
