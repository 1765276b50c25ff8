"""Settings for the AASR site, read from environment variables (see README.md)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is optional; real environment variables win over it.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)

# Absolute base URL for links that leave the site: emails and feeds.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "taggit",
    "aasr_site",
    "stories",
    "events",
    "letters",
    "subscribers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "aasr_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aasr_site.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "aasr_site.wsgi.application"

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Local memory by default; REDIS_URL (or CACHE_URL) gives every process one shared
# cache, which the rate limits need when several web processes run.
if env.str("REDIS_URL", default=""):
    CACHES = {"default": env.cache_url("REDIS_URL")}
else:
    CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://aasr")}
CACHES["default"].setdefault("KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default="aasr"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
]

LANGUAGE_CODE = "en-us"
# The zone dates are shown in when nothing more specific (an event's own zone) applies.
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Django serves uploads itself unless a web server in front does (SERVE_MEDIA=off).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="AASR <no-reply@aasr.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

ORGANIZATION_NAME = env.str(
    "ORGANIZATION_NAME", default="Alliance Against Seclusion and Restraint"
)
ORGANIZATION_ADDRESS = env.str("ORGANIZATION_ADDRESS", default="")

# How long a link in a confirmation email stays valid.
SUBSCRIBE_CONFIRM_MAX_AGE_DAYS = env.int("SUBSCRIBE_CONFIRM_MAX_AGE_DAYS", default=7)
# Generous: families behind one school or library address must not block each other.
SUBSCRIBE_RATE_LIMIT = env.str("SUBSCRIBE_RATE_LIMIT", default="20/h")

RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "aasr_site.views.rate_limited"
# Local memory is only "shared" within one process; that is fine for the embedded
# default and the test suite. Production sets REDIS_URL.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    CSRF_COOKIE_HTTPONLY = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# Uploaded images: size and pixel caps (pixels guard against decompression bombs).
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)

# Stories shared through the website: who reviews them, and how often one address may
# submit (generous, for families behind one school or library address).
STORY_EDITORS_EMAIL = env.str("STORY_EDITORS_EMAIL", default="editors@aasr.example.org")
STORY_SHARE_RATE_LIMIT = env.str("STORY_SHARE_RATE_LIMIT", default="10/h")
STORY_MAX_LENGTH = env.int("STORY_MAX_LENGTH", default=30_000)

# Moving in from WordPress: old links (permalinks, /?p=123, category and tag archives,
# /feed/) are stored as redirects, editable in the admin under "Redirects".
# django.contrib.redirects keys them on a site; a migration sets its domain from
# SITE_URL so the admin's "View on site" keeps pointing here.
SITE_ID = 1
INSTALLED_APPS += ["django.contrib.sites", "django.contrib.redirects"]
MIDDLEWARE += [
    "aasr_site.middleware.OldQueryLinkRedirectMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
]
# Tag pages live at /stories/tag/<slug>/, which takes ASCII slugs only; imported
# WordPress tags such as "école" would otherwise get a slug no URL can reverse.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
