"""The shared cache: Django's Redis cache, with one redis-py client per server."""

import uuid

import pytest
import redis

from aasr_site.cache import RedisCache
from tests.site.test_security import run_django

SERVER = "redis://127.0.0.1:6379/14"


@pytest.fixture
def shared_cache():
    try:
        redis.Redis.from_url(SERVER, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex}"
    caches = [RedisCache(SERVER, {"KEY_PREFIX": prefix}) for _ in range(2)]
    yield caches
    caches[0].delete_many(["page", "counter", "kept", "gone", "story"])
    for cache in caches:
        cache.close()


def test_redis_url_gives_every_process_the_shared_cache():
    code = (
        "import django; django.setup(); from django.core.cache import caches; "
        "cache = caches['default']; print(type(cache).__module__, type(cache).__name__)"
    )
    result = run_django(code, DJANGO_SECRET_KEY="k" * 50, REDIS_URL=SERVER)
    assert result.stdout.split() == ["aasr_site.cache", "RedisCache"], result.stderr


def test_what_one_process_stores_another_reads(shared_cache):
    web_one, web_two = shared_cache
    web_one.set("page", {"body": "<h1>Stories</h1>"}, 60)
    web_one.set_many({"kept": 1, "gone": 2}, 60)
    assert web_two.get("page") == {"body": "<h1>Stories</h1>"}
    assert web_two.get_many(["kept", "gone", "missing"]) == {"kept": 1, "gone": 2}
    assert web_two.add("counter", 1, 60) and not web_one.add("counter", 5, 60)
    assert web_one.incr("counter") == 2 and web_two.get("counter") == 2
    web_two.delete("gone")
    assert not web_one.has_key("gone") and web_one.has_key("kept")


def test_one_client_serves_every_call_and_survives_a_dropped_connection(
    shared_cache,
):
    cache, _ = shared_cache
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client
    cache.set("story", "before", 60)
    # As when Redis restarts: the server closes the connection the client holds.
    redis.Redis.from_url(SERVER).client_kill_filter(_id=client.client_id())
    assert cache.get("story") == "before"
    cache.set("story", "after", 60)
    assert cache.get("story") == "after"
