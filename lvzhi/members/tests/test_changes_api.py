"""/api/v1/members/ committee changes: exits, exit recommendations, nominations and vote
sessions through the API — the same flows as the pages, Chinese errors, 404 out of scope,
nothing written on refusal, constant query counts for lists."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lvzhi.core.periods import today_local
from lvzhi.members.changes import services
from lvzhi.members.models import NominationStatus
from lvzhi.members.tests.test_changes_support import counts, people, year_result  # noqa: F401
from lvzhi.orgs.models import Position

TODAY = today_local()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_exit_flow_through_the_api(people):
    org = people.tree.xinhe
    person = people.township[5]
    year_result(person, org, TODAY.year - 2, "不合格")
    year_result(person, org, TODAY.year - 1, "不合格")
    cadre, approver = api(people.cadre), api(people.approver)

    rows = cadre.get("/api/v1/members/exit-recommendations/", {"organization": org.pk}).json()
    (row,) = rows
    assert row["ground"] == "failed_evaluations" and row["person"] == person.pk
    assert row["verdict"]["rule_id"] == "R-MB-09" and row["verdict"]["source"] == "CQ-ZT 第十二条"
    assert row["evidence"] == f"{TODAY.year - 2}、{TODAY.year - 1} 年度评议不合格"
    assert row["case"] is None and row["can_open"]

    created = cadre.post(
        "/api/v1/members/exits/",
        {"organization": org.pk, "person": person.pk, "ground": "failed_evaluations"},
        format="json",
    )
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["status"] == "recommended" and case["next_steps"] == [
        "proposal",
        "party_approval",
        "plenary_vote",
    ]
    step_url = f"/api/v1/members/exits/{case['id']}/step/"
    before = counts()
    early = approver.post(step_url, {"step": "party_approval", "date": TODAY}, format="json")
    assert early.status_code == 400
    assert "还缺少：同级妇联组织提出建议" in early.json()["step"][0]
    assert approver.post(step_url, {"step": "proposal"}, format="json").status_code == 403
    assert counts() == before

    assert (
        cadre.post(step_url, {"step": "proposal", "date": TODAY}, format="json").status_code == 200
    )
    ok = approver.post(step_url, {"step": "party_approval", "date": TODAY}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    done = cadre.post(step_url, {"step": "plenary_vote", "date": TODAY}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "effective"
    seat = Position.objects.get(pk=case["position"])
    assert seat.end_date == TODAY and "R-MB-09" in seat.end_reason

    (row,) = cadre.get("/api/v1/members/exit-recommendations/", {"organization": org.pk}).json()
    assert (row["case"], row["case_status"], row["can_open"]) == (case["id"], "effective", False)


def test_termination_unannounced_filter(people):
    org = people.tree.xinhe
    cadre = api(people.cadre)
    created = cadre.post(
        "/api/v1/members/exits/",
        {
            "organization": org.pk,
            "person": people.township[6].pk,
            "ground": "misconduct",
            "note": "经查实",
        },
        format="json",
    ).json()
    url = f"/api/v1/members/exits/{created['id']}/step/"
    cadre.post(url, {"step": "proposal", "date": TODAY}, format="json")
    api(people.approver).post(url, {"step": "party_approval", "date": TODAY}, format="json")
    listed = cadre.get("/api/v1/members/exits/", {"unannounced": "1"}).json()
    assert [c["id"] for c in listed["results"]] == [created["id"]]
    refused = cadre.post(url, {"step": "announcement"}, format="json")
    assert refused.status_code == 400 and "请选择通报资格终止的执委会议" in str(refused.json())


def test_exit_scope(people):
    org = people.tree.xinhe
    case = services.exit_open(
        actor=people.cadre,
        organization=org,
        person=people.township[4],
        ground="resigned",
        date=TODAY,
    )
    before = counts()
    for user in (people.sibling, people.member):
        client = api(user)
        assert client.get(f"/api/v1/members/exits/{case.pk}/").status_code == 404
        assert client.get("/api/v1/members/exits/").json()["count"] == 0
        assert (
            client.get(
                "/api/v1/members/exit-recommendations/", {"organization": org.pk}
            ).status_code
            == 404
        )
        response = client.post(
            f"/api/v1/members/exits/{case.pk}/step/", {"step": "proposal"}, format="json"
        )
        assert response.status_code == 404
        response = client.post(
            "/api/v1/members/exits/",
            {"organization": org.pk, "person": people.township[7].pk, "ground": "resigned"},
            format="json",
        )
        assert response.status_code == 404
    assert counts() == before
    unknown = api(people.cadre).post(
        "/api/v1/members/exits/",
        {"organization": org.pk, "person": people.township[7].pk, "ground": "nonsense"},
        format="json",
    )
    assert unknown.status_code == 400 and unknown.json() == {"ground": ["请选择退出情形"]}


def test_nominations_through_the_api(people):
    org = people.tree.xinhe  # 25 members → at least 9 (⌈25/3⌉)
    cadre = api(people.cadre)
    body = {
        "organization": org.pk,
        "channel": "masses",
        "new_person": {"name": "王新", "workplace": "街道卫生院"},
        "residence": "新河街道",
        "supporters_members": 8,
        "supporters_women": 19,
    }
    before = counts()
    refused = cadre.post("/api/v1/members/nominations/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["supporters_members"] == [
        "推荐人数不足：需三分之一以上执委（9人，现8人）或20名以上妇女群众（现19人）"
    ]
    assert counts() == before
    created = cadre.post(
        "/api/v1/members/nominations/", {**body, "supporters_members": 9}, format="json"
    )
    assert created.status_code == 201, created.content
    nomination = created.json()
    assert nomination["verdicts"][0]["detail"].startswith("执委会现有25人，三分之一以上为至少9人")
    assert nomination["state"]["ready"] is False
    assert nomination["state"]["missing"] == ["同级党组织审议通过"]
    review_url = f"/api/v1/members/nominations/{nomination['id']}/review/"
    assert cadre.post(review_url, {"action": "party_review"}, format="json").status_code == 403
    reviewed = api(people.approver).post(review_url, {"action": "party_review"}, format="json")
    assert reviewed.status_code == 200 and reviewed.json()["state"]["ready"] is True
    assert (
        api(people.sibling).get(f"/api/v1/members/nominations/{nomination['id']}/").status_code
        == 404
    )
    member = api(people.member)
    assert member.get(f"/api/v1/members/nominations/{nomination['id']}/").status_code == 200
    assert (
        member.post(
            "/api/v1/members/nominations/", {**body, "supporters_members": 9}, format="json"
        ).status_code
        == 404
    )


def test_vote_session_through_the_api(people):
    org = people.tree.xinhe_1  # 12 members: valid from 9 present, elected from 7 yes
    cadre = api(people.cadre)
    nomination = services.nomination_create(
        actor=people.cadre, organization=org, channel="party", new_person={"name": "钱红"}
    )
    body = {
        "organization": org.pk,
        "date": TODAY,
        "present": 9,
        "scrutineers": [people.village[3].pk],
        "scrutineers_approved": True,
        "counters": ["计票员甲"],
        "tallies": [{"nomination": nomination.pk, "yes": 7, "no": 2}],
    }
    preview = cadre.post("/api/v1/members/vote-sessions/preview/", body, format="json")
    assert preview.status_code == 200, preview.content
    data = preview.json()
    assert (data["expected"], data["min_present"], data["min_yes"]) == (12, 9, 7)
    assert data["valid"] and data["candidates"][0]["elected"]
    assert "超过应到人数的半数（6人），当选" in data["candidates"][0]["verdict"]["detail"]

    before = counts()
    impossible = cadre.post(
        "/api/v1/members/vote-sessions/",
        {**body, "tallies": [{"nomination": nomination.pk, "yes": 7, "no": 2, "abstain": 1}]},
        format="json",
    )
    assert impossible.status_code == 400
    assert "合计10票，多于实到人数9人" in impossible.json()["tallies"][0]
    too_many = cadre.post("/api/v1/members/vote-sessions/", {**body, "present": 13}, format="json")
    assert too_many.status_code == 400 and "不能多于应到人数（12人）" in str(too_many.json())
    assert counts() == before

    created = cadre.post("/api/v1/members/vote-sessions/", body, format="json")
    assert created.status_code == 201, created.content
    session = created.json()
    assert session["is_valid"] and session["tallies"][0]["elected"]
    assert session["arithmetic"][0] == (
        "应到12人，实到9人，超过应到人数的三分之二（8人），可以进行选举"
    )
    assert {(v["rule_id"], v.get("when")) for v in session["verdicts"]} >= {
        ("R-MB-13", None),
        ("R-MB-14", None),
        ("R-MB-01", "before"),
        ("R-MB-02", "after"),
    }
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ELECTED
    assert nomination.position.start_date == TODAY
    assert (
        api(people.sibling).get(f"/api/v1/members/vote-sessions/{session['id']}/").status_code
        == 404
    )
    assert (
        api(people.sibling)
        .post("/api/v1/members/vote-sessions/preview/", body, format="json")
        .status_code
        == 404
    )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": 200})
        assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    ["/api/v1/members/exits/", "/api/v1/members/nominations/", "/api/v1/members/vote-sessions/"],
)
def test_list_queries_do_not_grow(people, url):
    org = people.tree.xinhe
    client = api(people.cadre)

    def add(persons, orgs):
        for index, person in enumerate(persons):
            target = orgs[index % len(orgs)]
            services.exit_open(
                actor=people.cadre, organization=org, person=person, ground="resigned", date=TODAY
            )
            nomination = services.nomination_create(
                actor=people.cadre,
                organization=target,
                channel="party",
                new_person={"name": f"候选{person.pk}"},
            )
            services.vote_session_record(
                actor=people.cadre,
                organization=target,
                date=TODAY - dt.timedelta(days=1),
                present=10,
                scrutineers=[(people.township if target == org else people.village)[1]],
                scrutineers_approved=True,
                counters=["计票员"],
                tallies=[(nomination, 2, 6, 2)],
            )

    add(people.township[3:4], [org])
    few = _count_queries(client, url)
    add(people.township[4:10], [org, people.tree.xinhe_1])
    assert _count_queries(client, url) == few
