"""A real Celery worker (``celery -A lvzhi worker``) on the machine's Redis (db 14) and
the test database (issue 13, point 2): a job started through the API is queued in Redis,
/metrics counts it, the worker runs it and its row reaches ``done`` with its file.

The worker is another process, so the test database must be one it can open: PostgreSQL,
or SQLite in a file (``LVZHI_TEST_SQLITE=/tmp/x.sqlite3``); the in-memory SQLite of the
default run skips this module. Each test uses a queue of its own name, so parallel runs
sharing db 14 never take each other's tasks."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from lvzhi.core.jobs.models import Job

from .shared_cache import redis_available

BROKER = "redis://127.0.0.1:6379/14"
PROJECT = Path(__file__).resolve().parents[3]


def database_url() -> str | None:
    """The test database as a DATABASE_URL another process can open (None: in memory)."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
        host = (s["HOST"] or "") + (f":{s['PORT']}" if s["PORT"] else "")
        return f"postgres://{auth + '@' if auth else ''}{host}/{s['NAME']}"
    name = str(s["NAME"])
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return f"sqlite:///{os.path.abspath(name)}"
    return None


pytestmark = [
    pytest.mark.skipif(not redis_available(), reason="no Redis at 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True),
]


def reset_pools(app):
    """Forget the app's broker connections and producers (the next send opens new ones
    to whatever broker the configuration names then)."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def queue(settings):
    """The project's Celery app sending to Redis db 14 on a queue of this test's own."""
    from lvzhi.celery import app

    if database_url() is None:
        pytest.skip("SQLite in memory: the worker cannot open it (set LVZHI_TEST_SQLITE)")
    name = f"lvzhi-test-{uuid.uuid4().hex[:12]}"
    before = {
        key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")
    }
    reset_pools(app)  # drop connections made for the eager broker (memory://)
    app.conf.update(broker_url=BROKER, task_always_eager=False, task_default_queue=name)
    settings.LVZHI_BROKER_URL = BROKER
    settings.CELERY_TASK_DEFAULT_QUEUE = name
    try:
        yield name
    finally:
        app.conf.update(before)
        reset_pools(app)
        import redis

        redis.Redis.from_url(BROKER).delete(name)


@contextmanager
def worker(queue_name, media_root):
    env = {
        **os.environ,
        "LVZHI_DEBUG": "1",
        "DATABASE_URL": database_url(),
        "LVZHI_CELERY_BROKER_URL": BROKER,
        "LVZHI_MEDIA_ROOT": str(media_root),
    }
    command = [
        str(Path(sys.executable).with_name("celery")), "-A", "lvzhi", "worker",
        "-Q", queue_name, "--pool", "solo", "--without-gossip", "--without-mingle",
        "--without-heartbeat", "--loglevel", "INFO", "-n", f"{queue_name}@%h",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        worker.log = output.decode(errors="replace")


def wait_for(job, statuses=("done", "failed"), timeout=60.0) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {timeout}s")


def metric(client, name) -> float:
    for line in client.get("/metrics").content.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")


def test_a_worker_runs_the_queued_export(client, org_tree, make_user, queue, settings):
    from .test_jobs import draft_of

    cadre = make_user("worker_cadre", "cadre", org_tree.xinhe)
    version = draft_of(org_tree.xinhe)
    client.force_login(cadre)
    started = client.post(
        "/api/v1/core/jobs/",
        {"kind": "catalog_export", "params": {"version": version.pk, "format": "docx"}},
        content_type="application/json",
    )
    assert started.status_code == 202, started.content
    assert started.json()["status"] == "queued"  # no worker yet: it waits in Redis
    job = Job.objects.get(pk=started.json()["id"])
    assert metric(client, "lvzhi_task_queue_length") == 1

    with worker(queue, settings.MEDIA_ROOT):
        job = wait_for(job)
    assert job.status == "done", (job.message, worker.log[-3000:])
    assert (job.progress, job.attempts) == (100, 1)
    assert "succeeded" in worker.log and "lvzhi.catalog.tasks.export_version" in worker.log
    assert metric(client, "lvzhi_task_queue_length") == 0
    body = client.get(f"/api/v1/core/jobs/{job.pk}/").json()
    download = client.get(body["file_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK\x03\x04")  # a .docx


def test_a_failing_task_marks_its_job_failed(client, org_tree, make_user, queue, settings):
    from lvzhi.catalog.tasks import export_version

    cadre = make_user("worker_fail", "cadre", org_tree.xinhe)
    job = Job.objects.create(
        kind="catalog_export",
        owner=cadre,
        org_path=org_tree.xinhe.path,
        params={"version": 10**9, "format": "xlsx"},
    )
    export_version.delay(job.pk)
    with worker(queue, settings.MEDIA_ROOT):
        job = wait_for(job)
    assert job.status == "failed" and job.message.startswith("任务失败"), worker.log[-3000:]
    client.force_login(cadre)
    assert (
        'lvzhi_jobs{kind="catalog_export",status="failed"} 1.0'
        in client.get("/metrics").content.decode()
    )


def test_a_worker_answers_a_large_list_export(client, org_tree, make_user, queue, settings):
    """The worker, another process without the page's request, answers the page's export
    again as its owner: the page's filter and scope hold in the file."""
    from django.urls import reverse

    from .test_exports import _people, read_sheet

    settings.LVZHI_EXPORT_ASYNC_ROWS = 3
    _people(org_tree.xinhe, 6, "新河")
    _people(org_tree.dagu, 2, "大沽")  # outside her scope
    client.force_login(make_user("worker_lists", "cadre", org_tree.xinhe))
    url = reverse("orgs:people") + f"?org={org_tree.xinhe.pk}&q=新河&format=xlsx"
    response = client.get(url)
    job = Job.objects.get(kind="list_export")
    assert response.status_code == 302 and job.status == "queued"
    with worker(queue, settings.MEDIA_ROOT):
        job = wait_for(job)
    assert job.status == "done", (job.message, worker.log[-3000:])
    assert job.result == {"rows": 6} and "lvzhi.core.tasks.export_list" in worker.log
    download = client.get(reverse("jobs:file", args=[job.pk]))
    _sheet, values = read_sheet(b"".join(download.streaming_content))
    assert sorted(row[0] for row in values[1:]) == [f"新河{i:03d}" for i in range(6)]


def test_a_worker_imports_a_confirmed_roster(
    client, org_tree, make_user, queue, settings, tmp_path
):
    """The confirm keeps the roster's bytes in the shared media storage; the worker process
    reads them back and writes the roster as the owner."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from lvzhi.orgs import services
    from lvzhi.orgs.models import Organization
    from lvzhi.orgs.tests.test_roster import ID_C, valid_roster

    settings.MEDIA_ROOT = tmp_path
    settings.LVZHI_ROSTER_ASYNC_ROWS = 1
    cadre = make_user("worker_roster", "cadre", org_tree.district)
    services.person_create(actor=cadre, organization=org_tree.xinhe_1, name="王芳", id_number=ID_C)
    client.force_login(cadre)
    upload = SimpleUploadedFile("名册.xlsx", valid_roster())
    token = client.post(reverse("orgs_import:upload"), {"file": upload}).context["token"]
    response = client.post(reverse("orgs_import:confirm"), {"token": token})
    job = Job.objects.get(kind="roster_import")
    assert response.status_code == 302 and job.status == "queued"
    with worker(queue, tmp_path):
        job = wait_for(job)
    assert job.status == "done", (job.message, worker.log[-3000:])
    assert job.result == {"organizations": 2, "people": 2, "positions": 3}
    assert Organization.objects.filter(code__in=["BH-XH-02", "BH-XH-02-G1"]).count() == 2
    assert not list((tmp_path / "roster-imports").rglob("*.xlsx"))
