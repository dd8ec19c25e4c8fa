"""A signed-in user's PDF of a catalog version is rendered by a background job (issue 13
point 2): the download link redirects to the job's page, the job renders the real PDF
(WeasyPrint) that only she downloads; a second click while it runs starts nothing; the
public (anonymous) download stays direct."""

import pytest
from django.urls import reverse

from lvzhi.catalog import exports
from lvzhi.core.jobs.models import Job
from lvzhi.core.tests.office_asserts import pdf_text

from .test_exports import published  # noqa: F401
from .test_models_services import (  # noqa: F401
    cadre,
    draft,
    seeded,
    small_catalog,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_signed_in_users_pdf_is_a_job(
    client,
    published,
    make_user,
    org_tree,
    tmp_path,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    assert exports.pdf_available(), "WeasyPrint 或 fonts-noto-cjk 未安装（见 README）"
    _women, union = published
    member = make_user("pdf_member", "member", org_tree.xinhe, include_descendants=False)
    client.force_login(member)
    url = reverse("catalog:export", args=[union.pk, "pdf"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(url)
    assert len(callbacks) == 1
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.owner, job.params) == (
        "catalog_export",
        "done",
        member,
        {"version": union.pk, "format": "pdf"},
    )
    assert job.org_path == ""  # a published version is public data
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    path = tmp_path / "union.pdf"
    path.write_bytes(b"".join(download.streaming_content))
    text = "".join(pdf_text(path).split())
    first = union.items.order_by("order", "id").first()
    assert "".join(first.name.split()) in text
    client.force_login(make_user("pdf_other", "member", org_tree.xinhe, include_descendants=False))
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404


def test_a_second_click_while_it_runs_starts_nothing(
    client,
    published,
    make_user,
    org_tree,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    women, _union = published
    client.force_login(make_user("pdf_twice", "cadre", org_tree.xinhe))
    url = reverse("catalog:export", args=[women.pk, "pdf"])
    with django_capture_on_commit_callbacks(execute=False):
        first = client.get(url)
        second = client.get(url)
    assert Job.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_public_pdf_and_other_formats_stay_direct(client, published):  # noqa: F811
    women, _union = published
    response = client.get(reverse("catalog:export", args=[women.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not Job.objects.exists()
