"""The cache where it only saves work: `optional_cache` is Django's default
cache whose failures (Redis down or slow) are logged and answered as a miss,
so a page computes what it would have read (the day's slots, a menu badge)
instead of failing. The rate limiter does not use it: it needs to know the
cache is down to count in process memory (core.public_forms)."""

import logging

from django.core.cache import cache

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
