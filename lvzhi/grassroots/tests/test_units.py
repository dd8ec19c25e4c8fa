"""Term renewal (R-OR-08) and women's groups (R-OR-03) of a subtree."""

import datetime as dt

import pytest
from django.urls import reverse

from lvzhi.orgs.models import Organization, Person, Position, Term

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _clock(clock):
    clock.set(TODAY)


@pytest.fixture
def cadre_client(client, org_tree, make_user):
    client.force_login(make_user("district", "cadre", org_tree.district))
    return client


def _term(org, number, start, end):
    return Term.objects.create(
        organization=org, org_path=org.path, number=number, start_date=start, end_date=end
    )


def _seat(org, name, title="member", end=None):
    person = Person.objects.create(organization=org, org_path=org.path, name=name)
    return Position.objects.create(
        person=person,
        organization=org,
        org_path=org.path,
        title=title,
        start_date=dt.date(2024, 1, 1),
        end_date=end,
    )


def test_renewals_by_stage(cadre_client, org_tree):
    _term(org_tree.district, 1, dt.date(2016, 1, 1), dt.date(2021, 1, 1))
    _term(org_tree.district, 2, dt.date(2021, 1, 1), dt.date(2026, 11, 28))  # overdue by a day
    _term(org_tree.xinhe, 1, dt.date(2022, 1, 1), dt.date(2027, 2, 28))  # within 3 months
    _term(org_tree.dagu, 1, dt.date(2022, 1, 1), dt.date(2027, 5, 29))  # 6 months, day included
    _term(org_tree.xinhe_1, 1, dt.date(2023, 1, 1), dt.date(2028, 1, 1))  # current
    url = reverse("grassroots:renewals")
    response = cadre_client.get(url, {"org": org_tree.district.pk})
    counts = response.context["counts"]
    assert (counts["overdue"], counts["due_3"], counts["due_6"], counts["current"]) == (1, 1, 1, 1)
    assert counts["none"] == 1  # 大沽一社区妇联 has no term; the 妇女小组 is not a federation
    shown = [(o.name, o.stage) for o in response.context["page"]]
    assert shown[0] == ("天津市滨海新区妇女联合会", "overdue")
    assert "新河一社区妇女联合会" not in [name for name, _stage in shown]
    only = cadre_client.get(url, {"org": org_tree.district.pk, "stage": "current"})
    assert [o.name for o in only.context["page"]] == ["新河一社区妇女联合会"]
    assert cadre_client.get(url, {"stage": "soon"}).status_code == 400


def test_renewals_query_count(cadre_client, org_tree, django_assert_max_num_queries):
    for org in (org_tree.district, org_tree.xinhe, org_tree.dagu, org_tree.xinhe_1):
        _term(org, 1, dt.date(2022, 1, 1), dt.date(2026, 12, 1))
    with django_assert_max_num_queries(12):
        cadre_client.get(reverse("grassroots:renewals"), {"org": org_tree.district.pk})


@pytest.mark.parametrize(("members", "outcome"), [(2, "invalid"), (3, "valid"), (4, "valid")])
def test_women_group_validity(cadre_client, org_tree, members, outcome):
    group = org_tree.group
    _seat(group, "组长", title="leader")
    for index in range(members - 1):
        _seat(group, f"成员{index}")
    _seat(group, "已离开", end=dt.date(2025, 1, 1))  # a past seat does not count
    response = cadre_client.get(reverse("grassroots:women-groups"), {"org": org_tree.xinhe.pk})
    (row,) = response.context["rows"]
    assert (row.members, row.leaders, row.verdict.outcome) == (members, 1, outcome)
    assert row.verdict.rule_id == "R-OR-03"


def test_women_group_without_leader(cadre_client, org_tree):
    for index in range(3):
        _seat(org_tree.group, f"成员{index}")
    response = cadre_client.get(reverse("grassroots:women-groups"), {"org": org_tree.district.pk})
    assert "应有1名组长" in response.context["rows"][0].verdict.detail
    assert response.context["invalid"] == 1


def test_women_groups_query_count(cadre_client, org_tree, django_assert_max_num_queries):
    for index in range(5):
        group = Organization.objects.add_child(
            Organization.objects.get(pk=org_tree.xinhe_1.pk),
            instance=Organization(
                name=f"小组{index}",
                code=f"G-{index}",
                system="fl",
                kind="women_group",
                level="grassroots",
            ),
        )
        _seat(group, f"组长{index}", title="leader")
    with django_assert_max_num_queries(12):
        response = cadre_client.get(
            reverse("grassroots:women-groups"), {"org": org_tree.district.pk}
        )
    assert len(response.context["rows"]) == 6


def test_api_renewals_and_groups(org_tree, make_user, django_assert_max_num_queries):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(make_user("xinhe", "cadre", org_tree.xinhe))
    _term(org_tree.xinhe, 1, dt.date(2021, 1, 1), dt.date(2026, 1, 1))
    with django_assert_max_num_queries(8):
        response = api.get(f"/api/v1/grassroots/renewals/{org_tree.xinhe.pk}/")
    rows = response.json()["results"]
    assert [(r["name"], r["stage"]) for r in rows] == [
        ("新河街道妇女联合会", "overdue"),
        ("新河一社区妇女联合会", "none"),
    ]
    url = f"/api/v1/grassroots/renewals/{org_tree.xinhe.pk}/"
    assert api.get(url, {"stage": "later"}).status_code == 400
    assert api.get(f"/api/v1/grassroots/renewals/{org_tree.dagu.pk}/").status_code == 404
    for index in range(3):
        _seat(org_tree.group, f"成员{index}", title="leader" if index == 0 else "member")
    groups = api.get(f"/api/v1/grassroots/women-groups/{org_tree.xinhe.pk}/").json()["results"]
    assert groups[0]["verdict"]["rule_id"] == "R-OR-03"
    assert groups[0]["verdict"]["outcome"] == "valid" and groups[0]["members"] == 3
    assert api.get(f"/api/v1/grassroots/women-groups/{org_tree.dagu.pk}/").status_code == 404
