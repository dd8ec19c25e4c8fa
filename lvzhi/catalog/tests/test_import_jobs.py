"""An uploaded catalog above ``LVZHI_CATALOG_ASYNC_BYTES`` is imported by a background job
(issue 13 point 2): the upload redirects to the job's page (its progress, then a link to
the draft), the worker imports the kept bytes as the owner (all or nothing), checks her
import right again, fails with the page's reason on a file it cannot import, removes the
kept bytes once the job has an outcome, and no one starts an import except through the
upload page. A smaller file is still imported in the request."""

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.catalog.models import Catalog, CatalogVersion, DutyItem
from lvzhi.catalog.tasks import IMPORT_SALT, import_catalog
from lvzhi.core.jobs.models import Job
from lvzhi.core.models import AuditEvent

from .test_models_services import cadre, seed_bytes  # noqa: F401

pytestmark = pytest.mark.django_db

UNION = "binhai_zonggonghui.txt"


@pytest.fixture(autouse=True)
def _limit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LVZHI_CATALOG_ASYNC_BYTES = 1024  # the union seed (75 KB) runs as a job


@pytest.fixture
def union_cadre(org_tree, make_user):
    return make_user("gh_cadre", "cadre", org_tree.union)


def _kept(settings):
    from pathlib import Path

    return [p for p in (Path(settings.MEDIA_ROOT) / "catalog-imports").rglob("*") if p.is_file()]


def _upload(client, org, content, name=UNION):
    return client.post(
        reverse("catalog:upload", args=[org.pk]), {"file": SimpleUploadedFile(name, content)}
    )


def test_a_large_catalog_is_imported_by_a_job(
    client, org_tree, union_cadre, settings, django_capture_on_commit_callbacks
):
    client.force_login(union_cadre)
    page = client.get(reverse("catalog:upload", args=[org_tree.union.pk]))
    assert 'id="catalog-background"' in page.content.decode()  # said before uploading
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _upload(client, org_tree.union, seed_bytes(UNION))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.owner) == ("catalog_import", "queued", union_cadre)
    assert not CatalogVersion.objects.exists()  # nothing written by the request
    waiting = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f'id="job-progress-{job.pk}"' in waiting and "hx-get" in waiting  # polls
    assert len(_kept(settings)) == 1
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    version = CatalogVersion.objects.get()
    assert (job.status, job.progress) == ("done", 100)
    assert job.result == {
        "version": version.pk,
        "items": 57,
        "url": reverse("catalog:version", args=[version.pk]),
    }
    assert version.catalog.organization == org_tree.union and version.created_by == union_cadre
    assert version.items.count() == 57 and version.duties.count() == 13
    done = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f'id="job-result-{job.pk}"' in done and job.result["url"] in done
    assert "hx-get" not in done
    assert AuditEvent.objects.filter(actor=union_cadre, object_type="catalog.catalog").exists()
    assert not _kept(settings)  # the kept bytes are removed
    assert client.get(job.result["url"]).status_code == 200


def test_a_small_catalog_is_still_imported_in_the_request(client, org_tree, union_cadre, settings):
    settings.LVZHI_CATALOG_ASYNC_BYTES = len(seed_bytes(UNION))
    client.force_login(union_cadre)
    response = _upload(client, org_tree.union, seed_bytes(UNION))
    version = CatalogVersion.objects.get()
    assert response["Location"] == reverse("catalog:version", args=[version.pk])
    assert not Job.objects.exists()


def test_a_file_the_worker_cannot_import_writes_nothing(
    client, org_tree, union_cadre, settings, django_capture_on_commit_callbacks
):
    client.force_login(union_cadre)
    audits = AuditEvent.objects.exclude(action="job_start").count()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, org_tree.union, bytes(range(256)) * 20, name="x.bin")
    job = Job.objects.get()
    assert job.status == "failed" and "任务失败" in job.message
    assert not Catalog.objects.exists() and not DutyItem.objects.exists()
    assert AuditEvent.objects.exclude(action="job_start").count() == audits
    assert not _kept(settings)


def test_the_worker_checks_the_import_right_again(
    client, org_tree, union_cadre, settings, django_capture_on_commit_callbacks
):
    client.force_login(union_cadre)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _upload(client, org_tree.union, seed_bytes(UNION))
    union_cadre.role_assignments.all().delete()  # she leaves the federation
    for callback in callbacks:
        callback()
    job = Job.objects.get()
    assert job.status == "failed" and "权限" in job.message
    assert not CatalogVersion.objects.exists()
    assert not _kept(settings)


def test_changed_bytes_fail_the_job(
    client, org_tree, union_cadre, settings, django_capture_on_commit_callbacks
):
    client.force_login(union_cadre)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _upload(client, org_tree.union, seed_bytes(UNION))
    [kept] = _kept(settings)
    kept.write_bytes(seed_bytes("binhai_fulian.txt"))
    for callback in callbacks:
        callback()
    job = Job.objects.get()
    assert job.status == "failed" and "已改变" in job.message
    assert not CatalogVersion.objects.exists()


def test_a_second_delivery_does_nothing(
    client, org_tree, union_cadre, django_capture_on_commit_callbacks
):
    client.force_login(union_cadre)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, org_tree.union, seed_bytes(UNION))
    job = Job.objects.get()
    assert import_catalog.delay(job.pk).get() == "skipped"
    assert CatalogVersion.objects.count() == 1 and Job.objects.get(pk=job.pk).attempts == 1


def test_out_of_scope_upload_starts_nothing(client, org_tree, make_user):
    client.force_login(make_user("dg_cadre", "cadre", org_tree.dagu))
    response = _upload(client, org_tree.union, seed_bytes(UNION))
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_no_one_starts_an_import_except_through_the_upload_page(
    client, org_tree, union_cadre, make_user, settings
):
    client.force_login(union_cadre)
    page = client.get(reverse("jobs:list"))
    assert b'id="job-start-catalog_import"' not in page.content
    forged = client.post(reverse("jobs:list"), {"kind": "catalog_import", "signed": "x"})
    assert forged.status_code == 400 and "上传页面".encode() in forged.content
    other = make_user("catalog_other", "cadre", org_tree.union)

    def signed(**changes):
        payload = {
            "user": union_cadre.pk,
            "organization": org_tree.union.pk,
            "path": f"catalog-imports/jobs/{union_cadre.pk}/x.txt",
            "sha256": "0",
            "name": "x.txt",
            "bytes": 9,
            **changes,
        }
        return signing.dumps(payload, salt=IMPORT_SALT)

    for data in (
        signed(path=f"catalog-imports/jobs/{other.pk}/x.txt"),  # another user's kept file
        signed(user=other.pk),  # signed for another user
    ):
        api = client.post(
            "/api/v1/core/jobs/",
            {"kind": "catalog_import", "params": {"signed": data}},
            content_type="application/json",
        )
        assert api.status_code == 400
    # an organization outside her import scope, even signed for her
    api = client.post(
        "/api/v1/core/jobs/",
        {"kind": "catalog_import", "params": {"signed": signed(organization=org_tree.dagu.pk)}},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert not Job.objects.exists() and not AuditEvent.objects.filter(action="job_start").exists()
