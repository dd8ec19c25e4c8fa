"""Session lifetimes (等保三级): idle timeout and absolute lifetime, with a moved clock."""

import pytest
from django.urls import reverse

from lvzhi.core.accounts import middleware

pytestmark = pytest.mark.django_db

MINUTE = 60


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, moved by hand: ``clock.now += 31 * MINUTE``."""

    class Clock:
        now = 1_800_000_000.0

    monkeypatch.setattr(middleware, "_now", lambda: Clock.now)
    return Clock


@pytest.fixture
def logged_in(client, org_tree, make_user, clock):
    make_user("xh", "cadre", org_tree.xinhe)
    response = client.post(reverse("login"), {"username": "xh", "password": "pass-1234"})
    assert response.status_code == 302
    return response


def _home(client):
    return client.get(reverse("home"))


def _logged_out(response):
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_cookie_expires_with_the_idle_timeout(logged_in, settings):
    cookie = logged_in.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_IDLE_MINUTES * MINUTE == 1800


def test_idle_timeout_logs_out_with_a_message(client, logged_in, clock):
    clock.now += 29 * MINUTE
    assert not _logged_out(_home(client))  # activity within the half hour keeps it alive
    clock.now += 29 * MINUTE
    assert not _logged_out(_home(client))
    clock.now += 31 * MINUTE
    expired = _home(client)
    assert _logged_out(expired)
    page = client.get(expired.url)
    assert "长时间未操作，请重新登录" in page.content.decode()
    clock.now += 1
    assert _logged_out(_home(client))  # the session is gone, not only this answer


def test_absolute_lifetime_ends_an_active_session(client, logged_in, clock, settings):
    settings.SESSION_MAX_HOURS = 12
    for _ in range(12 * 60 // 25):  # a request every 25 minutes for 12 hours
        clock.now += 25 * MINUTE
        assert not _logged_out(_home(client))
    clock.now += 25 * MINUTE
    assert _logged_out(_home(client))


def test_cookie_never_outlives_the_absolute_lifetime(client, logged_in, clock, settings):
    clock.now += 11 * 3600 + 50 * MINUTE  # ten minutes of lifetime left
    session = client.session  # seen two minutes ago: still active
    session[middleware.SESSION_SEEN] = clock.now - 2 * MINUTE
    session.save()
    response = _home(client)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert 0 < int(cookie["max-age"]) <= 10 * MINUTE


def test_api_answers_401_after_the_idle_timeout(client, logged_in, clock):
    clock.now += 31 * MINUTE
    response = client.get("/api/v1/orgs/organizations/")
    assert response.status_code == 401
    assert response.json()["detail"] == "长时间未操作，请重新登录"
