"""/api/v1/orgs/: scoping, writes through services, PII, filters, pagination, query counts."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient
from stdnum.cn import ric

from lvzhi.core.models import AuditEvent
from lvzhi.core.search import build_search_text
from lvzhi.core.tokens.services import api_token_create
from lvzhi.orgs import services
from lvzhi.orgs.models import (
    Department,
    Kind,
    Level,
    Organization,
    PartyOrganization,
    Person,
    Position,
    Region,
    Term,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/orgs"
PHONE = "13812345678"


def make_id(seq: int, birth: str = "19900101") -> str:
    """A valid 18-digit ID number of a woman (even 17th digit) born on ``birth``."""
    body = f"120101{birth}{seq % 50:02d}2"
    return body + ric.calc_check_digit(body + "0")


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def names(response) -> set[str]:
    return {row["name"] for row in results(response)}


@pytest.fixture
def tree(org_tree):
    return org_tree


@pytest.fixture
def xinhe_cadre(tree, make_user):
    return make_user("xinhe_cadre", "cadre", tree.xinhe)


@pytest.fixture
def district_cadre(tree, make_user):
    return make_user("district_cadre", "cadre", tree.district)


@pytest.fixture
def staff(tree, make_user):
    return make_user("staff", "department_staff", tree.district, department=tree.propaganda)


@pytest.fixture
def person(tree, admin_user):
    return services.person_create(
        actor=admin_user,
        organization=tree.xinhe_1,
        name="李新芳",
        workplace="新河一社区居委会",
        id_number=make_id(1),
        phone=PHONE,
    )


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


# 人员 -----------------------------------------------------------------------


def test_person_create_masks_pii_and_audits(tree, xinhe_cadre):
    id_number = make_id(3)
    client = api(xinhe_cadre)
    response = client.post(
        f"{API}/people/",
        {
            "organization": tree.xinhe_1.pk,
            "name": "赵敏",
            "id_number": id_number,
            "phone": "138-1234-5678",
            "political_status": "party_member",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.content.decode()
    data = response.json()
    assert id_number not in body and PHONE not in body
    assert "id_number" not in data and "phone" not in data
    assert data["id_number_masked"] == "*" * 14 + id_number[-4:]
    assert data["phone_masked"] == "138****5678"
    assert data["birth_year"] == 1990  # from the ID number; the full date only by reveal
    assert data["organization_name"] == "新河一社区妇女联合会"
    assert data["political_status_display"] == "中共党员"

    person = Person.objects.get(pk=data["id"])
    assert person.id_number == id_number and person.phone == PHONE
    assert person.org_path == tree.xinhe_1.path
    with connection.cursor() as cursor:  # ciphertext at rest
        cursor.execute("SELECT id_number, phone FROM orgs_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()
    assert id_number not in stored[0] and PHONE not in stored[1]

    event = AuditEvent.objects.get(object_type="orgs.person", object_id=str(person.pk))
    assert event.action == "create" and event.actor == xinhe_cadre
    assert event.org_path == tree.xinhe_1.path
    dumped = json.dumps(event.changes, ensure_ascii=False)
    assert id_number not in dumped and PHONE not in dumped
    assert event.changes["id_number"] == [None, data["id_number_masked"]]
    assert event.changes["phone"] == [None, "138****5678"]

    # detail and list never carry plaintext either
    for url in (f"{API}/people/{person.pk}/", f"{API}/people/"):
        text = client.get(url).content.decode()
        assert id_number not in text and PHONE not in text
        assert "138****5678" in text


def test_person_update_audits_masked_changes(tree, xinhe_cadre, person):
    client = api(xinhe_cadre)
    response = client.patch(
        f"{API}/people/{person.pk}/",
        {"phone": "13987654321", "workplace": "新河街道办事处"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["phone_masked"] == "139****4321"
    assert "13987654321" not in response.content.decode()
    event = AuditEvent.objects.get(object_id=str(person.pk), action="update")
    assert event.changes["phone"] == ["138****5678", "139****4321"]
    assert event.changes["workplace"] == ["新河一社区居委会", "新河街道办事处"]
    dumped = json.dumps(event.changes, ensure_ascii=False)
    assert PHONE not in dumped and "13987654321" not in dumped
    assert Person.objects.get(pk=person.pk).phone == "13987654321"

    # moving to another organization in scope updates org_path; out of scope is refused
    response = client.patch(
        f"{API}/people/{person.pk}/", {"organization": tree.xinhe.pk}, format="json"
    )
    assert response.status_code == 200
    assert Person.objects.get(pk=person.pk).org_path == tree.xinhe.path
    response = client.patch(
        f"{API}/people/{person.pk}/", {"organization": tree.dagu.pk}, format="json"
    )
    assert response.status_code == 404
    assert Person.objects.get(pk=person.pk).organization_id == tree.xinhe.pk


def test_person_validation_errors_in_chinese(tree, xinhe_cadre, person):
    client = api(xinhe_cadre)
    good = make_id(4)
    bad_checksum = good[:-1] + ("0" if good[-1] != "0" else "1")
    before = Person.objects.count()

    response = client.post(
        f"{API}/people/",
        {
            "organization": tree.xinhe.pk,
            "name": "钱六",
            "id_number": bad_checksum,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"id_number": ["身份证号校验位不正确，请核对最后一位"]}
    assert bad_checksum not in response.content.decode()

    response = client.post(
        f"{API}/people/",
        {
            "organization": tree.xinhe.pk,
            "name": "钱六",
            "id_number": "12345",
        },
        format="json",
    )
    assert response.json() == {"id_number": ["身份证号应为18位"]}

    response = client.post(
        f"{API}/people/",
        {
            "organization": tree.xinhe.pk,
            "name": "钱六",
            "phone": "12345",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["phone"][0].startswith("电话号码")

    response = client.post(
        f"{API}/people/",
        {
            "organization": tree.xinhe.pk,
            "name": "钱六",
            "id_number": make_id(1),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"id_number": ["该身份证号已登记在其他人员名下"]}

    response = client.post(
        f"{API}/people/",
        {
            "organization": tree.xinhe.pk,
            "name": "钱六",
            "id_number": good,
            "birth_date": "1991-02-03",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"birth_date": ["出生日期与身份证号不一致"]}

    response = client.post(f"{API}/people/", {"organization": tree.xinhe.pk}, format="json")
    assert response.status_code == 400 and "name" in response.json()

    response = client.patch(
        f"{API}/people/{person.pk}/", {"id_number": bad_checksum}, format="json"
    )
    assert response.status_code == 400
    assert Person.objects.get(pk=person.pk).id_number == make_id(1)
    assert Person.objects.count() == before
    assert not AuditEvent.objects.filter(action="update").exists()


def test_reveal_returns_plaintext_and_audits(tree, xinhe_cadre, person):
    client = api(xinhe_cadre)
    response = client.post(
        f"{API}/people/{person.pk}/reveal/",
        {"field": "id_number", "reason": "核对身份"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"field": "id_number", "label": "身份证号", "value": make_id(1)}
    assert response["Cache-Control"] == "no-store"
    response = client.post(
        f"{API}/people/{person.pk}/reveal/", {"field": "phone", "reason": "电话回访"}, format="json"
    )
    assert response.json()["value"] == PHONE

    events = AuditEvent.objects.filter(object_id=str(person.pk), action="reveal")
    assert events.count() == 2
    assert {e.changes["field"] for e in events} == {"身份证号", "手机号码"}
    assert all(e.actor == xinhe_cadre for e in events)
    for event in events:
        dumped = json.dumps(event.changes, ensure_ascii=False)
        assert make_id(1) not in dumped and PHONE not in dumped

    response = client.post(
        f"{API}/people/{person.pk}/reveal/", {"field": "name", "reason": "核对"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"field": ["该字段不能查看"]}
    assert client.get(f"{API}/people/{person.pk}/reveal/").status_code == 405


def test_reveal_refused_without_the_right(tree, staff, make_user, person):
    events_before = AuditEvent.objects.count()
    response = api(staff).post(
        f"{API}/people/{person.pk}/reveal/", {"field": "id_number"}, format="json"
    )
    assert response.status_code == 404
    assert make_id(1) not in response.content.decode()
    dagu_cadre = make_user("dagu_cadre", "cadre", tree.dagu)
    response = api(dagu_cadre).post(
        f"{API}/people/{person.pk}/reveal/", {"field": "phone"}, format="json"
    )
    assert response.status_code == 404
    assert AuditEvent.objects.count() == events_before


def test_people_filters(tree, district_cadre, admin_user, person):
    services.person_create(
        actor=admin_user, organization=tree.dagu_1, name="周大沽", workplace="大沽街道卫生院"
    )
    services.person_create(
        actor=admin_user, organization=tree.xinhe, name="吴桂兰", workplace="新河街道办事处"
    )
    services.person_create(actor=admin_user, organization=tree.union, name="郑工会")
    client = api(district_cadre)

    def people(**params):
        return {p["name"] for p in results(client.get(f"{API}/people/", params))}

    assert people() == {"李新芳", "周大沽", "吴桂兰"}
    assert people(ancestor=tree.xinhe.pk) == {"李新芳", "吴桂兰"}
    assert people(organization=tree.xinhe.pk) == {"吴桂兰"}
    assert people(q="新河") == {"李新芳", "吴桂兰"}
    assert people(q="卫生院") == {"周大沽"}
    assert people(q="新芳") == {"李新芳"}
    assert people(q="新河", ancestor=tree.xinhe_1.pk) == {"李新芳"}
    assert people(ancestor=tree.union.pk) == set()  # outside her scope
    assert client.get(f"{API}/people/{Person.objects.get(name='郑工会').pk}/").status_code == 404


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


# 分页与查询数 ----------------------------------------------------------------


def _bulk_rows(tree, admin_user, count: int = 60):
    """``count`` villages under 新河 (through treebeard), and people, terms and positions."""
    parent = Organization.objects.get(pk=tree.xinhe.pk)
    villages = []
    for i in range(count):
        org = Organization(
            name=f"新河{i:03d}社区妇女联合会",
            code=f"BH-XH-B{i:03d}",
            system="fl",
            kind=Kind.LOCAL_FEDERATION,
            level=Level.VILLAGE,
        )
        org.search_text = build_search_text(org.name, org.code)
        villages.append(Organization.objects.add_child(parent, instance=org))
        parent = Organization.objects.get(pk=tree.xinhe.pk)
    people = Person.objects.bulk_create(
        Person(
            organization=org,
            org_path=org.path,
            name=f"人员{i:03d}",
            phone=f"1381234{i:04d}",
            search_text=build_search_text(f"人员{i:03d}"),
        )
        for i, org in enumerate(villages)
    )
    terms = Term.objects.bulk_create(
        Term(
            organization=org,
            org_path=org.path,
            number=1,
            start_date=dt.date(2022, 1, 1),
            end_date=dt.date(2027, 1, 1),
        )
        for org in villages
    )
    Position.objects.bulk_create(
        Position(
            person=p,
            organization=p.organization,
            org_path=p.org_path,
            term=t,
            title="chair",
            start_date=dt.date(2022, 1, 1),
        )
        for p, t in zip(people, terms, strict=True)
    )
    Department.objects.bulk_create(
        Department(organization=org, org_path=org.path, name="办公室") for org in villages
    )
    party = PartyOrganization.objects.bulk_create(
        PartyOrganization(organization=org, org_path=org.path, name=f"党支部{i:03d}")
        for i, org in enumerate(villages)
    )
    for org, p in zip(villages, party, strict=True):
        org.party_organization = p
    Organization.objects.bulk_update(villages, ["party_organization"])
    return villages


def _queries(user_pk: int, url: str, params: dict) -> tuple[int, dict]:
    """Queries of one request by a freshly loaded user (no scope cached yet)."""
    client = api(get_user_model().objects.get(pk=user_pk))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


LIST_CASES = [
    ("organizations", {}),
    ("organizations", {"ancestor": "XINHE", "level": "village"}),
    ("organizations", {"q": "新河"}),
    ("organizations/XINHE/children", {}),
    ("people", {}),
    ("people", {"ancestor": "XINHE", "q": "人员"}),
    ("positions", {"current": "true"}),
    ("terms", {"ordering": "-start_date"}),
    ("departments", {}),
    ("party-organizations", {}),
    ("regions", {}),
]


def test_list_query_count_does_not_grow_with_page_size(tree, admin_user, make_user):
    """Related rows come in the page query: 5 rows or 50 cost the same queries."""
    _bulk_rows(tree, admin_user)
    cadre = make_user("cadre", "cadre", tree.district)
    counts = {}
    for resource, params in LIST_CASES:
        url = f"{API}/{resource.replace('XINHE', str(tree.xinhe.pk))}/"
        params = {k: (str(tree.xinhe.pk) if v == "XINHE" else v) for k, v in params.items()}
        small, small_data = _queries(cadre.pk, url, {**params, "page_size": 5})
        large, large_data = _queries(cadre.pk, url, {**params, "page_size": 50})
        if resource != "regions":
            assert len(small_data["results"]) == 5, resource
            assert len(large_data["results"]) == 50, resource
        counts[f"{resource} {params}"] = (small, large)
    assert all(small == large for small, large in counts.values()), counts
    # the forced-password-change check (a token request loads it with the user), scope
    # (role assignments), the ancestor's path when filtering by it, count, page
    assert all(large <= 5 for _, large in counts.values()), counts


def test_pagination(tree, admin_user):
    _bulk_rows(tree, admin_user, count=12)
    client = api(admin_user)
    data = client.get(f"{API}/people/", {"page_size": 5}).json()
    assert data["count"] == 12
    assert len(data["results"]) == 5
    assert "page=2" in data["next"] and data["previous"] is None
    last = client.get(f"{API}/people/", {"page_size": 5, "page": 3}).json()
    assert len(last["results"]) == 2 and last["next"] is None
    assert client.get(f"{API}/people/", {"page": 9}).status_code == 404
    everything = client.get(f"{API}/organizations/", {"page_size": 10_000}).json()
    assert len(everything["results"]) == everything["count"] == 21  # below the cap of 200
    masked = client.get(f"{API}/people/", {"page_size": 1}).json()["results"][0]
    assert masked["phone_masked"].startswith("138****")
