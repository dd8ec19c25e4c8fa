"""Women's groups (R-OR-03: ≥ 3 fixed members, 3 valid, 1 leader; an upper-level executive
member may lead) and 微家 (by building, interest or industry, with members and
activities): created under a village federation, listed with their verdicts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.grassroots.models import MicroHome, MicroHomeActivity
from lvzhi.grassroots.units import services
from lvzhi.orgs.models import Organization, Person, Position

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _clock(clock):
    clock.set(TODAY)


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("xinhe", "cadre", org_tree.xinhe)


def _group(cadre, org_tree, members, **extra):
    return services.small_unit_create(
        actor=cadre,
        parent=org_tree.xinhe_1,
        kind="women_group",
        name=extra.pop("name", "楼栋妇女小组"),
        start_date=extra.pop("start_date", TODAY),
        **({"leader": "组长甲"} | extra),
        members=members,
    )


@pytest.mark.parametrize(
    ("others", "outcome"),
    [(1, "invalid"), (2, "valid"), (3, "valid")],  # with the leader: 2, 3, 4 members
)
def test_group_verdict_at_the_boundary(cadre, org_tree, client, others, outcome):
    group = _group(cadre, org_tree, [f"成员{i}" for i in range(others)])
    assert group.kind == "women_group" and group.code.startswith(org_tree.xinhe_1.code)
    client.force_login(cadre)
    page = client.get(reverse("grassroots:unit", args=[group.pk]))
    assert page.context["verdict"].outcome == outcome
    listed = client.get(reverse("grassroots:women-groups"), {"org": org_tree.xinhe.pk})
    row = next(r for r in listed.context["rows"] if r.pk == group.pk)
    assert row.verdict.outcome == outcome
    if outcome == "invalid":
        assert "固定成员2人，不足3人" in row.verdict.detail


def test_upper_executive_may_lead(cadre, org_tree):
    org = org_tree.xinhe
    executive = Person.objects.create(organization=org, org_path=org.path, name="街道执委")
    Position.objects.create(
        person=executive,
        organization=org,
        org_path=org.path,
        title="member",
        start_date=dt.date(2024, 1, 1),
    )
    group = _group(cadre, org_tree, ["甲", "乙"], leader="", leader_person=executive)
    leader = Position.objects.get(organization=group, title="leader")
    assert leader.person == executive  # seated as she is, not typed again
    outsider = Person.objects.create(organization=org, org_path=org.path, name="非执委")
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as refused:
        _group(cadre, org_tree, ["甲", "乙"], leader="", leader_person=outsider, name="二组")
    assert "leader_person" in refused.value.message_dict
    assert Organization.objects.count() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"leader": ""}, "leader"),  # neither a name nor an executive member
        ({"name": " "}, "name"),
    ],
)
def test_refusals_write_nothing(cadre, org_tree, change, field):
    before = (Organization.objects.count(), Person.objects.count())
    with pytest.raises(ValidationError) as refused:
        _group(cadre, org_tree, ["甲", "乙"], **change)
    assert field in refused.value.message_dict
    assert (Organization.objects.count(), Person.objects.count()) == before


def test_groups_only_under_a_village_federation(cadre, org_tree):
    with pytest.raises(ValidationError) as refused:
        services.small_unit_create(
            actor=cadre,
            parent=org_tree.xinhe,
            kind="women_group",
            name="街道小组",
            start_date=TODAY,
            leader="甲",
            members=["乙", "丙"],
        )
    assert "parent" in refused.value.message_dict


def test_member_leaving_makes_a_group_invalid(cadre, org_tree, client):
    group = _group(cadre, org_tree, ["甲", "乙"], start_date=dt.date(2026, 11, 1))
    client.force_login(cadre)
    seat = Position.objects.get(organization=group, person__name="乙")
    response = client.post(
        reverse("grassroots:unit-member-end", args=[group.pk, seat.pk]),
        {"end_date": "2026-11-28"},
    )
    assert response.status_code == 302
    page = client.get(reverse("grassroots:unit", args=[group.pk]))
    assert page.context["verdict"].outcome == "invalid"
    added = client.post(
        reverse("grassroots:unit-member-add", args=[group.pk]),
        {"name": "丙", "start_date": "2026-11-29"},
    )
    assert added.status_code == 302
    assert client.get(reverse("grassroots:unit", args=[group.pk])).context["verdict"].outcome == (
        "valid"
    )
    twice = client.post(
        reverse("grassroots:unit-member-add", args=[group.pk]),
        {"name": "丙", "start_date": "2026-11-29"},
    )
    assert twice.status_code == 400 and "丙已是成员" in twice.content.decode()


def test_micro_home_page_flow(cadre, org_tree, client):
    client.force_login(cadre)
    url = reverse("grassroots:micro-home-create")
    refused = client.post(
        url + f"?org={org_tree.xinhe_1.pk}",
        {"name": "书香微家", "start_date": "2026-11-01", "leader": "甲", "members": "乙\n丙"},
    )
    assert refused.status_code == 400 and not MicroHome.objects.exists()
    created = client.post(
        url + f"?org={org_tree.xinhe_1.pk}",
        {
            "name": "书香微家",
            "start_date": "2026-11-01",
            "leader": "甲",
            "members": "乙\n丙",
            "basis": "interest",
            "basis_detail": "读书",
        },
    )
    home = Organization.objects.get(name="书香微家")
    assert created.url == reverse("grassroots:unit", args=[home.pk])
    assert home.kind == "micro_home" and home.micro_home.basis == "interest"
    activity = client.post(
        reverse("grassroots:unit-activity", args=[home.pk]),
        {"held_on": "2026-11-20", "title": "读书分享会", "participants": 12},
    )
    assert activity.status_code == 302
    bad = client.post(
        reverse("grassroots:unit-activity", args=[home.pk]),
        {"held_on": "2026-11-21", "title": "空活动", "participants": 0},
    )
    assert bad.status_code == 400 and MicroHomeActivity.objects.count() == 1
    listed = client.get(reverse("grassroots:micro-homes"), {"org": org_tree.xinhe.pk})
    (row,) = listed.context["rows"]
    assert (row.members, row.activities, row.last_activity) == (3, 1, dt.date(2026, 11, 20))


def test_micro_home_list_queries_do_not_grow(cadre, org_tree, client):
    client.force_login(cadre)
    url = reverse("grassroots:micro-homes")

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"org": org_tree.xinhe.pk})
        return len(queries)

    def add(n):
        services.small_unit_create(
            actor=cadre,
            parent=org_tree.xinhe_1,
            kind="micro_home",
            name=f"微家{n}",
            start_date=TODAY,
            leader=f"负责人{n}",
            members=["甲", "乙"],
            basis="building",
            basis_detail=f"{n}号楼",
        )

    count()  # the first page of a session fills the per-user navbar cache
    add(1)
    one = count()
    for n in range(2, 6):
        add(n)
    assert count() == one


def test_api(cadre, org_tree, client, make_user):
    client.force_login(cadre)
    created = client.post(
        "/api/v1/grassroots/units/",
        {
            "parent": org_tree.xinhe_1.pk,
            "kind": "women_group",
            "name": "快递小哥家属妇女小组",
            "start_date": "2026-11-01",
            "leader": "甲",
            "members": ["乙"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["verdict"]["rule_id"] == "R-OR-03" and body["verdict"]["outcome"] == "invalid"
    unit = body["id"]
    added = client.post(
        f"/api/v1/grassroots/units/{unit}/members/",
        {"name": "丙", "start_date": "2026-11-29"},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["verdict"]["outcome"] == "valid"
    homes = client.get(f"/api/v1/grassroots/micro-homes/{org_tree.xinhe.pk}/")
    assert homes.status_code == 200
    client.force_login(make_user("dagu", "cadre", org_tree.dagu))
    assert client.get(f"/api/v1/grassroots/units/{unit}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/grassroots/units/{unit}/members/",
            {"name": "丁", "start_date": "2026-11-29"},
            content_type="application/json",
        ).status_code
        == 404
    )


def _district_executive(org_tree):
    """An executive member of the district federation: above 新河一社区, so she may lead a
    group there, but out of sight of a 新河街道 cadre."""
    district = org_tree.district
    person = Person.objects.create(organization=district, org_path=district.path, name="区执委")
    Position.objects.create(
        person=person,
        organization=district,
        org_path=district.path,
        title="member",
        start_date=dt.date(2024, 1, 1),
    )
    return person


def test_leader_picker_offers_only_people_the_cadre_sees(cadre, org_tree, client, make_user):
    outsider = _district_executive(org_tree)
    township = org_tree.xinhe
    visible = Person.objects.create(organization=township, org_path=township.path, name="街道执委")
    Position.objects.create(
        person=visible,
        organization=township,
        org_path=township.path,
        title="member",
        start_date=dt.date(2024, 1, 1),
    )
    client.force_login(cadre)
    url = reverse("grassroots:women-group-create") + f"?org={org_tree.xinhe_1.pk}"
    offered = client.get(url).context["form"].fields["leader_person"].queryset
    assert list(offered) == [visible]
    before = (Organization.objects.count(), Position.objects.count())
    data = {"name": "一组", "start_date": "2026-11-29", "members": "甲\n乙"}
    refused = client.post(url, {**data, "leader_person": outsider.pk})
    assert refused.status_code == 400
    assert "只能选择您可查看的本级或上级妇联在任执委" in refused.content.decode()
    api = client.post(
        "/api/v1/grassroots/units/",
        {
            "parent": org_tree.xinhe_1.pk,
            "kind": "women_group",
            "name": "一组",
            "start_date": "2026-11-29",
            "leader_person": outsider.pk,
            "members": ["甲", "乙"],
        },
        content_type="application/json",
    )
    assert api.status_code == 400 and "不在您的管理范围内" in api.json()["leader_person"][0]
    with pytest.raises(ValidationError) as service:
        _group(cadre, org_tree, ["甲", "乙"], leader="", leader_person=outsider)
    assert "不在您的管理范围内" in service.value.message_dict["leader_person"][0]
    assert (Organization.objects.count(), Position.objects.count()) == before
    # the district's own cadre sees her and may seat her as leader
    district_cadre = make_user("district", "cadre", org_tree.district)
    group = _group(district_cadre, org_tree, ["甲", "乙"], leader="", leader_person=outsider)
    assert Position.objects.get(organization=group, title="leader").person == outsider


def test_api_member_leaves(cadre, org_tree, client, make_user):
    from lvzhi.core.models import AuditEvent

    group = _group(cadre, org_tree, ["甲", "乙"], start_date=dt.date(2026, 11, 1))
    seat = Position.objects.get(organization=group, person__name="乙")
    url = f"/api/v1/grassroots/units/{group.pk}/members/{seat.pk}/end/"
    client.force_login(cadre)
    early = client.post(url, {"end_date": "2026-10-01"}, content_type="application/json")
    assert early.status_code == 400 and "退出日期不能早于加入日期" in early.content.decode()
    seat.refresh_from_db()
    assert seat.end_date is None
    events = AuditEvent.objects.count()
    left = client.post(url, {"end_date": "2026-11-28"}, content_type="application/json")
    assert left.status_code == 200, left.content
    body = left.json()
    assert "乙" not in [m["name"] for m in body["members"]]
    assert body["verdict"]["outcome"] == "invalid" and body["verdict"]["rule_id"] == "R-OR-03"
    seat.refresh_from_db()
    assert seat.end_date == dt.date(2026, 11, 28)
    assert AuditEvent.objects.count() > events
    again = client.post(url, {"end_date": "2026-11-28"}, content_type="application/json")
    assert again.status_code == 400 and "已经退出" in again.content.decode()
    other_unit = _group(cadre, org_tree, ["丙", "丁"], name="二组")
    elsewhere = Position.objects.get(organization=other_unit, person__name="丙")
    wrong = f"/api/v1/grassroots/units/{group.pk}/members/{elsewhere.pk}/end/"
    assert (
        client.post(wrong, {"end_date": "2026-11-28"}, content_type="application/json").status_code
        == 404
    )
    client.force_login(make_user("dagu", "cadre", org_tree.dagu))
    other = Position.objects.get(organization=group, person__name="甲")
    hidden = f"/api/v1/grassroots/units/{group.pk}/members/{other.pk}/end/"
    assert (
        client.post(hidden, {"end_date": "2026-11-28"}, content_type="application/json").status_code
        == 404
    )
