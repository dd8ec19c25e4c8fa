"""Production mode: DEBUG off unless asked for, static files that collect, no demo data, a
schema behind a login, and error pages in the user's language."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.views.defaults import server_error

from lvzhi.core.api_docs import LoginInProduction
from lvzhi.core.tokens.services import api_token_create


def test_pytest_runs_with_development_settings(settings):
    """pytest-env sets LVZHI_DEBUG=1 before pytest-django loads the settings, whatever the
    environment says (try `LVZHI_DEBUG=0 pytest` on this file)."""
    assert os.environ["LVZHI_DEBUG"] == "1"
    assert settings.LVZHI_PRODUCTION is False
    assert "whitenoise.middleware.WhiteNoiseMiddleware" not in settings.MIDDLEWARE


def test_debug_defaults_to_off():
    """Without LVZHI_DEBUG the settings are production's: they refuse to load without keys."""
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lvzhi.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "LVZHI_SECRET_KEY" in result.stderr
    assert "LVZHI_DEBUG=1" in result.stderr


def test_collectstatic_with_manifest(settings, tmp_path):
    """Production's manifest storage resolves every reference in the static files (the vendored
    Bootstrap named source maps that are not shipped). WhiteNoise's storage adds compression
    only; the production smoke test (scripts/prod_smoke.sh) runs that one."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert "vendor/bootstrap/bootstrap.min.css" in paths
    assert "vendor/bootstrap/bootstrap.bundle.min.js" in paths


@pytest.mark.django_db
def test_demo_refuses_in_production(settings, django_user_model):
    settings.LVZHI_PRODUCTION = True
    with pytest.raises(CommandError, match="生产模式下不能加载演示数据"):
        call_command("demo", "--no-migrate")
    assert not django_user_model.objects.exists()


@pytest.mark.django_db
def test_schema_needs_login_in_production(settings, client, make_user):
    settings.LVZHI_PRODUCTION = True
    assert client.get("/api/schema/").status_code == 401
    response = client.get("/api/docs/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")

    reader = make_user("reader")
    _token, key = api_token_create(actor=reader, user=reader, name="schema")
    response = client.get(
        "/api/schema/",
        HTTP_AUTHORIZATION=f"Token {key}",
        HTTP_ACCEPT="application/vnd.oai.openapi+json",
    )
    assert response.status_code == 200 and response.json()["paths"]
    client.force_login(reader)
    assert client.get("/api/docs/").status_code == 200


def test_schema_public_in_development(settings, client):
    settings.LVZHI_PRODUCTION = False
    request = RequestFactory().get("/api/schema/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    assert LoginInProduction().has_permission(request, None)
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_unknown_url_gives_chinese_404_page(settings, client):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and 'href="/"' in body
    assert '<html lang="zh-hans">' in body


@pytest.mark.django_db
def test_404_page_in_english(settings, client):
    settings.DEBUG = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<h1 class="h3">Page not found</h1>' in body
    assert '<html lang="en">' in body


@pytest.mark.django_db
@pytest.mark.urls("lvzhi.core.tests.urls_errors")
def test_403_page(settings, client):
    settings.DEBUG = False
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and 'href="/"' in body


@pytest.mark.django_db
@pytest.mark.urls("lvzhi.core.tests.urls_errors")
def test_500_page(settings, client):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/test-broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器出错" in body and 'href="/"' in body


def test_500_page_needs_no_database_or_request_context(settings):
    """Rendered as Django renders it (a plain context) and without touching the database."""
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/"))  # no django_db: a query would raise
    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()
