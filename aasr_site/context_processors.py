from django.conf import settings
from django.utils.functional import SimpleLazyObject

from subscribers.forms import SubscribeForm


def site(request):
    return {
        "site_name": settings.ORGANIZATION_NAME,
        "site_short_name": "AASR",
        "site_url": settings.SITE_URL,
        # Built only when the footer is rendered, not when it comes from the cache.
        "footer_subscribe_form": SimpleLazyObject(
            lambda: SubscribeForm(initial={"source": "footer"})
        ),
        "canonical_url": canonical_url(request),
        "nav_section": nav_section(request),
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
        # The follow pages (sign up, confirm, manage, unsubscribe) need no second
        # sign-up form in their footer; the home page has its own and says so too.
        "hide_footer_follow": request.path.startswith("/subscribe/"),
    }


# The parts of the site the header links to.
NAV_SECTIONS = {"stories", "events", "letters", "restraint-and-seclusion"}


def nav_section(request) -> str:
    """The part of the site a page belongs to ("" for none): marks the current link
    in the header, and keys the header's cached rendering, so only these few values
    (never an arbitrary path) make a cache entry."""
    section = request.path.strip("/").split("/", 1)[0]
    return section if section in NAV_SECTIONS else ""


def canonical_url(request) -> str:
    """The page's one address: SITE_URL, the path, and the page number if any."""
    page = request.GET.get("page", "")
    suffix = f"?page={page}" if page.isdigit() and page != "1" else ""
    return f"{settings.SITE_URL}{request.path}{suffix}"
