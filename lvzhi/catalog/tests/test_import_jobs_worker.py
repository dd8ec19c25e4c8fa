"""A real Celery worker imports a large uploaded catalog (issue 13 point 2): the upload
keeps the bytes in the shared media storage and queues the job in Redis; the worker
process reads them back and imports them as the owner. Skipped, as the other worker tests
(lvzhi/core/tests/test_jobs_worker.py), without Redis or with SQLite in memory."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.catalog.models import CatalogVersion
from lvzhi.core.jobs.models import Job
from lvzhi.core.tests.shared_cache import redis_available
from lvzhi.core.tests.test_jobs_worker import queue, wait_for, worker  # noqa: F401

from .test_models_services import seed_bytes

pytestmark = [
    pytest.mark.skipif(not redis_available(), reason="no Redis at 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True),
]


def test_a_worker_imports_a_large_catalog(
    client,
    org_tree,
    make_user,
    queue,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    settings.LVZHI_CATALOG_ASYNC_BYTES = 1024
    cadre = make_user("worker_catalog", "cadre", org_tree.union)
    client.force_login(cadre)
    upload = SimpleUploadedFile("binhai_zonggonghui.txt", seed_bytes("binhai_zonggonghui.txt"))
    response = client.post(reverse("catalog:upload", args=[org_tree.union.pk]), {"file": upload})
    job = Job.objects.get(kind="catalog_import")
    assert response.status_code == 302 and job.status == "queued"
    with worker(queue, tmp_path):
        job = wait_for(job)
    assert job.status == "done", (job.message, worker.log[-3000:])
    version = CatalogVersion.objects.get()
    assert job.result["version"] == version.pk and job.result["items"] == 57
    assert version.created_by == cadre and version.catalog.organization == org_tree.union
    assert not [p for p in (tmp_path / "catalog-imports").rglob("*") if p.is_file()]
