"""/api/v1/socialorgs/: scope (404 outside), filing with the proposal through the
services, refiling, masked phones, the ledger and disclosure gap, advisers, duties with
their checklist and documents, the public list, bad input answering 400 in Chinese, query
counts and a valid schema."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.socialorgs.models import KeyMember, LedgerEntry, SocialOrganization, YearlyDuty

from .conftest import add_org

BASE = "/api/v1/socialorgs"
pytestmark = pytest.mark.django_db


def chinese(response) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json()))


@pytest.fixture
def api(cadre):
    client = APIClient()
    client.force_authenticate(cadre)
    return client


def test_list_is_the_subtree_with_masked_phones(api, orgs):
    response = api.get(f"{BASE}/organizations/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["name"] for r in rows] == ["新河一社区巾帼志愿队"]
    assert rows[0]["contact_phone_masked"] == "138****5678"
    assert "contact_phone" not in rows[0] and "13812345678" not in response.content.decode()
    assert rows[0]["retier"]["rule_id"] == "R-SO-01"
    assert api.get(f"{BASE}/organizations/{orgs['dagu_1'].pk}/").status_code == 404


def test_filters_answer_400_in_chinese(api, orgs):
    for params in ({"party": "maybe"}, {"status": "x"}, {"colour": "red"}, {"ancestor": "0"}):
        response = api.get(f"{BASE}/organizations/", params)
        assert response.status_code == 400, params
        assert chinese(response), params
    assert api.get(f"{BASE}/organizations/", {"party": "false"}).json()["count"] == 1
    assert api.get(f"{BASE}/organizations/", {"q": "志愿"}).json()["count"] == 1
    assert api.get(f"{BASE}/ledger/", {"year": "99999"}).status_code == 400


def test_file_refile_and_update(api, org_tree, make_user):
    body = {
        "federation": org_tree.xinhe_1.pk,
        "name": "新河一社区读书会",
        "kind": "self_formed",
        "service_field": "culture",
        "size": 30,
        "notable_influence": True,
        "contact_phone": "13900003333",
    }
    refused = api.post(f"{BASE}/organizations/", body, format="json")
    assert refused.status_code == 400 and "tier_reason" in refused.json() and chinese(refused)
    created = api.post(
        f"{BASE}/organizations/", {**body, "tier_reason": "恰为30人，留在社区"}, format="json"
    )
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["filed_tier"], data["at_boundary"]) == ("village", True)
    assert data["contact_phone_masked"] == "139****3333"
    pk = data["id"]
    patched = api.patch(f"{BASE}/organizations/{pk}/", {"size": 35}, format="json")
    assert patched.status_code == 200 and patched.json()["retier"]["outcome"] == "up"
    assert patched.json()["proposed_tier"] == "township"
    moved = api.post(
        f"{BASE}/organizations/{pk}/refile/",
        {"federation": org_tree.xinhe.pk, "filed_tier": "township", "tier_reason": "规模扩大"},
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["federation"] == org_tree.xinhe.pk
    outside = api.post(
        f"{BASE}/organizations/{pk}/refile/",
        {"federation": org_tree.dagu.pk, "filed_tier": "township", "tier_reason": "x"},
        format="json",
    )
    assert outside.status_code == 404
    assert AuditEvent.objects.filter(object_type="socialorgs.socialorganization").count() == 3
    huge = api.post(f"{BASE}/organizations/", {**body, "size": 2**70}, format="json")
    assert huge.status_code == 400
    other = api.post(
        f"{BASE}/organizations/", {**body, "federation": org_tree.dagu_1.pk}, format="json"
    )
    assert other.status_code == 404


def test_proposal_endpoint(api):
    response = api.post(
        f"{BASE}/proposal/", {"size": 50, "notable_influence": True, "active": True}
    )
    assert response.status_code == 200
    assert response.json()["tier"] == "township" and response.json()["at_boundary"] is True
    assert response.json()["claims"] == ["township", "county"]
    assert api.post(f"{BASE}/proposal/", {"size": 0}).status_code == 400


def test_key_members_and_ledger(api, orgs, clock):
    row = orgs["xinhe_1"]
    created = api.post(
        f"{BASE}/key-members/",
        {"organization": row.pk, "name": "王芳", "role": "负责人", "phone": "13900001111"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["phone_masked"] == "139****1111" and "phone" not in created.json()
    listing = api.get(f"{BASE}/key-members/", {"organization": row.pk})
    assert listing.json()["count"] == 1 and "13900001111" not in listing.content.decode()
    outside = api.post(
        f"{BASE}/key-members/",
        {"organization": orgs["dagu_1"].pk, "name": "x", "role": "y"},
        format="json",
    )
    assert outside.status_code == 404
    assert api.delete(f"{BASE}/key-members/{created.json()['id']}/").status_code == 204
    assert not KeyMember.objects.exists()
    entry = api.post(
        f"{BASE}/ledger/",
        {"organization": row.pk, "kind": "complaint", "date": "2026-10-01", "title": "噪音投诉"},
        format="json",
    )
    assert entry.status_code == 201, entry.json()
    future = api.post(
        f"{BASE}/ledger/",
        {"organization": row.pk, "kind": "disclosure", "date": "2026-12-01", "title": "t"},
        format="json",
    )
    assert future.status_code == 400 and chinese(future)
    gaps = api.get(f"{BASE}/organizations/without-disclosure/", {"federation": row.federation_id})
    assert [r["name"] for r in gaps.json()["results"]] == [row.name]
    LedgerEntry.objects.create(
        organization=row,
        org_path=row.org_path,
        kind="disclosure",
        date=dt.date(2026, 3, 1),
        title="公示",
    )
    gaps = api.get(f"{BASE}/organizations/without-disclosure/", {"federation": row.federation_id})
    assert gaps.json()["count"] == 0
    assert (
        api.get(
            f"{BASE}/organizations/without-disclosure/",
            {"federation": orgs["dagu_1"].federation_id},
        ).status_code
        == 404
    )
    assert api.get(f"{BASE}/organizations/without-disclosure/").status_code == 400


def test_advisers_and_duties(api, org_tree, clock):
    adviser = api.post(
        f"{BASE}/advisers/",
        {
            "federation": org_tree.xinhe.pk,
            "name": "张教授",
            "kind": "public_benefit",
            "expertise": "法律",
            "term_start": "2026-01-01",
        },
        format="json",
    )
    assert adviser.status_code == 201, adviser.json()
    patched = api.patch(
        f"{BASE}/advisers/{adviser.json()['id']}/", {"term_end": "2025-01-01"}, format="json"
    )
    assert patched.status_code == 400 and "term_end" in patched.json()
    duty = api.post(
        f"{BASE}/duties/",
        {
            "federation": org_tree.xinhe.pk,
            "kind": "party_training",
            "date": "2026-04-01",
            "title": "党建培训",
            "participants": 25,
            "instructor": "刘书记",
            "document": SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
        format="multipart",
    )
    assert duty.status_code == 201, duty.json()
    assert duty.json()["document_url"].endswith("/document/")
    no_instructor = api.post(
        f"{BASE}/duties/",
        {
            "federation": org_tree.xinhe.pk,
            "kind": "party_training",
            "date": "2026-04-01",
            "title": "党建培训",
        },
        format="json",
    )
    assert no_instructor.status_code == 400 and "instructor" in no_instructor.json()
    checklist = api.get(f"{BASE}/duties/checklist/", {"federation": org_tree.xinhe.pk})
    assert checklist.status_code == 200
    items = checklist.json()["items"]
    assert [i["status"] for i in items] == ["done", "due", "due", "due", "due"]
    assert items[0]["clause"] == "第十三条" and items[0]["verdict"]["rule_id"] == "R-SO-03"
    past = api.get(f"{BASE}/duties/checklist/", {"federation": org_tree.xinhe.pk, "year": 2025})
    assert {i["status"] for i in past.json()["items"]} == {"overdue"}
    assert (
        api.get(
            f"{BASE}/duties/checklist/", {"federation": org_tree.xinhe.pk, "year": "x"}
        ).status_code
        == 400
    )
    assert api.get(f"{BASE}/duties/checklist/", {"federation": org_tree.dagu.pk}).status_code == 404
    assert YearlyDuty.objects.count() == 1


def test_a_member_reads_but_cannot_write(make_user, orgs, org_tree):
    client = APIClient()
    client.force_authenticate(make_user("m", "member", org_tree.xinhe_1, include_descendants=False))
    assert client.get(f"{BASE}/organizations/{orgs['xinhe_1'].pk}/").status_code == 200
    response = client.patch(
        f"{BASE}/organizations/{orgs['xinhe_1'].pk}/", {"size": 99}, format="json"
    )
    assert response.status_code == 404
    assert SocialOrganization.objects.get(pk=orgs["xinhe_1"].pk).size == 20


def test_public_api_without_login_shows_no_person(orgs, org_tree):
    KeyMember.objects.create(
        organization=orgs["xinhe_1"], org_path=orgs["xinhe_1"].org_path, name="赵负责人", role="r"
    )
    client = APIClient()
    rows = client.get(f"{BASE}/public/", {"area": org_tree.xinhe.pk})
    assert [r["name"] for r in rows.json()["results"]] == ["新河一社区巾帼志愿队"]
    detail = client.get(f"{BASE}/public/{orgs['xinhe_1'].pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "赵负责人" not in text and "138" not in text and "contact" not in text
    assert client.get(f"{BASE}/public/", {"who": "x"}).status_code == 400
    assert client.post(f"{BASE}/public/", {}, format="json").status_code == 405
    assert client.get(f"{BASE}/organizations/").status_code == 401


def test_list_query_count_does_not_grow(api, org_tree, django_assert_max_num_queries):
    for index in range(20):
        add_org(org_tree.xinhe_1, f"组织{index:02d}")
    api.get(f"{BASE}/organizations/")
    with django_assert_max_num_queries(8) as captured:
        assert api.get(f"{BASE}/organizations/").status_code == 200
    for index in range(20, 40):
        add_org(org_tree.xinhe, f"组织{index:02d}")
    with django_assert_max_num_queries(len(captured)):
        assert api.get(f"{BASE}/organizations/").json()["count"] == 40


def test_schema_documents_the_socialorgs_api():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    for path in (
        "/api/v1/socialorgs/organizations/",
        "/api/v1/socialorgs/organizations/{id}/refile/",
        "/api/v1/socialorgs/organizations/without-disclosure/",
        "/api/v1/socialorgs/proposal/",
        "/api/v1/socialorgs/key-members/{id}/",
        "/api/v1/socialorgs/ledger/",
        "/api/v1/socialorgs/advisers/{id}/",
        "/api/v1/socialorgs/duties/checklist/",
        "/api/v1/socialorgs/public/{id}/",
    ):
        assert path in schema["paths"], path


def test_unknown_paths_answer_404(api):
    assert api.get(f"{BASE}/nothing/").status_code == 404
    assert api.get(f"{BASE}/organizations/abc/").status_code == 404
