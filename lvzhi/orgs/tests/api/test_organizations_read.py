"""/api/v1/orgs/: authentication, and reading organizations within the scope, with filters."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lvzhi.core.tokens.services import api_token_create
from lvzhi.orgs import services

from .support import API, api, names, results

pytestmark = pytest.mark.django_db

# 认证 -----------------------------------------------------------------------


def test_token_client_works_and_anonymous_is_refused(tree, xinhe_cadre):
    _token, key = api_token_create(actor=None, user=xinhe_cadre, name="测试")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(f"{API}/organizations/")
    assert response.status_code == 200
    assert response.json()["count"] == 3

    anonymous = APIClient()
    for url in (
        f"{API}/organizations/",
        f"{API}/people/",
        f"{API}/regions/",
        f"{API}/organizations/{tree.xinhe.pk}/",
    ):
        assert anonymous.get(url).status_code in (401, 403)
    assert anonymous.get(f"{API}/organizations/").status_code == 401  # token auth comes first

    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert bad.get(f"{API}/organizations/").status_code == 401


def test_user_without_roles_sees_no_organizations_but_regions(tree, make_user):
    nobody = make_user("nobody")
    client = api(nobody)
    assert results(client.get(f"{API}/organizations/")) == []
    assert results(client.get(f"{API}/people/")) == []
    assert {r["name"] for r in results(client.get(f"{API}/regions/"))} == {"天津市", "滨海新区"}
    assert client.get(f"{API}/organizations/{tree.city.pk}/").status_code == 404


# 组织: 范围 -------------------------------------------------------------------


def test_township_cadre_sees_her_subtree_only(tree, xinhe_cadre):
    client = api(xinhe_cadre)
    assert names(client.get(f"{API}/organizations/")) == {
        "新河街道妇女联合会",
        "新河一社区妇女联合会",
        "新河一社区第一妇女小组",
    }
    for other in (tree.dagu, tree.dagu_1, tree.district, tree.city, tree.union):
        response = client.get(f"{API}/organizations/{other.pk}/")
        assert response.status_code == 404
        assert "大沽" not in response.content.decode()
    assert client.get(f"{API}/organizations/{tree.dagu.pk}/children/").status_code == 404


def test_organization_detail(tree, xinhe_cadre, admin_user):
    today = timezone.localdate()
    party = services.party_organization_create(
        actor=admin_user, organization=tree.xinhe, name="中共新河街道工作委员会"
    )
    services.organization_update(
        actor=admin_user, organization=tree.xinhe, party_organization=party
    )
    services.term_create(
        actor=admin_user,
        organization=tree.xinhe,
        number=1,
        start_date=today - dt.timedelta(days=365 * 10),
        end_date=today - dt.timedelta(days=365 * 5),
    )
    services.term_create(
        actor=admin_user,
        organization=tree.xinhe,
        number=2,
        start_date=today - dt.timedelta(days=365 * 5),
        end_date=today - dt.timedelta(days=30),
    )
    services.person_create(actor=admin_user, organization=tree.xinhe_1, name="张三")

    data = api(xinhe_cadre).get(f"{API}/organizations/{tree.xinhe.pk}/").json()
    assert data["name"] == "新河街道妇女联合会"
    assert data["parent"] == tree.district.pk
    assert data["parent_name"] == "天津市滨海新区妇女联合会"
    assert data["party_organization_name"] == "中共新河街道工作委员会"
    assert data["level_display"] == "乡镇（街道）"
    term = data["current_term"]
    assert term["number"] == 2
    assert term["verdict"]["rule_id"] == "R-OR-08"
    assert term["verdict"]["outcome"] == "overdue"
    assert "已逾期30天未换届" in term["verdict"]["detail"]
    assert data["counts"] == {
        "children": 1,
        "descendants": 2,
        "departments": 0,
        "people": 0,
        "people_in_subtree": 1,
        "current_positions": 0,
        "terms": 2,
    }

    district = api(admin_user).get(f"{API}/organizations/{tree.district.pk}/").json()
    assert district["region_name"] == "滨海新区"
    assert district["current_term"] is None
    assert district["counts"]["departments"] == 2
    root = api(admin_user).get(f"{API}/organizations/{tree.city.pk}/").json()
    assert root["parent"] is None and root["parent_name"] is None


def test_children_action_and_tree_filters(tree, district_cadre):
    client = api(district_cadre)
    assert names(client.get(f"{API}/organizations/{tree.district.pk}/children/")) == {
        "新河街道妇女联合会",
        "大沽街道妇女联合会",
    }
    assert names(client.get(f"{API}/organizations/", {"parent": tree.district.pk})) == {
        "新河街道妇女联合会",
        "大沽街道妇女联合会",
    }
    children = client.get(f"{API}/organizations/{tree.xinhe.pk}/children/").json()
    assert children["count"] == 1
    assert children["results"][0]["parent"] == tree.xinhe.pk
    assert children["results"][0]["numchild"] == 1
    assert names(client.get(f"{API}/organizations/", {"top": "true"})) == {
        "天津市滨海新区妇女联合会"
    }
    # a parent outside her scope gives nothing, not its children
    assert results(client.get(f"{API}/organizations/", {"parent": tree.city.pk})) == []


def test_organization_filters(tree, admin_user, make_user):
    client = api(admin_user)
    assert names(client.get(f"{API}/organizations/", {"ancestor": tree.dagu.pk})) == {
        "大沽街道妇女联合会",
        "大沽一社区妇女联合会",
    }
    subtree = names(client.get(f"{API}/organizations/", {"ancestor": tree.district.pk}))
    assert len(subtree) == 6 and "滨海新区总工会" not in subtree
    assert names(client.get(f"{API}/organizations/", {"system": "gh"})) == {
        "天津市总工会",
        "滨海新区总工会",
    }
    assert names(client.get(f"{API}/organizations/", {"kind": "women_group"})) == {
        "新河一社区第一妇女小组"
    }
    assert names(client.get(f"{API}/organizations/", {"level": ["township", "village"]})) == {
        "新河街道妇女联合会",
        "大沽街道妇女联合会",
        "新河一社区妇女联合会",
        "大沽一社区妇女联合会",
    }
    assert names(client.get(f"{API}/organizations/", {"q": "新河"})) == {
        "新河街道妇女联合会",
        "新河一社区妇女联合会",
        "新河一社区第一妇女小组",
    }
    assert names(client.get(f"{API}/organizations/", {"q": "新河 小组"})) == {
        "新河一社区第一妇女小组"
    }
    assert names(client.get(f"{API}/organizations/", {"q": "BH-DG"})) == {
        "大沽街道妇女联合会",
        "大沽一社区妇女联合会",
    }
    assert names(client.get(f"{API}/organizations/", {"top": "true"})) == {
        "天津市妇女联合会",
        "天津市总工会",
    }
    rows = results(client.get(f"{API}/organizations/", {"ordering": "-code"}))
    assert [r["code"] for r in rows] == sorted((r["code"] for r in rows), reverse=True)
    assert client.get(f"{API}/organizations/", {"parent": "x"}).status_code == 400

    # search never leaves the scope
    dagu_cadre = make_user("dagu_cadre", "cadre", tree.dagu)
    assert results(api(dagu_cadre).get(f"{API}/organizations/", {"q": "新河"})) == []
