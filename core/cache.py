"""The cache where it only saves work: `optional_cache` is Django's default
cache whose failures (Redis down or slow) are logged and answered as a miss,
so a page computes what it would have read (the day's slots, a menu badge)
instead of failing. The rate limiter does not use it: it needs to know the
cache is down to count in process memory (core.public_forms)."""

import logging

from django.core.cache import cache
from django.core.cache.backends import redis as _redis

logger = logging.getLogger(__name__)

# What each operation answers when the cache cannot: a miss, or "done".
_FALLBACK = {
    "get": lambda *args, **kwargs: kwargs.get("default", args[1] if len(args) > 1 else None),
    "get_many": lambda *args, **kwargs: {},
    "set": lambda *args, **kwargs: None,
    "set_many": lambda *args, **kwargs: [],
    "add": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
}


class _OptionalCache:
    def __getattr__(self, name):
        method = getattr(cache, name)
        fallback = _FALLBACK.get(name)
        if fallback is None:
            return method

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except Exception:  # the cache is an accelerator here: never fail the page
                logger.warning("cache unavailable for %s; computing instead", name, exc_info=True)
                return fallback(*args, **kwargs)

        return call


optional_cache = _OptionalCache()


class RedisCache(_redis.RedisCache):
    """Django's Redis cache with one client object per server.

    Django's RedisCacheClient builds a new `redis.Redis` for every operation
    (`get_client()`), and redis-py's constructor fills its table of about
    250 response callbacks each time: about 1.5 ms of CPU per cache call, more
    than a whole trivial request. The connection pools were shared already;
    the clients on top of them are thread-safe and kept here."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients


class _ReusedClients(_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients.setdefault(index, self._client(connection_pool=pool))
        return client


def redis_client(write: bool = True):
    """The redis-py client behind the default cache, for what Django's cache
    API cannot say in one round trip (a pipeline of a few commands), or None
    when the default cache is not Redis. Keys are the cache's own
    (`cache.make_and_validate_key(...)`), so its get/incr/decr read what a
    pipeline wrote; integers are stored as Django's serializer stores them."""
    from django.core.cache import caches

    backend = caches["default"]
    if not isinstance(backend, _redis.RedisCache):
        return None
    return backend._cache.get_client(write=write)
