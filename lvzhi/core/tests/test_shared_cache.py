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
