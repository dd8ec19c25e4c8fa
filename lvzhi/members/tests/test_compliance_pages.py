"""Compliance pages: the roll-up (by rule, by child organization, by quarter), the
drill-down to a federation's members and to one member's year, reminders and the navbar
badge, scope, and constant query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.core.reminders.models import Reminder
from lvzhi.members.activities import services as activities
from lvzhi.members.compliance import services as compliance
from lvzhi.members.tests.conftest import seat_committee
from lvzhi.orgs.models import Kind, Level, Organization
from lvzhi.orgs.services import organization_search_text

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set(TODAY)


@pytest.fixture
def counted(committees):
    """Both committees computed for 2026; two township members and one village member
    gave a lecture (宣讲) this quarter; one more lecture was returned."""
    tree = committees.tree
    compliance.rebuild(organizations=[tree.xinhe, tree.xinhe_1], year=2026, today=TODAY)
    for person in (committees.township[1], committees.township[2], committees.village[1]):
        activities.activity_record(
            actor=person.user,
            person=person,
            kind="lecture",
            date=TODAY - dt.timedelta(days=3),
            place="妇女之家",
            today=TODAY,
        )
    return committees


def rollup_url(org, period="2026Q4"):
    return reverse("members:rollup") + f"?org={org.pk}&period={period}"


def row_of(page, rule_id):
    return next(r for r in page.context["rules"] if r.rule_id == rule_id)


def test_rollup_share_met_and_children_add_up(client, counted, make_user):
    tree = counted.tree
    cadre = make_user("xh_cadre", "cadre", tree.xinhe)
    client.force_login(cadre)
    page = client.get(rollup_url(tree.xinhe))
    assert page.status_code == 200
    lecture = row_of(page, "R-EX-02")
    assert (lecture.members, lecture.met, lecture.due) == (37, 3, 34)
    assert lecture.share_met == round(3 * 100 / 37, 1)
    html = page.content.decode()
    assert 'id="compliance-chart-data"' in html and "vendor/echarts/echarts.min.js" in html
    assert "CQ-LZ 第二条; 附件2 二" in html and "2026年第四季度" in html
    contact = row_of(page, "R-EX-01")
    assert (contact.members, contact.met, contact.due) == (37, 0, 37)
    # The half-year and yearly rules are counted in 2026H2 and 2026.
    assert row_of(page, "R-EX-03").period.code == "2026H2"
    assert row_of(page, "R-EX-07").period.code == "2026"
    children = page.context["children"]
    assert [(c.organization.pk, c.own) for c in children] == [
        (tree.xinhe.pk, True),
        (tree.xinhe_1.pk, False),
    ]
    for total in page.context["rules"]:
        for name in ("members", "met", "due", "overdue", "partial", "not_required"):
            parts = [next(r for r in c.rules if r.rule_id == total.rule_id) for c in children]
            assert sum(getattr(p, name) for p in parts) == getattr(total, name)
    village = next(c for c in children if not c.own)
    assert next(r for r in village.rules if r.rule_id == "R-EX-02").met == 1
    assert reverse("members:compliance-org", args=[tree.xinhe_1.pk]) in html
    # Four quarters side by side, oldest first.
    assert [q.code for q in page.context["compared"]] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    lecture_quarters = next(e for e in page.context["by_quarter"] if e["rule_id"] == "R-EX-02")
    assert [c.rule.met for c in lecture_quarters["quarters"]] == [0, 0, 0, 3]
    # Returned: stops counting on the roll-up.
    chair = counted.township[0]
    make_user("xh_chair_cadre", "cadre", tree.xinhe)
    returned = activities.Activity.objects.get(person=counted.township[1])
    activities.activity_verify(
        actor=cadre, activity=returned, confirm=False, reason="照片不符", today=TODAY
    )
    assert row_of(client.get(rollup_url(tree.xinhe)), "R-EX-02").met == 2
    assert chair  # the chair stays a member counted like the others


def test_district_rollup_by_child_sums(client, counted, make_user):
    tree = counted.tree
    client.force_login(make_user("bh_cadre", "cadre", tree.district))
    page = client.get(rollup_url(tree.district))
    assert page.status_code == 200
    children = page.context["children"]
    assert [c.organization.pk for c in children] == [tree.xinhe.pk]  # 大沽 has no committee
    assert row_of(page, "R-EX-02").members == children[0].members == 37


def test_default_organization_and_bad_period(client, counted, make_user):
    tree = counted.tree
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    page = client.get(reverse("members:rollup"))
    assert page.status_code == 200 and page.context["org"].pk == tree.xinhe.pk
    assert page.context["quarter"].code == "2026Q4"
    bad = client.get(reverse("members:rollup") + "?period=2019Q1")
    assert bad.status_code == 200 and bad.context["quarter"].code == "2026Q4"
    assert "期间“2019Q1”无效" in bad.content.decode()
    earlier = client.get(rollup_url(tree.xinhe, "2026Q3"))
    lecture = row_of(earlier, "R-EX-02")
    assert (lecture.members, lecture.met, lecture.overdue) == (37, 0, 37)
    offered = [q.code for q in page.context["quarters"]]
    assert offered[0] == "2026Q4" and offered[-1] == "2025Q1" and len(offered) == 8


def test_drill_down_members_with_statuses_and_clauses(client, counted, make_user):
    tree = counted.tree
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    page = client.get(reverse("members:compliance-org", args=[tree.xinhe.pk]) + "?period=2026Q4")
    assert page.status_code == 200
    members = page.context["members"]
    assert len(members) == 25
    by_person = {member.person.pk: cells for member, cells in members}
    speaker = by_person[counted.township[1].pk]
    lecture = next(c for c in speaker if c.rule_id == "R-EX-02")
    assert lecture.status == "met" and lecture.source == "CQ-LZ 第二条; 附件2 二"
    assert "应完成1次，已完成1次" in lecture.detail
    silent = next(c for c in by_person[counted.township[5].pk] if c.rule_id == "R-EX-02")
    assert silent.status == "due" and "前还需1次" in silent.detail
    own = next(r for r in page.context["rules"] if r.rule_id == "R-EX-02")
    assert (own.members, own.met) == (25, 2)  # the federation's own committee only
    html = page.content.decode()
    assert "已完成" in html and "待完成" in html and "CQ-LZ 第二条; CQ-FN 附件2 一" in html
    assert reverse("members:compliance-person", args=[counted.township[1].pk]) in html


def test_partial_member_shown_with_dates(client, counted, make_user):
    tree = counted.tree
    member = counted.village[4]
    seat = member.positions.get()
    seat.end_date = dt.date(2026, 10, 20)
    seat.save()
    compliance.rebuild(organizations=[tree.xinhe_1], year=2026, today=TODAY)
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    page = client.get(reverse("members:compliance-org", args=[tree.xinhe_1.pk]))
    cells = next(c for m, c in page.context["members"] if m.person.pk == member.pk)
    contact = next(c for c in cells if c.rule_id == "R-EX-01")
    assert contact.status == "partial" and "2026年10月20日" in contact.detail
    assert "部分时间在任" in page.content.decode()


def test_person_page_rows_and_activities(client, counted, make_user):
    tree = counted.tree
    person = counted.township[1]
    client.force_login(make_user("xh_cadre", "cadre", tree.xinhe))
    page = client.get(reverse("members:compliance-person", args=[person.pk]) + "?year=2026")
    assert page.status_code == 200
    periods = page.context["periods"]
    # 2 quarterly rules × 4 + 2 half-yearly × 2 + 3 yearly.
    assert len(periods) == 15
    q4 = next(
        p for p in periods if p.status.rule_id == "R-EX-02" and p.status.row.period_code == "2026Q4"
    )
    assert q4.status.status == "met" and len(q4.activities) == 1
    q3 = next(
        p for p in periods if p.status.rule_id == "R-EX-02" and p.status.row.period_code == "2026Q3"
    )
    assert q3.status.status == "overdue" and q3.activities == []
    html = page.content.decode()
    assert "妇女之家" in html and "附件2 二" in html
    assert reverse("members:activity", args=[q4.activities[0].pk]) in html
    bad = client.get(reverse("members:compliance-person", args=[person.pk]) + "?year=abc")
    assert bad.status_code == 200 and "年度应为" in bad.content.decode()
    # She may open her own year; a colleague may not.
    client.force_login(person.user)
    assert client.get(reverse("members:compliance-person", args=[person.pk])).status_code == 200
    client.force_login(counted.township[2].user)
    assert client.get(reverse("members:compliance-person", args=[person.pk])).status_code == 404


def test_scope(client, counted, make_user):
    tree = counted.tree
    dagu_cadre = make_user("dg_cadre", "cadre", tree.dagu)
    client.force_login(dagu_cadre)
    assert client.get(rollup_url(tree.xinhe)).status_code == 404
    assert client.get(rollup_url(tree.dagu)).status_code == 200
    assert client.get(reverse("members:compliance-org", args=[tree.xinhe.pk])).status_code == 404
    person = counted.township[1]
    assert client.get(reverse("members:compliance-person", args=[person.pk])).status_code == 404
    assert client.get(reverse("members:rollup") + "?org=abc").status_code == 404
    # A member: her federation's roll-up and members are not hers to see.
    client.force_login(counted.township[1].user)
    assert client.get(rollup_url(tree.xinhe)).status_code == 404
    assert client.get(reverse("members:rollup")).status_code == 404
    assert client.get(reverse("members:compliance-org", args=[tree.xinhe.pk])).status_code == 404
    # A cadre of the district sees the subtree; a village cadre not its parent.
    client.force_login(make_user("village_cadre", "cadre", tree.xinhe_1))
    assert client.get(rollup_url(tree.xinhe_1)).status_code == 200
    assert client.get(rollup_url(tree.xinhe)).status_code == 404


def _village(parent, index, django_user_model):
    org = Organization(
        name=f"新河第{index}社区妇女联合会",
        code=f"BH-XH-Q{index}",
        system="fl",
        kind=Kind.LOCAL_FEDERATION,
        level=Level.VILLAGE,
    )
    org.search_text = organization_search_text(org)
    org = Organization.objects.get(pk=Organization.objects.add_child(parent, instance=org).pk)
    seat_committee(org, 5, django_user_model, f"q{index}_member")
    return org


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_query_counts_constant(client, committees, make_user, django_user_model):
    tree = committees.tree
    client.force_login(make_user("bh_cadre", "cadre", tree.district))
    parent = Organization.objects.get(pk=tree.dagu.pk)
    seat_committee(parent, 4, django_user_model, "dg_member")
    _village(parent, 1, django_user_model)
    compliance.rebuild(
        organizations=Organization.objects.filter(path__startswith=tree.dagu.path),
        year=2026,
        today=TODAY,
    )
    few, page = _queries(client, rollup_url(tree.dagu))
    assert len(page.context["children"]) == 2
    for index in range(2, 6):
        _village(Organization.objects.get(pk=tree.dagu.pk), index, django_user_model)
    compliance.rebuild(
        organizations=Organization.objects.filter(path__startswith=tree.dagu.path),
        year=2026,
        today=TODAY,
    )
    many, page = _queries(client, rollup_url(tree.dagu))
    assert len(page.context["children"]) == 6
    assert few == many
    compliance.rebuild(organizations=[tree.xinhe, tree.xinhe_1], year=2026, today=TODAY)
    small, page = _queries(client, reverse("members:compliance-org", args=[tree.xinhe_1.pk]))
    assert len(page.context["members"]) == 12
    large, page = _queries(client, reverse("members:compliance-org", args=[tree.xinhe.pk]))
    assert len(page.context["members"]) == 25
    assert small == large


# 提醒 -----------------------------------------------------------------------


def _reminders(user, org, n, tag="a"):
    return [
        Reminder.objects.create(
            user=user,
            org_path=org.path,
            key=f"R-EX-02:2026Q4:{user.pk}:{tag}{i}",
            text=f"2026年第四季度您还需完成宣讲1次（R-EX-02）#{i}",
            url="/members/me/",
        )
        for i in range(n)
    ]


def test_reminders_page_mark_read_and_badge(client, committees):
    member = committees.township[1]
    first, second = _reminders(member.user, committees.tree.xinhe, 2)
    first.read_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    first.save()
    third = _reminders(member.user, committees.tree.xinhe, 1, tag="b")[0]
    client.force_login(member.user)
    page = client.get(reverse("members:reminders"))
    assert page.status_code == 200
    listed = [r.pk for r in page.context["page"]]
    assert listed[-1] == first.pk  # read last, unread first
    html = page.content.decode()
    assert 'id="reminder-badge"' in html and ">2</span>" in html  # two unread in the navbar
    before = AuditEvent.objects.count()
    response = client.post(reverse("members:reminder-read", args=[second.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("members:reminders")
    second.refresh_from_db()
    assert second.read_at is not None
    assert AuditEvent.objects.count() == before + 1
    # Marking it again writes nothing.
    client.post(reverse("members:reminder-read", args=[second.pk]))
    assert AuditEvent.objects.count() == before + 1
    opened = client.post(reverse("members:reminder-read", args=[third.pk]), {"open": "1"})
    assert opened["Location"] == "/members/me/"
    page = client.get(reverse("members:reminders")).content.decode()
    assert "未读提醒" not in page  # no unread left: no badge number
    # Someone else's reminder: 404, nothing written.
    other = _reminders(committees.township[2].user, committees.tree.xinhe, 1)[0]
    before = AuditEvent.objects.count()
    assert client.post(reverse("members:reminder-read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None and AuditEvent.objects.count() == before
    assert client.get(reverse("members:reminder-read", args=[other.pk])).status_code == 405


def test_read_all_and_badge_query(client, committees):
    member = committees.township[1]
    _reminders(member.user, committees.tree.xinhe, 3)
    client.force_login(member.user)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("members:reminders"))
    counts = [q["sql"] for q in ctx.captured_queries if "core_reminder" in q["sql"]]
    assert sum("COUNT(" in sql for sql in counts) == 2  # the badge once, the paginator once
    response = client.post(reverse("members:reminders-read-all"))
    assert response.status_code == 302
    assert not Reminder.objects.filter(user=member.user, read_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="mark_read").count() == 3
    client.logout()
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("login"))
    assert not any("core_reminder" in q["sql"] for q in ctx.captured_queries)


def test_rule_set_learnt_with_the_counts(counted, make_user, django_assert_num_queries):
    """The roll-up reads the rule set (common.ruleset_for) in the same query as its
    counts: a choice on an ancestor is seen, and the result is one query."""
    from lvzhi.core.periods import quarter
    from lvzhi.core.scopes import scope_for
    from lvzhi.members.common.selectors import ruleset_for
    from lvzhi.members.compliance.selectors import rollups as selectors
    from lvzhi.members.models import RulesetChoice

    tree = counted.tree
    cadre = make_user("xh_cadre", "cadre", tree.xinhe)
    scope_for(cadre, "view")
    q4 = quarter(2026, 4)
    assert selectors._counts(cadre, tree.xinhe, selectors.quarter_codes(q4))[1] is None
    RulesetChoice.objects.create(organization=tree.district, ruleset="cq2019")
    assert ruleset_for(tree.xinhe) == "cq2019"
    with django_assert_num_queries(1):
        rows, ruleset = selectors._counts(cadre, tree.xinhe, selectors.quarter_codes(q4))
    assert ruleset == "cq2019" and rows
    with django_assert_num_queries(1):
        assert selectors.rollup(cadre, tree.xinhe, q4)[1].met == 3
