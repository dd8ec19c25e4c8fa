"""The workbench per role: every count is the number of rows its link shows, the page runs
a fixed number of queries whatever the data, and a member goes to her phone page."""

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from lvzhi.core.reminders.models import Reminder
from lvzhi.members.models import Activity, ActivityStatus
from lvzhi.members.rules.duties import OVERDUE

pytestmark = pytest.mark.django_db

# The workbench's queries for a district cadre (session, user, scopes, one aggregate per
# item, the 七个一 roll-up, the navbar): the same at every data size.
MAX_QUERIES = 23
# The same page with its counts in the shared cache.
MAX_CACHED_QUERIES = 6


def _list_count(client, item) -> int:
    """How many rows the item's link shows (its list page, all pages)."""
    response = client.get(item.url, follow=True)
    assert response.status_code == 200, item.url
    context = response.context
    if item.key == "reminders":
        return sum(1 for r in context["page"].paginator.object_list if r.read_at is None)
    if item.key == "reports_missing":
        return sum(1 for row in context["rows"] if any(s.status == OVERDUE for s in row.statuses))
    return context["page"].paginator.count


@pytest.mark.parametrize(
    "who", ["district_cadre", "township_cadre", "village_cadre", "staff", "party_approver"]
)
def test_each_count_equals_its_list(client, populate, who):
    world = populate(2)
    client.force_login(getattr(world, who))
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboards:workbench")
    bench = response.context["bench"]
    assert bench.items
    page = response.content.decode()
    for item in bench.items:
        assert f'href="{item.url}"'.replace("&", "&amp;") in page
        assert _list_count(client, item) == item.count, item.key
    if who == "district_cadre":
        counts = {item.key: item.count for item in bench.items}
        for key in ("cases_overdue", "messages_new", "activities_to_confirm", "suggestions"):
            assert counts[key] > 0, key
        assert counts["terms_overdue"] == 2  # 大沽街道 and 大沽一社区
        assert counts["home_boards_stale"] == 2  # the street's homes, never updated (R-HM-04)
        assert counts["home_loans_overdue"] == 2  # one per village home (R-HM-05)
        assert counts["reminders"] == 1


def test_village_cadre_counts_only_her_village(client, populate):
    world = populate(2)
    client.force_login(world.district_cadre)
    district = {
        i.key: i.count for i in client.get(reverse("home"), follow=True).context["bench"].items
    }
    client.force_login(world.village_cadre)
    village = {
        i.key: i.count for i in client.get(reverse("home"), follow=True).context["bench"].items
    }
    assert 0 < village["activities_to_confirm"] < district["activities_to_confirm"]
    assert village["terms_overdue"] == 0


def test_department_staff_sees_her_department_and_approver_her_steps(client, populate):
    world = populate(1)
    client.force_login(world.staff)
    bench = client.get(reverse("dashboards:workbench")).context["bench"]
    keys = [item.key for item in bench.items]
    rights = world.tree.rights.pk
    assert f"department_open_{rights}" in keys and f"department_overdue_{rights}" in keys
    assert "activities_to_confirm" not in keys and bench.kind == "department"
    client.force_login(world.party_approver)
    bench = client.get(reverse("dashboards:workbench")).context["bench"]
    assert bench.kind == "approver" and bench.items[0].key == "inbox"


def test_member_goes_straight_to_her_phone_page(client, populate):
    world = populate(1)
    client.force_login(world.member)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("members:my")
    assert response.status_code == 200


def test_login_lands_on_the_workbench(client, roles):
    response = client.post(
        reverse("login"), {"username": "xinhe_cadre", "password": "pass-1234"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboards:workbench")
    assert "工作台" in response.content.decode()


def test_compliance_chart_lowest_first_without_inline_script(client, populate):
    world = populate(2)
    client.force_login(world.township_cadre)
    response = client.get(reverse("dashboards:workbench"))
    bench = response.context["bench"]
    assert bench.compliance, "children with 七个一 rows"
    shares = [row["share"] for row in bench.compliance]
    assert shares == sorted(shares)
    page = response.content.decode()
    data = re.search(
        r'<script id="workbench-chart-data" type="application/json">(.*?)</script>', page, re.S
    )
    chart = json.loads(data.group(1))
    assert chart["shares"] == shares and len(chart["below"]) == len(shares)
    # CSP script-src 'self': every script is a file, none inline except the JSON data
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert all('type="application/json"' in attrs for attrs in scripts)
    assert "dashboards/workbench_chart.js" in page


@pytest.mark.parametrize("size", [1, 4])
def test_constant_number_of_queries(client, populate, size, django_assert_max_num_queries):
    world = populate(size)
    client.force_login(world.district_cadre)
    client.get(reverse("dashboards:workbench"))  # session and current organization settled
    cache.clear()  # the counts, not the cache, are measured here
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("dashboards:workbench"))
    assert response.status_code == 200


def test_counts_from_the_shared_cache_reminders_counted_live(
    client, populate, django_assert_max_num_queries
):
    """The counts come from the shared cache for CACHE_SECONDS (the page then runs the
    queries of the session, the user and the navbar, and one COUNT of unread reminders,
    shown on the workbench and the navbar alike); a changed assignment is a new key."""
    world = populate(2)
    cadre = world.district_cadre
    client.force_login(cadre)
    first = client.get(reverse("dashboards:workbench")).context["bench"]
    Activity.objects.filter(org_path__startswith=world.tree.district.path).update(
        status=ActivityStatus.RECORDED
    )
    Reminder.objects.create(user=cadre, org_path=world.tree.xinhe.path, key="new", text="提醒")
    with django_assert_max_num_queries(MAX_CACHED_QUERIES):
        response = client.get(reverse("dashboards:workbench"))
    counts = {item.key: item.count for item in response.context["bench"].items}
    before = {item.key: item.count for item in first.items}
    assert counts["activities_to_confirm"] == before["activities_to_confirm"]  # cached
    assert counts["reminders"] == before["reminders"] + 1  # live
    badge = re.search(
        r'id="reminder-badge"[^>]*>.*?<span[^>]*>(\d+)</span>', response.content.decode(), re.S
    )
    assert badge and int(badge.group(1)) == counts["reminders"]
    # a new assignment: the counts are counted again
    assignment = cadre.role_assignments.get()
    assignment.include_descendants = False
    assignment.save()
    again = client.get(reverse("dashboards:workbench")).context["bench"]
    assert {item.key: item.count for item in again.items}["activities_to_confirm"] != before[
        "activities_to_confirm"
    ]


def test_terms_overdue_list(client, populate):
    world = populate(1)
    client.force_login(world.district_cadre)
    page = client.get(reverse("dashboards:terms-overdue") + f"?org={world.tree.district.pk}")
    assert page.status_code == 200
    assert [t.organization for t in page.context["page"].object_list] == [
        world.tree.dagu,
        world.tree.dagu_1,
    ]
    client.force_login(world.township_cadre)
    other = client.get(reverse("dashboards:terms-overdue") + f"?org={world.tree.dagu.pk}")
    assert other.status_code == 404


def test_union_workbench_has_no_executive_member_items(client, populate, make_user):
    """七个一, 述职 and 执委会议 (R-EX-*) and 妇女之家 are the women's federations' rules: a
    union cadre's workbench has her cases, messages, terms and reminders, and none of them."""
    world = populate(1)
    union_cadre = make_user("gh_cadre", "cadre", world.tree.union)
    client.force_login(union_cadre)
    response = client.get(reverse("dashboards:workbench"))
    bench = response.context["bench"]
    assert bench.organization == world.tree.union
    keys = [item.key for item in bench.items]
    assert keys == ["inbox", "cases_overdue", "messages_new", "messages_overdue"] + [
        "terms_overdue",
        "reminders",
    ]
    assert bench.quarter is None and not bench.compliance
    assert 'id="workbench-compliance"' not in response.content.decode()
    client.force_login(world.district_cadre)
    women = {
        item.key for item in client.get(reverse("dashboards:workbench")).context["bench"].items
    }
    assert {"activities_to_confirm", "suggestions", "meetings_due", "reports_missing"} <= women
