"""What the load balancer and the monitoring see: ``/healthz`` (database, cache, broker;
503 when one is down), ``/metrics`` for Prometheus (django-prometheus' request counts and
latencies per view, the daily job's last success, the task queue's length and the jobs by
status) to the addresses allowed, and JSON
log lines with the request id.

The daily job runs in its own process (cron, a timer or Celery beat), so its last success
is kept in the shared cache and read at scrape time, not held in a process's memory."""

import datetime as dt
import json
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import Gauge

from lvzhi.core.http import client_ip

DAILY_SUCCESS_KEY = "lvzhi:daily:last_success"
DAILY_SUCCESS = Gauge(
    "lvzhi_daily_job_last_success_timestamp_seconds",
    "Unix time of the last run_daily that finished without an error",
)


TASK_QUEUE_LENGTH = Gauge(
    "lvzhi_task_queue_length", "Tasks waiting in the Celery broker's queue (Redis list)"
)
JOBS = Gauge("lvzhi_jobs", "Background jobs by kind and status", ["kind", "status"])


def record_daily_success(now: float | None = None) -> None:
    cache.set(DAILY_SUCCESS_KEY, now or time.time(), timeout=None)


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    key = "lvzhi:healthz"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("cache read back nothing")
    return "ok"


def _check_broker() -> str:
    url = getattr(settings, "LVZHI_BROKER_URL", "")
    if not url:
        return "not_configured"
    if url.startswith(("redis://", "rediss://")):
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
        return "ok"
    return "unchecked"


CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


@never_cache
@require_GET
def healthz(request):
    """200 when every configured dependency answers, else 503 naming the one that failed
    (the error itself goes to the log, not to the answer)."""
    checks, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception:  # noqa: BLE001 - any failure of a dependency is "down"
            logging.getLogger("lvzhi.health").exception("健康检查失败：%s", name)
            checks[name] = "down"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": checks}, status=200 if healthy else 503
    )


@never_cache
def metrics(request):
    """Prometheus exposition, only to the monitoring's addresses (LVZHI_METRICS_ALLOWED_IPS);
    anyone else gets 404."""
    if client_ip(request) not in settings.LVZHI_METRICS_ALLOWED_IPS:
        raise Http404()
    from django_prometheus.exports import ExportToDjangoView

    last = cache.get(DAILY_SUCCESS_KEY)
    if last is not None:
        DAILY_SUCCESS.set(float(last))
    _collect_tasks()
    return ExportToDjangoView(request)


def queue_length() -> int | None:
    """Tasks waiting in the broker's queue (a Redis list); None without a Redis broker."""
    url = getattr(settings, "LVZHI_BROKER_URL", "")
    if not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    return client.llen(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery"))


def _collect_tasks() -> None:
    """Queue length from the broker and job counts from the database (shared by every
    worker and app server, so any app server's scrape tells the whole story; failed
    jobs are the failed tasks)."""
    from django.db.models import Count

    from lvzhi.core.jobs.models import Job

    try:
        length = queue_length()
    except Exception:  # noqa: BLE001 - a broker down shows in /healthz; here: no figure
        logging.getLogger("lvzhi.health").warning("读不到任务队列长度", exc_info=True)
        length = None
    TASK_QUEUE_LENGTH.set(-1 if length is None else length)
    JOBS.clear()
    for row in Job.objects.values("kind", "status").annotate(n=Count("id")).order_by():
        JOBS.labels(kind=row["kind"], status=row["status"]).set(row["n"])


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, and the
    exception when there is one."""

    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
