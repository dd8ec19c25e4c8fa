"""/healthz for the load balancer, /metrics for Prometheus, JSON log lines."""

import json
import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command

from lvzhi.core import operations
from lvzhi.core.middleware import RequestIdLogFilter

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_with_each_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "not_configured"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_a_dependency_is_down(client, monkeypatch, settings):
    def broken():
        raise ConnectionError("cache server gone")

    monkeypatch.setitem(operations.CHECKS, "cache", broken)
    settings.LVZHI_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["cache"] == "down" and body["checks"]["broker"] == "down"
    assert body["checks"]["database"] == "ok"
    assert "cache server gone" not in response.content.decode()  # errors go to the log


def test_metrics_only_to_allowed_addresses_and_with_the_daily_job(client, settings, capsys):
    cache.delete(operations.DAILY_SUCCESS_KEY)
    client.get("/healthz")
    settings.LVZHI_METRICS_ALLOWED_IPS = ["10.9.8.7"]
    assert client.get("/metrics").status_code == 404
    settings.LVZHI_METRICS_ALLOWED_IPS = ["127.0.0.1"]
    call_command("run_daily", "--date", "2026-11-20", "--json")
    capsys.readouterr()
    text = client.get("/metrics").content.decode()
    assert (
        'django_http_responses_total_by_status_view_method_total{method="GET",status="200",view="healthz"}'
        in text
    )
    line = next(
        row for row in text.splitlines() if row.startswith("lvzhi_daily_job_last_success_timestamp")
    )
    assert float(line.split()[-1]) == pytest.approx(cache.get(operations.DAILY_SUCCESS_KEY))


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord(
        "lvzhi.test", logging.WARNING, __file__, 1, "出错：%s", ("甲",), None
    )
    RequestIdLogFilter().filter(record)
    entry = json.loads(operations.JsonFormatter().format(record))
    assert entry["message"] == "出错：甲"
    assert entry["level"] == "WARNING" and entry["logger"] == "lvzhi.test"
    assert entry["request_id"] == "-"
    assert entry["time"].endswith("+00:00")
