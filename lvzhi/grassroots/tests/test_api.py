"""/api/v1/grassroots/: the register with verdicts, writes through the services, coverage."""

import pytest
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.grassroots.models import SixinOrganization

from .conftest import add_sixin

BASE = "/api/v1/grassroots/sixin/"


@pytest.fixture
def api(org_tree, make_user):
    client = APIClient()
    client.force_authenticate(make_user("xinhe", "cadre", org_tree.xinhe))
    return client


def test_list_carries_verdicts_of_the_own_subtree_only(api, register):
    response = api.get(BASE)
    assert response.status_code == 200
    results = {r["name"]: r for r in response.json()["results"]}
    assert set(results) == {"新河科技有限公司", "新河快递站", "新河物流园"}
    verdict = results["新河科技有限公司"]["verdict"]
    assert verdict == {
        "rule_id": "R-OR-01",
        "source": "CQ-4X 二(三)",
        "outcome": "standalone_due",
        "detail": verdict["detail"],
    }
    assert results["新河物流园"]["covered_by_name"] == "新河一社区妇女联合会"


def test_filters_and_bad_values(api, register):
    assert [r["name"] for r in api.get(BASE, {"status": "joint_due"}).json()["results"]] == [
        "新河快递站"
    ]
    assert api.get(BASE, {"status": "nope"}).status_code == 400
    assert api.get(BASE, {"category": "nope"}).status_code == 400
    assert api.get(BASE, {"has_party_organization": "maybe"}).status_code == 400
    assert api.get(BASE, {"organization": "x"}).status_code == 400


def test_out_of_scope_is_404(api, register):
    assert api.get(f"{BASE}{register['dagu'].pk}/").status_code == 404
    response = api.patch(f"{BASE}{register['dagu'].pk}/", {"name": "改"}, format="json")
    assert response.status_code == 404
    assert SixinOrganization.objects.get(pk=register["dagu"].pk).name == "大沽制造公司"


def test_create_and_patch(api, org_tree, villages):
    body = {
        "organization": org_tree.xinhe.pk,
        "name": "新河直播基地",
        "category": "business_form",
        "uscc": "91110000600037341L",
        "region_code": "120116001002",
        "fixed_staff": 40,
        "fixed_female_staff": 31,
        "has_party_organization": True,
    }
    response = api.post(BASE, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["verdict"]["rule_id"] == "R-OR-01"
    pk = response.json()["id"]
    patched = api.patch(f"{BASE}{pk}/", {"covered_by": org_tree.xinhe_1.pk}, format="json")
    assert patched.json()["verdict"]["outcome"] == "covered"
    moved = api.patch(f"{BASE}{pk}/", {"organization": org_tree.xinhe_1.pk}, format="json")
    assert moved.status_code == 400
    assert AuditEvent.objects.filter(object_type="grassroots.sixinorganization").count() == 2


def test_create_refusals(api, org_tree):
    body = {
        "organization": org_tree.xinhe.pk,
        "name": "坏",
        "category": "economic",
        "uscc": "91110000600037341X",
        "fixed_staff": 1,
        "fixed_female_staff": 1,
    }
    response = api.post(BASE, body, format="json")
    assert response.status_code == 400 and "校验位" in response.json()["uscc"][0]
    response = api.post(BASE, {**body, "uscc": "", "organization": org_tree.dagu.pk}, format="json")
    assert response.status_code == 404
    assert not SixinOrganization.objects.exists()


def test_list_query_count(api, org_tree, register, django_assert_max_num_queries):
    for index in range(40):
        add_sixin(org_tree.xinhe, f"批量{index}", index, party=True, covered_by=org_tree.xinhe_1)
    with django_assert_max_num_queries(8):
        response = api.get(BASE, {"page_size": 100})
    assert response.json()["count"] == 43


def test_coverage(api, org_tree, register, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = api.get(f"/api/v1/grassroots/coverage/{org_tree.xinhe.pk}/")
    data = response.json()
    totals = data["totals"]
    assert (totals["standalone_due"], totals["joint_due"], totals["villages"]) == (1, 1, 2)
    assert totals["villages_covered"] == 1 and totals["coverage_percent"] == "50.0%"
    assert totals["verdicts"][0]["rule_id"] == "R-OR-07"
    assert [c["name"] for c in data["children"]] == ["新河一社区妇女联合会"]
    assert api.get(f"/api/v1/grassroots/coverage/{org_tree.dagu.pk}/").status_code == 404
    assert api.get("/api/v1/grassroots/nothing/").status_code == 404


def test_openapi_lists_the_endpoints_without_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [p for p in schema["paths"] if p.startswith("/api/v1/grassroots/")]
    assert sorted(paths) == [
        "/api/v1/grassroots/coverage/{id}/",
        "/api/v1/grassroots/elections/",
        "/api/v1/grassroots/elections/{id}/",
        "/api/v1/grassroots/elections/{id}/ballots/",
        "/api/v1/grassroots/elections/{id}/candidates/",
        "/api/v1/grassroots/elections/{id}/delegates/",
        "/api/v1/grassroots/elections/{id}/file/",
        "/api/v1/grassroots/elections/{id}/method/",
        "/api/v1/grassroots/elections/{id}/renewal-documents/{code}/",
        "/api/v1/grassroots/micro-homes/{id}/",
        "/api/v1/grassroots/renewals/{id}/",
        "/api/v1/grassroots/sixin/",
        "/api/v1/grassroots/sixin/{id}/",
        "/api/v1/grassroots/sixin/{id}/founding-documents/{code}/",
        "/api/v1/grassroots/sixin/{id}/founding-election/",
        "/api/v1/grassroots/sixin/{id}/founding-result/",
        "/api/v1/grassroots/sixin/{id}/founding/",
        "/api/v1/grassroots/system-foundings/",
        "/api/v1/grassroots/system-foundings/{id}/",
        "/api/v1/grassroots/system-foundings/{id}/documents/{code}/",
        "/api/v1/grassroots/system-foundings/{id}/election/",
        "/api/v1/grassroots/units/",
        "/api/v1/grassroots/units/{id}/",
        "/api/v1/grassroots/units/{id}/activities/",
        "/api/v1/grassroots/units/{id}/members/",
        "/api/v1/grassroots/units/{id}/members/{position_pk}/end/",
        "/api/v1/grassroots/women-groups/{id}/",
    ]
    assert not GENERATOR_STATS._warn_cache, GENERATOR_STATS._warn_cache
