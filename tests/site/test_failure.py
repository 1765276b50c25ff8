import pytest
from django.db import OperationalError

from stories.models import StoryQuerySet

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def unavailable(self):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(StoryQuerySet, "published", unavailable)


def test_database_outage_gives_a_calm_503_not_a_traceback(client, database_down):
    client.raise_request_exception = False
    response = client.get("/stories/")
    assert response.status_code == 503
    html = response.content.decode()
    assert "We’ll be right back" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert response["Retry-After"] == "30"


def test_site_recovers_when_the_database_returns(client, monkeypatch):
    client.raise_request_exception = False

    def unavailable(self):
        raise OperationalError("down")

    with monkeypatch.context() as patch:
        patch.setattr(StoryQuerySet, "published", unavailable)
        assert client.get("/stories/").status_code == 503
    assert client.get("/stories/").status_code == 200


def test_other_errors_get_the_500_page(client, monkeypatch):
    client.raise_request_exception = False

    def broken(self):
        raise ValueError("bug")

    monkeypatch.setattr(StoryQuerySet, "published", broken)
    response = client.get("/stories/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\ncache: ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("down")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "database: unavailable" in response.content.decode()


def test_healthz_is_503_when_the_cache_is_down(client, monkeypatch):
    from aasr_site import views
    from aasr_site.cache import RedisCache

    unreachable = RedisCache("redis://127.0.0.1:1/0", {})
    monkeypatch.setattr(views, "cache", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "cache: unavailable" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/?p=%00", "/?page_id=1%00", "/?cat=%00", "/?tag=a%00b"]
)
def test_old_wordpress_links_with_a_nul_character_show_the_home_page(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/stories/tag/a%00b/", "/letters/x%00/", "/%00"])
def test_addresses_with_a_nul_character_are_refused_not_an_error(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "no page of this site has" in response.content.decode()
