"""Background jobs without a broker (the demo, the tests): the task runs in the process
once the start has committed, and the Job row carries status, progress and the result
(issue 13, point 2). The real worker is in test_jobs_worker.py."""

import pytest
from django.conf import settings
from django.urls import reverse

from lvzhi.core.jobs.models import Job
from lvzhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db
XLSX = b"PK\x03\x04"


def draft_of(org):
    import lvzhi.core.tests.test_authorization_matrix  # noqa: F401  (the row modules import it)
    from lvzhi.catalog.tests.matrix_rows import draft_of

    return draft_of(org)


def published_of(org):
    import lvzhi.core.tests.test_authorization_matrix  # noqa: F401
    from lvzhi.catalog.tests.matrix_rows_exports import published_of

    return published_of(org)


def test_without_a_broker_tasks_run_in_process():
    assert settings.CELERY_TASK_ALWAYS_EAGER
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
    entry = settings.CELERY_BEAT_SCHEDULE["run-daily"]
    assert entry["task"] == "lvzhi.core.tasks.run_daily"
    assert entry["schedule"].hour == {0} and entry["schedule"].minute == {30}


def test_export_from_the_page_runs_and_serves_its_file(
    client, org_tree, make_user, django_capture_on_commit_callbacks
):
    cadre = make_user("jobs_cadre", "cadre", org_tree.xinhe)
    version = draft_of(org_tree.xinhe)
    client.force_login(cadre)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("jobs:list"),
            {"kind": "catalog_export", "version": version.pk, "format": "xlsx"},
        )
    assert len(callbacks) == 1
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:detail", args=[job.pk]
    )
    assert (job.status, job.progress, job.owner, job.org_path) == (
        "done",
        100,
        cadre,
        org_tree.xinhe.path,
    )
    assert job.attempts == 1 and job.result["duties"] == 1 and job.filename.endswith(".xlsx")
    assert job.file.name.startswith("jobs/") and job.file.name.endswith(".xlsx")
    assert AuditEvent.objects.filter(action="job_start", object_id=str(job.pk)).count() == 1

    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200 and "已生成，可以下载".encode() in page.content
    assert b"hx-trigger" not in page.content  # finished: the block no longer polls
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(XLSX)
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")

    client.force_login(make_user("jobs_other", "cadre", org_tree.xinhe))  # same scope, not hers
    for name in ("jobs:detail", "jobs:progress", "jobs:file"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404


def test_a_running_job_polls_its_progress(client, org_tree, make_user):
    cadre = make_user("jobs_poll", "cadre", org_tree.xinhe)
    job = Job.objects.create(
        kind="catalog_export",
        owner=cadre,
        org_path=org_tree.xinhe.path,
        status="running",
        progress=40,
        message="正在生成文件",
    )
    client.force_login(cadre)
    block = client.get(reverse("jobs:progress", args=[job.pk]))
    assert block.status_code == 200
    assert b'hx-trigger="every 2s"' in block.content and b"width: 40%" in block.content


def test_bad_input_and_out_of_scope_start_nothing(client, org_tree, make_user):
    cadre = make_user("jobs_bad", "cadre", org_tree.xinhe)
    client.force_login(cadre)
    url = reverse("jobs:list")
    bad = client.post(url, {"kind": "catalog_export", "version": "abc", "format": "xlsx"})
    assert bad.status_code == 400 and "目录版本编号应为".encode() in bad.content
    fmt = client.post(url, {"kind": "catalog_export", "version": "1", "format": "exe"})
    assert fmt.status_code == 400 and "格式应为".encode() in fmt.content
    unknown = client.post(url, {"kind": "rm_rf"})
    assert unknown.status_code == 400 and "没有这种后台任务".encode() in unknown.content
    sibling = draft_of(org_tree.dagu)
    assert (
        client.post(
            url, {"kind": "catalog_export", "version": sibling.pk, "format": "docx"}
        ).status_code
        == 404
    )
    other_org = client.post(url, {"kind": "compliance_rebuild", "organization": org_tree.dagu.pk})
    assert other_org.status_code == 404
    assert not Job.objects.exists() and not AuditEvent.objects.filter(action="job_start").exists()


def test_a_published_version_is_public_data(
    client, org_tree, make_user, django_capture_on_commit_callbacks
):
    member = make_user("jobs_member", "member", org_tree.xinhe, include_descendants=False)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/core/jobs/",
            {
                "kind": "catalog_export",
                "params": {"version": published_of(org_tree.dagu).pk, "format": "docx"},
            },
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    body = client.get(f"/api/v1/core/jobs/{response.json()['id']}/").json()
    assert body["status"] == "done"
    assert Job.objects.get().org_path == ""
    file = client.get(body["file_url"])
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"PK\x03\x04")


def test_api_lists_filters_and_refuses(client, org_tree, make_user, django_assert_max_num_queries):
    cadre = make_user("jobs_api", "cadre", org_tree.xinhe)
    other = make_user("jobs_api2", "cadre", org_tree.xinhe)
    for index in range(5):
        Job.objects.create(
            kind="catalog_export",
            owner=cadre,
            org_path=org_tree.xinhe.path,
            status="done" if index % 2 else "failed",
        )
    theirs = Job.objects.create(kind="catalog_export", owner=other, org_path=org_tree.xinhe.path)
    outside = Job.objects.create(kind="catalog_export", owner=cadre, org_path=org_tree.dagu.path)
    client.force_login(cadre)
    with django_assert_max_num_queries(8):
        listed = client.get("/api/v1/core/jobs/")
    ids = [row["id"] for row in listed.json()["results"]]
    assert len(ids) == 5 and theirs.pk not in ids and outside.pk not in ids
    assert len(client.get("/api/v1/core/jobs/?status=done").json()["results"]) == 2
    assert client.get("/api/v1/core/jobs/?status=bogus").status_code == 400
    assert client.get("/api/v1/core/jobs/?kind=bogus").status_code == 400
    assert client.get(f"/api/v1/core/jobs/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/core/jobs/{outside.pk}/").status_code == 404
    bad = client.post(
        "/api/v1/core/jobs/",
        {"kind": "catalog_export", "params": {"format": "xlsx"}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "version" in bad.json().get("errors", bad.json()).__str__()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("jobs:list")).status_code == 200


def test_failure_is_recorded_and_a_second_delivery_does_nothing(org_tree, make_user):
    from lvzhi.catalog.tasks import export_version

    cadre = make_user("jobs_fail", "cadre", org_tree.xinhe)
    job = Job.objects.create(
        kind="catalog_export",
        owner=cadre,
        org_path=org_tree.xinhe.path,
        params={"version": 10**9, "format": "xlsx"},
    )
    assert export_version.delay(job.pk).get() == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and job.message.startswith("任务失败") and job.finished_at
    assert export_version.delay(job.pk).get() == "skipped"
    assert Job.objects.get(pk=job.pk).attempts == 1


@pytest.fixture
def committees(org_tree, django_user_model):
    from lvzhi.members.tests.conftest import seat_committee

    seat_committee(org_tree.xinhe, 5, django_user_model, "jobs_xinhe")
    seat_committee(org_tree.xinhe_1, 3, django_user_model, "jobs_village")
    return org_tree


def test_compliance_rebuild_job(
    committees, admin_user, clock, client, django_capture_on_commit_callbacks
):
    from lvzhi.members.models import MemberCompliance

    tree = committees
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/core/jobs/",
            {"kind": "compliance_rebuild", "params": {"organization": tree.district.pk}},
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    body = client.get(f"/api/v1/core/jobs/{response.json()['id']}/").json()
    rows = MemberCompliance.objects.filter(org_path__startswith=tree.district.path).count()
    assert body["status"] == "done" and body["progress"] == 100
    assert body["result"] == {"organizations": 2, "rows": rows} and rows > 0
    assert body["params"] == {"organization": tree.district.pk, "year": clock.today.year}


def test_daily_task_and_metrics(client, org_tree, clock):
    from lvzhi.core.tasks import run_daily

    job_id = run_daily.delay().get()
    job = Job.objects.get(pk=job_id)
    assert (job.kind, job.status, job.owner) == ("daily", "done", None)
    Job.objects.create(kind="catalog_export", status="failed")
    metrics = client.get("/metrics").content.decode()
    assert 'lvzhi_jobs{kind="daily",status="done"} 1.0' in metrics
    assert 'lvzhi_jobs{kind="catalog_export",status="failed"} 1.0' in metrics
    assert "lvzhi_task_queue_length -1.0" in metrics  # no broker: no queue
    assert "lvzhi_daily_job_last_success_timestamp_seconds" in metrics
