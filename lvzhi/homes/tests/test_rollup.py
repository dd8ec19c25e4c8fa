"""Issue 16 point 11: the roll-up of a subtree per organization one level down (homes by
status and designation, boards overdue, assessments pending, this quarter's activities by
theme, ratings), its Excel export, the chart's data (page and workbench), a constant
number of queries, 404 out of scope."""

import datetime as dt
import json
import uuid

import pytest
from django.urls import reverse

from lvzhi.core.periods import today_local
from lvzhi.homes import rollup
from lvzhi.homes.models import (
    Activity,
    Assessment,
    BoardUpdate,
    Home,
    QuarterPlan,
    Rating,
)
from lvzhi.homes.rules import quarter_of

from .conftest import add_home

pytestmark = pytest.mark.django_db


def activity(home, day, theme, scores=()):
    year, quarter = quarter_of(day)
    plan, _ = QuarterPlan.objects.get_or_create(
        home=home, org_path=home.org_path, year=year, quarter=quarter, defaults={"content": "计划"}
    )
    row = Activity.objects.create(
        home=home,
        plan=plan,
        org_path=home.org_path,
        title="活动",
        date=day,
        theme=theme,
        content="内容",
        flow="流程",
        participants="妇女",
        public_key=uuid.uuid4().hex,
    )
    for score in scores:
        Rating.objects.create(
            activity=row, org_path=home.org_path, score=score, nonce=uuid.uuid4().hex
        )
    return row


@pytest.fixture
def world(org_tree, homes):
    today = today_local()
    xinhe_1 = homes["xinhe_1"]
    Home.objects.filter(pk=xinhe_1.pk).update(designation="designated")
    for board in ("garden", "snapshots"):  # fresh boards: not overdue
        BoardUpdate.objects.create(
            home=xinhe_1, org_path=xinhe_1.org_path, board=board, date=today, title="更新"
        )
    add_home(org_tree.xinhe_1, "新河一社区第二妇女之家", designation="withdrawn")
    add_home(org_tree.xinhe_1, "已撤销的妇女之家", status="closed")  # not counted
    own = add_home(org_tree.xinhe, "新河街道妇女之家")  # the street's own home
    Assessment.objects.create(home=own, org_path=own.org_path, year=today.year, status="self")
    activity(xinhe_1, today, "party", scores=(5, 4))
    activity(xinhe_1, today, "warmth", scores=(3,))
    activity(xinhe_1, today - dt.timedelta(days=200), "party", scores=(1,))  # earlier quarter
    activity(homes["dagu_1"], today, "merit", scores=(2,))
    return today


def test_rollup_by_child(world, org_tree, make_user):
    user = make_user("district", "cadre", org_tree.district)
    data = rollup.rollup(user, org_tree.district, world)
    rows = {r.organization.pk: r for r in data["rows"]}
    xinhe, dagu = rows[org_tree.xinhe.pk], rows[org_tree.dagu.pk]
    assert (xinhe.homes, xinhe.designated, xinhe.withdrawn, xinhe.undesignated) == (3, 1, 1, 1)
    assert xinhe.stale == 2  # the withdrawn home and the street's own: never updated
    assert xinhe.pending == 1
    assert xinhe.activities == 2 and xinhe.themes == {"party": 1, "warmth": 1}
    assert xinhe.ratings == 4 and round(xinhe.rating_avg, 2) == 3.25  # every quarter's
    assert (dagu.homes, dagu.activities, dagu.ratings) == (1, 1, 1)
    assert data["total"].homes == 4 and data["total"].activities == 3
    # one level further down: the street's own home is its own row, first
    street = rollup.rollup(user, org_tree.xinhe, world)
    assert [r.organization for r in street["rows"]] == [org_tree.xinhe, org_tree.xinhe_1]
    # a cadre of 新河街道 sees nothing of 大沽
    mine = rollup.rollup(make_user("xh", "cadre", org_tree.xinhe), org_tree.district, world)
    assert [r.organization for r in mine["rows"]] == [org_tree.xinhe]


def test_pages_excel_and_chart(client, world, org_tree, make_user):
    client.force_login(make_user("district", "cadre", org_tree.district))
    url = reverse("homes:rollup") + f"?org={org_tree.district.pk}"
    page = client.get(url).content.decode()
    assert 'id="homes-rollup"' in page and "新河街道妇女联合会" in page
    chart = json.loads(
        page.split('id="homes-chart-data" type="application/json">')[1].split("<")[0]
    )
    assert chart["labels"] == ["新河街道妇女联合会", "大沽街道妇女联合会"]
    assert chart["designated"] == [1, 0] and chart["withdrawn"] == [1, 0]
    assert "homes/homes_chart.js" in page and "<script>" not in page
    response = client.get(url + "&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = client.get(reverse("homes:rollup-chart") + f"?org={org_tree.district.pk}").json()
    assert data["homes"] == 4 and data["undesignated"] == [1, 1]
    other = make_user("dg", "cadre", org_tree.dagu)
    client.force_login(other)
    assert client.get(reverse("homes:rollup") + f"?org={org_tree.xinhe.pk}").status_code == 404
    assert (
        client.get(reverse("homes:rollup-chart") + f"?org={org_tree.xinhe.pk}").status_code == 404
    )


def test_workbench_shows_the_chart(client, world, org_tree, make_user):
    """The workbench carries the chart's section, which fetches its data after the page
    (so the workbench's own queries do not grow)."""
    user = make_user("district", "cadre", org_tree.district)
    client.force_login(user)
    session = client.session
    session["current_org"] = org_tree.district.pk
    session.save()
    page = client.get(reverse("dashboards:workbench")).content.decode()
    assert 'id="workbench-homes"' in page and "homes/homes_chart.js" in page
    assert reverse("homes:rollup-chart") in page


@pytest.mark.parametrize("extra", [0, 6])
def test_constant_queries(client, org_tree, homes, make_user, extra, django_assert_max_num_queries):
    today = today_local()
    for index in range(extra):
        home = add_home(org_tree.dagu_1, f"妇女之家{index}")
        activity(home, today, "image", scores=(4,))
    client.force_login(make_user("district", "cadre", org_tree.district))
    url = reverse("homes:rollup") + f"?org={org_tree.district.pk}"
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_registry_links_the_rollup(client, cadre, homes, org_tree):
    client.force_login(cadre)
    body = client.get(reverse("homes:list") + f"?org={org_tree.xinhe.pk}").content.decode()
    assert reverse("homes:rollup") + f"?org={org_tree.xinhe.pk}" in body


def test_rollup_queries(world, org_tree, make_user, django_assert_num_queries):
    """Her role assignments (once a request), then the four passes and the children's
    names in one statement: the same for a street and for a district."""
    user = make_user("district", "cadre", org_tree.district)
    user.__dict__.pop("_lvzhi_scopes", None)
    user.__dict__.pop("_lvzhi_assignments", None)
    with django_assert_num_queries(2):
        data = rollup.rollup(user, org_tree.district, world)
    assert [r.name for r in data["rows"]] == ["新河街道妇女联合会", "大沽街道妇女联合会"]
    with django_assert_num_queries(1):  # the scope is known for the rest of the request
        street = rollup.rollup(user, org_tree.xinhe, world)
    assert [r.organization for r in street["rows"]] == [org_tree.xinhe, org_tree.xinhe_1]
    assert street["rows"][1].name == "新河一社区妇女联合会"
    nobody = make_user("nobody")
    nobody.__dict__["_lvzhi_assignments"] = []  # known: none
    with django_assert_num_queries(0):  # no scope: nothing to count
        empty = rollup.rollup(nobody, org_tree.district, world)
    assert empty["rows"] == [] and empty["total"].homes == 0


def test_rollup_of_an_exact_scope(world, org_tree, make_user):
    """A cadre of 新河街道 without its subtree counts the street's own home only."""
    user = make_user("xh_only", "cadre", org_tree.xinhe, include_descendants=False)
    data = rollup.rollup(user, org_tree.district, world)
    assert [r.organization for r in data["rows"]] == [org_tree.xinhe]
    own = data["rows"][0]
    assert (own.homes, own.pending, own.activities, own.ratings) == (1, 1, 0, 0)
