"""/api/v1/members/: committees, profiles, public profile, contact assignments and gaps."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.members.models import ContactAssignment, MemberProfile
from lvzhi.members.profiles import services
from lvzhi.members.tests.conftest import committees  # noqa: F401
from lvzhi.members.tests.test_profiles import MASKED, PHONE, cadre, dagu_cadre, fill_contacts, units  # noqa: F401


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_committee_endpoint(committees, cadre, dagu_cadre, units):  # noqa: F811
    fill_contacts(cadre, committees.township[3], units)
    data = api_for(cadre).get(f"/api/v1/members/committees/{committees.tree.xinhe.pk}/").json()
    assert data["size"] == 25 and len(data["seats"]) == 25 and data["with_gaps"] == 24
    assert [seat["title"] for seat in data["seats"][:4]] == [
        "chair",
        "vice_chair",
        "vice_chair",
        "member",
    ]
    assert {v["rule_id"] for v in data["size_verdicts"]} == {"R-MB-01", "R-MB-02"}
    full = next(s for s in data["seats"] if s["person"] == committees.township[3].pk)
    assert full["contacts"] == {"groups": 1, "micro_homes": 1, "women": 10, "women_visited": 0}
    assert full["contact_met"] and full["contact_verdict"]["outcome"] == "met"
    empty = data["seats"][0]
    assert empty["contact_gaps"] == [
        "还需联系1个妇女小组",
        "还需联系1个妇女微家",
        "还需联系10名妇女群众",
    ]
    assert empty["contact_verdict"]["source"] == "CQ-FN 附件6"
    assert empty["start_date"] == "2024-01-01" and empty["published"] is False
    outside = api_for(dagu_cadre).get(f"/api/v1/members/committees/{committees.tree.xinhe.pk}/")
    assert outside.status_code == 404
    member = api_for(committees.township[0].user)
    assert member.get(f"/api/v1/members/committees/{committees.tree.xinhe.pk}/").status_code == 404
    assert APIClient().get(
        f"/api/v1/members/committees/{committees.tree.xinhe.pk}/"
    ).status_code in (
        401,
        403,
    )


def test_committee_endpoint_queries_do_not_grow(committees, cadre, units):  # noqa: F811
    fill_contacts(cadre, committees.township[1], units, women=1)
    fill_contacts(cadre, committees.village[1], units, women=1)
    api = api_for(cadre)
    counts = []
    for org in (committees.tree.xinhe_1, committees.tree.xinhe):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"/api/v1/members/committees/{org.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_contact_gaps_endpoint(committees, cadre, units):  # noqa: F811
    fill_contacts(cadre, committees.village[0], units)
    data = api_for(cadre).get(
        f"/api/v1/members/committees/{committees.tree.xinhe.pk}/contact-gaps/"
    )
    data = data.json()
    assert data["count"] == 2
    by_org = {row["organization"]: row for row in data["results"]}
    village = by_org[committees.tree.xinhe_1.pk]
    assert village["size"] == 12 and len(village["with_gaps"]) == 11
    assert village["with_gaps"][0]["verdict"]["rule_id"] == "R-EX-08"
    assert len(by_org[committees.tree.xinhe.pk]["with_gaps"]) == 25


def test_profiles_own_and_in_scope(committees, cadre, dagu_cadre):  # noqa: F811
    me, other = committees.township[0], committees.township[1]
    member = api_for(me.user)
    blank = member.get("/api/v1/members/profiles/me/").json()
    assert blank["person"] == me.pk and blank["public_token"] == ""
    saved = member.patch(
        "/api/v1/members/profiles/me/", {"residence": "幸福里", "duties": "联系妇女"}, format="json"
    )
    assert saved.status_code == 200 and saved.json()["residence"] == "幸福里"
    assert saved.json()["public_url"].startswith("http://testserver/members/p/")
    assert member.get(f"/api/v1/members/profiles/{me.pk}/").json()["residence"] == "幸福里"

    audit_before = AuditEvent.objects.count()
    assert member.get(f"/api/v1/members/profiles/{other.pk}/").status_code == 404
    refused = member.patch(f"/api/v1/members/profiles/{other.pk}/", {"duties": "x"}, format="json")
    assert refused.status_code == 404
    assert AuditEvent.objects.count() == audit_before
    assert [p["person"] for p in member.get("/api/v1/members/profiles/").json()["results"]] == [
        me.pk
    ]

    bad = api_for(cadre).patch(
        f"/api/v1/members/profiles/{other.pk}/", {"is_published": True}, format="json"
    )
    assert bad.status_code == 400 and "公开亮身份前请填写履职职责" in str(bad.json()["duties"])
    assert not MemberProfile.objects.filter(person=other).exists()
    ok = api_for(cadre).patch(
        f"/api/v1/members/profiles/{other.pk}/",
        {"duties": "宣讲", "is_published": True},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["is_published"] is True
    listed = api_for(cadre).get("/api/v1/members/profiles/", {"published": "1"}).json()
    assert [p["person"] for p in listed["results"]] == [other.pk]
    assert api_for(dagu_cadre).get(f"/api/v1/members/profiles/{other.pk}/").status_code == 404
    assert api_for(dagu_cadre).get("/api/v1/members/profiles/").json()["count"] == 0
    assert api_for(cadre).get("/api/v1/members/profiles/me/").status_code == 404


def test_public_profile_by_token(committees, cadre):  # noqa: F811
    person = committees.township[0]
    from lvzhi.orgs import services as org_services

    org_services.person_update(actor=cadre, person=person, phone=PHONE)
    services.profile_update(actor=cadre, person=person, duties="联系第一妇女小组")
    token = MemberProfile.objects.get(person=person).public_token
    anonymous = APIClient()
    assert anonymous.get(f"/api/v1/members/public-profiles/{token}/").status_code == 404
    services.profile_update(actor=cadre, person=person, is_published=True)
    response = anonymous.get(f"/api/v1/members/public-profiles/{token}/")
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == person.name and data["duties"] == "联系第一妇女小组"
    assert data["seats"] == [{"organization_name": "新河街道妇女联合会", "title_display": "主席"}]
    assert {c["kind"] for c in data["activity_counts"]} >= {"contact", "lecture"}
    assert PHONE not in response.content.decode() and MASKED not in response.content.decode()


def test_contact_crud_through_the_api(committees, cadre, dagu_cadre, units):  # noqa: F811
    person = committees.township[3]
    api = api_for(cadre)
    group = api.post(
        "/api/v1/members/contacts/",
        {"person": person.pk, "kind": "group", "unit": units.group.pk},
        format="json",
    )
    assert group.status_code == 201, group.content
    assert group.json()["unit_name"] == units.group.name
    woman = api.post(
        "/api/v1/members/contacts/",
        {"person": person.pk, "kind": "woman", "woman_name": "李群众", "woman_phone": PHONE},
        format="json",
    )
    assert woman.status_code == 201 and woman.json()["woman_phone_masked"] == MASKED
    assert PHONE not in woman.content.decode()
    woman_id = woman.json()["id"]

    audit_before, rows_before = AuditEvent.objects.count(), ContactAssignment.objects.count()
    for body in (
        {"person": person.pk, "kind": "micro_home", "unit": units.group.pk},
        {"person": person.pk, "kind": "group", "unit": 999999},
        {"person": person.pk, "kind": "woman"},
        {"person": person.pk, "kind": "x"},
    ):
        refused = api.post("/api/v1/members/contacts/", body, format="json")
        assert refused.status_code == 400, body
    outside = api_for(dagu_cadre).post(
        "/api/v1/members/contacts/",
        {"person": person.pk, "kind": "woman", "woman_name": "某"},
        format="json",
    )
    assert outside.status_code == 404
    assert api_for(dagu_cadre).get(f"/api/v1/members/contacts/{woman_id}/").status_code == 404
    own = api_for(committees.township[0].user)
    denied = own.post(
        "/api/v1/members/contacts/",
        {"person": committees.township[0].pk, "kind": "woman", "woman_name": "某"},
        format="json",
    )
    assert denied.status_code == 404
    assert AuditEvent.objects.count() == audit_before
    assert ContactAssignment.objects.count() == rows_before

    listed = api.get("/api/v1/members/contacts/", {"person": person.pk}).json()
    assert listed["count"] == 2
    patched = api.patch(
        f"/api/v1/members/contacts/{woman_id}/", {"woman_phone": "13900001111"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["woman_phone_masked"] == "139****1111"
    ended = api.post(f"/api/v1/members/contacts/{woman_id}/end/", {}, format="json")
    assert ended.status_code == 200 and ended.json()["end_date"]
    assert (
        api.get("/api/v1/members/contacts/", {"person": person.pk, "active": "1"}).json()["count"]
        == 1
    )
    again = api.post(f"/api/v1/members/contacts/{woman_id}/end/", {}, format="json")
    assert again.status_code == 400 and "该联系已于" in str(again.json())
    gone = api.delete(f"/api/v1/members/contacts/{group.json()['id']}/")
    assert gone.status_code == 204
    assert not ContactAssignment.objects.filter(pk=group.json()["id"]).exists()
    assert all(PHONE not in str(e.changes) for e in AuditEvent.objects.all())


def test_a_member_reads_her_own_contacts_only(committees, cadre, units):  # noqa: F811
    me, other = committees.township[1], committees.township[2]
    mine = services.contact_assign(actor=cadre, person=me, kind="group", unit=units.group)
    theirs = services.contact_assign(actor=cadre, person=other, kind="group", unit=units.group)
    api = api_for(me.user)
    assert [c["id"] for c in api.get("/api/v1/members/contacts/").json()["results"]] == [mine.pk]
    assert api.get(f"/api/v1/members/contacts/{theirs.pk}/").status_code == 404
    assert (
        api.patch(
            f"/api/v1/members/contacts/{mine.pk}/", {"start_date": "2025-01-01"}, format="json"
        ).status_code
        == 404
    )
    assert api.delete(f"/api/v1/members/contacts/{mine.pk}/").status_code == 404


def test_contact_list_queries_do_not_grow(committees, cadre, units):  # noqa: F811
    api = api_for(cadre)
    counts = []
    for people in (committees.township[:3], committees.township[3:15]):
        for person in people:
            services.contact_assign(actor=cadre, person=person, kind="group", unit=units.group)
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/members/contacts/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
