"""/api/v1/orgs/people/: PII masked on read, audited writes and reveals, filters."""

import json

import pytest
from django.db import connection

from lvzhi.core.models import AuditEvent
from lvzhi.orgs import services
from lvzhi.orgs.models import (
    Person,
)

from .support import API, PHONE, api, make_id, results

pytestmark = pytest.mark.django_db

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
