"""/api/v1/socialorgs/projects/: the federation's batches and applications moved step by
step through the services, the organization user's own endpoints (open batches with
eligibility, apply multipart, withdraw, reports), each seeing only her own (404), the
public batches without login, bad input answering 400 in Chinese with nothing written,
query counts and the schema."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from lvzhi.socialorgs.models import LedgerEntry
from lvzhi.socialorgs.projects.models import OrganizationAccount, ProjectApplication, ProjectBatch

from .project_helpers import (  # noqa: F401
    PASSWORD,
    apply,
    batch,
    district_cadre,
    fresh,
    make_batch,
    org_user,
    other_org_user,
    pdf,
    project_orgs,
    xlsx,
)

BASE = "/api/v1/socialorgs/projects"
pytestmark = pytest.mark.usefixtures("clock")


def chinese(response) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json()))


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_batches_create_update_publish(district_cadre, org_tree):
    api = client_for(district_cadre)
    body = {
        "federation": org_tree.district.pk,
        "title": "巾帼家庭服务项目",
        "content": "家庭教育指导",
        "budget": "80000.00",
        "deadline": "2026-12-20",
    }
    bad = api.post(f"{BASE}/batches/", {**body, "budget": "-1"}, format="json")
    assert bad.status_code == 400 and chinese(bad) and not ProjectBatch.objects.exists()
    created = api.post(f"{BASE}/batches/", body, format="json")
    assert created.status_code == 201 and created.json()["published"] is False
    pk = created.json()["id"]
    changed = api.patch(f"{BASE}/batches/{pk}/", {"budget": "90000"}, format="json")
    assert changed.status_code == 200 and changed.json()["budget"] == "90000.00"
    published = api.post(f"{BASE}/batches/{pk}/publish/")
    assert published.status_code == 200 and published.json()["published"] is True
    again = api.post(f"{BASE}/batches/{pk}/publish/")
    assert again.status_code == 400 and chinese(again)
    public = client_for(None).get(f"{BASE}/public/{pk}/")
    assert public.status_code == 200 and public.json()["funded"] == []


def test_flow_through_the_api(batch, org_user, district_cadre):
    mine = client_for(org_user)
    open_batches = mine.get(f"{BASE}/my/batches/").json()["results"]
    assert [b["id"] for b in open_batches] == [batch.pk] and open_batches[0]["eligible"] is True
    assert open_batches[0]["eligibility_verdict"]["rule_id"] == "R-SO-03"
    response = mine.post(
        f"{BASE}/my/applications/",
        {"batch": batch.pk, "title": "社区妈妈课堂", "budget": "20000", "plan": pdf()},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "submitted" and data["documents"][0]["kind"] == "plan"
    assert data["documents"][0]["url"].startswith("/socialorgs/projects/documents/")
    pk = data["id"]
    fed = client_for(district_cadre)
    assert fed.post(f"{BASE}/applications/{pk}/accept/").json()["status"] == "review"
    assert (
        fed.post(f"{BASE}/applications/{pk}/review/", {"approve": True}, format="json").json()[
            "status"
        ]
        == "decision"
    )
    bad = fed.post(f"{BASE}/applications/{pk}/decide/", {"approve": True}, format="json")
    assert bad.status_code == 400 and "funded_amount" in bad.json()
    decided = fed.post(
        f"{BASE}/applications/{pk}/decide/",
        {"approve": True, "funded_amount": "18000"},
        format="json",
    )
    assert decided.json()["funded_amount"] == "18000.00"
    contract = fed.post(
        f"{BASE}/applications/{pk}/contract/", {"signed_on": "2026-11-29"}, format="json"
    )
    assert contract.json()["status"] == "midterm"
    early = fed.post(f"{BASE}/applications/{pk}/report-accept/", {}, format="json")
    assert early.status_code == 400 and chinese(early)
    mine.post(f"{BASE}/my/applications/{pk}/report/", {"text": "中期：服务 50 人次"}, format="json")
    fed.post(f"{BASE}/applications/{pk}/report-accept/", {}, format="json")
    mine.post(
        f"{BASE}/my/applications/{pk}/report/",
        {"text": "结项：服务 120 人次", "attachment": pdf("结项报告.pdf")},
        format="multipart",
    )
    done = fed.post(f"{BASE}/applications/{pk}/report-accept/", {"note": "同意"}, format="json")
    assert done.json()["status"] == "completed" and done.json()["ledger_entry"]
    assert LedgerEntry.objects.filter(kind="project_result").count() == 1
    public = client_for(None).get(f"{BASE}/public/{batch.pk}/").json()
    assert public["funded"][0]["title"] == "社区妈妈课堂"


def test_each_sees_only_her_own(batch, org_user, other_org_user, district_cadre):
    mine = apply(org_user, batch)
    theirs = apply(other_org_user, batch)
    api = client_for(org_user)
    rows = api.get(f"{BASE}/my/applications/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert api.get(f"{BASE}/my/applications/{theirs.pk}/").status_code == 404
    assert api.post(f"{BASE}/my/applications/{theirs.pk}/withdraw/").status_code == 404
    for path in ("applications", "batches", "accounts"):
        assert api.get(f"{BASE}/{path}/").json()["count"] == 0, path
    assert api.get(f"{BASE}/applications/{mine.pk}/").status_code == 404
    assert api.post(f"{BASE}/applications/{mine.pk}/accept/").status_code == 404
    assert client_for(district_cadre).get(f"{BASE}/my/applications/").json()["count"] == 0
    withdrawn = api.post(f"{BASE}/my/applications/{mine.pk}/withdraw/")
    assert withdrawn.json()["status"] == "withdrawn"


def test_apply_bad_input_answers_400_and_writes_nothing(batch, org_user, make_user, org_tree):
    api = client_for(org_user)
    bad = api.post(
        f"{BASE}/my/applications/",
        {"batch": batch.pk, "title": "x", "budget": "999999", "plan": pdf()},
        format="multipart",
    )
    assert bad.status_code == 400 and "budget" in bad.json() and chinese(bad)
    missing = api.post(f"{BASE}/my/applications/", {"batch": batch.pk}, format="multipart")
    assert missing.status_code == 400 and chinese(missing)
    other = make_batch(make_user("dg_cadre", "cadre", org_tree.dagu), org_tree.dagu)
    outside = api.post(
        f"{BASE}/my/applications/",
        {"batch": other.pk, "title": "x", "budget": "1", "plan": pdf()},
        format="multipart",
    )
    assert outside.status_code == 404
    assert not ProjectApplication.objects.exists()


def test_cadre_opens_an_account(district_cadre, project_orgs, make_user, org_tree):
    api = client_for(district_cadre)
    organization = project_orgs["dagu_1"]
    body = {"organization": organization.pk, "username": "dg_dance", "password": PASSWORD}
    weak = api.post(f"{BASE}/accounts/", {**body, "password": "1"}, format="json")
    assert weak.status_code == 400 and chinese(weak)
    created = api.post(f"{BASE}/accounts/", body, format="json")
    assert created.status_code == 201 and created.json()["username"] == "dg_dance"
    assert "password" not in created.json()
    account = OrganizationAccount.objects.get()
    assert account.organization == organization and account.user.check_password(PASSWORD)
    xinhe = client_for(make_user("xh_cadre", "cadre", org_tree.xinhe))
    refused = xinhe.post(f"{BASE}/accounts/", {**body, "username": "zz"}, format="json")
    assert refused.status_code == 404
    assert xinhe.get(f"{BASE}/accounts/").json()["count"] == 0


def test_the_generic_case_api_cannot_move_a_project(batch, org_user, district_cadre):
    application = apply(org_user, batch)
    fed = client_for(district_cadre)
    fed.post(f"{BASE}/applications/{application.pk}/accept/")
    case = fresh(application).case
    response = fed.post(
        f"/api/v1/processes/cases/{case.pk}/transitions/",
        {"step": case.current_step_id, "action": "approve"},
        format="json",
    )
    assert response.status_code == 400 and "项目申报页面" in str(response.json())
    assert fresh(application).status == "review"
    assert fresh(application).case.current_step_id == case.current_step_id


def test_list_query_counts_do_not_grow(
    district_cadre, org_tree, org_user, other_org_user, django_assert_max_num_queries
):
    first = make_batch(district_cadre, org_tree.district)
    apply(org_user, first, budget_file=xlsx())
    calls = [
        (district_cadre, f"{BASE}/batches/"),
        (district_cadre, f"{BASE}/applications/"),
        (org_user, f"{BASE}/my/applications/"),
        (org_user, f"{BASE}/my/batches/"),
        (None, f"{BASE}/public/"),
        (None, f"{BASE}/public/{first.pk}/"),
    ]

    def measure():
        counts = []
        for user, path in calls:
            with django_assert_max_num_queries(30) as captured:
                assert client_for(user).get(path).status_code == 200
            counts.append(len(captured))
        return counts

    measure()  # first requests fill the caches
    before = measure()
    apply(other_org_user, first, budget_file=xlsx())
    for number in range(3):
        extra = make_batch(district_cadre, org_tree.district, title=f"批次{number}")
        apply(org_user, extra, budget_file=xlsx())
    assert measure() == before


def test_schema_documents_the_project_api():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path in (
        "/api/v1/socialorgs/projects/batches/{id}/publish/",
        "/api/v1/socialorgs/projects/applications/{id}/decide/",
        "/api/v1/socialorgs/projects/my/applications/",
        "/api/v1/socialorgs/projects/my/applications/{id}/report/",
        "/api/v1/socialorgs/projects/my/batches/",
        "/api/v1/socialorgs/projects/accounts/",
        "/api/v1/socialorgs/projects/public/{id}/",
    ):
        assert path in schema["paths"], path
    accept = schema["paths"]["/api/v1/socialorgs/projects/applications/{id}/accept/"]["post"]
    assert "requestBody" not in accept
    funded = schema["components"]["schemas"]["ProjectApplication"]["properties"]["funded_amount"]
    assert funded.get("nullable") is True


def test_applications_filter_by_organization_batch_and_status(
    batch, org_user, other_org_user, district_cadre, project_orgs
):
    """The organization's page lists its applications; the API lists the same rows with
    ``?organization=``; an unknown status or parameter answers 400 in Chinese."""
    mine = apply(org_user, batch)
    theirs = apply(other_org_user, batch)
    api = client_for(district_cadre)
    xinhe = project_orgs["xinhe_1"].pk
    rows = api.get(f"{BASE}/applications/", {"organization": xinhe}).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    rows = api.get(f"{BASE}/applications/", {"batch": batch.pk}).json()["results"]
    assert {r["id"] for r in rows} == {mine.pk, theirs.pk}
    rows = api.get(f"{BASE}/applications/", {"status": "submitted"}).json()["results"]
    assert {r["id"] for r in rows} == {mine.pk, theirs.pk}
    assert api.get(f"{BASE}/applications/", {"status": "review"}).json()["count"] == 0
    for bad in ({"status": "nonsense"}, {"organization": "x"}, {"color": "red"}):
        answer = api.get(f"{BASE}/applications/", bad)
        assert answer.status_code == 400 and chinese(answer), bad
