"""Sessions read from the shared cache in production (decision 0022): with LVZHI_REDIS_URL
the session store is ``cached_db``, a signed-in page reads no session row, and login,
logout, the idle timeout and a changed password work as with the database store."""

import os
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.accounts import middleware

CACHED_DB = "django.contrib.sessions.backends.cached_db"
MINUTE = 60
WORKBENCH = "/workbench/"


def _engine(**env) -> str:
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lvzhi.settings", "LVZHI_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"],
        env={**base, **env},
        capture_output=True,
        text=True,
        cwd=os.getcwd(),
        check=True,
    )
    return result.stdout.strip()


def test_the_shared_cache_selects_the_cached_db_store():
    assert _engine(LVZHI_REDIS_URL="redis://127.0.0.1:6379/0") == CACHED_DB
    assert _engine() == "django.contrib.sessions.backends.db"  # the demo, the tests


@pytest.fixture
def cached_sessions(settings, monkeypatch):
    settings.SESSION_ENGINE = CACHED_DB

    class Clock:
        now = 1_800_000_000.0

    monkeypatch.setattr(middleware, "_now", lambda: Clock.now)
    return Clock


def _session_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"]]


@pytest.mark.django_db
def test_a_signed_in_page_reads_no_session_row(client, org_tree, make_user, cached_sessions):
    make_user("xh", "cadre", org_tree.xinhe)
    login = client.post(reverse("login"), {"username": "xh", "password": "pass-1234"})
    assert login.status_code == 302
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()  # written through to the database
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(WORKBENCH).status_code == 200
    assert _session_queries(ctx) == []
    # evicted from the cache: read back from the database, still signed in
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(WORKBENCH).status_code == 200
    assert _session_queries(ctx)
    assert "_auth_user_id" in Session.objects.get(session_key=key).get_decoded()


@pytest.mark.django_db
def test_logout_and_the_idle_timeout_end_the_session(client, org_tree, make_user, cached_sessions):
    make_user("xh", "cadre", org_tree.xinhe)
    client.post(reverse("login"), {"username": "xh", "password": "pass-1234"})
    key = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # the old cookie replayed
    page = client.get(WORKBENCH)
    assert page.status_code == 302 and page.url.startswith(reverse("login"))
    # the idle timeout
    client.post(reverse("login"), {"username": "xh", "password": "pass-1234"})
    assert client.get(WORKBENCH).status_code == 200
    cached_sessions.now += 31 * MINUTE
    page = client.get(WORKBENCH)
    assert page.status_code == 302 and page.url.startswith(reverse("login"))
