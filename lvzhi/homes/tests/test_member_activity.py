"""An executive member's 妇女之家 activity counts for her 七个一 (R-HM-06 with R-EX-01…06):
once held (its day come, sign-in recorded) the activity she led counts as the kind chosen
(her compliance count moves), moves with it, goes when it no longer counts; it names no
woman and is guarded on the activity pages; a leader not seated at the home is refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.homes import rules
from lvzhi.homes.activities import services
from lvzhi.homes.models import Activity, MemberKind
from lvzhi.members.activities import services as member_services
from lvzhi.members.models import Activity as MemberActivity
from lvzhi.members.models import ActivityKind, MemberCompliance
from lvzhi.orgs.models import Person, Position, Title

from .test_activities import activity, plan  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(org_tree):
    person = Person.objects.create(
        organization=org_tree.xinhe_1, org_path=org_tree.xinhe_1.path, name="刘执委", gender="F"
    )
    Position.objects.create(
        person=person,
        organization=org_tree.xinhe_1,
        org_path=org_tree.xinhe_1.path,
        title=Title.MEMBER,
        start_date=dt.date(2024, 1, 1),
    )
    return person


def lectures(person, period="2026Q4"):
    row = MemberCompliance.objects.filter(person=person, rule_id="R-EX-02", period_code=period)
    return row.first().done if row.exists() else 0


def test_member_kinds_are_members_activity_kinds():
    assert set(MemberKind.values) - {""} <= set(ActivityKind.values)


@pytest.mark.parametrize(
    ("leader", "kind", "day", "signed_in", "counts"),
    [
        (True, "lecture", dt.date(2026, 11, 20), 30, True),
        (True, "lecture", dt.date(2026, 11, 29), 0, True),  # today, held
        (True, "lecture", dt.date(2026, 11, 30), None, False),  # not yet
        (True, "lecture", dt.date(2026, 11, 20), None, False),  # no sign-in
        (True, "", dt.date(2026, 11, 20), 30, False),
        (False, "lecture", dt.date(2026, 11, 20), 30, False),
    ],
)
def test_counts_for_member_rule(leader, kind, day, signed_in, counts):
    assert (
        rules.counts_for_member(
            leader=leader,
            counts_as=kind,
            date=day,
            today=dt.date(2026, 11, 29),
            signed_in=signed_in,
        )
        is counts
    )


def test_her_lecture_at_the_home_counts_for_her_seven(cadre, plan, leader):  # noqa: F811
    assert lectures(leader) == 0
    row = activity(cadre, plan, leader=leader, counts_as="lecture")
    member = MemberActivity.objects.get(pk=row.member_activity_id)
    assert (member.kind, member.person_id, member.date) == ("lecture", leader.pk, row.date)
    assert member.women_reached == 35 and "家庭教育讲座" in member.note
    assert lectures(leader) == 1
    # the activity pages may not change it
    with pytest.raises(ValidationError, match="妇女之家"):
        member_services.activity_update(actor=cadre, activity=member, note="改")
    # moved into Q4's other month: still one; its kind changed: a public service instead
    row = services.activity_update(actor=cadre, activity=row, date=dt.date(2026, 10, 9))
    assert MemberActivity.objects.get(pk=row.member_activity_id).date == dt.date(2026, 10, 9)
    row = services.activity_update(actor=cadre, activity=row, counts_as="public_service")
    assert lectures(leader) == 0
    assert MemberActivity.objects.get(pk=row.member_activity_id).kind == "public_service"
    # no longer counted: the members activity goes
    row = services.activity_update(actor=cadre, activity=row, counts_as="")
    assert row.member_activity_id is None and not MemberActivity.objects.exists()


def test_planned_activity_counts_once_held(cadre, plan, leader, clock):  # noqa: F811
    row = activity(
        cadre,
        plan,
        date=dt.date(2026, 12, 10),
        signed_in=None,
        results="",
        leader=leader,
        counts_as="lecture",
    )
    assert row.member_activity_id is None and lectures(leader) == 0
    clock.set(dt.date(2026, 12, 11))
    row = services.activity_update(actor=cadre, activity=row, signed_in=20, results="20人参加")
    assert row.member_activity_id and lectures(leader) == 1


def test_a_leader_not_seated_at_the_home_is_refused(cadre, plan, org_tree):  # noqa: F811
    outsider = Person.objects.create(
        organization=org_tree.xinhe_1, org_path=org_tree.xinhe_1.path, name="外人", gender="F"
    )
    with pytest.raises(ValidationError) as exc:
        activity(cadre, plan, leader=outsider, counts_as="lecture")
    assert "leader" in exc.value.message_dict
    with pytest.raises(ValidationError):
        activity(cadre, plan, counts_as="duty")
    assert not Activity.objects.exists() and not MemberActivity.objects.exists()


def test_page_and_api(client, cadre, plan, leader):  # noqa: F811
    row = activity(cadre, plan, leader=leader, counts_as="lecture")
    client.force_login(cadre)
    page = client.get(reverse("homes:activity", args=[row.pk])).content.decode()
    assert "刘执委" in page and "已计入" in page
    api = APIClient()
    api.force_authenticate(cadre)
    data = api.get(f"/api/v1/homes/activities/{row.pk}/").json()
    assert data["leader"] == leader.pk and data["member_activity_id"] == row.member_activity_id
    response = api.patch(
        f"/api/v1/homes/activities/{row.pk}/", {"counts_as": "survey"}, format="json"
    )
    assert response.status_code == 200, response.json()
    row.refresh_from_db()
    assert response.json()["member_activity_id"] == row.member_activity_id
    assert MemberActivity.objects.get(pk=row.member_activity_id).kind == ActivityKind.SURVEY
