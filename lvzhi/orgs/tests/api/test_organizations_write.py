"""/api/v1/orgs/: creating and updating organizations through the services, errors, and
read-only department staff."""

import pytest

from lvzhi.core.models import AuditEvent
from lvzhi.orgs.models import (
    Level,
    Organization,
    Person,
)

from .support import API, api, make_id, names, results

pytestmark = pytest.mark.django_db

# 组织: 写入 -------------------------------------------------------------------


def test_cadre_creates_and_updates_an_organization_with_audit(tree, xinhe_cadre):
    client = api(xinhe_cadre)
    response = client.post(
        f"{API}/organizations/",
        {
            "parent": tree.xinhe.pk,
            "name": "新河二社区妇女联合会",
            "code": "BH-XH-02",
            "kind": "local",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["parent"] == tree.xinhe.pk
    assert data["level"] == Level.VILLAGE  # one below the parent
    assert data["system"] == "fl"
    org = Organization.objects.get(code="BH-XH-02")
    created = AuditEvent.objects.get(object_type="orgs.organization", object_id=str(org.pk))
    assert created.action == "create"
    assert created.actor == xinhe_cadre
    assert created.changes["name"] == [None, "新河二社区妇女联合会"]

    response = client.patch(
        f"{API}/organizations/{org.pk}/",
        {"short_name": "新河二社区妇联", "address": "新河路1号"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["short_name"] == "新河二社区妇联"
    updated = AuditEvent.objects.get(object_id=str(org.pk), action="update")
    assert updated.changes == {"address": ["", "新河路1号"], "short_name": ["", "新河二社区妇联"]}
    # the new short name is searchable
    assert names(client.get(f"{API}/organizations/", {"q": "二社区妇联"})) == {
        "新河二社区妇女联合会"
    }
    assert (
        client.patch(
            f"{API}/organizations/{org.pk}/", {"parent": tree.xinhe_1.pk}, format="json"
        ).status_code
        == 400
    )
    assert client.put(f"{API}/organizations/{org.pk}/", {}, format="json").status_code == 405
    assert client.delete(f"{API}/organizations/{org.pk}/").status_code == 405


def test_organization_write_errors(tree, xinhe_cadre, admin_user):
    client = api(xinhe_cadre)
    before = Organization.objects.count()
    # out of scope parent, no parent: 404, nothing written
    response = client.post(
        f"{API}/organizations/",
        {
            "parent": tree.dagu.pk,
            "name": "大沽二社区妇联",
            "code": "BH-DG-02",
            "kind": "local",
        },
        format="json",
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "组织不存在或不在您的管理范围内"
    assert (
        client.post(
            f"{API}/organizations/",
            {
                "parent": 999999,
                "name": "无",
                "code": "NONE",
                "kind": "local",
            },
            format="json",
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{API}/organizations/",
            {
                "name": "顶级",
                "code": "TOP",
                "kind": "local",
            },
            format="json",
        ).status_code
        == 404
    )
    # rules of the service, in Chinese
    response = client.post(
        f"{API}/organizations/",
        {
            "parent": tree.xinhe.pk,
            "name": "新河工会",
            "code": "BH-XH-GH",
            "kind": "grassroots_union",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"kind": ["妇联组织与工会组织不能互为上下级"]}
    response = client.post(
        f"{API}/organizations/",
        {
            "parent": tree.group.pk,
            "name": "小组下级",
            "code": "BH-XH-G1-1",
            "kind": "micro_home",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "妇女小组、妇女微家之下不能再设下级组织" in response.json()["kind"]
    response = client.post(
        f"{API}/organizations/",
        {
            "parent": tree.xinhe.pk,
            "name": "重复代码",
            "code": "BH-DG",
            "kind": "local",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"code": ["组织代码已被使用"]}
    response = client.post(f"{API}/organizations/", {"parent": tree.xinhe.pk}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "code", "kind"}
    assert (
        client.patch(
            f"{API}/organizations/{tree.dagu.pk}/", {"name": "改"}, format="json"
        ).status_code
        == 404
    )
    assert Organization.objects.count() == before
    assert not AuditEvent.objects.exists()

    # the platform admin may create a root
    response = api(admin_user).post(
        f"{API}/organizations/",
        {
            "name": "河北省妇女联合会",
            "code": "HE-FL",
            "kind": "local",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["parent"] is None and response.json()["depth"] == 1


def test_department_staff_can_view_but_not_write(tree, staff, person):
    client = api(staff)
    assert "新河街道妇女联合会" in names(client.get(f"{API}/organizations/"))
    assert client.get(f"{API}/organizations/{tree.xinhe.pk}/").status_code == 200
    assert {p["name"] for p in results(client.get(f"{API}/people/"))} == {"李新芳"}
    people_before, orgs_before = Person.objects.count(), Organization.objects.count()
    events_before = AuditEvent.objects.count()

    response = client.post(
        f"{API}/people/",
        {
            "organization": tree.xinhe.pk,
            "name": "王五",
            "id_number": make_id(2),
        },
        format="json",
    )
    assert response.status_code in (403, 404)
    response = client.post(
        f"{API}/organizations/",
        {
            "parent": tree.district.pk,
            "name": "新街道妇联",
            "code": "BH-NEW",
            "kind": "local",
        },
        format="json",
    )
    assert response.status_code in (403, 404)
    response = client.post(
        f"{API}/departments/",
        {
            "organization": tree.district.pk,
            "name": "组织部",
        },
        format="json",
    )
    assert response.status_code in (403, 404)
    response = client.patch(f"{API}/people/{person.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 404
    response = client.patch(
        f"{API}/organizations/{tree.xinhe.pk}/", {"name": "改名"}, format="json"
    )
    assert response.status_code == 404

    assert Person.objects.count() == people_before
    assert Organization.objects.count() == orgs_before
    assert AuditEvent.objects.count() == events_before
    assert Person.objects.get(pk=person.pk).name == "李新芳"
