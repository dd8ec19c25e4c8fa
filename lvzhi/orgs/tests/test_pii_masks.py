"""Masks that cannot be combined back: without the reveal right a cadre sees at most the
ID number's last four characters and the birth year, on every page, API answer and audit
diff of a person; a reveal needs a reason, which goes into the audit event."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from stdnum.cn import ric

from lvzhi.core.models import AuditEvent, Role, RoleAssignment
from lvzhi.orgs import services

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1985, 3, 12)
BODY = "120101" + BIRTH.strftime("%Y%m%d") + "002"
ID_NUMBER = BODY + ric.calc_check_digit(BODY + "0")
PHONE = "13812345678"
# what would give the number back: the birth date's month and day, the ID's first digits
SECRETS = [
    ID_NUMBER,
    ID_NUMBER[:14],
    "19850312",
    "1985-03-12",
    "0312",
    "03-12",
    "3月12日",
    "1201**",
    "120101",
    "13812345678",
]


def assert_masked(content: bytes, where: str) -> None:
    text = content.decode()
    for secret in SECRETS:
        assert secret not in text, (where, secret)


@pytest.fixture
def person(org_tree, admin_user):
    return services.person_create(
        actor=admin_user,
        organization=org_tree.xinhe_1,
        name="王秀英",
        id_number=ID_NUMBER,
        phone=PHONE,
        workplace="新河一社区居委会",
    )


@pytest.fixture
def plain_cadre(org_tree, make_user, person):
    """A cadre who may view and change people but not reveal their PII."""
    role = Role.objects.create(
        code="cadre_no_reveal",
        name="妇联干部（无查看敏感信息）",
        actions=["view", "create", "change", "delete", "import"],
        is_global=False,
    )
    user = make_user("plain_cadre")
    RoleAssignment.objects.create(
        user=user, role=role, organization=org_tree.xinhe, include_descendants=True
    )
    return user


@pytest.fixture
def revealer(org_tree, make_user):
    return make_user("revealer", "cadre", org_tree.xinhe)


def test_cadre_without_reveal_gets_last_four_and_year_only(client, plain_cadre, person):
    services.person_update(actor=plain_cadre, person=person, workplace="新河街道办事处")
    services.person_update(actor=plain_cadre, person=person, birth_date=BIRTH)  # unchanged
    client.force_login(plain_cadre)
    pages = {
        "person": reverse("orgs:person", args=[person.pk]),
        "people": reverse("orgs:people") + f"?org={person.organization_id}",
        "edit": reverse("orgs:person-edit", args=[person.pk]),
        "history": reverse("history", args=["orgs.person", person.pk]),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert_masked(response.content, name)
    page = client.get(pages["person"]).content.decode()
    assert "**************" + ID_NUMBER[-4:] in page and "1985年" in page
    assert "reveal-form" not in page
    history = client.get(pages["history"]).content.decode()
    assert ID_NUMBER[-4:] in history  # the last four stay readable in the trail

    api = APIClient()
    api.force_authenticate(plain_cadre)
    detail = api.get(f"/api/v1/orgs/people/{person.pk}/")
    assert detail.json()["birth_year"] == 1985
    assert detail.json()["id_number_masked"] == "*" * 14 + ID_NUMBER[-4:]
    assert "birth_date" not in detail.json()
    listing = api.get("/api/v1/orgs/people/", {"ancestor": person.organization_id})
    patched = api.patch(f"/api/v1/orgs/people/{person.pk}/", {"ethnicity": "汉族"}, format="json")
    for name, response in {"detail": detail, "list": listing, "patch": patched}.items():
        assert response.status_code == 200, (name, response.content)
        assert_masked(response.content, f"API {name}")
    # ordering by birth date would rank her against people of known birth dates
    from lvzhi.orgs.api import PersonViewSet

    assert "birth_date" not in PersonViewSet.ordering_fields

    # no reveal: the page and the endpoint answer 404 and write nothing
    before = AuditEvent.objects.count()
    reveal = reverse("orgs:person-reveal", args=[person.pk, "birth_date"])
    assert client.get(reveal).status_code == 404
    assert client.post(reveal, {"reason": "核对"}).status_code == 404
    response = api.post(
        f"/api/v1/orgs/people/{person.pk}/reveal/",
        {"field": "id_number", "reason": "核对"},
        format="json",
    )
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_audit_diffs_keep_last_four_and_year(plain_cadre, person):
    # a new number with the same last four and a birth date in the same year: the diff
    # still records that something changed, by masks only
    other = "120101" + "19850101" + "002"
    other += ric.calc_check_digit(other + "0")
    services.person_update(
        actor=plain_cadre, person=person, id_number=other, birth_date=dt.date(1985, 1, 1)
    )
    events = AuditEvent.objects.filter(object_type="orgs.person", object_id=str(person.pk))
    stored = json.dumps([e.changes for e in events], ensure_ascii=False)
    assert_masked(stored.encode(), "audit")
    assert "19850101" not in stored and "0101" not in stored
    update = events.filter(action="update").latest("id").changes
    assert update["birth_date"] == ["1985", "1985"]
    assert update["id_number"][1] == "*" * 14 + other[-4:]


def test_old_audit_events_are_remasked_when_shown(client, plain_cadre, person):
    AuditEvent.objects.create(
        action="update",
        object_type="orgs.person",
        object_id=str(person.pk),
        object_repr=person.name,
        organization=person.organization,
        org_path=person.org_path,
        changes={
            "id_number": [None, "1201**********" + ID_NUMBER[-4:]],
            "birth_date": [None, "1985-03-12"],
        },
    )
    client.force_login(plain_cadre)
    response = client.get(reverse("history", args=["orgs.person", person.pk]))
    assert_masked(response.content, "history of an old event")


def test_revealer_sees_full_values_only_through_reveal_with_reason(client, revealer, person):
    client.force_login(revealer)
    page = client.get(reverse("orgs:person", args=[person.pk]))
    assert_masked(page.content, "revealer's person page")
    assert 'id="reveal-form"' in page.content.decode()
    assert_masked(client.get(reverse("orgs:person-edit", args=[person.pk])).content, "edit")

    url = reverse("orgs:person-reveal", args=[person.pk, "birth_date"])
    before = AuditEvent.objects.filter(action="reveal").count()
    assert client.get(url).status_code == 200
    missing = client.post(url, {"reason": "  "})
    assert missing.status_code == 400
    assert "请填写查看原因" in missing.content.decode()
    assert_masked(missing.content, "reveal without reason")
    assert AuditEvent.objects.filter(action="reveal").count() == before

    shown = client.post(url, {"reason": "核对低保申请材料"})
    assert shown.status_code == 200
    assert "1985-03-12" in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    event = AuditEvent.objects.filter(action="reveal").latest("id")
    assert event.changes == {"field": "出生日期", "reason": "核对低保申请材料"}
    assert event.actor == revealer
    history = client.get(reverse("history", args=["orgs.person", person.pk])).content.decode()
    assert "核对低保申请材料" in history

    shown = client.post(
        reverse("orgs:person-reveal", args=[person.pk, "id_number"]), {"reason": "核对身份"}
    )
    assert ID_NUMBER in shown.content.decode()


def test_api_reveal_needs_a_reason(revealer, person):
    api = APIClient()
    api.force_authenticate(revealer)
    url = f"/api/v1/orgs/people/{person.pk}/reveal/"
    before = AuditEvent.objects.filter(action="reveal").count()
    for body in ({"field": "id_number"}, {"field": "id_number", "reason": ""}):
        response = api.post(url, body, format="json")
        assert response.status_code == 400
        assert "请填写查看原因" in response.content.decode()
    assert AuditEvent.objects.filter(action="reveal").count() == before
    response = api.post(url, {"field": "birth_date", "reason": "入户走访核对"}, format="json")
    assert response.status_code == 200
    assert response.json()["value"] == "1985-03-12"
    response = api.post(url, {"field": "id_number", "reason": "入户走访核对"}, format="json")
    assert response.json()["value"] == ID_NUMBER
    events = AuditEvent.objects.filter(action="reveal").order_by("id")
    assert [e.changes["reason"] for e in events] == ["入户走访核对", "入户走访核对"]
