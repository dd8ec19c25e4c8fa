"""The activity log API: a member's own endpoints (with tokens), her compliance, the
cadre's list, recording on behalf, verification and answers to suggestions.

Over 400 lines: one file for the activity API, grouped by endpoint with shared fixtures.
"""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import period_of, today_local
from lvzhi.core.tokens.models import ApiToken
from lvzhi.core.tokens.services import api_token_create
from lvzhi.members.activities import services
from lvzhi.members.compliance import services as compliance
from lvzhi.members.models import (
    Activity,
    ActivityPhoto,
    ActivityStatus,
    MemberCompliance,
    OrgCompliance,
)

pytestmark = pytest.mark.django_db
MY = "/api/v1/members/me/activities/"
ALL = "/api/v1/members/activities/"
# token with user and person, seat, savepoint, insert, rule set, seats, org counts, her
# row (locked), dates, savepoint + row insert + release (guarding against a concurrent
# first activity), org counts update, audit (on PostgreSQL the chain's advisory lock; the
# day's chain head read and moved; the event), release: 17 for the first of a quarter;
# fewer once her row exists and the status does not change.
CREATE_QUERY_BUDGET = 17


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg(name="photo.jpg", size=(1600, 1200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (60, 120, 180)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def token_client(user):
    """A client with a fresh token marked as just used: ``last_used_at`` is written at most
    once a minute, so the query counts below see the endpoint's own queries only."""
    token, key = api_token_create(actor=None, user=user, name="测试")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def record(person, actor=None, **fields):
    fields.setdefault("kind", "lecture")
    fields.setdefault("date", today_local())
    return services.activity_record(actor=actor or person.user, person=person, **fields)


def state():
    return (
        Activity.objects.count(),
        ActivityPhoto.objects.count(),
        AuditEvent.objects.count(),
        MemberCompliance.objects.count(),
    )


@pytest.fixture
def people(committees, make_user):
    class People:
        member = committees.township[1]
        other = committees.township[2]
        village = committees.village[1]
        xinhe_cadre = make_user("xinhe_cadre", "cadre", committees.tree.xinhe)
        dagu_cadre = make_user("dagu_cadre", "cadre", committees.tree.dagu)
        tree = committees.tree

    return People


# 本人 -------------------------------------------------------------------------


def test_member_records_reads_changes_and_deletes_with_token(people):
    api = token_client(people.member.user)
    today = today_local().isoformat()
    created = api.post(
        MY,
        {"kind": "lecture", "date": today, "place": "妇女之家", "women_reached": 20},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kind"] == "lecture" and body["status"] == "recorded"
    assert body["person"] == people.member.pk and body["organization"] == people.tree.xinhe.pk
    assert body["photos"] == [] and body["units"] == []
    with_photo = api.post(
        MY,
        {
            "kind": "contact",
            "date": today,
            "units": [people.tree.group.pk],
            "photos": [jpeg("a.jpg"), jpeg("b.png")],
        },
        format="multipart",
    )
    assert with_photo.status_code == 201, with_photo.content
    photos = with_photo.json()["photos"]
    assert len(photos) == 2 and all(p["display"].startswith("http") for p in photos)
    assert with_photo.json()["units"] == [
        {"id": people.tree.group.pk, "name": people.tree.group.name}
    ]
    listed = api.get(MY).json()
    assert listed["count"] == 2
    assert api.get(MY, {"kind": "contact"}).json()["count"] == 1
    pk = body["id"]
    assert api.get(f"{MY}{pk}/").json()["place"] == "妇女之家"
    changed = api.patch(f"{MY}{pk}/", {"women_reached": 35, "note": "补充"}, format="json")
    assert changed.status_code == 200 and changed.json()["women_reached"] == 35
    assert api.delete(f"{MY}{pk}/").status_code == 204
    assert not Activity.objects.filter(pk=pk).exists()
    row = MemberCompliance.objects.get(
        person=people.member,
        rule_id="R-EX-02",
        period_code=period_of("quarter", today_local()).code,
    )
    assert (row.done, row.status) == (0, "due")  # the deleted lecture no longer counts


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2099-01-01"}, "date", "活动日期不能晚于今天"),
        ({"kind": "dance"}, "kind", "请选择活动类型"),
        ({"women_reached": -3}, "women_reached", "联系妇女人数应为0至100000之间的整数"),
        ({"date": "昨天"}, "date", "请填写正确的活动日期"),
        ({"units": [999999]}, "units", "只能选择本组织下的妇女小组或微家"),
    ],
)
def test_bad_json_refused_in_chinese(people, data, field, message):
    api = token_client(people.member.user)
    before = state()
    response = api.post(
        MY, {"kind": "lecture", "date": today_local().isoformat()} | data, format="json"
    )
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert state() == before


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        ([SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")], "照片格式无法识别"),
        ([jpeg(f"p{i}.jpg", (30, 20)) for i in range(10)], "每次最多上传9张照片"),
    ],
)
def test_bad_photos_refused_nothing_written(people, settings, photos, message):
    api = token_client(people.member.user)
    before = state()
    response = api.post(
        MY,
        {"kind": "lecture", "date": today_local().isoformat(), "photos": photos},
        format="multipart",
    )
    assert response.status_code == 400 and message in str(response.json()["photos"])
    assert state() == before
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.*"))


def test_member_cannot_touch_another_members_activity(people):
    theirs = record(people.other)
    mine = record(people.member)
    api = token_client(people.member.user)
    before = state()
    assert api.get(f"{MY}{theirs.pk}/").status_code == 404
    assert api.patch(f"{MY}{theirs.pk}/", {"note": "x"}, format="json").status_code == 404
    assert api.delete(f"{MY}{theirs.pk}/").status_code == 404
    assert api.get(f"{ALL}{theirs.pk}/").status_code == 404
    ids = [a["id"] for a in api.get(ALL).json()["results"]]
    assert ids == [mine.pk]
    for target in (theirs, mine):  # nor verify, not even her own
        response = api.post(f"{ALL}{target.pk}/verify/", {"confirm": True}, format="json")
        assert response.status_code == 404
    assert (
        api.post(
            f"/api/v1/members/suggestions/{theirs.pk}/answer/", {"answer": "好"}, format="json"
        ).status_code
        == 404
    )
    assert state() == before
    # A member cannot record for someone else through the cadre endpoint.
    response = api.post(
        ALL,
        {"person": people.other.pk, "kind": "lecture", "date": today_local().isoformat()},
        format="json",
    )
    assert response.status_code == 404 and state() == before


def test_confirmed_activity_is_locked_for_the_member(people):
    activity = record(people.member)
    services.activity_verify(actor=people.xinhe_cadre, activity=activity, confirm=True)
    api = token_client(people.member.user)
    response = api.patch(f"{MY}{activity.pk}/", {"note": "改"}, format="json")
    assert response.status_code == 400 and "已确认" in str(response.json())
    response = api.delete(f"{MY}{activity.pk}/")
    assert response.status_code == 400 and Activity.objects.filter(pk=activity.pk).exists()


def test_account_without_member_record(people):
    api = token_client(people.xinhe_cadre)
    assert api.get(MY).json()["count"] == 0
    before = state()
    response = api.post(MY, {"kind": "lecture", "date": today_local().isoformat()}, format="json")
    assert response.status_code == 400 and "没有关联执委信息" in str(response.json())
    assert state() == before
    body = api.get("/api/v1/members/me/compliance/").json()
    assert body["person"] is None and body["results"] == []


# 七个一 ----------------------------------------------------------------------


def test_my_compliance(people):
    api = token_client(people.member.user)
    today = today_local()
    body = api.get("/api/v1/members/me/compliance/").json()
    assert body["year"] == today.year and body["organization"] == people.tree.xinhe.pk
    quarter = period_of("quarter", today)
    lecture = next(
        r for r in body["results"] if r["rule_id"] == "R-EX-02" and r["period"] == quarter.code
    )
    assert lecture["status"] == "due" and lecture["current"] is True
    assert (lecture["required"], lecture["done"], lecture["owed"]) == (1, 0, 1)
    assert lecture["source"] == "CQ-LZ 第二条; 附件2 二" and "宣讲" in lecture["detail"]
    rules = {r["rule_id"] for r in body["results"]}
    assert rules == {f"R-EX-0{i}" for i in range(1, 8)}
    api.post(MY, {"kind": "lecture", "date": today.isoformat()}, format="json")
    body = api.get("/api/v1/members/me/compliance/", {"year": today.year}).json()
    lecture = next(
        r for r in body["results"] if r["rule_id"] == "R-EX-02" and r["period"] == quarter.code
    )
    assert (lecture["status"], lecture["done"]) == ("met", 1)
    refused = api.get("/api/v1/members/me/compliance/", {"year": "去年"})
    assert refused.status_code == 400 and "年度" in str(refused.json())
    unknown = api.get("/api/v1/members/me/compliance/", {"colour": "red"})
    assert unknown.status_code == 400 and "colour" in unknown.json()


# 干部 -------------------------------------------------------------------------


def test_cadre_records_on_behalf_verifies_and_counts_follow(people):
    today = today_local()
    quarter = period_of("quarter", today)
    compliance.rebuild(organizations=[people.tree.xinhe_1], year=today.year, today=today)
    api = token_client(people.xinhe_cadre)
    created = api.post(
        ALL,
        {"person": people.village.pk, "kind": "lecture", "date": today.isoformat()},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["organization"] == people.tree.xinhe_1.pk
    counts = OrgCompliance.objects.get(
        organization=people.tree.xinhe_1, rule_id="R-EX-02", period_code=quarter.code
    )
    assert (counts.met, counts.due) == (1, 11)
    refused = api.post(f"{ALL}{pk}/verify/", {"confirm": False}, format="json")
    assert refused.status_code == 400 and "退回需要填写理由" in str(refused.json())
    returned = api.post(f"{ALL}{pk}/verify/", {"confirm": False, "reason": "无照片"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    counts.refresh_from_db()
    assert (counts.met, counts.due) == (0, 12)
    confirmed = api.post(f"{ALL}{pk}/verify/", {"confirm": True}, format="json")
    assert confirmed.json()["status"] == "confirmed"
    counts.refresh_from_db()
    assert counts.met == 1
    # Filters.
    record(people.member, kind="contact")
    assert api.get(ALL, {"org": people.tree.xinhe_1.pk}).json()["count"] == 1
    assert api.get(ALL, {"kind": "contact"}).json()["count"] == 1
    assert api.get(ALL, {"status": "confirmed"}).json()["count"] == 1
    assert api.get(ALL, {"person": people.member.pk}).json()["count"] == 1
    assert api.get(ALL, {"from": (today + dt.timedelta(days=1)).isoformat()}).json()["count"] == 0


def test_cadre_of_dagu_gets_404_on_xinhe(people):
    activity = record(people.member)
    api = token_client(people.dagu_cadre)
    before = state()
    assert api.get(f"{ALL}{activity.pk}/").status_code == 404
    assert (
        api.post(f"{ALL}{activity.pk}/verify/", {"confirm": True}, format="json").status_code == 404
    )
    response = api.post(
        ALL,
        {"person": people.member.pk, "kind": "lecture", "date": today_local().isoformat()},
        format="json",
    )
    assert response.status_code == 404
    assert api.get(ALL).json()["count"] == 0
    assert state() == before
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.RECORDED


def test_suggestions_answer(people):
    suggestion = record(people.member, kind="suggestion", note="建议增设托育点")
    lecture = record(people.member, kind="lecture")
    api = token_client(people.xinhe_cadre)
    listed = api.get("/api/v1/members/suggestions/").json()
    assert [r["id"] for r in listed["results"]] == [suggestion.pk]
    refused = api.post(
        f"/api/v1/members/suggestions/{lecture.pk}/answer/", {"answer": "好"}, format="json"
    )
    assert refused.status_code == 400
    answered = api.post(
        f"/api/v1/members/suggestions/{suggestion.pk}/answer/",
        {"answer": "已列入计划"},
        format="json",
    )
    assert answered.status_code == 200 and answered.json()["answer"] == "已列入计划"
    assert api.get("/api/v1/members/suggestions/", {"answered": "false"}).json()["count"] == 0
    mine = token_client(people.member.user).get(f"{MY}{suggestion.pk}/").json()
    assert mine["answer"] == "已列入计划"


# 查询次数 ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [MY, ALL])
def test_list_constant_queries(people, url):
    api = token_client(people.member.user)
    counts = []
    for total in (5, 20):
        while Activity.objects.filter(person=people.member).count() < total:
            record(
                people.member,
                kind="contact",
                photos=[jpeg(size=(40, 30))],
                units=[people.tree.group],
            )
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        assert response.json()["count"] == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_create_query_count_is_bounded(people):
    api = token_client(people.member.user)
    api.post(MY, {"kind": "contact", "date": today_local().isoformat()}, format="json")
    counts = []
    for kind in ("lecture", "lecture", "deliberation"):
        with CaptureQueriesContext(connection) as queries:
            response = api.post(
                MY, {"kind": kind, "date": today_local().isoformat()}, format="json"
            )
        assert response.status_code == 201
        counts.append(len(queries))
    assert max(counts) <= CREATE_QUERY_BUDGET, counts
    assert counts[1] <= counts[0]  # the second lecture of the quarter updates her row only


def test_chair_who_is_a_cadre_cannot_confirm_her_own(people, committees):
    from lvzhi.core.models import Role, RoleAssignment

    chair = committees.township[0]
    RoleAssignment.objects.create(
        user=chair.user, role=Role.objects.get(code="cadre"), organization=people.tree.xinhe
    )
    own = record(chair)
    api = token_client(chair.user)
    before = state()
    response = api.post(f"{ALL}{own.pk}/verify/", {"confirm": True}, format="json")
    assert response.status_code == 400 and "不能确认自己记录的活动" in str(response.json())
    assert state() == before and Activity.objects.get(pk=own.pk).status == "recorded"
    theirs = record(people.member)
    assert (
        api.post(f"{ALL}{theirs.pk}/verify/", {"confirm": True}, format="json").status_code == 200
    )


def test_record_answer_equals_the_serializer(people, rf):
    """The record endpoint builds its answer directly; it must say what the serializer says."""
    from lvzhi.members.activities import selectors
    from lvzhi.members.activities.serializers import ActivitySerializer, activity_body

    activity = record(
        people.member, kind="suggestion", photos=[jpeg(size=(80, 60))], units=[people.tree.group]
    )
    services.activity_verify(actor=people.xinhe_cadre, activity=activity, confirm=True)
    services.suggestion_answer(actor=people.xinhe_cadre, activity=activity, answer="已答复")
    request = rf.get("/")
    fresh = selectors.get_activity(people.xinhe_cadre, activity.pk)
    expected = ActivitySerializer(fresh, context={"request": request}).data
    body = activity_body(fresh, request, units=fresh.units.all(), photos=fresh.photos.all())
    assert body == dict(expected)
    assert body["verified_at"] and body["answered_at"] and body["photos"][0]["display"]


def test_out_of_date_rows_are_shown_as_the_rule_says_and_stored_by_the_daily_job(people):
    """A period that ended before the daily job ran: she sees her status overdue when she
    looks, but reading stores nothing (issue 10: GET writes nothing); the daily job turns
    the row overdue and the federation's counts follow."""
    previous = period_of("quarter", today_local()).previous()
    compliance.rebuild(organizations=[people.tree.xinhe], year=previous.year, today=previous.end)
    row = MemberCompliance.objects.get(
        person=people.member, rule_id="R-EX-02", period_code=previous.code
    )
    assert row.status == "due"
    api = token_client(people.member.user)
    body = api.get("/api/v1/members/me/compliance/", {"year": previous.year}).json()
    entry = next(
        r for r in body["results"] if r["rule_id"] == "R-EX-02" and r["period"] == previous.code
    )
    assert entry["status"] == "overdue" and "已截止" in entry["detail"]
    row.refresh_from_db()
    assert row.status == "due"
    compliance.close_ended_periods(today=today_local())
    row.refresh_from_db()
    assert row.status == "overdue"
    counts = OrgCompliance.objects.get(
        organization=people.tree.xinhe, rule_id="R-EX-02", period_code=previous.code
    )
    assert (counts.overdue, counts.due, counts.members) == (25, 0, 25)
    future = api.get("/api/v1/members/me/compliance/", {"year": today_local().year + 1})
    assert future.status_code == 400
