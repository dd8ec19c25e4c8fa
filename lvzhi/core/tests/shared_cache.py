"""Helpers for tests against the machine's Redis (skipped when none answers at
127.0.0.1:6379; CI starts one): a Redis cache under a private key prefix, and a way to
stand up "another app server" — a fresh cache client that shares nothing with the first
but Redis itself."""

import uuid

import pytest

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


needs_redis = pytest.mark.skipif(not redis_available(), reason="no Redis at 127.0.0.1:6379")


@pytest.fixture
def shared_redis_cache():
    """The default cache on Redis, keys under a prefix of this test's own."""
    import redis
    from axes.handlers.proxy import AxesProxyHandler
    from django.test import override_settings

    prefix = f"lvzhi-test-{uuid.uuid4().hex}"
    redis_caches = {
        "default": {
            "BACKEND": "lvzhi.core.cache.RedisCache",  # the production backend
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    raw = redis.Redis.from_url(REDIS_URL)
    try:
        with override_settings(CACHES=redis_caches):
            AxesProxyHandler.get_implementation(force=True)  # axes keeps its cache client
            yield raw, prefix
    finally:
        AxesProxyHandler.get_implementation(force=True)
        for key in raw.scan_iter(f"{prefix}*"):
            raw.delete(key)


def new_app_server():
    """Drops this process's cache clients: the next request builds new ones, as a second
    app server would, and sees only what is in Redis."""
    from asgiref.local import Local
    from axes.handlers.proxy import AxesProxyHandler
    from django.core.cache import caches

    before = caches["default"]
    caches._connections = Local()
    after = caches["default"]
    assert after is not before and after._cache is not before._cache
    AxesProxyHandler.get_implementation(force=True)
