"""Every email to a follower: text and HTML, footer, unsubscribe headers."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from aasr_site.emails import base_context
from aasr_site.markdown import render_markdown

from .tokens import make_manage_token

# Stand-ins rendered into a mailing once, then replaced per person (fast for 50,000).
MANAGE_PLACEHOLDER = "https://manage.placeholder.invalid/"
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.placeholder.invalid/"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def personal_links(subscriber_id: int) -> dict[str, str]:
    token = make_manage_token(subscriber_id)
    return {
        "manage_url": absolute_url(
            reverse("subscribers:manage", kwargs={"token": token})
        ),
        "unsubscribe_url": absolute_url(
            reverse("subscribers:unsubscribe", kwargs={"token": token})
        ),
    }


def unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: mail clients show their own unsubscribe button."""
    return {
        "List-Unsubscribe": (
            f"<{unsubscribe_url}>, "
            f"<mailto:{settings.UNSUBSCRIBE_MAILTO}?subject=unsubscribe>"
        ),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def build_email(
    *, to: str, subject: str, template: str, context: dict, subscriber_id: int
) -> EmailMultiAlternatives:
    """Text and HTML email from <template>.txt and .html, with personal links."""
    links = personal_links(subscriber_id)
    context = {**base_context(), **links, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[to],
        headers=unsubscribe_headers(links["unsubscribe_url"]),
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    return message


class MailingEmail:
    """A mailing rendered once; `for_subscriber` personalizes only the links."""

    def __init__(self, mailing, *, subject_prefix: str = ""):
        context = {
            **base_context(),
            "mailing": mailing,
            "introduction_html": render_markdown(mailing.introduction),
            **mailing.published_content(),
            "manage_url": MANAGE_PLACEHOLDER,
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        }
        self.subject = f"{subject_prefix}{mailing.subject}"
        self.text = render_to_string("subscribers/email/mailing.txt", context)
        self.html = render_to_string("subscribers/email/mailing.html", context)

    def for_subscriber(self, *, subscriber_id: int, email: str):
        links = personal_links(subscriber_id)
        return self.for_links(email=email, **links)

    def for_links(self, *, email: str, manage_url: str, unsubscribe_url: str):
        def personalize(text):
            return text.replace(MANAGE_PLACEHOLDER, manage_url).replace(
                UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url
            )

        message = EmailMultiAlternatives(
            subject=self.subject,
            body=personalize(self.text),
            to=[email],
            headers=unsubscribe_headers(unsubscribe_url),
        )
        message.attach_alternative(personalize(self.html), "text/html")
        return message
