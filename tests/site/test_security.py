import io
import logging
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from aasr_site.client_ip import client_ip
from aasr_site.log_filters import MaskTokens
from subscribers import views as subscriber_views
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/stories/", "/admin/login/", "/no-such-page/"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_in_production(client, settings):
    # The test client speaks http; HSTS is only sent over https.
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def run_django(code, **env):
    base = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "aasr_site.settings"}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x7Q2" * 12,
    "DJANGO_ALLOWED_HOSTS": "aasr.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "EMAIL_URL": "smtp+tls://user:password@smtp.example.org:587",
    "SITE_URL": "https://aasr.example.org",
}
DEPLOY_CHECK = (
    "import django; django.setup(); from django.core.management import "
    "call_command; call_command('check', '--deploy', '--fail-level', 'WARNING')"
)


def test_production_settings_pass_the_deploy_check():
    result = run_django(DEPLOY_CHECK, **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize(
    ("left_out", "check"), [("EMAIL_URL", "aasr.W001"), ("SITE_URL", "aasr.W002")]
)
def test_the_deploy_check_refuses_settings_left_as_for_development(left_out, check):
    without = {k: v for k, v in PRODUCTION.items() if k != left_out}
    result = run_django(DEPLOY_CHECK, **without)
    assert result.returncode != 0
    assert check in result.stderr + result.stdout


def test_production_cookies_are_secure_host_cookies():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "hasattr(s, 'SECURE_PROXY_SSL_HEADER') and s.SECURE_PROXY_SSL_HEADER)"
    )
    result = run_django(code, DJANGO_SECRET_KEY="k" * 50)
    assert result.stdout.split() == [
        "__Host-sessionid", "__Host-csrftoken", "True", "True", "True", "Lax", "None",
    ]  # fmt: skip
    trusted = run_django(code, DJANGO_SECRET_KEY="k" * 50, TRUST_X_FORWARDED_PROTO="on")
    assert "HTTP_X_FORWARDED_PROTO" in trusted.stdout


def test_oversized_request_is_refused(client, settings):
    settings.MAX_REQUEST_BYTES = 1000
    response = client.post(
        "/stories/share/", data=b"x" * 2000, content_type="application/octet-stream"
    )
    assert response.status_code == 413


def test_admin_login_locks_briefly_after_repeated_failures(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_superuser("editor", "e@example.org", "right-password-123")
    url = reverse("admin:login")
    for _ in range(3):
        client.post(url, {"username": "editor", "password": "wrong"})
    locked = client.post(url, {"username": "editor", "password": "right-password-123"})
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    # Another person's address is not locked out.
    other = client.post(
        url,
        {"username": "editor", "password": "right-password-123"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert other.status_code == 302


def test_behind_nginx_limits_count_each_visitor_not_the_proxy(client, settings):
    settings.PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_superuser("editor", "e@example.org", "right-password-123")
    url = reverse("admin:login")

    def via_nginx(visitor, forged=""):
        # nginx appends the address it saw to whatever the visitor sent.
        chain = f"{forged}, {visitor}" if forged else visitor
        return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": chain}

    for n in range(3):  # an attacker changing the address they claim each time
        client.post(url, {"username": "editor", "password": "wrong"},
                    **via_nginx("203.0.113.7", forged=f"10.0.0.{n}"))  # fmt: skip
    attacker = client.post(url, {"username": "editor", "password": "x"},
                           **via_nginx("203.0.113.7"))  # fmt: skip
    assert attacker.status_code == 429
    editor = client.post(
        url,
        {"username": "editor", "password": "right-password-123"},
        **via_nginx("198.51.100.2"),
    )
    assert editor.status_code == 302

    follow_form = {"email": "a@example.org", "source": "footer"}
    for n in range(20):
        client.post("/subscribe/", {**follow_form, "email": f"p{n}@example.org"},
                    **via_nginx("203.0.113.7", forged=f"10.1.0.{n}"))  # fmt: skip
    assert client.post("/subscribe/", follow_form,
                       **via_nginx("203.0.113.7")).status_code == 429  # fmt: skip
    assert client.post("/subscribe/", follow_form,
                       **via_nginx("198.51.100.2")).status_code == 302  # fmt: skip


def test_lockout_lifts_by_itself(client, settings):
    import time_machine

    settings.AXES_FAILURE_LIMIT = 2
    User.objects.create_superuser("editor", "e@example.org", "right-password-123")
    url = reverse("admin:login")
    for _ in range(2):
        client.post(url, {"username": "editor", "password": "wrong"})
    with time_machine.travel(settings.AXES_COOLOFF_TIME * 1.1):
        response = client.post(
            url, {"username": "editor", "password": "right-password-123"}
        )
    assert response.status_code == 302


def test_editors_group_has_content_permissions_but_not_user_management():
    group = Group.objects.get(name="editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    needed = {"add_story", "change_story", "delete_story", "change_event",
              "add_letter", "view_subscriber", "delete_subscriber"}  # fmt: skip
    assert needed <= codenames
    assert "add_user" not in codenames and "change_group" not in codenames
    assert "add_subscriber" not in codenames
    assert {"add_mailing", "change_mailing", "view_delivery"} <= codenames
    assert "delete_delivery" not in codenames


def test_create_editor_makes_a_staff_editor_who_can_publish(client, monkeypatch):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "a-good-long-passphrase")
    call_command("create_editor", "sam", "--email", "sam@example.org", verbosity=0)
    user = User.objects.get(username="sam")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="editors").exists()
    client.force_login(user)
    assert client.get(reverse("admin:stories_story_add")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_create_editor_refuses_weak_passwords_and_dry_run_writes_nothing(monkeypatch):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_editor", "sam", verbosity=0)
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "a-good-long-passphrase")
    call_command("create_editor", "sam", "--dry-run", verbosity=0)
    assert not User.objects.filter(username="sam").exists()


def test_request_log_is_one_line_without_tokens_or_query(client, caplog):
    caplog.set_level(logging.INFO, logger="aasr.requests")
    client.get("/subscribe/confirm/secret-token-value/?email=p@example.org")
    lines = [r.getMessage() for r in caplog.records if r.name == "aasr.requests"]
    assert len(lines) == 1
    assert lines[0].startswith("GET /subscribe/confirm/[token]/ 400")
    assert "secret-token-value" not in lines[0] and "example.org" not in lines[0]


@pytest.fixture
def log_output():
    """What the site's log handler (standard output in production) writes."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, MaskTokens) for f in h.filters)
    )
    written = io.StringIO()
    saved = handler.setStream(written)
    yield written
    handler.setStream(saved)


def test_no_log_line_writes_a_private_token(client, log_output, monkeypatch):
    client.get("/subscribe/manage/secret-token-value")  # no slash: no URL matched

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(subscriber_views, "read_manage_token", broken)
    client.raise_request_exception = False
    assert client.get("/subscribe/manage/other-secret-value/").status_code == 500
    written = log_output.getvalue()
    assert "/subscribe/manage/[token]" in written
    assert "Internal Server Error: /subscribe/manage/[token]/" in written
    assert "secret-token-value" not in written and "other-secret-value" not in written


def test_media_that_is_not_an_image_is_downloaded_not_shown(client, settings):
    (settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "note.html").write_text("<script>alert(1)</script>")
    response = client.get("/media/note.html")
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_story_page_under_csp_has_no_inline_script_or_style(client):
    story = StoryFactory(body='<p style="color:red" onclick="x()">Hi</p>')
    html = client.get(story.get_absolute_url()).content.decode()
    assert " style=" not in html and "onclick" not in html
    assert "<style" not in html


def test_uploads_go_to_object_storage_when_a_bucket_is_named():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from django.core.files.storage import storages; d = storages['default']; "
        "print(s.STORAGES['default']['BACKEND'], s.SERVE_MEDIA, "
        "type(d).__name__, getattr(d, 'bucket_name', '-'))"
    )
    local = run_django(code, DJANGO_SECRET_KEY="k" * 50)
    assert local.stdout.split() == [
        "django.core.files.storage.FileSystemStorage", "True", "FileSystemStorage", "-"
    ]  # fmt: skip
    bucket = run_django(
        code,
        DJANGO_SECRET_KEY="k" * 50,
        AWS_STORAGE_BUCKET_NAME="aasr-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert bucket.stdout.split() == [
        "storages.backends.s3.S3Storage", "False", "S3Storage", "aasr-media"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("forwarded", "seen"),
    [("203.0.113.7", "203.0.113.7"), ("203.0.113.7:51234", "203.0.113.7"),
     ("[2001:db8::1]:443", "2001:db8::1"), ("not-an-address", "127.0.0.1"),
     ("", "127.0.0.1")],
)  # fmt: skip
def test_the_visitor_address_behind_a_proxy(settings, rf, forwarded, seen):
    settings.PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == seen
