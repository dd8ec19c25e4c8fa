"""Pages of the activity log: the member's phone home, recording (by her or a cadre for
her), the list with verification, the detail page, and the suggestions list.

Over 400 lines: one file for the activity pages, grouped by page with shared fixtures.
"""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import period_of, today_local
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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg(name="photo.jpg", size=(1600, 1200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 60, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def record(person, actor=None, **fields):
    fields.setdefault("kind", "lecture")
    fields.setdefault("date", today_local())
    return services.activity_record(actor=actor or person.user, person=person, **fields)


def files_in(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def state():
    return (
        Activity.objects.count(),
        ActivityPhoto.objects.count(),
        AuditEvent.objects.count(),
        MemberCompliance.objects.filter(done__gt=0).count(),
    )


@pytest.fixture
def people(committees, make_user):
    class People:
        chair = committees.township[0]  # xinhe_member1, member role only
        member = committees.township[1]  # xinhe_member2
        other = committees.township[2]  # xinhe_member3
        village = committees.village[1]  # village_member2
        xinhe_cadre = make_user("xinhe_cadre", "cadre", committees.tree.xinhe)
        dagu_cadre = make_user("dagu_cadre", "cadre", committees.tree.dagu)
        tree = committees.tree

    return People


def duty_row(html, rule_id):
    match = re.search(rf'data-rule="{rule_id}".*?</li>', html, re.S)
    assert match, rule_id
    return match.group(0)


# 手机首页 ---------------------------------------------------------------------


def test_my_home_shows_quarter_and_turns_met_after_recording(client, people, settings):
    client.force_login(people.member.user)
    assert not MemberCompliance.objects.filter(person=people.member).exists()
    response = client.get(reverse("members:my"))
    assert response.status_code == 200
    html = response.content.decode()
    lecture = duty_row(html, "R-EX-02")
    assert 'data-status="due"' in lecture and "待完成" in lecture
    assert "附件2 二" in lecture  # the clause beside the rule id
    assert "还需完成" in html and "宣讲 还差 1 次" in html
    assert 'id="record-activity"' in html
    # Reading wrote nothing: the statuses are the rule's, computed for the page.
    assert not MemberCompliance.objects.filter(person=people.member).exists()

    page = client.get(reverse("members:activity-new"))
    assert page.status_code == 200
    form_html = page.content.decode()
    assert 'accept="image/*"' in form_html and "capture=" in form_html and "multiple" in form_html
    assert f'value="{today_local().isoformat()}"' in form_html
    for label in (
        "联系",
        "宣讲",
        "调研",
        "建议",
        "帮扶",
        "公益",
        "工作记录",
        "议事",
        "培训",
        "值班",
    ):
        assert f">{label}</option>" in form_html
    assert "新河一社区第一妇女小组" in form_html  # the small units under her federation

    response = client.post(
        reverse("members:activity-new"),
        {
            "kind": "lecture",
            "date": today_local().isoformat(),
            "place": "新河街道妇女之家",
            "women_reached": "25",
            "units": [people.tree.group.pk],
            "women": "张某等",
            "note": "宣讲《妇女权益保障法》",
            "photos": [jpeg()],
        },
    )
    assert response.status_code == 302 and response.url == reverse("members:my")
    activity = Activity.objects.get(person=people.member)
    assert activity.recorded_by == people.member.user
    assert list(activity.units.all()) == [people.tree.group]
    assert activity.photos.count() == 1 and len(files_in(settings)) == 2  # original + display
    html = client.get(reverse("members:my")).content.decode()
    assert 'data-status="met"' in duty_row(html, "R-EX-02")
    assert "宣讲 还差" not in html
    assert "新河街道妇女之家" in html  # recent activities
    # Recording (the write path) stored her row and the organization's counts.
    quarter = period_of("quarter", today_local())
    row = MemberCompliance.objects.get(
        person=people.member, rule_id="R-EX-02", period_code=quarter.code
    )
    assert (row.status, row.done) == ("met", 1)
    assert not MemberCompliance.objects.filter(person=people.other).exists()
    assert (
        OrgCompliance.objects.get(
            organization=people.tree.xinhe, rule_id="R-EX-02", period_code=quarter.code
        ).met
        == 1
    )


def _compliance_tables():
    return (
        list(MemberCompliance.objects.order_by("pk").values_list("pk", "status", "done")),
        list(OrgCompliance.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("stale", ["missing", "out_of_date"])
def test_reading_her_compliance_writes_nothing(client, people, stale):
    """Issue 10: the phone home and the API read her statuses without storing them — no
    INSERT or UPDATE, the compliance tables unchanged — whether her rows are missing or
    out of date (an activity recorded behind the service's back); the page still shows
    the rule's status of today."""
    if stale == "out_of_date":
        record(people.member)
        Activity.objects.filter(person=people.member).update(status=ActivityStatus.RETURNED)
    before = _compliance_tables()
    client.force_login(people.member.user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("members:my"))
        api = client.get("/api/v1/members/me/compliance/")
    assert page.status_code == 200 and api.status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "compliance" in q["sql"].lower()
    ]
    assert writes == []
    assert _compliance_tables() == before
    assert 'data-status="due"' in duty_row(page.content.decode(), "R-EX-02")
    lecture = [e for e in api.json()["results"] if e["rule_id"] == "R-EX-02"]
    assert lecture and lecture[-1]["status"] == "due" and lecture[-1]["done"] == 0


def test_my_home_for_an_account_without_member_record(client, people):
    client.force_login(people.xinhe_cadre)
    response = client.get(reverse("members:my"))
    assert response.status_code == 200
    assert "没有关联执委信息" in response.content.decode()


def test_my_home_constant_queries(client, people):
    client.force_login(people.member.user)
    client.get(reverse("members:my"))  # warm-up (sessions, caches)
    counts = []
    for extra in (2, 12):
        for _ in range(extra):
            record(people.member, kind="contact", note="走访")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("members:my")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# 录入错误 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2099-01-01"}, "date", "活动日期不能晚于今天"),
        ({"kind": "dance"}, "kind", "请选择活动类型"),
        ({"women_reached": "-3"}, "women_reached", "联系妇女人数应为0至100000之间的整数"),
        ({"women_reached": "很多"}, "women_reached", "联系妇女人数应为整数"),
        ({"date": "昨天"}, "date", "请填写正确的活动日期"),
        (
            {"photos": [SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")]},
            "photos",
            "照片格式无法识别",
        ),
        ({"photos": [jpeg(f"p{i}.jpg", (40, 30)) for i in range(10)]}, "photos", "最多上传9张"),
    ],
)
def test_bad_input_refused_in_chinese_nothing_written(
    client, people, settings, data, field, message
):
    client.force_login(people.member.user)
    before, files = state(), files_in(settings)
    body = {"kind": "lecture", "date": today_local().isoformat(), "women_reached": "5"} | data
    response = client.post(reverse("members:activity-new"), body)
    assert response.status_code == 400
    html = response.content.decode()
    block = re.search(
        rf'class="mb-3 field-{field}".*?(?=<div class="mb-3 field-|<div class="d-grid)', html, re.S
    )
    assert block and message in block.group(0), html
    assert state() == before and files_in(settings) == files


def test_photo_too_large_refused(client, people, settings):
    settings.PHOTO_MAX_BYTES = 1024
    client.force_login(people.member.user)
    before = state()
    response = client.post(
        reverse("members:activity-new"),
        {"kind": "lecture", "date": today_local().isoformat(), "photos": [jpeg()]},
    )
    assert response.status_code == 400 and "照片不能超过" in response.content.decode()
    assert state() == before


# 列表、详情与范围 --------------------------------------------------------------


def test_member_sees_only_her_own(client, people):
    mine = record(people.member, note="我的活动")
    theirs = record(people.other, note="别人的活动")
    client.force_login(people.member.user)
    html = client.get(reverse("members:activities")).content.decode()
    assert "我的活动" in html and "别人的活动" not in html
    assert client.get(reverse("members:activity", args=[mine.pk])).status_code == 200
    before = state()
    for name, method in (
        ("members:activity", "get"),
        ("members:activity-edit", "get"),
        ("members:activity-edit", "post"),
        ("members:activity-delete", "post"),
        ("members:activity-verify", "post"),
    ):
        response = getattr(client, method)(
            reverse(name, args=[theirs.pk]), {"confirm": "1", "kind": "survey"}
        )
        assert response.status_code == 404, name
    # She cannot verify her own activity either (a member verifies nothing).
    response = client.post(reverse("members:activity-verify", args=[mine.pk]), {"confirm": "1"})
    assert response.status_code == 404
    response = client.post(reverse("members:activities-verify"), {"ids": [mine.pk]})
    assert response.status_code == 404
    assert state() == before
    assert Activity.objects.get(pk=mine.pk).status == ActivityStatus.RECORDED
    assert client.get(reverse("members:suggestions")).status_code == 404


def test_cadre_of_another_township_gets_404(client, people):
    activity = record(people.member)
    client.force_login(people.dagu_cadre)
    before = state()
    assert client.get(reverse("members:activity", args=[activity.pk])).status_code == 404
    assert (
        client.post(
            reverse("members:activity-verify", args=[activity.pk]), {"confirm": "1"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("members:suggestion-answer", args=[activity.pk]), {"answer": "好"}
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("members:activity-new"), {"person": people.member.pk}).status_code == 404
    )
    html = client.get(reverse("members:activities")).content.decode()
    assert people.member.name not in html
    assert state() == before


def test_cadre_verifies_and_compliance_follows(client, people):
    quarter = period_of("quarter", today_local())
    compliance.rebuild(organizations=[people.tree.xinhe], year=quarter.year, today=today_local())
    first = record(people.member, note="第一次宣讲")
    village = record(people.village, note="社区宣讲")
    counts = OrgCompliance.objects.get(
        organization=people.tree.xinhe, rule_id="R-EX-02", period_code=quarter.code
    )
    assert counts.met == 1
    client.force_login(people.xinhe_cadre)
    html = client.get(reverse("members:activities")).content.decode()
    assert "第一次宣讲" in html and "社区宣讲" in html  # her subtree
    html = client.get(reverse("members:activities"), {"org": people.tree.xinhe_1.pk}).content
    assert "社区宣讲" in html.decode() and "第一次宣讲" not in html.decode()

    refused = client.post(
        reverse("members:activity-verify", args=[first.pk]), {"confirm": "0", "reason": ""}
    )
    assert refused.status_code == 400 and "退回需要填写理由" in refused.content.decode()
    assert Activity.objects.get(pk=first.pk).status == ActivityStatus.RECORDED

    response = client.post(
        reverse("members:activity-verify", args=[first.pk]),
        {"confirm": "0", "reason": "照片与内容不符"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    counts.refresh_from_db()
    assert (first.status, first.return_reason) == ("returned", "照片与内容不符")
    assert counts.met == 0
    row = MemberCompliance.objects.get(
        person=people.member, rule_id="R-EX-02", period_code=quarter.code
    )
    assert row.status == "due"
    html = client.get(reverse("members:activities"), {"status": "returned"}).content.decode()
    assert "照片与内容不符" in html and "社区宣讲" not in html

    # The member sees the reason, edits, and it counts again (待确认).
    client.force_login(people.member.user)
    assert (
        "照片与内容不符"
        in client.get(reverse("members:activity", args=[first.pk])).content.decode()
    )
    response = client.post(
        reverse("members:activity-edit", args=[first.pk]),
        {
            "kind": "lecture",
            "date": first.date.isoformat(),
            "women_reached": "12",
            "note": "补充照片说明",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.women_reached) == ("recorded", 12)
    row.refresh_from_db()
    assert row.status == "met"

    # Bulk confirm by the cadre; then the member can neither edit nor delete.
    client.force_login(people.xinhe_cadre)
    response = client.post(reverse("members:activities-verify"), {"ids": [first.pk, village.pk]})
    assert response.status_code == 302
    assert set(Activity.objects.values_list("status", flat=True)) == {"confirmed"}
    client.force_login(people.member.user)
    assert (
        "activity-edit"
        not in client.get(reverse("members:activity", args=[first.pk])).content.decode()
    )
    client.post(reverse("members:activity-delete", args=[first.pk]))
    assert Activity.objects.filter(pk=first.pk).exists()


def test_member_deletes_her_unconfirmed_activity(client, people):
    activity = record(people.member, kind="survey")
    client.force_login(people.member.user)
    response = client.post(reverse("members:activity-delete", args=[activity.pk]))
    assert response.status_code == 302 and response.url == reverse("members:my")
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert AuditEvent.objects.filter(object_type="members.activity", action="delete").count() == 1


def test_list_filters(client, people):
    record(
        people.member, kind="contact", date=today_local() - dt.timedelta(days=40), note="早先联系"
    )
    record(people.member, kind="lecture", note="近期宣讲")
    record(people.other, kind="lecture", note="他人宣讲")
    client.force_login(people.xinhe_cadre)
    url = reverse("members:activities")
    html = client.get(url, {"kind": "contact"}).content.decode()
    assert "早先联系" in html and "近期宣讲" not in html
    html = client.get(url, {"person": people.other.pk}).content.decode()
    assert "他人宣讲" in html and "近期宣讲" not in html
    since = (today_local() - dt.timedelta(days=10)).isoformat()
    html = client.get(url, {"from": since}).content.decode()
    assert "早先联系" not in html and "近期宣讲" in html
    html = client.get(url, {"org": people.tree.dagu.pk}).content.decode()
    assert "近期宣讲" not in html  # an organization outside her scope: nothing


@pytest.mark.parametrize("who", ["cadre", "member"])
def test_list_constant_queries(client, people, who):
    user = people.xinhe_cadre if who == "cadre" else people.member.user
    client.force_login(user)
    counts = []
    for total in (5, 20):
        while Activity.objects.filter(person=people.member).count() < total:
            activity = record(
                people.member,
                kind="contact",
                photos=[jpeg(size=(60, 40))],
                units=[people.tree.group],
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("members:activities"))
        assert response.status_code == 200
        assert response.content.decode().count('class="activity-thumb"') == total
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert activity


# 代录 -------------------------------------------------------------------------


def test_cadre_records_for_a_member(client, people):
    client.force_login(people.xinhe_cadre)
    page = client.get(reverse("members:activity-new"))
    assert page.status_code == 200 and "请先选择执委" in page.content.decode()
    html = page.content.decode()
    assert people.village.name in html and people.member.name in html
    page = client.get(reverse("members:activity-new"), {"person": people.village.pk})
    assert page.status_code == 200 and 'id="activity-form"' in page.content.decode()
    response = client.post(
        reverse("members:activity-new") + f"?person={people.village.pk}",
        {"person": people.village.pk, "kind": "contact", "date": today_local().isoformat()},
    )
    assert response.status_code == 302
    activity = Activity.objects.get(person=people.village)
    assert activity.recorded_by == people.xinhe_cadre
    assert activity.organization == people.tree.xinhe_1
    # A member alone cannot record for someone else.
    client.force_login(people.member.user)
    before = state()
    response = client.post(
        reverse("members:activity-new"),
        {"person": people.other.pk, "kind": "contact", "date": today_local().isoformat()},
    )
    assert response.status_code == 302
    assert Activity.objects.filter(person=people.other).count() == 0
    assert Activity.objects.filter(person=people.member).count() == 1
    assert state()[0] == before[0] + 1


# 建议 -------------------------------------------------------------------------


def test_suggestions_answered_and_seen_by_member(client, people):
    old = record(
        people.member,
        kind="suggestion",
        date=today_local() - dt.timedelta(days=5),
        note="建议增设托育点",
    )
    new = record(people.other, kind="suggestion", note="建议开展家风讲座")
    record(people.member, kind="lecture", note="不是建议")
    services.suggestion_answer(actor=people.xinhe_cadre, activity=new, answer="已列入计划")
    client.force_login(people.xinhe_cadre)
    html = client.get(reverse("members:suggestions")).content.decode()
    assert "不是建议" not in html
    assert html.index("建议增设托育点") < html.index("建议开展家风讲座")  # unanswered first
    refused = client.post(reverse("members:suggestion-answer", args=[old.pk]), {"answer": " "})
    assert refused.status_code == 400 and "请填写答复内容" in refused.content.decode()
    response = client.post(
        reverse("members:suggestion-answer", args=[old.pk]), {"answer": "街道将调研选址"}
    )
    assert response.status_code == 302
    html = client.get(reverse("members:suggestions"), {"answered": "0"}).content.decode()
    assert "建议增设托育点" not in html
    client.force_login(people.member.user)
    html = client.get(reverse("members:activity", args=[old.pk])).content.decode()
    assert "街道将调研选址" in html
    assert 'action="/members/suggestions/' not in html  # no answer form for the member


def test_list_paginates_and_keeps_filters(client, people):
    org = people.tree.xinhe
    Activity.objects.bulk_create(
        Activity(
            person=people.member,
            organization=org,
            org_path=org.path,
            kind="contact",
            date=today_local() - dt.timedelta(days=i),
        )
        for i in range(35)
    )
    client.force_login(people.xinhe_cadre)
    first = client.get(reverse("members:activities"), {"kind": "contact"}).content.decode()
    assert first.count('class="list-group-item activity-row"') == 30
    assert "kind=contact&amp;page=2" in first
    second = client.get(reverse("members:activities"), {"kind": "contact", "page": 2})
    assert second.content.decode().count('class="list-group-item activity-row"') == 5
