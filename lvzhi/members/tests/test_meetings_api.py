"""The meetings API (/api/v1/members/…): nested writes, Chinese errors with nothing written,
scope (404), a member's own records only, and query counts of the lists.

Over 400 lines: one file for the meetings API, grouped by resource (meetings, reports,
evaluations, training, query counts) with shared fixtures.
"""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from rest_framework.test import APIClient

from lvzhi.members.meetings import services as svc
from lvzhi.members.models import Evaluation, Meeting, Report, YearResult
from lvzhi.members.tests.conftest import committees  # noqa: F401
from lvzhi.members.tests.test_meetings_services import TODAY, media, people, trace  # noqa: F401

API = "/api/v1/members"


@pytest.fixture(autouse=True)
def fixed_today(clock):
    """Pages and endpoints read today in China: the fixtures' day (29 Nov 2026)."""
    clock.set(TODAY)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def meeting_body(org, people_statuses=(), **extra):
    return {
        "organization": org.pk,
        "kind": "executive",
        "title": "执委会",
        "date": "2026-03-10",
        "representatives_present": 5,
        "attendance": [{"person": p.pk, "status": st} for p, st in people_statuses],
        **extra,
    }


# Meetings ----------------------------------------------------------------------------------


def test_create_meeting_with_nested_attendance_and_read_it_back(people):
    org = people.tree.xinhe_1
    v = people.villagers
    client = api(people.village)
    statuses = [(p, "present") for p in v[:10]] + [(v[10], "excused"), (v[11], "absent")]
    response = client.post(f"{API}/meetings/", meeting_body(org, statuses), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["present"], body["excused"], body["absent"]) == (10, 1, 1)
    assert {a["person"]: a["status"] for a in body["attendance"]}[v[11].pk] == "absent"
    assert body["kind_label"] == "执委会议"

    put = client.put(
        f"{API}/meetings/{body['id']}/attendance/",
        {"attendance": [{"person": v[11].pk, "status": "excused"}]},
        format="json",
    )
    assert put.status_code == 200 and (put.json()["excused"], put.json()["absent"]) == (2, 0)
    patch = client.patch(f"{API}/meetings/{body['id']}/", {"minutes": "纪要"}, format="json")
    assert patch.status_code == 200 and patch.json()["minutes"] == "纪要"

    listed = client.get(f"{API}/meetings/", {"organization": org.pk, "year": 2026}).json()
    assert listed["count"] == 1 and listed["results"][0]["present"] == 10


def test_bad_meeting_input_is_refused_in_chinese_with_nothing_written(people):
    org = people.tree.xinhe_1
    client = api(people.district)
    before = trace()
    cases = [
        (meeting_body(org, date="2026-02-30"), "date", "请填写正确的日期"),
        (meeting_body(org, date="2026-12-30"), "date", "不能晚于今天"),
        (
            meeting_body(org, [(people.villagers[0], "present"), (people.township[4], "present")]),
            "attendance",
            "不是2026-03-10在任的新河一社区妇女联合会执委",
        ),
        (meeting_body(org, [(people.villagers[0], "late")]), "attendance", "出席情况只能是"),
        (meeting_body(org, title=""), "title", "请填写会议名称"),
        (meeting_body(org, representatives_present=-1), "representatives_present", ""),
    ]
    for body, field, message in cases:
        response = client.post(f"{API}/meetings/", body, format="json")
        assert response.status_code == 400, (body, response.json())
        assert message in str(response.json()[field]), response.json()
    assert trace() == before


def test_scope_and_member_cannot_create(people):
    tree = people.tree
    meeting = svc.meeting_create(
        actor=people.xinhe,
        organization=tree.xinhe,
        title="新河执委会",
        date=dt.date(2026, 3, 1),
        attendance={people.township[0].pk: "present"},
        today=TODAY,
    )
    dagu = api(people.dagu)
    assert dagu.get(f"{API}/meetings/{meeting.pk}/").status_code == 404
    assert dagu.get(f"{API}/meetings/", {"organization": tree.xinhe.pk}).json()["count"] == 0
    assert dagu.get(f"{API}/meeting-checks/{tree.xinhe.pk}/").status_code == 404
    assert dagu.get(f"{API}/training-coverage/{tree.xinhe.pk}/").status_code == 404
    before = trace()
    response = dagu.post(f"{API}/meetings/", meeting_body(tree.xinhe), format="json")
    assert response.status_code == 404 and "新河".encode() not in response.content
    assert (
        dagu.patch(f"{API}/meetings/{meeting.pk}/", {"title": "x"}, format="json").status_code
        == 404
    )
    member = api(people.member)
    assert member.get(f"{API}/meetings/{meeting.pk}/").status_code == 200
    assert (
        member.post(f"{API}/meetings/", meeting_body(tree.xinhe), format="json").status_code == 404
    )
    response = member.put(
        f"{API}/meetings/{meeting.pk}/attendance/",
        {"attendance": [{"person": people.township[0].pk, "status": "absent"}]},
        format="json",
    )
    assert response.status_code == 404
    assert trace() == before
    assert APIClient().get(f"{API}/meetings/").status_code == 401


def test_error_does_not_reveal_names_outside_scope(people):
    """A 大沽 cadre listing a 新河 member in her own meeting learns only the number."""
    outsider = people.township[2]
    client = api(people.dagu)
    response = client.post(
        f"{API}/meetings/", meeting_body(people.tree.dagu, [(outsider, "present")]), format="json"
    )
    assert response.status_code == 400
    text = str(response.json())
    assert outsider.name not in text and f"编号{outsider.pk}" in text


def test_meeting_checks_and_missing_list(people):
    tree = people.tree
    svc.meeting_create(
        actor=people.district, organization=tree.xinhe_1, title="执委会",
        date=dt.date(2026, 3, 10), today=TODAY,
    )  # fmt: skip
    client = api(people.district)
    checks = client.get(f"{API}/meeting-checks/{tree.xinhe_1.pk}/", {"year": 2026}).json()
    assert [(c["period"], c["status"], c["flagged"]) for c in checks] == [
        ("2026H1", "met", False),
        ("2026H2", "due", False),
    ]
    checks = client.get(f"{API}/meeting-checks/{tree.dagu_1.pk}/", {"year": 2026}).json()
    assert checks[0]["flagged"] and checks[0]["verdict"]["rule_id"] == "R-EX-10"
    assert checks[0]["verdict"]["source"] == "CQ-BZ 第二条, 第三条"
    missing = client.get(
        f"{API}/meetings-missing/", {"organization": tree.district.pk, "half": "2026H1"}
    ).json()
    flagged = {row["organization"] for row in missing["results"]}
    assert tree.dagu_1.pk in flagged and tree.xinhe_1.pk not in flagged
    assert all(row["status"] == "overdue" for row in missing["results"])
    bad = client.get(f"{API}/meetings-missing/", {"organization": "x"})
    assert bad.status_code == 400 and "整数" in bad.json()["organization"][0]
    # a malformed half-year is refused by name, not read as the last half that ended
    half = client.get(
        f"{API}/meetings-missing/", {"organization": tree.district.pk, "half": "26H3"}
    )
    assert half.status_code == 400 and "2026H1" in half.json()["half"][0]


# Reports -----------------------------------------------------------------------------------


def test_reports_oral_written_status_and_template(people, media):
    org = people.tree.xinhe_1
    v = people.villagers
    client = api(people.village)
    meeting = client.post(
        f"{API}/meetings/", meeting_body(org, [(v[1], "present"), (v[2], "absent")]), format="json"
    ).json()
    oral = client.post(
        f"{API}/reports/",
        {"kind": "oral", "person": v[1].pk, "meeting": meeting["id"], "text": "半年履职"},
        format="json",
    )
    assert oral.status_code == 201 and oral.json()["half"] == 1
    refused = client.post(
        f"{API}/reports/",
        {"kind": "oral", "person": v[2].pk, "meeting": meeting["id"]},
        format="json",
    )
    assert refused.status_code == 400 and "未出席" in str(refused.json())
    before = trace()
    wrong = client.post(
        f"{API}/reports/",
        {
            "kind": "written",
            "person": v[1].pk,
            "organization": org.pk,
            "year": 2026,
            "file": SimpleUploadedFile("述职.txt", b"plain"),
        },
        format="multipart",
    )
    assert wrong.status_code == 400 and ".doc、.docx 或 .pdf" in str(wrong.json()["file"])
    fake = client.post(
        f"{API}/reports/",
        {
            "kind": "written",
            "person": v[1].pk,
            "organization": org.pk,
            "year": 2026,
            "file": SimpleUploadedFile("述职.pdf", b"GIF89a"),
        },
        format="multipart",
    )
    assert fake.status_code == 400 and "文件内容与扩展名" in str(fake.json()["file"])
    assert trace() == before
    written = client.post(
        f"{API}/reports/",
        {
            "kind": "written",
            "person": v[1].pk,
            "organization": org.pk,
            "year": 2026,
            "file": SimpleUploadedFile("述职.pdf", b"%PDF-1.7 body"),
        },
        format="multipart",
    )
    assert written.status_code == 201 and written.json()["has_file"]
    download = client.get(f"{API}/reports/{written.json()['id']}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 body"

    rows = client.get(f"{API}/report-status/", {"organization": org.pk, "year": 2026}).json()
    row = next(r for r in rows if r["person"] == v[1].pk)
    assert [(st["kind"], st["period"], st["status"]) for st in row["statuses"]] == [
        ("oral", "2026H1", "met"),
        ("oral", "2026H2", "due"),
        ("written", "2026", "met"),
    ]
    assert row["statuses"][0]["verdict"]["source"] == "CQ-LZ 第八条"

    template = client.get(
        f"{API}/report-template/", {"organization": org.pk, "person": v[1].pk, "year": 2026}
    )
    assert template.status_code == 200
    document = Document(io.BytesIO(template.content))
    table = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows}
    assert table["出席执委会议"] == "1 / 1" and table["口头述职"] == "1"


def test_member_sees_and_writes_only_her_own_reports(people, media):
    org = people.tree.xinhe
    me, other = people.township[0], people.township[1]
    svc.report_written_submit(
        actor=people.xinhe, person=other, organization=org, year=2026, text="他人", today=TODAY
    )
    member = api(people.member)
    response = member.post(
        f"{API}/reports/",
        {"kind": "written", "person": me.pk, "organization": org.pk, "year": 2026, "text": "本人"},
        format="json",
    )
    assert response.status_code == 201
    listed = member.get(f"{API}/reports/").json()
    assert [r["person"] for r in listed["results"]] == [me.pk]
    other_report = Report.objects.get(person=other)
    assert member.get(f"{API}/reports/{other_report.pk}/").status_code == 404
    before = trace()
    response = member.post(
        f"{API}/reports/",
        {"kind": "written", "person": other.pk, "organization": org.pk, "year": 2025, "text": "代"},
        format="json",
    )
    assert response.status_code == 404
    assert trace() == before
    status_rows = member.get(f"{API}/report-status/", {"organization": org.pk}).json()
    assert [r["person"] for r in status_rows] == [me.pk]
    template = member.get(
        f"{API}/report-template/", {"organization": org.pk, "person": other.pk, "year": 2026}
    )
    assert template.status_code == 404


# Evaluations, results, candidates, incentives -----------------------------------------------


def test_evaluations_to_results_candidates_and_incentives(people):
    org = people.tree.xinhe_1
    v = people.villagers
    client = api(people.village)
    body = {
        "organization": org.pk,
        "year": 2026,
        "evaluator_kind": "representative",
        "evaluator_name": "代表甲",
        "grades": [{"person": v[1].pk, "grade": "优秀"}, {"person": v[2].pk, "grade": "合格"}],
    }
    response = client.post(f"{API}/evaluations/", body, format="json")
    assert response.status_code == 201 and len(response.json()) == 2
    peer = {
        "organization": org.pk,
        "year": 2026,
        "evaluator_kind": "member",
        "evaluator": v[3].pk,
        "grades": [{"person": v[2].pk, "grade": "优秀"}],
    }
    assert client.post(f"{API}/evaluations/", peer, format="json").status_code == 201
    before = trace()
    for grades, message in [
        ([{"person": v[1].pk, "grade": "良"}], "评议等次只能是优秀、合格、基本合格、不合格"),
        ([{"person": v[3].pk, "grade": "优秀"}], "执委不能评议自己"),
        ([{"person": v[2].pk, "grade": "合格"}], "已评议过"),
        (
            [{"person": v[4].pk, "grade": "合格"}, {"person": v[4].pk, "grade": "优秀"}],
            "只能评议一次",
        ),
    ]:
        response = client.post(f"{API}/evaluations/", peer | {"grades": grades}, format="json")
        assert response.status_code == 400 and message in str(response.json()), response.json()
    assert trace() == before

    summary = client.get(f"{API}/evaluation-summary/", {"organization": org.pk, "year": 2026})
    row = next(r for r in summary.json() if r["person"] == v[2].pk)
    assert row["counts"] == {"优秀": 1, "合格": 1, "基本合格": 0, "不合格": 0}
    assert row["most"] == ["优秀", "合格"]

    decided = client.post(
        f"{API}/year-results/",
        {"person": v[1].pk, "organization": org.pk, "year": 2026, "grade": "优秀"},
        format="json",
    )
    assert decided.status_code == 201
    again = client.post(
        f"{API}/year-results/",
        {"person": v[2].pk, "organization": org.pk, "year": 2026, "grade": "合格"},
        format="json",
    )
    assert again.status_code == 201
    changed = client.post(
        f"{API}/year-results/",
        {"person": v[2].pk, "organization": org.pk, "year": 2026, "grade": "基本合格"},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["grade"] == "基本合格"

    listing = client.get(f"{API}/excellent-candidates/", {"organization": org.pk, "year": 2026})
    data = listing.json()
    assert [c["person"] for c in data["candidates"][:2]] == [v[1].pk, v[2].pk]
    assert data["compliance_rows"] == 0 and data["verdict"]["rule_id"] == "R-EX-10"

    refused = client.post(
        f"{API}/year-results/{changed.json()['id']}/excellent/",
        {"is_excellent": True},
        format="json",
    )
    assert refused.status_code == 400 and "才能评为优秀执委" in str(refused.json())
    chosen = client.post(
        f"{API}/year-results/{decided.json()['id']}/excellent/",
        {"is_excellent": True},
        format="json",
    )
    assert chosen.status_code == 200 and chosen.json()["is_excellent"]

    incentive = {"person": v[1].pk, "organization": org.pk, "year": 2026, "kind": "subsidy"}
    response = client.post(f"{API}/incentives/", incentive, format="json")
    assert response.status_code == 400 and "请填写金额" in str(response.json())
    response = client.post(f"{API}/incentives/", incentive | {"amount": "300.5"}, format="json")
    assert response.status_code == 201 and response.json()["amount"] == "300.50"
    response = client.post(
        f"{API}/incentives/", incentive | {"person": v[2].pk, "kind": "praise"}, format="json"
    )
    assert response.status_code == 400 and "未评为2026年度优秀执委" in str(response.json())
    assert client.get(f"{API}/incentives/", {"organization": org.pk}).json()["count"] == 1


def test_member_sees_her_evaluations_without_evaluators(people):
    org = people.tree.xinhe
    me = people.township[0]
    svc.evaluations_record(
        actor=people.xinhe,
        organization=org,
        year=2026,
        evaluator_kind="member",
        evaluator=people.township[5],
        grades={me.pk: "合格", people.township[1].pk: "优秀"},
        today=TODAY,
    )
    member = api(people.member)
    rows = member.get(f"{API}/evaluations/").json()["results"]
    assert len(rows) == 1 and rows[0]["person"] == me.pk
    assert rows[0]["evaluator"] is None and rows[0]["evaluator_name"] == ""
    cadre_rows = api(people.xinhe).get(f"{API}/evaluations/").json()["results"]
    assert {r["evaluator_name"] for r in cadre_rows} == {people.township[5].name}
    assert member.get(f"{API}/evaluation-summary/", {"organization": org.pk}).status_code == 404
    assert member.get(f"{API}/excellent-candidates/", {"organization": org.pk}).status_code == 404
    before = trace()
    response = member.post(
        f"{API}/evaluations/",
        {
            "organization": org.pk,
            "year": 2026,
            "evaluator_kind": "member",
            "evaluator": me.pk,
            "grades": [{"person": people.township[1].pk, "grade": "优秀"}],
        },
        format="json",
    )
    assert response.status_code == 404
    assert trace() == before
    assert Evaluation.objects.count() == 2 and YearResult.objects.count() == 0


# Training ----------------------------------------------------------------------------------


def test_training_create_coverage_and_attendance(people):
    org = people.tree.xinhe_1
    v = people.villagers
    client = api(people.village)
    body = {
        "organization": org.pk,
        "title": "执委培训",
        "date": "2026-05-20",
        "hours": "2.0",
        "attendees": [p.pk for p in v[:3]],
    }
    created = client.post(f"{API}/trainings/", body, format="json")
    assert created.status_code == 201 and created.json()["attendees"] == sorted(p.pk for p in v[:3])
    coverage = client.get(f"{API}/training-coverage/{org.pk}/").json()
    assert (coverage["members"], coverage["trained"], coverage["percent"]) == (12, 3, 25)
    assert coverage["verdict"]["rule_id"] == "R-EX-11" and len(coverage["untrained"]) == 9
    put = client.put(
        f"{API}/trainings/{created.json()['id']}/attendance/",
        {"attendees": [p.pk for p in v]},
        format="json",
    )
    assert put.status_code == 200 and len(put.json()["attendees"]) == 12
    assert client.get(f"{API}/training-coverage/{org.pk}/").json()["status"] == "met"
    before = trace()
    for change, field, message in [
        ({"attendees": [people.township[3].pk]}, "attendees", "不是本组织或下级组织的执委"),
        ({"date": "2026-02-30"}, "date", "请填写正确的日期"),
        ({"hours": "abc"}, "hours", "学时应为数字"),
    ]:
        response = client.post(f"{API}/trainings/", body | change, format="json")
        assert response.status_code == 400 and message in str(response.json()[field])
    assert trace() == before


# Query counts --------------------------------------------------------------------------------


def test_list_endpoints_query_counts_do_not_grow(people, media):
    org = people.tree.xinhe
    t = people.township
    client = api(people.district)
    urls = [
        f"{API}/meetings/?organization={org.pk}",
        f"{API}/reports/?organization={org.pk}",
        f"{API}/evaluations/?organization={org.pk}",
        f"{API}/year-results/?organization={org.pk}",
        f"{API}/trainings/?organization={org.pk}",
        f"{API}/report-status/?organization={org.pk}&year=2026",
        f"{API}/evaluation-summary/?organization={org.pk}&year=2026",
        f"{API}/excellent-candidates/?organization={org.pk}&year=2026",
        f"{API}/meetings-missing/?organization={people.tree.district.pk}&half=2026H1",
    ]

    def add(n, start):
        for i in range(n):
            day = dt.date(2026, 1, 5) + dt.timedelta(days=start + i)
            meeting = svc.meeting_create(
                actor=people.district,
                organization=org,
                title=f"会议{start + i}",
                date=day,
                attendance={p.pk: "present" for p in t[: 3 + i]},
                today=TODAY,
            )
            svc.report_oral_record(actor=people.district, meeting=meeting, person=t[start + i])
            svc.evaluations_record(
                actor=people.district,
                organization=org,
                year=2026,
                evaluator_kind="representative",
                grades={p.pk: "优秀" for p in t[: 3 + i]},
                today=TODAY,
            )
            svc.year_result_decide(
                actor=people.district,
                person=t[i],
                organization=org,
                year=2026,
                grade="优秀",
                today=TODAY,
            )
            svc.training_create(
                actor=people.district,
                organization=org,
                title=f"培训{start + i}",
                date=day,
                attendees=[p.pk for p in t[: 2 + i]],
                today=TODAY,
            )

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            result.append(len(queries))
        return result

    add(2, 0)
    counts()  # the user's scopes and linked person are cached on first use
    small = counts()
    add(7, 10)
    assert Meeting.objects.count() == 9
    assert counts() == small
