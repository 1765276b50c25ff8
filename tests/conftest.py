import pytest
from django.conf import settings as django_settings
from django.core.cache import caches

# Production redirects http to https; the test client and the live server used by
# the browser tests speak plain http on 127.0.0.1. Set before any server starts.
django_settings.SECURE_SSL_REDIRECT = False
# Browsers keep Secure and __Host- cookies only over https.
django_settings.SESSION_COOKIE_SECURE = django_settings.CSRF_COOKIE_SECURE = False
django_settings.SESSION_COOKIE_NAME = "sessionid"
django_settings.CSRF_COOKIE_NAME = "csrftoken"


@pytest.fixture(autouse=True)
def isolated_settings(settings, tmp_path):
    """Uploads go to a temporary folder; hashing is fast; static files need no build."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.SITE_URL = "https://aasr.example.org"
    # Production security is on by default; the test client speaks plain http.
    settings.SECURE_SSL_REDIRECT = False
    # Views are tested as they render; tests/site/test_page_cache.py turns it on.
    settings.PAGE_CACHE_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits, cached pages and fragments must not leak into the next test."""
    for alias in ("default", "limits", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "limits", "fragments"):
        caches[alias].clear()


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def current_site_cached(isolated_settings, settings):
    """A running site looks its Site row up once per process (django.contrib.sites
    caches it), so query counts per page must not depend on which test came first."""
    from urllib.parse import urlsplit

    from django.contrib.sites import models as sites

    sites.SITE_CACHE[settings.SITE_ID] = sites.Site(
        pk=settings.SITE_ID, domain=urlsplit(settings.SITE_URL).netloc, name="AASR"
    )
    yield
    sites.Site.objects.clear_cache()
