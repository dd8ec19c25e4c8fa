"""A confirmed roster import above ``LVZHI_ROSTER_ASYNC_ROWS`` rows runs as a background job
(issue 13 point 2): the confirm page redirects to the job, the worker applies the kept
bytes as the owner (all or nothing, audited), a rejected roster fails the job with its
errors on the job's page, the kept bytes are removed once the job has an outcome, and no
one starts an import except through a confirmed preview. A small roster is still written
in the request."""

import pytest
from django.core import signing
from django.urls import reverse

from lvzhi.core.jobs.models import Job
from lvzhi.core.models import AuditEvent
from lvzhi.orgs import services
from lvzhi.orgs.models import Kind, Organization
from lvzhi.orgs.tasks import SALT

from .test_roster import totals, valid_roster
from .test_roster_web import _upload

pytestmark = pytest.mark.django_db

ROWS = 7  # valid_roster(): 2 organizations, 2 people, 3 positions


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.LVZHI_ROSTER_ASYNC_ROWS = ROWS - 1


def _kept(media):
    return list((media / "roster-imports").rglob("*.xlsx"))


def test_a_large_roster_is_written_by_a_job(
    client, org_tree, cadre, existing, media, django_capture_on_commit_callbacks
):
    client.force_login(cadre)
    preview = _upload(client, valid_roster())
    assert "共 7 行，将在后台导入".encode() in preview.content  # said before confirming
    token = preview.context["token"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("orgs_import:confirm"), {"token": token})
    # the job starts after the commit (the roll-up's cache versions are replaced then too)
    assert any("job_start" in cb.__qualname__ for cb in callbacks)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.progress, job.owner) == ("roster_import", "done", 100, cadre)
    assert job.result == {"organizations": 2, "people": 2, "positions": 3}
    assert Organization.objects.filter(code__in=["BH-XH-02", "BH-XH-02-G1"]).count() == 2
    # written through the audited services, by her
    assert AuditEvent.objects.filter(actor=cadre, object_type="orgs.position").count() == 3
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert "导入完成：新建组织 2 个，人员 2 人，职务 3 条".encode() in page.content
    assert not _kept(media)  # neither the staged upload nor the job's copy is left
    assert "120101198503120027" not in str(job.params)  # no ID number in the job's row
    # the same token cannot be used twice
    again = client.post(reverse("orgs_import:confirm"), {"token": token}, follow=True)
    assert "导入已失效" in again.content.decode() and Job.objects.count() == 1


def test_a_small_roster_is_still_written_in_the_request(
    client, org_tree, cadre, existing, media, settings
):
    settings.LVZHI_ROSTER_ASYNC_ROWS = ROWS
    client.force_login(cadre)
    preview = _upload(client, valid_roster())
    assert 'id="roster-background"' not in preview.content.decode()
    token = preview.context["token"]
    response = client.post(reverse("orgs_import:confirm"), {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("orgs_import:upload")
    assert "导入完成" in response.content.decode()
    assert not Job.objects.exists()


def test_a_roster_rejected_by_the_worker_writes_nothing_and_shows_its_errors(
    client, org_tree, cadre, existing, media, django_capture_on_commit_callbacks
):
    client.force_login(cadre)
    token = _upload(client, valid_roster()).context["token"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("orgs_import:confirm"), {"token": token})
    job = Job.objects.get()
    assert job.status == "queued" and len(_kept(media)) == 1
    # before the worker runs, someone takes one of the roster's organization codes
    services.organization_create(
        actor=cadre,
        parent=org_tree.dagu,
        name="抢先一步",
        code="BH-XH-02",
        kind=Kind.LOCAL_FEDERATION,
    )
    before = totals()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message.startswith("任务失败：名册有") and "没有导入任何数据" in job.message
    assert any("组织代码已被使用" in error for error in job.result["errors"])
    assert totals()[:3] == before[:3]  # no organization, person or position written
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert f'id="job-errors-{job.pk}"'.encode() in page.content
    assert "组织代码已被使用".encode() in page.content
    assert not _kept(media)


def test_the_worker_checks_the_import_right_again(
    client, org_tree, cadre, existing, media, django_capture_on_commit_callbacks
):
    client.force_login(cadre)
    token = _upload(client, valid_roster()).context["token"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("orgs_import:confirm"), {"token": token})
    cadre.role_assignments.all().delete()  # she leaves the federation
    before = totals()
    for callback in callbacks:
        callback()
    job = Job.objects.get()
    assert job.status == "failed" and "权限" in job.message
    assert totals()[:3] == before[:3]
    assert not _kept(media)


def test_a_second_delivery_does_nothing(
    client, org_tree, cadre, existing, media, django_capture_on_commit_callbacks
):
    from lvzhi.orgs.tasks import import_roster

    client.force_login(cadre)
    token = _upload(client, valid_roster()).context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orgs_import:confirm"), {"token": token})
    job = Job.objects.get()
    before = totals()
    assert import_roster.delay(job.pk).get() == "skipped"
    assert totals() == before and Job.objects.get(pk=job.pk).attempts == 1


def test_no_one_starts_an_import_except_through_a_confirmed_preview(
    client, org_tree, cadre, make_user, media
):
    client.force_login(cadre)
    page = client.get(reverse("jobs:list"))
    assert b'id="job-start-roster_import"' not in page.content
    forged = client.post(reverse("jobs:list"), {"kind": "roster_import", "signed": "x"})
    assert forged.status_code == 400 and "确认导入".encode() in forged.content
    # another user's kept roster, even with a valid signature for her
    other = make_user("roster_other", "cadre", org_tree.district)
    signed = signing.dumps(
        {
            "user": cadre.pk,
            "path": f"roster-imports/jobs/{other.pk}/x.xlsx",
            "sha256": "0",
            "name": "",
            "rows": 9,
        },
        salt=SALT,
    )
    api = client.post(
        "/api/v1/core/jobs/",
        {"kind": "roster_import", "params": {"signed": signed}},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert not Job.objects.exists() and not AuditEvent.objects.filter(action="job_start").exists()
