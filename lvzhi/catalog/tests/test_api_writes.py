"""The cadre's catalog flow through the API: import → findings → repair → publish → public."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from lvzhi.catalog.models import CatalogVersion, DutyItem
from lvzhi.core.models import AuditEvent

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture
def api(org_tree, make_user):
    client = APIClient()
    client.force_authenticate(make_user("gh_api", "cadre", org_tree.union))
    return client


def _upload(api, org, data, name="binhai_zonggonghui.txt"):
    return api.post(
        "/api/v1/catalog/imports/",
        {"organization": org.pk, "file": SimpleUploadedFile(name, data)},
        format="multipart",
    )


def test_import_repair_publish_through_api(api, org_tree):
    response = _upload(api, org_tree.union, (SEEDS / "binhai_zonggonghui.txt").read_bytes())
    assert response.status_code == 201, response.content
    version_id = response.json()["id"]
    findings = api.get(
        f"/api/v1/catalog/versions/{version_id}/findings/", {"page_size": 200}
    ).json()["results"]
    shifted = next(f for f in findings if f["code"] == "fields_shifted")
    assert shifted["item_number"] == "9.1" and shifted["decision"] == "pending"

    refused = api.post(f"/api/v1/catalog/versions/{version_id}/publish/")
    assert refused.status_code == 400 and "9.1" in str(refused.json())

    for finding in findings:
        if finding["repair"]:
            decided = api.post(
                f"/api/v1/catalog/findings/{finding['id']}/decide/", {"accept": True}, format="json"
            )
            assert decided.status_code == 200 and decided.json()["decision"] == "accepted"
    item = DutyItem.objects.get(version_id=version_id, number="1.1")
    edited = api.patch(
        f"/api/v1/catalog/draft-items/{item.pk}/", {"boundary": "边界（修订）"}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["boundary"] == "边界（修订）"

    published = api.post(f"/api/v1/catalog/versions/{version_id}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    duties = APIClient().get("/api/v1/catalog/duties/", {"version": version_id}).json()
    assert duties["count"] == 13
    assert AuditEvent.objects.filter(object_type__startswith="catalog.").exists()
    locked = api.patch(f"/api/v1/catalog/draft-items/{item.pk}/", {"boundary": "x"}, format="json")
    assert locked.status_code == 400  # published versions are not edited in place

    draft = api.post(f"/api/v1/catalog/catalogs/{published.json()['catalog']}/new-draft/")
    assert draft.status_code == 201 and draft.json()["status"] == "draft"


def test_unreadable_file_and_scope(api, org_tree):
    before = CatalogVersion.objects.count()
    bad = _upload(api, org_tree.union, b"\x00\x01\x02 not a catalog", "x.bin")
    assert bad.status_code == 400 and CatalogVersion.objects.count() == before
    outside = _upload(api, org_tree.district, (SEEDS / "binhai_fulian.txt").read_bytes())
    assert outside.status_code == 404 and CatalogVersion.objects.count() == before
    anonymous = APIClient().post("/api/v1/catalog/imports/", {}, format="multipart")
    assert anonymous.status_code == 401
