"""A list export above ``LVZHI_EXPORT_ASYNC_ROWS`` rows runs as a background job (issue 13
point 2): the page's Excel link answers with the job's page, the worker answers the same
request again as the owner (her scope checked again), the job shows its progress and its
file holds the page's rows; only the owner downloads it. A small export still downloads
directly, and no one starts a list export except through a page."""

import pytest
from django.core import signing
from django.urls import reverse

from lvzhi.core import export_jobs
from lvzhi.core.jobs.models import Job
from lvzhi.core.models import AuditEvent
from lvzhi.core.tests.test_exports import _people, read_sheet, streamed

pytestmark = pytest.mark.django_db
LIMIT = 5


@pytest.fixture(autouse=True)
def _small_limit(settings, tmp_path):
    settings.LVZHI_EXPORT_ASYNC_ROWS = LIMIT
    settings.MEDIA_ROOT = tmp_path


def _people_url(org, **query):
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return reverse("orgs:people") + f"?org={org.pk}{extra}&format=xlsx"


def test_a_small_export_still_downloads_directly(client, org_tree, make_user):
    _people(org_tree.xinhe, LIMIT, "新河")
    client.force_login(make_user("xh_small", "cadre", org_tree.xinhe))
    response = client.get(_people_url(org_tree.xinhe))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    _sheet, values = read_sheet(streamed(response))
    assert len(values) == 1 + LIMIT
    assert not Job.objects.exists()


def test_a_large_export_runs_as_a_job_with_the_pages_filters_and_scope(
    client, org_tree, make_user, django_capture_on_commit_callbacks
):
    _people(org_tree.xinhe, 8, "新河")
    _people(org_tree.xinhe_1, 3, "社区")
    _people(org_tree.dagu, 4, "大沽")  # outside her scope
    cadre = make_user("xh_large", "cadre", org_tree.xinhe)
    client.force_login(cadre)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(_people_url(org_tree.xinhe))
    assert len(callbacks) == 1
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.progress, job.owner) == ("list_export", "done", 100, cadre)
    assert job.org_path == org_tree.xinhe.path and job.result == {"rows": 11}
    assert job.params["path"] == reverse("orgs:people")
    assert job.filename.startswith("人员-") and job.filename.endswith(".xlsx")
    assert AuditEvent.objects.filter(action="job_start", object_id=str(job.pk)).count() == 1

    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200 and "已导出 11 行".encode() in page.content
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download.status_code == 200
    _sheet, values = read_sheet(b"".join(download.streaming_content))
    names = [row[0] for row in values[1:]]
    assert len(names) == 11 and not [n for n in names if n.startswith("大沽")]
    assert values[0] == ["姓名", "性别", "所属组织", "工作单位及职务"]

    # the page's search filter travels with the job
    with django_capture_on_commit_callbacks(execute=True):
        filtered = client.get(_people_url(org_tree.xinhe, q="新河"))
    job = Job.objects.get(pk=int(filtered["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert job.result == {"rows": 8}

    # only the owner sees and downloads it
    client.force_login(make_user("xh_other", "cadre", org_tree.xinhe))
    for name in ("jobs:detail", "jobs:file"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.get(f"/api/v1/core/jobs/{job.pk}/file/").status_code == 404


def test_the_worker_checks_the_scope_again(
    client, org_tree, make_user, django_capture_on_commit_callbacks
):
    _people(org_tree.xinhe, 8, "新河")
    cadre = make_user("xh_moved", "cadre", org_tree.xinhe)
    client.force_login(cadre)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(_people_url(org_tree.xinhe))
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == "queued"
    # before the worker runs, she moves to 大沽街道
    cadre.role_assignments.update(organization=org_tree.dagu)
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == "failed" and not job.file
    assert job.message == "任务失败：导出的列表已不在您的查看范围内"


def test_progress_is_reported_while_the_rows_are_written(
    client, org_tree, make_user, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 4)
    real = export_jobs.jobs.progress
    monkeypatch.setattr(
        export_jobs.jobs,
        "progress",
        lambda job, percent, message="": (
            seen.append((percent, message)),
            real(job, percent, message),
        ),
    )
    _people(org_tree.xinhe, 10, "新河")
    client.force_login(make_user("xh_progress", "cadre", org_tree.xinhe))
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_people_url(org_tree.xinhe))
    assert seen[0] == (1, "正在读取列表")
    assert [m for _p, m in seen[1:]] == [
        "已写入 4 / 10 行",
        "已写入 8 / 10 行",
        "已写入 10 / 10 行",
    ]
    assert [p for p, _m in seen] == sorted(p for p, _m in seen)
    assert Job.objects.get().status == "done"


def test_a_second_delivery_does_nothing(
    client, org_tree, make_user, django_capture_on_commit_callbacks
):
    from lvzhi.core.tasks import export_list

    _people(org_tree.xinhe, 8, "新河")
    client.force_login(make_user("xh_twice", "cadre", org_tree.xinhe))
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_people_url(org_tree.xinhe))
    job = Job.objects.get()
    name = job.file.name
    assert export_list.delay(job.pk).get() == "skipped"
    job.refresh_from_db()
    assert (job.attempts, job.file.name, job.status) == (1, name, "done")


def test_no_one_starts_a_list_export_except_through_a_page(client, org_tree, make_user):
    cadre = make_user("xh_forge", "cadre", org_tree.xinhe)
    client.force_login(cadre)
    page = client.get(reverse("jobs:list"))
    assert b'id="job-start-list_export"' not in page.content  # no form for it
    forged = client.post(
        reverse("jobs:list"), {"kind": "list_export", "signed": "orgs/people/?org=1"}
    )
    assert forged.status_code == 400 and "只能从列表页".encode() in forged.content
    # a signature made for another user
    other = make_user("xh_forge2", "cadre", org_tree.dagu)
    stolen = signing.dumps(
        {"user": other.pk, "path": reverse("orgs:people"), "query": "", "org": None},
        salt=export_jobs.SALT,
    )
    api = client.post(
        "/api/v1/core/jobs/",
        {"kind": "list_export", "params": {"signed": stolen}},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert not Job.objects.exists() and not AuditEvent.objects.filter(action="job_start").exists()


def test_a_forms_post_export_is_never_a_job(rf, org_tree, make_user):
    """Only a page's GET is answered again by a worker (a POST may have effects)."""
    from lvzhi.core.middleware import _request
    from lvzhi.orgs.models import Person

    _people(org_tree.xinhe, 8, "新河")
    request = rf.post("/x/?format=xlsx")
    request.user = make_user("xh_post", "cadre", org_tree.xinhe)
    token = _request.set(request)
    try:
        assert export_jobs.start_if_large(Person.objects.all(), "人员") is None
    finally:
        _request.reset(token)
    assert not Job.objects.exists()


def test_a_second_click_while_it_waits_starts_nothing(
    client, org_tree, make_user, django_capture_on_commit_callbacks
):
    _people(org_tree.xinhe, 8, "新河")
    client.force_login(make_user("xh_click", "cadre", org_tree.xinhe))
    with django_capture_on_commit_callbacks(execute=False):
        first = client.get(_people_url(org_tree.xinhe))
        second = client.get(_people_url(org_tree.xinhe))
        other = client.get(_people_url(org_tree.xinhe, q="新河"))  # other filters: its own
    assert first["Location"] == second["Location"] != other["Location"]
    assert Job.objects.count() == 2
