"""Two app servers on one Redis share login lockouts (issue 13, point 1)."""

import pytest
from django.urls import reverse

from .shared_cache import needs_redis, new_app_server, shared_redis_cache  # noqa: F401

pytestmark = [pytest.mark.django_db, needs_redis]


def _login(client, username, password="x", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_login_lockout_is_shared_between_app_servers(
    client,
    org_tree,
    make_user,
    settings,
    shared_redis_cache,  # noqa: F811
):
    raw, prefix = shared_redis_cache
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user("victim", "cadre", org_tree.xinhe)
    make_user("bystander", "cadre", org_tree.xinhe)
    for _ in range(2):
        assert _login(client, "victim", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert _login(client, "victim", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert any(raw.scan_iter(f"{prefix}*axes-*"))  # the counters are in Redis

    new_app_server()
    assert _login(client, "victim", "pass-1234", REMOTE_ADDR="10.0.0.2").status_code == 429
    assert _login(client, "bystander", "pass-1234", REMOTE_ADDR="10.0.0.2").status_code == 302


def test_the_backend_reuses_one_client_per_pool(shared_redis_cache):  # noqa: F811
    """The production backend (``lvzhi.core.cache.RedisCache``) builds its Redis client
    once, not on every call, and still reads, writes, counts and deletes in Redis."""
    from django.core.cache import cache

    from lvzhi.core.cache import ReusingRedisCacheClient

    raw, prefix = shared_redis_cache
    assert isinstance(cache._cache, ReusingRedisCacheClient)
    first = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is first
    assert cache._cache.get_client("some-key", write=True) is first
    cache.set("visits", 1)
    assert cache.incr("visits", 2) == 3
    cache.set_many({"a": "甲", "b": {"乙": 2}})
    assert cache.get_many(["a", "b", "c"]) == {"a": "甲", "b": {"乙": 2}}
    assert any(raw.scan_iter(f"{prefix}*visits"))
    cache.delete_many(["a", "b"])
    assert cache.get("a") is None and cache.get("visits") == 3
    assert cache._cache.get_client() is first
