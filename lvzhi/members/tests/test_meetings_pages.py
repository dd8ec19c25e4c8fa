"""Pages of the meetings area: what a cadre and a member see and do, refusals that write
nothing, scope (404), and query counts of the list pages.

Over 400 lines: one file for the meetings pages, grouped by page with shared fixtures.
"""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from lvzhi.core.tests.files import docx_bytes
from lvzhi.members.meetings import services as svc
from lvzhi.members.models import Evaluation, Meeting, Report, Training, YearResult
from lvzhi.members.tests.conftest import committees  # noqa: F401
from lvzhi.members.tests.test_meetings_services import TODAY, media, people, trace  # noqa: F401


@pytest.fixture(autouse=True)
def fixed_today(clock):
    """Pages and endpoints read today in China: the fixtures' day (29 Nov 2026)."""
    clock.set(TODAY)


def login(client, user):
    client.force_login(user)
    return client


def make_meeting(people, org, day=dt.date(2026, 3, 10), attendance=None, **fields):
    return svc.meeting_create(
        actor=people.district,
        organization=org,
        title=fields.pop("title", "执委会"),
        date=day,
        attendance=attendance,
        today=TODAY,
        **fields,
    )


# Meetings ----------------------------------------------------------------------------------


def test_new_meeting_page_prefills_the_committee_and_records_attendance(client, people):
    org = people.tree.xinhe_1
    v = people.villagers
    login(client, people.village)
    url = reverse("members:meeting-new", args=[org.pk])
    page = client.get(url + "?date=2026-03-10")
    assert page.status_code == 200
    html = page.content.decode()
    radios = re.findall(r'<input type="radio" name="att_\d+" value="(\w*)"[^>]*?( checked)?>', html)
    assert len(radios) == 12 * 4
    assert [value for value, checked in radios if checked] == ["present"] * 12  # prefilled
    assert v[11].name in html and people.township[3].name not in html

    data = {
        "kind": "executive",
        "title": "2026年上半年执委会",
        "date": "2026-03-10",
        "place": "社区议事厅",
        "agenda": "述职、评议",
        "minutes": "纪要",
        "representatives_present": "6",
    }
    data |= {f"att_{p.pk}": "present" for p in v[:10]}
    data |= {f"att_{v[10].pk}": "excused", f"att_{v[11].pk}": "absent"}
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "members:meeting", args=[meeting.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "出席 10 人，请假 1 人，无故缺席 1 人" in detail
    assert f'data-person="{v[11].pk}" data-status="absent"' in detail


def test_new_meeting_page_refuses_bad_input_and_writes_nothing(client, people):
    org = people.tree.xinhe_1
    login(client, people.village)
    url = reverse("members:meeting-new", args=[org.pk])
    before = trace()
    for date, message in (("2026-02-30", "请填写正确的日期"), ("2026-12-25", "不能晚于今天")):
        response = client.post(url, {"kind": "executive", "title": "执委会", "date": date})
        assert response.status_code == 200
        assert message in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "executive",
            "title": "执委会",
            "date": "2026-03-01",
            f"att_{people.villagers[0].pk}": "late",
        },
    )
    assert "出席情况只能是出席、请假或无故缺席" in response.content.decode()
    assert trace() == before


def test_meetings_page_flags_a_half_without_meeting(client, people):
    tree = people.tree
    make_meeting(people, tree.xinhe_1)
    login(client, people.district)
    village = client.get(reverse("members:meetings", args=[tree.xinhe_1.pk])).content.decode()
    assert 'data-period="2026H1"' in village and "data-flagged" not in village
    assert "R-EX-10 · CQ-BZ 第二条, 第三条" in village
    other = client.get(reverse("members:meetings", args=[tree.dagu_1.pk])).content.decode()
    assert 'data-period="2026H1" data-flagged="1"' in other
    assert "逾期未完成" in other

    missing = client.get(
        reverse("members:meetings-missing", args=[tree.district.pk]) + "?half=2026H1"
    ).content.decode()
    assert f'data-org="{tree.dagu_1.pk}"' in missing
    assert f'data-org="{tree.xinhe_1.pk}"' not in missing
    assert "2026年上半年未召开执委会议的组织" in missing


def test_scope_sibling_cadre_gets_404_and_member_cannot_create(client, people):
    tree = people.tree
    meeting = make_meeting(people, tree.xinhe, attendance={people.township[0].pk: "present"})
    login(client, people.dagu)
    for url in (
        reverse("members:meetings", args=[tree.xinhe.pk]),
        reverse("members:meeting", args=[meeting.pk]),
        reverse("members:meeting-new", args=[tree.xinhe.pk]),
        reverse("members:meeting-attendance", args=[meeting.pk]),
        reverse("members:report-status", args=[tree.xinhe.pk]),
        reverse("members:evaluations", args=[tree.xinhe.pk]),
        reverse("members:trainings", args=[tree.xinhe.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert tree.xinhe.name.encode() not in response.content

    login(client, people.member)
    assert client.get(reverse("members:meetings", args=[tree.xinhe.pk])).status_code == 200
    assert client.get(reverse("members:meeting", args=[meeting.pk])).status_code == 200
    before = trace()
    url = reverse("members:meeting-new", args=[tree.xinhe.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"kind": "executive", "title": "x", "date": "2026-03-01"})
    assert response.status_code == 404
    assert client.get(reverse("members:meeting-attendance", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("members:evaluations", args=[tree.xinhe.pk])).status_code == 404
    assert client.get(reverse("members:excellent", args=[tree.xinhe.pk])).status_code == 404
    assert trace() == before


def test_attendance_and_oral_report_pages(client, people):
    org = people.tree.xinhe_1
    v = people.villagers
    meeting = make_meeting(people, org)
    login(client, people.village)
    url = reverse("members:meeting-attendance", args=[meeting.pk])
    data = {f"att_{p.pk}": "present" for p in v}
    data[f"att_{v[2].pk}"] = "absent"
    assert client.post(url, data).status_code == 302
    oral = reverse("members:meeting-oral", args=[meeting.pk])
    form = client.get(oral).content.decode()
    assert v[1].name in form and v[2].name not in form  # the absent member is not offered
    response = client.post(oral, {"person": v[1].pk, "text": "半年履职情况"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.kind, report.half, report.date) == ("oral", 1, dt.date(2026, 3, 10))
    response = client.post(oral, {"person": v[1].pk})
    assert "口头述职已记录" in response.content.decode()


# Reports -----------------------------------------------------------------------------------


def test_report_status_page_cadre_sees_all_member_sees_herself(client, people):
    org = people.tree.xinhe
    login(client, people.xinhe)
    html = client.get(reverse("members:report-status", args=[org.pk]) + "?year=2026").content
    html = html.decode()
    assert html.count('data-rule="R-EX-09"') == 25 * 3
    login(client, people.member)
    html = client.get(reverse("members:report-status", args=[org.pk])).content.decode()
    assert html.count("<tr data-person=") == 1
    assert people.township[0].name in html and people.township[1].name not in html


def test_written_report_page_upload_checks(client, people, media):
    org = people.tree.xinhe
    me = people.township[0]
    login(client, people.member)
    url = reverse("members:report-written", args=[org.pk])
    page = client.get(url)
    assert page.status_code == 200 and people.township[1].name not in page.content.decode()
    before = trace()
    response = client.post(
        url,
        {"person": me.pk, "year": "2026", "file": SimpleUploadedFile("述职.txt", b"text")},
    )
    assert "只能上传 .doc、.docx 或 .pdf 文件" in response.content.decode()
    response = client.post(
        url,
        {"person": me.pk, "year": "2026", "file": SimpleUploadedFile("述职.docx", b"%PDF-1.4")},
    )
    assert "文件内容与扩展名" in response.content.decode()
    response = client.post(url, {"person": people.township[1].pk, "year": "2026", "text": "代写"})
    assert response.status_code == 200 and "请选择本组织的执委" in response.content.decode()
    assert trace() == before
    response = client.post(
        url,
        {
            "person": me.pk,
            "year": "2026",
            "file": SimpleUploadedFile("述职.docx", docx_bytes()),
        },
    )
    report = Report.objects.get()
    assert response["Location"] == reverse("members:report", args=[report.pk])
    download = client.get(reverse("members:report-file", args=[report.pk]))
    assert b"".join(download.streaming_content) == docx_bytes()
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    # another member of the same federation does not see it
    other = people.township[1]
    other_user = type(people.member).objects.create_user(username="xinhe_other")
    other.user = other_user
    other.save()
    from lvzhi.core.models import Role, RoleAssignment

    RoleAssignment.objects.create(
        user=other_user,
        role=Role.objects.get(code="member"),
        organization=org,
        include_descendants=False,
    )
    login(client, other_user)
    assert client.get(reverse("members:report", args=[report.pk])).status_code == 404
    assert client.get(reverse("members:report-file", args=[report.pk])).status_code == 404


def test_report_template_download(client, people):
    org = people.tree.xinhe
    me = people.township[0]
    login(client, people.member)
    response = client.get(reverse("members:report-template", args=[org.pk, me.pk, 2026]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    assert any(me.name in p.text for p in document.paragraphs)
    # not another member's, not for a member of another federation
    other = people.township[1]
    assert (
        client.get(reverse("members:report-template", args=[org.pk, other.pk, 2026])).status_code
        == 404
    )
    login(client, people.xinhe)
    assert (
        client.get(reverse("members:report-template", args=[org.pk, other.pk, 2026])).status_code
        == 200
    )
    villager = people.villagers[0]
    assert (
        client.get(reverse("members:report-template", args=[org.pk, villager.pk, 2026])).status_code
        == 404
    )


# Evaluations, results, excellent -----------------------------------------------------------


def test_evaluation_pages_to_year_result_to_excellent_and_incentive(client, people):
    org = people.tree.xinhe_1
    v = people.villagers
    meeting = make_meeting(people, org)
    login(client, people.village)
    url = reverse("members:meeting-evaluate", args=[meeting.pk])
    data = {"evaluator_kind": "representative", "evaluator_name": "代表甲"}
    data |= {f"grade_{v[1].pk}": "优秀", f"grade_{v[2].pk}": "合格"}
    assert client.post(url, data).status_code == 302
    data = {"evaluator_kind": "member", "evaluator": v[3].pk}
    data |= {f"grade_{v[1].pk}": "优秀", f"grade_{v[3].pk}": "合格"}
    before = trace()
    response = client.post(url, data)
    assert "执委不能评议自己" in response.content.decode()
    assert trace() == before
    assert Evaluation.objects.count() == 2

    listing = client.get(reverse("members:evaluations", args=[org.pk]) + "?year=2026")
    html = listing.content.decode()
    row = html.split(f'<tr data-person="{v[1].pk}">')[1].split("</tr>")[0]
    assert '<td class="text-end" data-grade="优秀">1</td>' in row

    result_url = reverse("members:year-result", args=[org.pk])
    client.post(result_url, {"person": v[1].pk, "year": 2026, "grade": "优秀"})
    client.post(result_url, {"person": v[2].pk, "year": 2026, "grade": "合格"})
    response = client.post(
        result_url, {"person": v[5].pk, "year": 2026, "grade": "优秀"}, follow=True
    )
    assert "尚无评议记录" in response.content.decode()
    assert YearResult.objects.count() == 2

    excellent = client.get(reverse("members:excellent", args=[org.pk]) + "?year=2026")
    html = excellent.content.decode()
    assert html.index(f'data-person="{v[1].pk}" data-rank="1"') < html.index(
        f'data-person="{v[2].pk}" data-rank="2"'
    )
    assert 'id="no-compliance"' in html
    select = reverse("members:excellent-select", args=[org.pk])
    response = client.post(
        select, {"person": v[2].pk, "year": 2026, "is_excellent": "on"}, follow=True
    )
    assert "才能评为优秀执委" in response.content.decode()
    client.post(select, {"person": v[1].pk, "year": 2026, "is_excellent": "on"})
    assert YearResult.objects.get(person=v[1]).is_excellent

    incentive = reverse("members:incentive-new", args=[org.pk]) + "?year=2026"
    response = client.post(incentive, {"person": v[1].pk, "year": 2026, "kind": "subsidy"})
    assert "经费补助请填写金额" in response.content.decode()
    response = client.post(
        incentive, {"person": v[1].pk, "year": 2026, "kind": "subsidy", "amount": "800"}
    )
    assert response.status_code == 302
    html = client.get(reverse("members:excellent", args=[org.pk]) + "?year=2026").content.decode()
    assert "经费补助" in html and "800.00" in html


# Training ----------------------------------------------------------------------------------


def test_training_pages_share_and_untrained(client, people):
    org = people.tree.xinhe_1
    v = people.villagers
    login(client, people.village)
    url = reverse("members:training-new", args=[org.pk])
    response = client.post(
        url,
        {
            "title": "履职能力培训",
            "date": "2026-05-20",
            "hours": "2.5",
            "attendees": [str(p.pk) for p in v[:6]],
        },
    )
    training = Training.objects.get()
    assert response["Location"] == reverse("members:training", args=[training.pk])
    html = client.get(reverse("members:trainings", args=[org.pk])).content.decode()
    assert '<span class="fs-5 fw-semibold" id="coverage-percent">50%</span>' in html
    assert "R-EX-11 · CQ-BZ 第六条" in html
    untrained = html.split('id="untrained"')[1].split("</ul>")[0]
    assert f'data-person="{v[6].pk}"' in untrained and f'data-person="{v[0].pk}"' not in untrained
    # correct the attendee list on the training page
    detail = reverse("members:training", args=[training.pk])
    client.post(detail, {"attendees": [str(p.pk) for p in v]})
    html = client.get(reverse("members:trainings", args=[org.pk])).content.decode()
    assert 'id="coverage-percent">100%' in html and 'id="untrained"' not in html
    before = trace()
    response = client.post(url, {"title": "x", "date": "2026-02-30"})
    assert "请填写正确的日期" in response.content.decode()
    assert trace() == before


# Query counts --------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_query_counts_do_not_grow(client, people, media):
    tree = people.tree
    org = tree.xinhe
    t = people.township
    login(client, people.district)
    urls = [
        reverse("members:meetings", args=[org.pk]) + "?year=2026",
        reverse("members:meetings-missing", args=[tree.district.pk]) + "?half=2026H1",
        reverse("members:report-status", args=[org.pk]) + "?year=2026",
        reverse("members:evaluations", args=[org.pk]) + "?year=2026",
        reverse("members:excellent", args=[org.pk]) + "?year=2026",
        reverse("members:trainings", args=[org.pk]),
    ]

    def add(n, start):
        for i in range(n):
            day = dt.date(2026, 1, 5) + dt.timedelta(days=start + i)
            meeting = make_meeting(
                people, org, day=day, attendance={p.pk: "present" for p in t[:5]}
            )
            svc.report_oral_record(actor=people.district, meeting=meeting, person=t[i % 25])
            svc.evaluations_record(
                actor=people.district,
                organization=org,
                year=2026,
                evaluator_kind="representative",
                evaluator_name=f"代表{start + i}",
                grades={p.pk: "合格" for p in t[:10]},
                today=TODAY,
            )
            svc.training_create(
                actor=people.district,
                organization=org,
                title=f"培训{start + i}",
                date=day,
                attendees=[p.pk for p in t[: 3 + i]],
                today=TODAY,
            )

    add(2, 0)
    small = [_count(client, url) for url in urls]
    add(8, 10)
    from lvzhi.orgs.models import Kind, Level, Organization

    for i in range(6):  # more villages without meetings in the district list
        Organization.objects.add_child(
            Organization.objects.get(pk=tree.dagu.pk),
            instance=Organization(
                name=f"大沽{i + 2}社区妇联",
                code=f"BH-DG-9{i}",
                system="fl",
                kind=Kind.LOCAL_FEDERATION,
                level=Level.VILLAGE,
            ),
        )
    large = [_count(client, url) for url in urls]
    assert small == large, list(zip(urls, small, large, strict=True))
    detail_small = _count(client, reverse("members:meeting", args=[Meeting.objects.first().pk]))
    big = make_meeting(people, org, day=dt.date(2026, 6, 1), attendance={p.pk: "absent" for p in t})
    assert _count(client, reverse("members:meeting", args=[big.pk])) == detail_small
