"""The password policy and the forced change at first login of accounts created in
production."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.core.accounts.models import AccountSecurity
from lvzhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db

GOOD = "Qiu-shui-2026"
PASSWORD_PAGE = "/account/password/"


def _held(response) -> bool:
    """Sent to the password page."""
    return response.status_code == 302 and response.url == PASSWORD_PAGE


def _errors(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def test_password_policy_in_chinese(django_user_model):
    user = django_user_model(username="zhangmin", first_name="敏", email="zm@example.cn")
    assert "至少需要10个字符" in _errors("Ab1-short", user)
    assert "至少3类" in _errors("alllowercaseletters", user)
    assert "至少3类" not in _errors("lowercase-and-1digit", user)  # three classes suffice
    assert "不能包含用户名" in _errors("Zhangmin-2026!", user)
    assert "过于常见或已公开" in _errors("lvzhi-demo-2026", user)
    assert "过于常见或已公开" in _errors("Password123", user)
    assert _errors(GOOD, user) == ""


def test_development_accounts_keep_their_password(client, org_tree, make_user):
    """The demo's accounts are created in development: no forced change."""
    user = make_user("demo-like", "cadre", org_tree.xinhe)
    assert not AccountSecurity.objects.filter(user=user, must_change_password=True).exists()
    client.post(reverse("login"), {"username": "demo-like", "password": "pass-1234"})
    assert not _held(client.get(reverse("home")))
    assert client.get(reverse("orgs:detail", args=[org_tree.xinhe.pk])).status_code == 200


@pytest.fixture
def production_accounts(settings):
    settings.PASSWORD_CHANGE_ON_FIRST_LOGIN = True


def test_forced_change_at_first_login(client, org_tree, make_user, production_accounts):
    user = make_user("newcadre", "cadre", org_tree.xinhe)
    assert AccountSecurity.objects.get(user=user).must_change_password
    assert (
        client.post(reverse("login"), {"username": "newcadre", "password": "pass-1234"}).status_code
        == 302
    )
    # Every page goes to the password page, the API answers 403 in Chinese.
    for url in (reverse("home"), reverse("orgs:detail", args=[org_tree.xinhe.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url == PASSWORD_PAGE
    api = client.get("/api/v1/orgs/organizations/")
    assert api.status_code == 403 and "首次登录须先修改口令" in api.json()["detail"]
    page = client.get(PASSWORD_PAGE)
    assert page.status_code == 200 and "首次登录须先修改口令" in page.content.decode()

    audit_before = AuditEvent.objects.count()
    weak = client.post(
        PASSWORD_PAGE,
        {"old_password": "pass-1234", "new_password1": "short", "new_password2": "short"},
    )
    assert weak.status_code == 200 and "至少需要10个字符" in weak.content.decode()
    wrong = client.post(
        PASSWORD_PAGE,
        {"old_password": "nope", "new_password1": GOOD, "new_password2": GOOD},
    )
    assert "当前口令不正确" in wrong.content.decode()
    assert AuditEvent.objects.count() == audit_before
    done = client.post(
        PASSWORD_PAGE,
        {"old_password": "pass-1234", "new_password1": GOOD, "new_password2": GOOD},
    )
    assert done.status_code == 302
    state = AccountSecurity.objects.get(user=user)
    assert not state.must_change_password and state.password_changed_at is not None
    event = AuditEvent.objects.latest("id")
    assert event.action == "password_change" and event.actor == user
    assert GOOD not in str(event.changes)
    # Still logged in (the session follows the new password), and free to work.
    assert not _held(client.get(reverse("home")))
    assert client.get(reverse("orgs:detail", args=[org_tree.xinhe.pk])).status_code == 200
    assert client.get("/api/v1/orgs/organizations/").status_code == 200


def test_token_api_refused_until_the_password_is_changed(org_tree, make_user, production_accounts):
    user = make_user("tokenuser", "cadre", org_tree.xinhe)
    api = APIClient()
    api.force_authenticate(user)
    response = api.get("/api/v1/orgs/organizations/")
    assert response.status_code == 403 and "首次登录须先修改口令" in response.json()["detail"]
    AccountSecurity.objects.filter(user=user).update(must_change_password=False)
    api.force_authenticate(get_user_model().objects.get(pk=user.pk))  # as the next request
    assert api.get("/api/v1/orgs/organizations/").status_code == 200


def test_createsuperuser_in_production_must_change(production_accounts, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Initial-Pass-2026")
    call_command(
        "createsuperuser", interactive=False, username="root", email="root@example.cn", verbosity=0
    )
    root = get_user_model().objects.get(username="root")
    assert AccountSecurity.objects.get(user=root).must_change_password


def test_every_user_has_the_change_password_link(client, org_tree, make_user):
    client.force_login(make_user("linked", "cadre", org_tree.xinhe))
    page = client.get(reverse("orgs:detail", args=[org_tree.xinhe.pk])).content.decode()
    assert f'href="{PASSWORD_PAGE}"' in page and "修改密码" in page


def test_production_refuses_to_start_without_redis():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
        "LVZHI_DEBUG": "0",
        "LVZHI_SECRET_KEY": "x" * 50,
        "LVZHI_PII_KEY": "y" * 44,
        "LVZHI_ALLOWED_HOSTS": "lvzhi.example.cn",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "LVZHI_REDIS_URL" in result.stderr


def test_second_factor_enrolment_comes_before_the_password_change(
    client, make_user, production_accounts, settings
):
    """Both holds at once (a new administrator in production): no redirect loop."""
    settings.LVZHI_ADMIN_OTP_REQUIRED = True
    make_user("boss", is_staff=True, is_superuser=True)
    client.post(reverse("login"), {"username": "boss", "password": "pass-1234"})
    held = client.get(reverse("home"))
    assert held.status_code == 302 and held.url.startswith("/account/2fa/")
    assert client.get("/account/2fa/").status_code == 200


def test_forced_change_read_costs_no_query_when_loaded_with_the_user(
    org_tree, make_user, production_accounts, django_assert_num_queries
):
    from lvzhi.core.accounts.selectors import must_change_password

    make_user("flagged", "cadre", org_tree.xinhe)
    fine = make_user("fine", "cadre", org_tree.xinhe)
    AccountSecurity.objects.filter(user=fine).update(must_change_password=False)
    plain = make_user("plain", "cadre", org_tree.xinhe)
    AccountSecurity.objects.filter(user=plain).delete()
    users = get_user_model().objects.select_related("account_security")
    loaded = {u.username: u for u in users.filter(username__in=["flagged", "fine", "plain"])}
    with django_assert_num_queries(0):
        assert must_change_password(loaded["flagged"]) is True
        assert must_change_password(loaded["fine"]) is False
        assert must_change_password(loaded["plain"]) is False
    unloaded = get_user_model().objects.get(username="flagged")
    with django_assert_num_queries(1):
        assert must_change_password(unloaded) is True
