"""Django's Redis cache, keeping one redis-py client per server."""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    """Django's client makes a new redis-py client for every cache call, and
    redis-py fills a table of some two hundred reply handlers for each: a tenth of
    the work of serving a page from the cache. A redis-py client takes a connection
    from its pool for each command, so one client per pool can serve every call,
    from any thread."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
