"""Pages of committee changes: the cadre's and the party approver's flows through the forms,
refusals shown with their messages and nothing written, scope (404), query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.periods import today_local
from lvzhi.members.changes import services
from lvzhi.members.models import ExitCase, ExitStatus, Nomination, NominationStatus, VoteSession
from lvzhi.members.tests.test_changes_support import (
    attend,
    away,
    counts,
    meeting,
    people,  # noqa: F401
    year_result,
)
from lvzhi.orgs.models import Position

TODAY = today_local()


def login(client, user):
    client.force_login(user)
    return client


# 退出 -----------------------------------------------------------------------


def test_exit_list_shows_recommendations_and_opens_a_case(client, people):
    org = people.tree.xinhe
    a, b = people.township[3:5]
    year_result(a, org, TODAY.year - 2, "不合格")
    year_result(a, org, TODAY.year - 1, "不合格")
    held = [
        meeting(org, f"第{i}次执委会", TODAY - dt.timedelta(days=30 * (4 - i))) for i in (1, 2, 3)
    ]
    for m in held:
        attend(m, b, "absent")
    login(client, people.cadre)
    page = client.get(reverse("members:exit-list", args=[org.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert f"{TODAY.year - 2}、{TODAY.year - 1} 年度评议不合格" in text
    assert "无故连续3次不出席执委会：第1次执委会" in text
    assert "CQ-ZT 第十二条" in text
    response = client.post(
        reverse("members:exit-open", args=[org.pk]),
        {"person": a.pk, "ground": "failed_evaluations"},
    )
    case = ExitCase.objects.get(person=a)
    assert response.status_code == 302 and response.url == reverse(
        "members:exit-detail", args=[case.pk]
    )
    detail = client.get(response.url).content.decode()
    assert "同级妇联组织提出建议" in detail and "exit-step-form" in detail


def test_exit_procedure_through_the_pages(client, people, make_user):
    org = people.tree.xinhe
    person = people.township[6]
    case = services.exit_open(
        actor=people.cadre, organization=org, person=person, ground="penalty", note="行政拘留"
    )
    url = reverse("members:exit-step", args=[case.pk])
    # The party approver cannot propose; the cadre cannot approve.
    login(client, people.approver)
    before = counts()
    assert client.post(url, {"step": "proposal", "date": TODAY}).status_code == 403
    # Out of order: the missing step is named, nothing written.
    page = client.post(url, {"step": "party_approval", "date": TODAY})
    assert page.status_code == 200
    assert "还缺少：同级妇联组织提出建议" in page.content.decode()
    assert counts() == before

    login(client, people.cadre)
    assert client.post(url, {"step": "proposal", "date": TODAY}).status_code == 302
    assert client.post(url, {"step": "party_approval", "date": TODAY}).status_code == 403
    login(client, people.approver)
    assert client.post(url, {"step": "party_approval", "date": TODAY}).status_code == 302
    case.refresh_from_db()
    assert case.status == ExitStatus.EFFECTIVE
    seat = Position.objects.get(pk=case.position_id)
    assert seat.end_date == TODAY and "R-MB-10" in seat.end_reason

    login(client, people.cadre)
    listing = client.get(reverse("members:exit-list", args=[org.pk])).content.decode()
    assert 'id="unannounced"' in listing and "应在下一次执委会上通报" in listing
    nxt = meeting(org, "执委会", TODAY)
    assert client.post(url, {"step": "announcement", "meeting": nxt.pk}).status_code == 302
    case.refresh_from_db()
    assert case.announced_at == nxt
    listing = client.get(reverse("members:exit-list", args=[org.pk])).content.decode()
    assert 'id="unannounced"' not in listing


def test_exit_enter_form(client, people):
    org = people.tree.xinhe
    login(client, people.cadre)
    url = reverse("members:exit-create", args=[org.pk])
    assert "因违纪被开除党籍" in client.get(url).content.decode()
    before = counts()
    page = client.post(url, {"person": people.township[4].pk, "ground": "resigned"})
    assert page.status_code == 200 and "请填写本人提出辞职的日期" in page.content.decode()
    assert counts() == before
    response = client.post(
        url, {"person": people.township[4].pk, "ground": "resigned", "date": TODAY}
    )
    assert response.status_code == 302
    assert ExitCase.objects.get().ground == "resigned"


def test_exit_pages_scope(client, people):
    org = people.tree.xinhe
    case = services.exit_open(
        actor=people.cadre,
        organization=org,
        person=people.township[4],
        ground="resigned",
        date=TODAY,
    )
    for user in (people.sibling, people.member):
        login(client, user)
        assert client.get(reverse("members:exit-list", args=[org.pk])).status_code == 404
        assert client.get(reverse("members:exit-detail", args=[case.pk])).status_code == 404
        before = counts()
        response = client.post(
            reverse("members:exit-step", args=[case.pk]), {"step": "proposal", "date": TODAY}
        )
        assert response.status_code == 404 and counts() == before
    login(client, people.member)
    assert client.get(reverse("members:exit-create", args=[org.pk])).status_code == 404


# 提名与表决 -----------------------------------------------------------------


def test_masses_nomination_page_checks_supporters(client, people):
    org = people.tree.xinhe_1  # 12 members → at least 4
    login(client, people.cadre)
    url = reverse("members:nomination-create", args=[org.pk])
    assert "至少 4 人" in client.get(url).content.decode()
    values = {
        "channel": "masses",
        "new_name": "王新",
        "new_workplace": "社区卫生站",
        "residence": "3号楼",
        "title": "member",
        "supporters_members": 3,
        "supporters_women": 19,
    }
    before = counts()
    page = client.post(url, values)
    assert page.status_code == 200
    assert "需三分之一以上执委（4人，现3人）或20名以上妇女群众（现19人）" in page.content.decode()
    assert counts() == before
    response = client.post(url, {**values, "supporters_members": 4})
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert "执委会现有12人，三分之一以上为至少4人" in detail
    assert nomination.person.workplace == "社区卫生站"


def test_vote_page_preview_then_record(client, people):
    org = people.tree.xinhe_1
    nomination = services.nomination_create(
        actor=people.cadre, organization=org, channel="party", new_person={"name": "钱红"}
    )
    login(client, people.cadre)
    url = reverse("members:vote-create", args=[org.pk])
    page = client.get(url).content.decode()
    assert "钱红" in page
    values = {
        "date": TODAY,
        "present": 9,
        "scrutineers": [people.village[3].pk],
        "scrutineers_approved": "on",
        "counters": "计票员甲",
        f"yes_{nomination.pk}": 7,
        f"no_{nomination.pk}": 2,
    }
    before = counts()
    preview = client.post(url, {**values, "action": "preview"}).content.decode()
    assert "核对结果" in preview and "有效" in preview and "当选" in preview
    assert "应到12人，实到9人，超过应到人数的三分之二（8人），可以进行选举" in preview
    assert counts() == before
    impossible = client.post(url, {**values, f"no_{nomination.pk}": 3, "action": "record"})
    assert "多于实到人数9人" in impossible.content.decode()
    assert counts() == before
    response = client.post(url, {**values, "action": "record"})
    assert response.status_code == 302
    session = VoteSession.objects.get()
    detail = client.get(response.url).content.decode()
    assert "有效" in detail and "当选" in detail
    assert "超过应到人数的半数（6人），当选" in detail
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ELECTED
    committee = client.get(reverse("orgs:detail", args=[org.pk])).content.decode()
    assert "钱红" in committee
    assert session.expected == 12


def test_nomination_review_page(client, people):
    org = people.tree.xinhe
    nomination = services.nomination_create(
        actor=people.cadre,
        organization=org,
        channel="masses",
        new_person={"name": "吴琳"},
        supporters_women=20,
    )
    url = reverse("members:nomination-review", args=[nomination.pk])
    login(client, people.cadre)
    assert client.post(url, {"action": "party_review"}).status_code == 403
    login(client, people.approver)
    assert (
        "党组织审议通过"
        in client.get(reverse("members:nomination-detail", args=[nomination.pk])).content.decode()
    )
    assert client.post(url, {"action": "party_review"}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PARTY_APPROVED
    login(client, people.sibling)
    assert client.get(reverse("members:nomination-detail", args=[nomination.pk])).status_code == 404
    assert client.get(reverse("members:nomination-list", args=[org.pk])).status_code == 404
    login(client, people.member)
    assert client.get(reverse("members:nomination-list", args=[org.pk])).status_code == 200
    assert client.get(reverse("members:nomination-create", args=[org.pk])).status_code == 404
    assert client.get(reverse("members:vote-create", args=[org.pk])).status_code == 404


# 查询次数 -------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["exit-list", "nomination-list", "vote-list"])
def test_list_pages_constant_queries(client, people, name):
    org = people.tree.xinhe
    login(client, people.cadre)

    def add(n, offset):
        for i, person in enumerate(people.township[offset : offset + n]):
            year_result(person, org, TODAY.year - 2, "不合格")
            year_result(person, org, TODAY.year - 1, "不合格")
            away(person, TODAY - dt.timedelta(days=800))
            services.exit_open(
                actor=people.cadre, organization=org, person=person, ground="failed_evaluations"
            )
            nomination = services.nomination_create(
                actor=people.cadre,
                organization=org,
                channel="party",
                new_person={"name": f"候选{offset + i}"},
            )
            services.vote_session_record(
                actor=people.cadre,
                organization=org,
                date=TODAY,
                present=20,
                scrutineers=[people.township[1]],
                scrutineers_approved=True,
                counters=["计票员"],
                tallies=[(nomination, 5, 10, 5)],
            )

    add(1, 3)
    url = reverse(f"members:{name}", args=[org.pk])
    few = _queries(client, url)
    add(6, 4)
    assert _queries(client, url) == few
