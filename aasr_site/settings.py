"""Settings for the AASR site, read from environment variables (see README.md)."""

from datetime import timedelta
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
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.redirects",
    "taggit",
    "axes",
    "aasr_site",
    "stories",
    "events",
    "letters",
    "subscribers",
    "django_tasks",
    "django_tasks_db",
    "anymail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "aasr_site.middleware.RequestLogMiddleware",
    "aasr_site.middleware.RequestSizeLimitMiddleware",
    "aasr_site.middleware.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "aasr_site.middleware.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "aasr_site.middleware.CrossOriginResourcePolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Old WordPress links: /?p=123 on the home page, and stored redirects on a 404.
    "aasr_site.middleware.OldQueryLinkRedirectMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web processes and the worker share one file: with a write-ahead log,
    # readers never wait for a writer, and a commit needs no flush to disk of its
    # own (a crash of a process loses nothing; of the machine, the last commits).
    # IMMEDIATE takes the write lock when a transaction starts, so two writers
    # queue instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        transaction_mode="IMMEDIATE",
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # Parameters sent apart from the SQL let psycopg prepare a query the second
    # time a connection runs it, and PostgreSQL then skips planning it: on a story
    # page, planning took longer than running the queries. Turn it off behind a
    # pooler that cannot keep prepared statements (PgBouncer in transaction mode
    # before 1.21). Search opts out: see aasr_site.search.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=2
    )

# Local memory by default; REDIS_URL (or CACHE_URL) gives every process one shared
# cache, which the rate limits need when several web processes run.
if env.str("REDIS_URL", default=""):
    CACHES = {"default": env.cache_url("REDIS_URL")}
else:
    CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://aasr")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same cache, without a new client for every call: see aasr_site.cache.
    CACHES["default"]["BACKEND"] = "aasr_site.cache.RedisCache"
CACHES["default"].setdefault("KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default="aasr"))
# Rate-limit counters, apart from the pages: a flood of made-up searches filling the
# cache must not push them out. The same shared server by default; LIMITS_REDIS_URL
# can give them one that never evicts.
LIMITS_KEY_PREFIX = f"{CACHES['default']['KEY_PREFIX']}-limits"
if env.str("LIMITS_REDIS_URL", default=""):
    CACHES["limits"] = {
        **env.cache_url("LIMITS_REDIS_URL"),
        "BACKEND": "aasr_site.cache.RedisCache",
        "KEY_PREFIX": LIMITS_KEY_PREFIX,
    }
elif CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["limits"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "limits",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
else:
    CACHES["limits"] = {**CACHES["default"], "KEY_PREFIX": LIMITS_KEY_PREFIX}
# Rendered pieces of pages ({% cache ... using="fragments" %}): the site's header and
# footer, and each story, event or letter card under the item's last change. In each
# process's memory: reading one back costs microseconds, less than a round trip to
# Redis.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

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
# Django serves uploads itself unless a web server in front (or object storage, see
# AWS_STORAGE_BUCKET_NAME) does.
SERVE_MEDIA = env.bool(
    "SERVE_MEDIA", default=not env.str("AWS_STORAGE_BUCKET_NAME", default="")
)

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

# Uploads in object storage (S3 or any S3-compatible service) when a bucket is named,
# so several web servers share them; local files otherwise. Credentials come from the
# usual AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables.
MEDIA_BUCKET = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
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

RATELIMIT_USE_CACHE = "limits"
# Behind nginx every request comes from 127.0.0.1: limits count the visitor's address.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "aasr_site.client_ip.client_ip"
RATELIMIT_VIEW = "aasr_site.views.rate_limited"
# Local memory is only "shared" within one process; that is fine for the embedded
# default and the test suite. Production sets REDIS_URL.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- Followers and mailings (subscribers app) ---
# Background work (mailings, confirmations the mail server refused) runs in
# `manage.py run_worker`, which reads its queue from the database: no other server.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A provider through django-anymail instead of SMTP, e.g.
# EMAIL_BACKEND=anymail.backends.postmark.EmailBackend and ANYMAIL as JSON.
if env.str("EMAIL_BACKEND", default=""):
    EMAIL_BACKEND = env.str("EMAIL_BACKEND")
ANYMAIL = env.json("ANYMAIL", default={})
# Where mail clients send the one-line "unsubscribe" email (List-Unsubscribe mailto).
UNSUBSCRIBE_MAILTO = env.str(
    "UNSUBSCRIBE_MAILTO", default="unsubscribe@aasr.example.org"
)
# Respect the SMTP provider's limits; 0 means no limit.
MAILING_MESSAGES_PER_MINUTE = env.int("MAILING_MESSAGES_PER_MINUTE", default=300)
# A failed message is tried this many times in all, waiting longer each time.
MAILING_MAX_ATTEMPTS = env.int("MAILING_MAX_ATTEMPTS", default=5)
MAILING_RETRY_BASE_SECONDS = env.int("MAILING_RETRY_BASE_SECONDS", default=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
    },
    "filters": {"mask_tokens": {"()": "aasr_site.log_filters.MaskTokens"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["mask_tokens"],
        },
    },
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # The request log (aasr_site.middleware) writes one line per request, with
        # private tokens masked; Django's own 4xx warnings would repeat raw paths.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    },
}

# Security headers and cookies. Production is the default; debug relaxes what would
# stop a developer working over plain http on 127.0.0.1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Only behind a proxy that sets X-Forwarded-Proto itself may the site believe it.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool(
    "SECURE_COOKIES", default=not DEBUG
)
if SESSION_COOKIE_SECURE:
    # __Host- cookies are only sent over https, to this host, for the whole site.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Content-Security-Policy: nothing inline, nothing from elsewhere but uploaded media.
MEDIA_HOST = env.str("MEDIA_HOST", default="")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_HOST] if MEDIA_HOST else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
    },
}

# Requests larger than this are refused before Django reads them (uploads included).
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=12 * 1024 * 1024)

# Admin sign-in: a short lock after a few failures for one user from one address,
# lifting by itself, so the only editor can never be locked out for good.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "aasr_site.client_ip.client_ip"
AXES_VERBOSE = False

# Anonymous pages are served from the cache, and the cache is emptied (by a version
# number) whenever published content changes. Shared caches such as a CDN may keep a
# page for this many seconds.
# Off with debug, so a developer changing a template sees it at once.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)
SHARED_CACHE_MAX_AGE = env.int("SHARED_CACHE_MAX_AGE", default=60)
# How long a rendered fragment (see CACHES["fragments"]) is kept; off with debug too.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=0 if DEBUG else 3600)

# Search ranks, per kind of content, at most this many of the newest matches: ranking
# reads each match's whole text, so the cap keeps a query that matches everything
# as fast as a narrow one.
SEARCH_RANK_WINDOW = env.int("SEARCH_RANK_WINDOW", default=200)

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
