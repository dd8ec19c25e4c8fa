"""Compliance API: roll-up, by child organization, a federation's members with their
verdicts, reminders; bad parameters, scope and constant query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.core.reminders.models import Reminder
from lvzhi.members.compliance import services as compliance
from lvzhi.members.tests.conftest import seat_committee
from lvzhi.members.tests.test_compliance_pages import TODAY, _village, counted  # noqa: F401
from lvzhi.orgs.models import Organization

pytestmark = pytest.mark.django_db
ROLLUP = "/api/v1/members/compliance/rollup/"
BY_CHILD = "/api/v1/members/compliance/rollup/by-child/"
MEMBERS = "/api/v1/members/compliance/members/"
REMINDERS = "/api/v1/members/reminders/"


@pytest.fixture(autouse=True)
def _api_today(clock):
    clock.set(TODAY)


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def rule(body, rule_id):
    return next(r for r in body["rules"] if r["rule_id"] == rule_id)


def test_rollup_and_by_child(counted, make_user):  # noqa: F811
    tree = counted.tree
    client = api_as(make_user("xh_cadre", "cadre", tree.xinhe))
    body = client.get(ROLLUP, {"organization": tree.xinhe.pk, "period": "2026Q4"}).json()
    assert body["organization"] == {"id": tree.xinhe.pk, "name": tree.xinhe.name}
    assert body["quarter"]["code"] == "2026Q4"
    lecture = rule(body, "R-EX-02")
    assert (lecture["members"], lecture["met"], lecture["due"]) == (37, 3, 34)
    assert lecture["share_met"] == round(300 / 37, 1)
    assert lecture["source"] == "CQ-LZ 第二条; 附件2 二" and lecture["period"]["code"] == "2026Q4"
    assert rule(body, "R-EX-05")["period"]["code"] == "2026"
    children = client.get(BY_CHILD, {"organization": tree.xinhe.pk}).json()["children"]
    assert [(c["organization"]["id"], c["own"]) for c in children] == [
        (tree.xinhe.pk, True),
        (tree.xinhe_1.pk, False),
    ]
    for total in body["rules"]:
        for name in ("members", "met", "due", "overdue", "partial", "not_required"):
            parts = [rule(c, total["rule_id"])[name] for c in children]
            assert sum(parts) == total[name]


def test_members_with_verdicts(counted, make_user):  # noqa: F811
    tree = counted.tree
    client = api_as(make_user("xh_cadre", "cadre", tree.xinhe))
    body = client.get(MEMBERS, {"organization": tree.xinhe.pk}).json()
    assert len(body["members"]) == 25
    assert (rule(body, "R-EX-02")["members"], rule(body, "R-EX-02")["met"]) == (25, 2)
    speaker = next(m for m in body["members"] if m["person"]["id"] == counted.township[1].pk)
    lecture = next(s for s in speaker["statuses"] if s["rule_id"] == "R-EX-02")
    assert lecture["status"] == "met" and lecture["status_label"] == "已完成"
    assert lecture["source"] == "CQ-LZ 第二条; 附件2 二"
    assert "已完成1次" in lecture["detail"] and (lecture["done"], lecture["required"]) == (1, 1)
    assert {s["rule_id"] for s in speaker["statuses"]} == {f"R-EX-0{i}" for i in range(1, 8)}


def test_bad_parameters_and_scope(counted, make_user):  # noqa: F811
    tree = counted.tree
    client = api_as(make_user("xh_cadre", "cadre", tree.xinhe))
    missing = client.get(ROLLUP)
    assert missing.status_code == 400 and "组织编号" in missing.json()["organization"][0]
    bad = client.get(ROLLUP, {"organization": tree.xinhe.pk, "period": "2026Q9"})
    assert bad.status_code == 400 and "无效" in bad.json()["period"][0]
    old = client.get(ROLLUP, {"organization": tree.xinhe.pk, "period": "2024Q4"})
    assert old.status_code == 400
    dagu = api_as(make_user("dg_cadre", "cadre", tree.dagu))
    for url in (ROLLUP, BY_CHILD, MEMBERS):
        assert dagu.get(url, {"organization": tree.xinhe.pk}).status_code == 404
    member = api_as(counted.township[1].user)
    for url in (ROLLUP, BY_CHILD, MEMBERS):
        assert member.get(url, {"organization": tree.xinhe.pk}).status_code == 404
    assert APIClient().get(ROLLUP, {"organization": tree.xinhe.pk}).status_code == 401


def _count(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


def test_query_counts_constant(committees, make_user, django_user_model):
    tree = committees.tree
    client = APIClient()  # a session: the user (and her scope) is loaded per request
    client.force_login(make_user("bh_cadre", "cadre", tree.district))
    dagu = Organization.objects.get(pk=tree.dagu.pk)
    seat_committee(dagu, 4, django_user_model, "dg_member")
    _village(dagu, 1, django_user_model)

    def rebuild():
        compliance.rebuild(
            organizations=Organization.objects.filter(path__startswith=tree.dagu.path),
            year=2026,
            today=TODAY,
        )

    rebuild()
    few = {url: _count(client, url, {"organization": tree.dagu.pk}) for url in (ROLLUP, BY_CHILD)}
    assert len(few[BY_CHILD][1]["children"]) == 2
    for index in range(2, 6):
        _village(Organization.objects.get(pk=tree.dagu.pk), index, django_user_model)
    rebuild()
    many = {url: _count(client, url, {"organization": tree.dagu.pk}) for url in (ROLLUP, BY_CHILD)}
    assert len(many[BY_CHILD][1]["children"]) == 6
    # 大沽 itself and five villages
    assert rule(many[ROLLUP][1], "R-EX-01")["members"] == 4 + 5 * 5
    assert {url: n for url, (n, _b) in few.items()} == {url: n for url, (n, _b) in many.items()}
    compliance.rebuild(organizations=[tree.xinhe, tree.xinhe_1], year=2026, today=TODAY)
    small, body = _count(client, MEMBERS, {"organization": tree.xinhe_1.pk})
    assert len(body["members"]) == 12
    large, body = _count(client, MEMBERS, {"organization": tree.xinhe.pk})
    assert len(body["members"]) == 25
    assert small == large


def test_reminders_api(committees):
    member = committees.township[1]
    org = committees.tree.xinhe
    rows = [
        Reminder.objects.create(
            user=member.user, org_path=org.path, key=f"k{i}", text=f"提醒{i}", url="/members/me/"
        )
        for i in range(3)
    ]
    rows[0].read_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    rows[0].save()
    other = Reminder.objects.create(
        user=committees.township[2].user, org_path=org.path, key="k", text="别人的提醒"
    )
    client = api_as(member.user)
    body = client.get(REMINDERS).json()
    assert body["count"] == 3
    assert [r["id"] for r in body["results"]][-1] == rows[0].pk
    assert [r["is_read"] for r in body["results"]] == [False, False, True]
    before = AuditEvent.objects.count()
    read = client.post(f"{REMINDERS}{rows[1].pk}/read/")
    assert read.status_code == 200 and read.json()["is_read"] is True
    assert AuditEvent.objects.count() == before + 1
    assert client.post(f"{REMINDERS}{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None and AuditEvent.objects.count() == before + 1
    assert client.post(f"{REMINDERS}read-all/").json() == {"marked": 1}
    assert client.post(f"{REMINDERS}read-all/").json() == {"marked": 0}
    assert not Reminder.objects.filter(user=member.user, read_at__isnull=True).exists()
    assert APIClient().get(REMINDERS).status_code == 401
