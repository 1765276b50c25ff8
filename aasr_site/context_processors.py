from django.conf import settings

from subscribers.forms import SubscribeForm


def site(request):
    return {
        "site_name": settings.ORGANIZATION_NAME,
        "site_short_name": "AASR",
        "site_url": settings.SITE_URL,
        "footer_subscribe_form": SubscribeForm(initial={"source": "footer"}),
    }
