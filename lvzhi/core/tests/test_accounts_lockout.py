"""Login lockout (django-axes): per account and per real client address behind the trusted
proxies, on the platform's and the admin's login page alike."""

import time

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lvzhi.core.http import client_ip

pytestmark = pytest.mark.django_db


def _ip(settings, proxies, remote, forwarded=None):
    settings.TRUSTED_PROXIES = proxies
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_client_ip_honours_exactly_the_trusted_proxies(settings):
    # No proxy configured: the header is the client's word and is ignored.
    assert _ip(settings, 0, "203.0.113.5", "198.51.100.1") == "203.0.113.5"
    # nginx in front: the entry nginx appended, never the client's own left-most values.
    assert _ip(settings, 1, "127.0.0.1", "203.0.113.5") == "203.0.113.5"
    assert _ip(settings, 1, "127.0.0.1", "6.6.6.6, 1.1.1.1, 203.0.113.5") == "203.0.113.5"
    # Two proxies (a load balancer, then nginx): the third entry from the right.
    assert _ip(settings, 2, "10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1") == "203.0.113.5"
    # A request that skipped the proxy, or a malformed entry: the socket address.
    assert _ip(settings, 1, "127.0.0.1") == "127.0.0.1"
    assert _ip(settings, 1, "127.0.0.1", "not-an-address") == "127.0.0.1"
    assert _ip(settings, 1, "127.0.0.1", "2001:db8::1") == "2001:db8::1"


def _login(client, username, password="x", path=None, **extra):
    return client.post(
        path or reverse("login"), {"username": username, "password": password}, **extra
    )


def test_a_flood_on_one_account_locks_that_account_and_that_address_only(
    client, org_tree, make_user, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user("victim", "cadre", org_tree.xinhe)
    make_user("colleague", "cadre", org_tree.xinhe)
    attacker = {"REMOTE_ADDR": "10.0.0.1"}
    assert _login(client, "victim", **attacker).status_code == 200
    assert _login(client, "victim", **attacker).status_code == 200
    third = _login(client, "victim", **attacker)
    assert third.status_code == 429
    assert "登录失败次数过多，请 15 分钟后再试。" in third.content.decode()
    # The account is locked wherever its owner is, even with the right password ...
    assert _login(client, "victim", "pass-1234", REMOTE_ADDR="10.0.0.2").status_code == 429
    # ... the attacker's address for every account ...
    assert _login(client, "colleague", "pass-1234", **attacker).status_code == 429
    # ... and nobody else: another account from another address logs in.
    assert _login(client, "colleague", "pass-1234", REMOTE_ADDR="10.0.0.2").status_code == 302


def test_behind_one_proxy_real_clients_are_counted_apart(client, org_tree, make_user, settings):
    """Behind nginx every request comes from 127.0.0.1; X-Forwarded-For tells them apart,
    and a forged left-most entry does not get an attacker a fresh allowance."""
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = 1
    make_user("someone", "cadre", org_tree.xinhe)
    make_user("other", "cadre", org_tree.xinhe)
    x = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    y = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for name in ("a1", "a2"):
        assert _login(client, name, **x).status_code == 200
    assert _login(client, "a3", **x).status_code == 429  # the address, across usernames
    assert _login(client, "someone", "pass-1234", **y).status_code == 302
    client.logout()
    spoofed = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.9, 203.0.113.5"}
    assert _login(client, "other", "pass-1234", **spoofed).status_code == 429


def test_without_a_trusted_proxy_the_header_changes_nothing(client, org_tree, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXIES = 0
    assert _login(client, "b1", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    assert _login(client, "b2", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_admin_login_is_throttled_the_same_way(client, admin_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    admin_login = reverse("admin:login")
    for _ in range(2):
        assert _login(client, "admin", path=admin_login).status_code == 200
    locked = _login(client, "admin", path=admin_login)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    # One counter per account, whichever login page was used.
    assert _login(client, "admin", "pass-1234", REMOTE_ADDR="10.9.9.9").status_code == 429
    assert (
        _login(client, "admin", "pass-1234", path=admin_login, REMOTE_ADDR="10.9.9.9").status_code
        == 429
    )


def test_a_username_spelled_like_an_address_does_not_lock_that_address(
    client, org_tree, make_user, settings
):
    settings.LOGIN_FAILURE_LIMIT = 2
    make_user("near", "cadre", org_tree.xinhe)
    _login(client, "10.0.0.77", REMOTE_ADDR="10.0.0.1")
    _login(client, "10.0.0.77", REMOTE_ADDR="10.0.0.2")
    assert _login(client, "near", "pass-1234", REMOTE_ADDR="10.0.0.77").status_code == 302


def test_success_resets_the_account_and_the_lock_lifts_after_the_cool_off(
    client, org_tree, make_user, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_SECONDS = 1
    make_user("typo", "cadre", org_tree.xinhe)
    _login(client, "typo")
    _login(client, "typo")
    assert _login(client, "typo", "pass-1234").status_code == 302
    client.logout()
    _login(client, "typo")
    _login(client, "typo")
    assert _login(client, "typo").status_code == 429
    assert "请 1 分钟后再试" in _login(client, "typo", "pass-1234").content.decode()
    time.sleep(1.1)
    assert _login(client, "typo", "pass-1234").status_code == 302


def test_a_success_clears_her_account_counter_but_not_her_address(
    client, org_tree, make_user, settings
):
    """Signing in to one's own account must not wipe the address's count of guesses at
    other accounts; her own account's count starts again."""
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user("insider", "cadre", org_tree.xinhe)
    make_user("target", "cadre", org_tree.xinhe)
    here = {"REMOTE_ADDR": "10.0.0.7"}
    assert _login(client, "target", **here).status_code == 200
    assert _login(client, "insider", **here).status_code == 200
    assert _login(client, "insider", "pass-1234", **here).status_code == 302
    client.logout()
    # The address has two failures left over: the third guess locks it.
    assert _login(client, "target", **here).status_code == 429
    # Her account's own failure was cleared by her success: two more from elsewhere pass.
    assert _login(client, "insider", REMOTE_ADDR="10.0.0.8").status_code == 200
    assert _login(client, "insider", REMOTE_ADDR="10.0.0.9").status_code == 200
    assert _login(client, "insider", "pass-1234", REMOTE_ADDR="10.0.0.10").status_code == 302
