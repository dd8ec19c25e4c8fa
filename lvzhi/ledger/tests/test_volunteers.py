"""巾帼志愿者: teams, volunteers from the ledger or outside (phone encrypted, masked),
services with hours per volunteer and per team in a year, the public page without names
or phones, refusals out of scope, and list query counts."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.core.scopes import OutOfScope
from lvzhi.ledger import selectors_volunteers, services_volunteers
from lvzhi.ledger.models import ServiceRecord, TeamMember, VolunteerTeam

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture
def team(ledger):
    return services_volunteers.team_create(
        actor=ledger.cadre, organization=ledger.community, name="新河一巾帼志愿服务队"
    )


def add(ledger, team, today, **fields):
    return services_volunteers.member_add(
        actor=ledger.cadre,
        team=team,
        joined_on=today - dt.timedelta(days=30),
        today=today,
        **fields,
    )


def test_members_from_ledger_and_outside(ledger, team, make_entry, today):
    entry = make_entry()
    inside = add(ledger, team, today, entry=entry, is_leader=True)
    outside = add(ledger, team, today, name="赵志愿", phone=PHONE)
    assert inside.display_name == "李桂芳" and inside.name == ""
    assert outside.phone == PHONE
    with pytest.raises(ValidationError) as exc:
        add(ledger, team, today, entry=entry)
    assert exc.value.message_dict["entry"] == ["该人员已在本队伍中"]
    with pytest.raises(ValidationError) as exc:
        add(ledger, team, today)
    assert "队外志愿者姓名" in exc.value.message_dict["name"][0]
    other = make_entry(name="外社区", organization=ledger.other)
    with pytest.raises(ValidationError):
        add(ledger, team, today, entry=other)
    text = json.dumps([e.changes for e in AuditEvent.objects.all()], ensure_ascii=False)
    assert PHONE not in text and "139****5678" in text
    assert TeamMember.objects.count() == 2


def test_hours_per_volunteer_and_team_per_year(ledger, team, make_entry, today):
    a = add(ledger, team, today, entry=make_entry())
    b = add(ledger, team, today, name="赵志愿")
    serve = services_volunteers.service_record
    serve(
        actor=ledger.cadre,
        team=team,
        date=today,
        title="敬老",
        hours=Decimal("2.5"),
        members=[a, b],
        beneficiaries=12,
        today=today,
    )
    serve(
        actor=ledger.cadre,
        team=team,
        date=today - dt.timedelta(days=1),
        title="助学",
        hours=3,
        members=[a],
        beneficiaries=5,
        today=today,
    )
    hours = {
        r["member"]: (r["hours"], r["services"])
        for r in selectors_volunteers.hours_by_volunteer(team, today.year)
    }
    assert hours == {a.pk: (Decimal("5.5"), 2), b.pk: (Decimal("2.5"), 1)}
    assert selectors_volunteers.team_year(team, today.year) == {
        "services": 2,
        "beneficiaries": 17,
        "hours": Decimal("8.0"),
    }
    assert selectors_volunteers.team_year(team, today.year - 1)["services"] == 0


def test_service_refused_when_bad(ledger, team, today):
    member = add(ledger, team, today, name="赵志愿")
    with pytest.raises(ValidationError) as exc:
        services_volunteers.service_record(
            actor=ledger.cadre,
            team=team,
            date=today + dt.timedelta(days=1),
            title="",
            hours=30,
            members=[],
            today=today,
        )
    assert set(exc.value.message_dict) == {"date", "hours", "members", "title"}
    services_volunteers.member_leave(actor=ledger.cadre, member=member, date=today, today=today)
    with pytest.raises(ValidationError) as exc:
        services_volunteers.service_record(
            actor=ledger.cadre,
            team=team,
            date=today - dt.timedelta(days=60),
            title="x",
            hours=1,
            members=[member],
            today=today,
        )
    assert "不是本队志愿者" in exc.value.message_dict["members"][0]
    assert ServiceRecord.objects.count() == 0


def test_out_of_scope_refused(ledger, team, today):
    with pytest.raises(OutOfScope):
        services_volunteers.member_add(
            actor=ledger.other_cadre, team=team, name="x", joined_on=today, today=today
        )
    with pytest.raises(OutOfScope):
        services_volunteers.team_create(
            actor=ledger.other_cadre, organization=ledger.community, name="别队"
        )
    assert TeamMember.objects.count() == 0 and VolunteerTeam.objects.count() == 1


def test_pages(client, ledger, team, make_entry, today):
    client.force_login(ledger.cadre)
    entry = make_entry()
    answer = client.post(
        reverse("ledger:team-member-add", args=[team.pk]),
        {"entry": entry.pk, "joined_on": "2026-11-01", "is_leader": "on"},
    )
    assert answer.status_code == 302 and TeamMember.objects.get().is_leader
    client.post(
        reverse("ledger:team-member-add", args=[team.pk]),
        {"name": "赵志愿", "phone": PHONE, "joined_on": "2026-11-01"},
    )
    members = list(TeamMember.objects.values_list("pk", flat=True))
    answer = client.post(
        reverse("ledger:team-service", args=[team.pk]),
        {
            "date": "2026-11-20",
            "title": "敬老助餐",
            "beneficiaries": 8,
            "hours": "2",
            "members": members,
        },
    )
    assert answer.status_code == 302
    page = client.get(reverse("ledger:team", args=[team.pk]) + "?year=2026").content.decode()
    assert "139****5678" in page and PHONE not in page and "敬老助餐" in page
    assert "2.0 小时 / 1 次" in page
    assert client.get(reverse("ledger:teams")).status_code == 200
    client.force_login(ledger.other_cadre)
    assert client.get(reverse("ledger:team", args=[team.pk])).status_code == 404
    client.force_login(ledger.staff)
    assert client.get(reverse("ledger:team", args=[team.pk])).status_code == 404


def test_public_page_without_personal_data(client, ledger, team, make_entry, today):
    a = add(ledger, team, today, entry=make_entry(phone="13812345678"))
    b = add(ledger, team, today, name="赵志愿", phone=PHONE)
    services_volunteers.service_record(
        actor=ledger.cadre,
        team=team,
        date=today,
        title="敬老",
        hours=2,
        members=[a, b],
        beneficiaries=12,
        today=today,
    )
    page = client.get(reverse("ledger:team-public", args=[team.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "新河一巾帼志愿服务队" in text and "志愿者 2 名" in text
    assert "4.0" in text and "敬老" in text
    for personal in ("李桂芳", "赵志愿", PHONE, "5678", "13812345678"):
        assert personal not in text
    VolunteerTeam.objects.update(is_public=False)
    assert client.get(reverse("ledger:team-public", args=[team.pk])).status_code == 404
    assert client.get("/ledger/public/teams/abc/").status_code == 404


def test_team_page_query_count(client, ledger, team, today, django_assert_max_num_queries):
    client.force_login(ledger.cadre)
    for n in range(2):
        add(ledger, team, today, name=f"志愿{n}", phone=PHONE)
    url = reverse("ledger:team", args=[team.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    counted = len(few.captured_queries)
    members = [add(ledger, team, today, name=f"更多{n}") for n in range(8)]
    services_volunteers.service_record(
        actor=ledger.cadre,
        team=team,
        date=today,
        title="x",
        hours=1,
        members=members,
        today=today,
    )
    with django_assert_max_num_queries(counted):
        client.get(url)
    for n in range(5):
        services_volunteers.team_create(
            actor=ledger.cadre, organization=ledger.community, name=f"队{n}"
        )
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("ledger:teams"))
    counted = len(few.captured_queries)
    services_volunteers.team_create(
        actor=ledger.cadre, organization=ledger.community, name="再一队"
    )
    with django_assert_max_num_queries(counted):
        client.get(reverse("ledger:teams"))


def test_api_teams(ledger, team, make_entry, today):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(ledger.cadre)
    base = "/api/v1/ledger/teams"
    created = api.post(f"{base}/", {"organization": ledger.community.pk, "name": "二队"})
    assert created.status_code == 201
    entry = make_entry()
    url = f"{base}/{team.pk}/members/"
    a = api.post(url, {"entry": entry.pk, "joined_on": "2026-11-01", "is_leader": True})
    b = api.post(url, {"name": "赵志愿", "phone": PHONE, "joined_on": "2026-11-01"})
    assert a.status_code == 201 and b.json()["phone_masked"] == "139****5678"
    assert api.post(url, {"joined_on": "2026-11-01"}).status_code == 400
    members = [a.json()["id"], b.json()["id"]]
    body = {"date": "2026-11-20", "title": "敬老", "hours": "1.5", "members": members}
    assert api.post(f"{base}/{team.pk}/services/", body, format="json").status_code == 201
    bad = {**body, "members": [members[0], 999999]}
    assert api.post(f"{base}/{team.pk}/services/", bad, format="json").status_code == 400
    hours = api.get(f"{base}/{team.pk}/hours/?year=2026").json()
    assert hours["services"] == 1 and hours["hours"] == "3.0"
    assert {v["name"]: v["hours"] for v in hours["volunteers"]} == {
        "李桂芳": "1.5",
        "赵志愿": "1.5",
    }
    assert api.get(f"{base}/{team.pk}/hours/?year=abc").status_code == 400
    assert PHONE not in str(api.get(url).json())
    api.force_authenticate(ledger.other_cadre)
    assert api.get(f"{base}/{team.pk}/").status_code == 404
    assert api.get(f"{base}/{team.pk}/hours/").status_code == 404
    assert api.post(url, {"name": "x", "joined_on": "2026-11-01"}).status_code == 404
    assert ServiceRecord.objects.count() == 1 and TeamMember.objects.count() == 2


def test_team_members_answer_is_the_list_the_schema_declares(ledger, team, make_entry):
    """GET members answers a plain list (one team's volunteers), and the OpenAPI schema
    says so, not a paginated object (the API fuzz run checks answers against it)."""
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(ledger.cadre)
    url = f"/api/v1/ledger/teams/{team.pk}/members/"
    api.post(url, {"entry": make_entry().pk, "joined_on": "2026-11-01"})
    answer = api.get(url).json()
    assert isinstance(answer, list) and len(answer) == 1
    schema = SchemaGenerator().get_schema(request=None, public=True)
    declared = schema["paths"]["/api/v1/ledger/teams/{id}/members/"]["get"]["responses"]
    assert declared["200"]["content"]["application/json"]["schema"]["type"] == "array"
