"""/api/v1/orgs/: terms, positions, departments, party organizations and regions."""

import datetime as dt

import pytest
from django.utils import timezone

from lvzhi.core.models import AuditEvent
from lvzhi.orgs import services
from lvzhi.orgs.models import (
    Department,
    Level,
    PartyOrganization,
    Region,
)

from .support import API, api, names, results

pytestmark = pytest.mark.django_db

# 届次、职务、内设机构 ----------------------------------------------------------


def test_terms_and_positions(tree, xinhe_cadre, person):
    client = api(xinhe_cadre)
    today = timezone.localdate()
    response = client.post(
        f"{API}/terms/",
        {
            "organization": tree.xinhe_1.pk,
            "number": 3,
            "start_date": str(today - dt.timedelta(days=400)),
            "end_date": str(today + dt.timedelta(days=1000)),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    term_id = response.json()["id"]
    response = client.post(
        f"{API}/terms/",
        {
            "organization": tree.xinhe_1.pk,
            "number": 3,
            "start_date": "2020-01-01",
            "end_date": "2019-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"end_date": ["届满日期应晚于起始日期"], "number": ["第3届已存在"]}
    response = client.patch(f"{API}/terms/{term_id}/", {"note": "换届选举产生"}, format="json")
    assert response.status_code == 200 and response.json()["note"] == "换届选举产生"
    assert (
        client.patch(
            f"{API}/terms/{term_id}/", {"organization": tree.xinhe.pk}, format="json"
        ).status_code
        == 400
    )
    assert {
        t["id"] for t in results(client.get(f"{API}/terms/", {"organization": tree.xinhe_1.pk}))
    } == {term_id}
    assert results(client.get(f"{API}/terms/", {"organization": tree.xinhe.pk})) == []

    chair = client.post(
        f"{API}/positions/",
        {
            "person": person.pk,
            "organization": tree.xinhe_1.pk,
            "term": term_id,
            "title": "chair",
            "tenure": "part_time",
            "start_date": str(today - dt.timedelta(days=400)),
        },
        format="json",
    )
    assert chair.status_code == 201, chair.content
    assert chair.json()["title_display"] == "主席"
    assert chair.json()["person_name"] == "李新芳"
    former = client.post(
        f"{API}/positions/",
        {
            "person": person.pk,
            "organization": tree.xinhe_1.pk,
            "title": "member",
            "start_date": "2015-01-01",
            "end_date": "2020-01-01",
            "end_reason": "届满",
        },
        format="json",
    )
    assert former.status_code == 201, former.content
    response = client.post(
        f"{API}/positions/",
        {
            "person": person.pk,
            "organization": tree.xinhe_1.pk,
            "title": "member",
            "tenure": "full_time",
            "start_date": "2021-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"tenure": ["专职、兼职、挂职仅适用于主席、副主席"]}
    response = client.post(
        f"{API}/positions/",
        {
            "person": person.pk,
            "organization": tree.dagu_1.pk,
            "title": "member",
            "start_date": "2021-01-01",
        },
        format="json",
    )
    assert response.status_code == 404

    def positions(**params):
        return {p["id"] for p in results(client.get(f"{API}/positions/", params))}

    assert positions(current="true") == {chair.json()["id"]}
    assert positions(current="false") == {former.json()["id"]}
    assert positions(person=person.pk) == {chair.json()["id"], former.json()["id"]}
    assert positions(organization=tree.xinhe.pk) == set()
    assert positions(ancestor=tree.xinhe.pk) == {chair.json()["id"], former.json()["id"]}
    response = client.patch(
        f"{API}/positions/{chair.json()['id']}/",
        {"end_date": str(today - dt.timedelta(days=1)), "end_reason": "调离"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert positions(current="true") == set()
    assert AuditEvent.objects.filter(object_type="orgs.position", action="update").count() == 1

    detail = client.get(f"{API}/organizations/{tree.xinhe_1.pk}/").json()
    assert detail["current_term"]["id"] == term_id
    assert detail["current_term"]["verdict"]["outcome"] == "current"


def test_departments(tree, district_cadre, xinhe_cadre):
    client = api(district_cadre)
    rows = results(client.get(f"{API}/departments/", {"organization": tree.district.pk}))
    assert {r["name"] for r in rows} == {"宣传部", "权益部"}
    response = client.post(
        f"{API}/departments/",
        {
            "organization": tree.xinhe.pk,
            "name": "组织联络部",
            "responsibilities": "基层组织建设",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["organization_name"] == "新河街道妇女联合会"
    response = client.post(
        f"{API}/departments/",
        {
            "organization": tree.district.pk,
            "name": "宣传部",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"name": ["本组织已有同名部门"]}
    dept = Department.objects.get(name="组织联络部")
    response = client.patch(f"{API}/departments/{dept.pk}/", {"sort_order": 3}, format="json")
    assert response.status_code == 200 and response.json()["sort_order"] == 3
    # the township cadre sees her own department, not the district's
    assert {r["name"] for r in results(api(xinhe_cadre).get(f"{API}/departments/"))} == {
        "组织联络部"
    }
    assert api(xinhe_cadre).get(f"{API}/departments/{tree.rights.pk}/").status_code == 404


def test_party_organizations_are_scoped(tree, admin_user, xinhe_cadre):
    services.party_organization_create(
        actor=admin_user, organization=tree.xinhe, name="中共新河街道工作委员会"
    )
    services.party_organization_create(
        actor=admin_user, organization=tree.dagu, name="中共大沽街道工作委员会"
    )
    client = api(xinhe_cadre)
    assert names(client.get(f"{API}/party-organizations/")) == {"中共新河街道工作委员会"}
    other = PartyOrganization.objects.get(name="中共大沽街道工作委员会")
    assert client.get(f"{API}/party-organizations/{other.pk}/").status_code == 404
    assert client.post(f"{API}/party-organizations/", {"name": "x"}).status_code == 405
    assert len(results(api(admin_user).get(f"{API}/party-organizations/"))) == 2
    # an invisible party organization cannot be attached
    response = client.patch(
        f"{API}/organizations/{tree.xinhe.pk}/", {"party_organization": other.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"party_organization": ["党组织不存在或不在您的管理范围内"]}


def test_regions_are_read_only_reference_data(tree, staff):
    client = api(staff)
    rows = results(client.get(f"{API}/regions/", {"level": "county"}))
    assert [(r["code"], r["name"]) for r in rows] == [("120116", "滨海新区")]
    assert client.post(f"{API}/regions/", {"code": "1", "name": "x"}).status_code == 405
    # page_size is capped at 200
    Region.objects.bulk_create(
        Region(code=f"120116{i:03d}", name=f"街道{i:03d}", level=Level.TOWNSHIP) for i in range(210)
    )
    data = client.get(f"{API}/regions/", {"page_size": 500}).json()
    assert data["count"] == 212 and len(data["results"]) == 200
    assert client.get(f"{API}/regions/", {"page_size": "x"}).status_code == 400
