"""Meetings area through its services and selectors: meetings and attendance (R-EX-10),
reports (R-EX-09), the 述职报告 template, evaluations and yearly results, excellent members
and incentives, training (R-EX-11), and what R-MB-09 reads.

Over 400 lines: one file per area's services, sharing the ``people`` and ``media``
fixtures the meetings page and API tests import from here.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from lvzhi.core.models import AuditEvent
from lvzhi.core.periods import half
from lvzhi.core.scopes import OutOfScope
from lvzhi.core.tests.files import docx_bytes
from lvzhi.members import rules
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings import services as svc
from lvzhi.members.meetings.reports_docx import build_report_docx
from lvzhi.members.models import (
    Activity,
    Attendance,
    Evaluation,
    Incentive,
    Meeting,
    MemberCompliance,
    Report,
    Training,
    TrainingAttendance,
    YearResult,
)
from lvzhi.members.tests.conftest import committees  # noqa: F401
from lvzhi.orgs.models import Organization

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def people(committees, make_user):  # noqa: F811
    tree = committees.tree

    class People:
        district = make_user("bh_cadre", "cadre", tree.district)
        xinhe = make_user("xinhe_cadre", "cadre", tree.xinhe)
        dagu = make_user("dagu_cadre", "cadre", tree.dagu)
        village = make_user("village_cadre", "cadre", tree.xinhe_1)
        member = committees.township[0].user  # xinhe_member1, member role at 新河街道
        township = committees.township
        villagers = committees.village

    People.tree = tree
    return People


def trace():
    return (
        Meeting.objects.count(),
        Attendance.objects.count(),
        Report.objects.count(),
        Evaluation.objects.count(),
        YearResult.objects.count(),
        Incentive.objects.count(),
        Training.objects.count(),
        TrainingAttendance.objects.count(),
        AuditEvent.objects.count(),
    )


def meeting(people, org=None, day=dt.date(2026, 3, 10), attendance=None, **fields):
    org = org or people.tree.xinhe_1
    return svc.meeting_create(
        actor=people.district,
        organization=org,
        title=fields.pop("title", "执委会"),
        date=day,
        attendance=attendance,
        today=TODAY,
        **fields,
    )


# Meetings and R-EX-10 -----------------------------------------------------------------------


def test_meeting_with_attendance_counts_and_audit(people):
    village = people.villagers
    statuses = {p.pk: "present" for p in village[:9]}
    statuses |= {village[9].pk: "excused", village[10].pk: "absent", village[11].pk: "absent"}
    before = AuditEvent.objects.count()
    m = meeting(
        people,
        attendance=statuses,
        agenda="一、述职\n二、评议",
        minutes="会议纪要",
        representatives_present=8,
    )
    assert sel.attendance_counts(m) == {"present": 9, "excused": 1, "absent": 2}
    listed = sel.meetings_of(people.district, people.tree.xinhe_1).get(pk=m.pk)
    assert (listed.present, listed.excused, listed.absent) == (9, 1, 2)
    rows = sel.meeting_attendance(m)
    assert len(rows) == 12
    assert [r.title_label for r in rows[:4]] == ["主席", "副主席", "副主席", "执委"]
    assert {r.status for r in rows} == {"present", "excused", "absent"}
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert f"{village[10].name}：无故缺席" in event.changes["attendance"][1]
    assert m.representatives_present == 8

    # correcting one status keeps the others
    svc.attendance_set(actor=people.village, meeting=m, statuses={village[10].pk: "excused"})
    assert sel.attendance_counts(m) == {"present": 9, "excused": 2, "absent": 1}


def test_attendance_prefill_leaves_unrecorded_blank_and_follows_seats(people):
    village = people.villagers
    m = meeting(people, attendance={village[0].pk: "present"})
    rows = sel.meeting_attendance(m)
    assert [r.status for r in rows].count("") == 11
    # a member seated after the meeting date is not on that meeting's committee
    late = people.villagers[11].positions.get()
    late.start_date = dt.date(2026, 4, 1)
    late.save()
    assert len(sel.meeting_attendance(m)) == 11


def test_attendee_not_on_committee_is_refused_with_nothing_written(people):
    outsider = people.township[5]  # a 新河街道 member, not on 新河一社区's committee
    before = trace()
    with pytest.raises(ValidationError) as error:
        meeting(people, attendance={people.villagers[0].pk: "present", outsider.pk: "present"})
    assert "不是2026-03-10在任的" in str(error.value) and outsider.name in str(error.value)
    with pytest.raises(ValidationError) as error:
        meeting(people, attendance={people.villagers[0].pk: "late"})
    assert "出席、请假或无故缺席" in str(error.value)
    assert trace() == before


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-02-30", "请填写正确的会议日期"),
        ("2026-13-01", "请填写正确的会议日期"),
        ("not a date", "请填写正确的会议日期"),
        (dt.date(2026, 11, 30), "不能晚于今天"),
        (dt.date(1999, 12, 31), "过早"),
    ],
)
def test_impossible_meeting_dates_are_refused(people, day, message):
    before = trace()
    with pytest.raises(ValidationError) as error:
        meeting(people, day=day)
    assert message in str(error.value)
    assert trace() == before


def test_meeting_before_the_organization_existed_is_refused(people):
    Organization.objects.filter(pk=people.tree.xinhe_1.pk).update(
        established_on=dt.date(2025, 1, 1)
    )
    org = Organization.objects.get(pk=people.tree.xinhe_1.pk)
    with pytest.raises(ValidationError, match="早于本组织成立日期"):
        meeting(people, org=org, day=dt.date(2024, 6, 1))


def test_scope_member_and_sibling_cadre_cannot_create(people):
    before = trace()
    with pytest.raises(OutOfScope):
        svc.meeting_create(
            actor=people.member,
            organization=people.tree.xinhe,
            title="执委会",
            date=dt.date(2026, 3, 1),
            today=TODAY,
        )
    with pytest.raises(OutOfScope):
        svc.meeting_create(
            actor=people.dagu,
            organization=people.tree.xinhe,
            title="执委会",
            date=dt.date(2026, 3, 1),
            today=TODAY,
        )
    assert trace() == before
    m = meeting(people, org=people.tree.xinhe)
    with pytest.raises(OutOfScope):
        svc.attendance_set(
            actor=people.dagu, meeting=m, statuses={people.township[0].pk: "present"}
        )
    with pytest.raises(OutOfScope):
        svc.meeting_update(actor=people.member, meeting=m, title="改")


def test_half_year_without_meeting_is_flagged_and_village_with_one_is_not(people):
    tree = people.tree
    meeting(people, org=tree.xinhe_1, day=dt.date(2026, 3, 10))  # 新河一社区: H1 held
    # 大沽一社区 (village) and the townships held none in H1 2026
    checks = {c.period.code: c for c in sel.meeting_checks(tree.xinhe_1, 2026, TODAY)}
    assert not checks["2026H1"].flagged and checks["2026H1"].status == "met"
    assert checks["2026H2"].status == "due"  # H2 still running on 29 Nov
    dagu_1 = sel.meeting_checks(tree.dagu_1, 2026, TODAY)
    assert dagu_1[0].flagged
    assert dagu_1[0].verdict.rule_id == "R-EX-10"
    assert "CQ-BZ 第二条, 第三条" == dagu_1[0].verdict.source
    # the district is not required (R-EX-10 levels: township, village)
    assert sel.meeting_checks(tree.district, 2026, TODAY)[0].status == "not_required"

    period = half(2026, 1)
    flagged = sel.missing_meetings_queryset(people.district, tree.district, period)
    names = [o.name for o in flagged]
    assert tree.xinhe_1.name not in names
    assert {tree.xinhe.name, tree.dagu.name, tree.dagu_1.name} <= set(names)
    assert tree.district.name not in names and tree.group.name not in names
    rows = sel.missing_meeting_rows(flagged, period, TODAY)
    assert all(r.check.flagged and r.check.verdict.rule_id == "R-EX-10" for r in rows)
    # a township cadre sees only her subtree
    own = {o.name for o in sel.missing_meetings_queryset(people.xinhe, tree.xinhe, period)}
    assert own == {tree.xinhe.name}


def test_standing_meeting_does_not_count_and_founded_mid_half_is_partial(people):
    tree = people.tree
    meeting(people, org=tree.xinhe_1, day=dt.date(2026, 3, 10), kind="standing")
    assert sel.meeting_checks(tree.xinhe_1, 2026, TODAY)[0].flagged
    Organization.objects.filter(pk=tree.dagu_1.pk).update(established_on=dt.date(2026, 3, 1))
    dagu_1 = Organization.objects.get(pk=tree.dagu_1.pk)
    assert sel.meeting_checks(dagu_1, 2026, TODAY)[0].status == "partial"
    names = [
        o.name for o in sel.missing_meetings_queryset(people.district, tree.district, half(2026, 1))
    ]
    assert dagu_1.name not in names and tree.xinhe_1.name in names


def test_period_from_code():
    assert sel.period_from_code("2025h2", TODAY) == half(2025, 2)
    assert sel.period_from_code("", TODAY) == half(2026, 1)  # the last half that ended
    assert sel.period_from_code("2026H3", TODAY) == half(2026, 1)


def test_r_mb_09_inputs(people):
    village = people.villagers
    target = village[4]
    for day in (dt.date(2025, 3, 1), dt.date(2025, 9, 1), dt.date(2026, 3, 1)):
        meeting(people, day=day, attendance={target.pk: "absent", village[0].pk: "present"})
    meeting(people, day=dt.date(2026, 5, 1), kind="standing")
    attendance = sel.executive_attendance(target, people.tree.xinhe_1)
    assert [a.status for a in attendance] == ["absent"] * 3
    for year in (2024, 2025):
        Evaluation.objects.create(
            person=target,
            organization=people.tree.xinhe_1,
            org_path=people.tree.xinhe_1.path,
            year=year,
            evaluator_kind="federation",
            grade="不合格",
        )
        svc.year_result_decide(
            actor=people.village,
            person=target,
            organization=people.tree.xinhe_1,
            year=year,
            grade="不合格",
            today=TODAY,
        )
    grades = sel.year_grades(target, people.tree.xinhe_1)
    assert grades == {2024: "不合格", 2025: "不合格"}
    found = rules.advised_resignation_recommendations(evaluations=grades, attendance=attendance)
    assert {r.ground for r in found} == {"failed_evaluations", "absences"}


def test_meeting_update_keeps_attendance_valid(people):
    village = people.villagers
    m = meeting(people, attendance={village[11].pk: "present"})
    late = village[11].positions.get()
    late.end_date = dt.date(2026, 3, 31)
    late.save()
    before = trace()
    with pytest.raises(ValidationError, match="不全是在任执委"):
        svc.meeting_update(actor=people.village, meeting=m, date=dt.date(2026, 4, 2), today=TODAY)
    assert trace() == before
    svc.meeting_update(actor=people.village, meeting=m, minutes="补充纪要", today=TODAY)
    m.refresh_from_db()
    assert m.minutes == "补充纪要"


# Reports (R-EX-09) --------------------------------------------------------------------------


def test_oral_and_written_report_status(people, media):
    village = people.villagers
    org = people.tree.xinhe_1
    m = meeting(people, attendance={village[1].pk: "present", village[2].pk: "absent"})
    svc.report_oral_record(actor=people.village, meeting=m, person=village[1], text="上半年履职")
    with pytest.raises(ValidationError, match="已记录"):
        svc.report_oral_record(actor=people.village, meeting=m, person=village[1])
    with pytest.raises(ValidationError, match="未出席"):
        svc.report_oral_record(actor=people.village, meeting=m, person=village[2])
    svc.report_written_submit(
        actor=people.village,
        person=village[1],
        organization=org,
        year=2026,
        text="2026年度书面述职",
        today=TODAY,
    )
    rows = {r.person.pk: r for r in sel.report_status_rows(org, 2026, TODAY)}
    assert len(rows) == 12
    h1, h2, written = rows[village[1].pk].statuses
    assert (h1.status, h2.status, written.status) == ("met", "due", "met")
    assert h1.verdict.rule_id == "R-EX-09" and h1.verdict.source == "CQ-LZ 第八条"
    h1, h2, written = rows[village[2].pk].statuses
    assert (h1.status, h2.status, written.status) == ("overdue", "due", "due")
    assert "2026年上半年" in h1.verdict.detail
    # a year that has ended: the missing written report is overdue
    last_year = {r.person.pk: r for r in sel.report_status_rows(org, 2025, TODAY)}
    assert last_year[village[1].pk].statuses[2].status == "overdue"


def test_member_joining_mid_year_is_partial_not_failing(people):
    org = people.tree.xinhe_1
    seat = people.villagers[3].positions.get()
    seat.start_date = dt.date(2026, 5, 1)
    seat.save()
    row = next(r for r in sel.report_status_rows(org, 2026, TODAY) if r.person.pk == seat.person_id)
    assert row.statuses[0].status == "partial"


def test_written_report_file_checks(people, media):
    org = people.tree.xinhe_1
    person = people.villagers[1]

    def submit(upload, **kwargs):
        return svc.report_written_submit(
            actor=people.village,
            person=person,
            organization=org,
            year=2026,
            file=upload,
            today=TODAY,
            **kwargs,
        )

    before = trace()
    cases = [
        (SimpleUploadedFile("报告.txt", b"hello"), ".doc、.docx 或 .pdf"),
        (SimpleUploadedFile("报告.pdf", b"PK\x03\x04 not a pdf"), "文件内容与扩展名"),
        (SimpleUploadedFile("报告.docx", b""), "空的"),
        (SimpleUploadedFile("报告.exe.pdf", b"MZ\x90\x00"), "文件内容与扩展名"),
    ]
    for upload, message in cases:
        with pytest.raises(ValidationError) as error:
            submit(upload)
        assert message in str(error.value)
    big = SimpleUploadedFile("报告.pdf", b"%PDF-1.4" + b"0" * svc.REPORT_MAX_BYTES)
    with pytest.raises(ValidationError, match="不能超过"):
        submit(big)
    with pytest.raises(ValidationError, match="请上传述职报告文件或填写述职内容"):
        submit(None)
    assert trace() == before
    assert not any(media.rglob("*.*")), "a refused file is not stored"

    report = submit(SimpleUploadedFile("我的述职.pdf", b"%PDF-1.4 content"))
    assert report.file.name.endswith(".pdf") and report.date == dt.date(2026, 11, 29)
    assert report.file.read() == b"%PDF-1.4 content"
    with pytest.raises(ValidationError, match="已提交"):
        submit(SimpleUploadedFile("again.docx", docx_bytes()))


def test_written_report_by_the_member_herself_and_not_for_others(people, media):
    org = people.tree.xinhe
    own = people.township[0]
    report = svc.report_written_submit(
        actor=people.member, person=own, organization=org, year=2026, text="本人述职", today=TODAY
    )
    assert report.person == own
    with pytest.raises(OutOfScope):
        svc.report_written_submit(
            actor=people.member,
            person=people.township[1],
            organization=org,
            year=2026,
            text="代写",
            today=TODAY,
        )
    with pytest.raises(ValidationError, match="年度应在"):
        svc.report_written_submit(
            actor=people.member, person=own, organization=org, year=2027, text="x", today=TODAY
        )
    with pytest.raises(ValidationError, match="不是"):
        svc.report_written_submit(
            actor=people.district,
            person=people.villagers[0],
            organization=org,
            year=2026,
            text="x",
            today=TODAY,
        )


# 述职报告 template ----------------------------------------------------------------------------


def _activity(person, org, kind, day, women=0, status="recorded"):
    return Activity.objects.create(
        person=person,
        organization=org,
        org_path=org.path,
        kind=kind,
        date=day,
        women_reached=women,
        status=status,
    )


def test_report_docx_has_her_own_figures(people):
    org = people.tree.xinhe_1
    her, other = people.villagers[1], people.villagers[2]
    _activity(her, org, "contact", dt.date(2026, 1, 5), women=12)
    _activity(her, org, "contact", dt.date(2026, 4, 5), women=8, status="confirmed")
    _activity(her, org, "contact", dt.date(2026, 7, 5), women=50, status="returned")
    _activity(her, org, "lecture", dt.date(2026, 2, 5), women=30)
    _activity(her, org, "duty", dt.date(2026, 2, 6))
    _activity(her, org, "survey", dt.date(2025, 2, 6), women=99)  # another year
    _activity(other, org, "contact", dt.date(2026, 2, 6), women=77)  # someone else
    meeting(people, day=dt.date(2026, 3, 1), attendance={her.pk: "present"})
    meeting(people, day=dt.date(2026, 9, 1), attendance={her.pk: "absent"})
    meeting(people, day=dt.date(2026, 10, 1), kind="standing")
    svc.training_create(
        actor=people.district,
        organization=people.tree.district,
        title="全区执委培训",
        date=dt.date(2026, 6, 1),
        attendees=[her.pk],
        today=TODAY,
    )

    figures = sel.report_figures(her, org, 2026)
    assert dict((k, n) for k, _label, n in figures.activities)["contact"] == 2
    assert figures.activities_total == 4 and figures.women_reached == 50
    assert (figures.meetings_attended, figures.meetings_held) == (1, 2)
    assert figures.trainings_attended == 1

    document = Document(io.BytesIO(build_report_docx(figures)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "述职报告" in text and her.name in text and org.name in text and "2026" in text
    table = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert table["联系"] == "2"
    assert table["宣讲"] == "1"
    assert table["调研"] == "0"
    assert table["值班"] == "1"
    assert table["履职活动合计"] == "4"
    assert table["联系妇女人数"] == "50"
    assert table["出席执委会议"] == "1 / 2"
    assert table["参加培训"] == "1"
    assert "其他" not in table  # kinds she did not log, beyond 七个一, are left out


# Evaluations and yearly results -------------------------------------------------------------


def _grade_all(people, org, year, grades_by_person, kind="representative", name="代表", **kw):
    return svc.evaluations_record(
        actor=people.village,
        organization=org,
        year=year,
        evaluator_kind=kind,
        evaluator_name=name,
        grades=grades_by_person,
        today=TODAY,
        **kw,
    )


def test_evaluations_distribution_and_year_result(people):
    org = people.tree.xinhe_1
    v = people.villagers
    _grade_all(people, org, 2026, {v[1].pk: "优秀", v[2].pk: "合格"}, name="代表甲")
    _grade_all(people, org, 2026, {v[1].pk: "优秀", v[2].pk: "基本合格"}, name="代表乙")
    _grade_all(people, org, 2026, {v[1].pk: "合格"}, kind="member", evaluator=v[3], name="")
    rows = {r.person.pk: r for r in sel.evaluation_rows(org, 2026)}
    assert rows[v[1].pk].counts == [("优秀", 2), ("合格", 1), ("基本合格", 0), ("不合格", 0)]
    assert rows[v[1].pk].most == ["优秀"] and rows[v[1].pk].total == 3
    assert rows[v[2].pk].most == ["合格", "基本合格"]  # a tie lists both
    assert Evaluation.objects.get(evaluator=v[3]).evaluator_name == v[3].name

    result = svc.year_result_decide(
        actor=people.village, person=v[1], organization=org, year=2026, grade="优秀", today=TODAY
    )
    assert result.decided_by == people.village
    again = svc.year_result_decide(
        actor=people.village, person=v[1], organization=org, year=2026, grade="合格", today=TODAY
    )
    assert again.pk == result.pk and YearResult.objects.get().grade == "合格"
    rows = {r.person.pk: r for r in sel.evaluation_rows(org, 2026)}
    assert rows[v[1].pk].result.grade == "合格" and rows[v[2].pk].result is None

    before = trace()
    with pytest.raises(ValidationError, match="尚无评议记录"):
        svc.year_result_decide(
            actor=people.village,
            person=v[5],
            organization=org,
            year=2026,
            grade="优秀",
            today=TODAY,
        )
    with pytest.raises(ValidationError, match="只能是优秀、合格、基本合格、不合格"):
        svc.year_result_decide(
            actor=people.village,
            person=v[1],
            organization=org,
            year=2026,
            grade="良好",
            today=TODAY,
        )
    assert trace() == before


def test_bad_evaluations_are_refused_with_nothing_written(people):
    org = people.tree.xinhe_1
    v = people.villagers
    _grade_all(people, org, 2026, {v[1].pk: "优秀"}, kind="member", evaluator=v[3], name="")
    before = trace()
    cases = [
        ({v[1].pk: "良好"}, {}, "评议等次只能是"),
        ({people.township[4].pk: "优秀"}, {}, "不是新河一社区妇女联合会的执委"),
        ({v[3].pk: "优秀"}, {"kind": "member", "evaluator": v[3]}, "不能评议自己"),
        ({v[1].pk: "合格"}, {"kind": "member", "evaluator": v[3]}, "已评议过"),
        ({v[1].pk: "合格"}, {"kind": "member"}, "请选择评议的执委"),
        ({}, {}, "请至少评议一名执委"),
        ({v[1].pk: "合格"}, {"kind": "boss"}, "请选择评议人类别"),
    ]
    for grades, extra, message in cases:
        kwargs = {"kind": extra.pop("kind", "representative"), **extra}
        with pytest.raises(ValidationError) as error:
            _grade_all(people, org, 2026, grades, **kwargs)
        assert message in str(error.value), (grades, message, error.value)
    with pytest.raises(ValidationError, match="年度应在"):
        _grade_all(people, org, 2030, {v[1].pk: "优秀"})
    assert trace() == before


# Excellent members and incentives -----------------------------------------------------------


def _compliance(person, org, code, status):
    year = int(code[:4])
    MemberCompliance.objects.create(
        person=person,
        organization=org,
        org_path=org.path,
        rule_id="R-EX-01",
        period_code=code,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 3, 31),
        required=1,
        done=1 if status == "met" else 0,
        status=status,
    )


def test_candidates_ranked_by_result_then_excellent_share_then_compliance(people):
    org = people.tree.xinhe_1
    v = people.villagers
    a, b, c, d, e = v[1], v[2], v[3], v[4], v[5]
    _grade_all(
        people, org, 2026, {a.pk: "优秀", b.pk: "优秀", c.pk: "优秀", d.pk: "合格"}, name="甲"
    )
    _grade_all(
        people, org, 2026, {a.pk: "合格", b.pk: "优秀", c.pk: "优秀", d.pk: "优秀"}, name="乙"
    )
    for person, grade in ((a, "优秀"), (b, "优秀"), (c, "优秀"), (d, "合格")):
        svc.year_result_decide(
            actor=people.village,
            person=person,
            organization=org,
            year=2026,
            grade=grade,
            today=TODAY,
        )
    # without compliance rows: b and c tie on everything but the name
    listed = sel.excellent_candidates(org, 2026)
    assert listed.compliance_rows == 0 and "尚未计算七个一达标情况" in listed.verdict.detail
    assert listed.verdict.rule_id == "R-EX-10"
    order = [x.person.pk for x in listed.candidates]
    assert order[:2] == sorted([b.pk, c.pk], key=lambda pk: next(p.name for p in v if p.pk == pk))
    assert order[2:4] == [a.pk, d.pk]
    assert e.pk in order[4:]  # no result, no evaluation: after those with
    # compliance breaks the tie: c met 2 of 2, b 1 of 2
    _compliance(c, org, "2026Q1", "met")
    _compliance(c, org, "2026Q2", "met")
    _compliance(b, org, "2026Q1", "met")
    _compliance(b, org, "2026Q2", "overdue")
    _compliance(b, org, "2025Q2", "met")  # another year does not count
    _compliance(b, org, "2026Q3", "not_required")  # nor a period not required
    listed = sel.excellent_candidates(org, 2026)
    assert [x.person.pk for x in listed.candidates[:4]] == [c.pk, b.pk, a.pk, d.pk]
    first = listed.candidates[0]
    assert (first.rank, first.excellent_percent, first.compliance_percent) == (1, 100, 100)
    second = listed.candidates[1]
    assert (second.compliance_met, second.compliance_counted) == (1, 2)
    assert listed.compliance_rows == 4


def test_rank_key_is_pure():
    class P:
        def __init__(self, pk, name):
            self.pk, self.name = pk, name

    order = ["优秀", "合格", "基本合格", "不合格"]

    def cand(pk, grade, votes, top, met, counted):
        return sel.Candidate(P(pk, f"人{pk}"), "", grade, False, votes, top, met, counted, None)

    ranked = sel.rank_candidates(
        [
            cand(1, "", 0, 0, 0, 0),
            cand(2, "合格", 4, 4, 4, 4),
            cand(3, "优秀", 4, 1, 4, 4),
            cand(4, "优秀", 4, 3, 0, 0),
            cand(5, "优秀", 4, 3, 1, 4),
            cand(6, "优秀", 0, 0, 4, 4),
        ],
        order,
    )
    assert [c.person.pk for c in ranked] == [5, 4, 3, 6, 2, 1]
    assert [c.rank for c in ranked] == [1, 2, 3, 4, 5, 6]


def test_excellent_selection_and_incentives(people):
    org = people.tree.xinhe_1
    v = people.villagers
    _grade_all(people, org, 2026, {v[1].pk: "优秀", v[2].pk: "合格"})
    top = svc.year_result_decide(
        actor=people.village, person=v[1], organization=org, year=2026, grade="优秀", today=TODAY
    )
    fair = svc.year_result_decide(
        actor=people.village, person=v[2], organization=org, year=2026, grade="合格", today=TODAY
    )
    before = trace()
    with pytest.raises(ValidationError, match="才能评为优秀执委"):
        svc.excellent_select(actor=people.village, result=fair)
    with pytest.raises(ValidationError, match="未评为2026年度优秀执委"):
        svc.incentive_give(
            actor=people.village,
            person=v[1],
            organization=org,
            year=2026,
            kind="praise",
            today=TODAY,
        )
    with pytest.raises(OutOfScope):
        svc.excellent_select(actor=people.dagu, result=top)
    assert trace() == before

    svc.excellent_select(actor=people.village, result=top)
    top.refresh_from_db()
    assert top.is_excellent
    given = svc.incentive_give(
        actor=people.village,
        person=v[1],
        organization=org,
        year=2026,
        kind="praise",
        note="全区通报",
        today=TODAY,
    )
    assert given.get_kind_display() == "通报表扬"
    subsidy = svc.incentive_give(
        actor=people.village,
        person=v[1],
        organization=org,
        year=2026,
        kind="subsidy",
        amount="500.00",
        today=TODAY,
    )
    assert subsidy.amount == Decimal("500.00")
    before = trace()
    for kind, amount, message in [
        ("subsidy", None, "请填写金额"),
        ("subsidy", "-3", "应大于0"),
        ("subsidy", "1.234", "两位小数"),
        ("subsidy", "abc", "应为数字"),
        ("praise", "100", "只有经费补助填写金额"),
        ("praise", None, "该激励已记录"),
        ("medal", None, "请选择激励方式"),
    ]:
        with pytest.raises(ValidationError) as error:
            svc.incentive_give(
                actor=people.village,
                person=v[1],
                organization=org,
                year=2026,
                kind=kind,
                amount=amount,
                today=TODAY,
            )
        assert message in str(error.value), kind
    with pytest.raises(ValidationError, match="不能取消评选"):
        svc.excellent_select(actor=people.village, result=top, is_excellent=False)
    assert trace() == before
    # lowering the result drops the selection
    other = svc.year_result_decide(
        actor=people.village, person=v[2], organization=org, year=2026, grade="优秀", today=TODAY
    )
    svc.excellent_select(actor=people.village, result=other)
    svc.year_result_decide(
        actor=people.village, person=v[2], organization=org, year=2026, grade="合格", today=TODAY
    )
    assert not YearResult.objects.get(pk=other.pk).is_excellent


# Training (R-EX-11) --------------------------------------------------------------------------


def test_training_share_and_untrained(people):
    org = people.tree.xinhe_1
    v = people.villagers
    svc.training_create(
        actor=people.village,
        organization=org,
        title="执委履职培训",
        date=dt.date(2026, 5, 20),
        hours="3.5",
        attendees=[p.pk for p in v[:9]],
        today=TODAY,
    )
    view = sel.training_coverage(org, TODAY)
    assert view.term.number == 1
    assert (view.coverage.members, view.coverage.trained) == (12, 9)
    assert view.percent == 75 and view.coverage.status == "due"
    assert [m.person.pk for m in view.untrained] == [p.pk for p in v[9:]]
    assert view.coverage.verdict.rule_id == "R-EX-11"
    assert view.coverage.verdict.source == "CQ-BZ 第六条"
    # a district training counts for village members too
    svc.training_create(
        actor=people.district,
        organization=people.tree.district,
        title="全区培训",
        date=dt.date(2026, 6, 1),
        attendees=[p.pk for p in v[9:]],
        today=TODAY,
    )
    view = sel.training_coverage(org, TODAY)
    assert view.coverage.status == "met" and view.untrained == [] and view.percent == 100
    training = Training.objects.get(title="执委履职培训")
    assert training.term.organization_id == org.pk and training.hours == Decimal("3.5")


def test_bad_training_input_is_refused(people):
    org = people.tree.xinhe_1
    before = trace()
    for kwargs, message in [
        ({"attendees": [people.township[3].pk]}, "不是本组织或下级组织的执委"),
        ({"attendees": [people.villagers[0].pk], "date": "2026-02-30"}, "请填写正确的培训日期"),
        ({"hours": "-1"}, "学时"),
        ({"hours": "1.25"}, "学时"),
        ({"title": "  "}, "请填写培训名称"),
        ({"attendees": ["x"]}, "人员编号无效"),
    ]:
        args = {"title": "培训", "date": dt.date(2026, 5, 1)} | kwargs
        with pytest.raises(ValidationError) as error:
            svc.training_create(actor=people.village, organization=org, today=TODAY, **args)
        assert message in str(error.value)
    with pytest.raises(OutOfScope):
        svc.training_create(
            actor=people.member,
            organization=people.tree.xinhe,
            title="t",
            date=dt.date(2026, 5, 1),
            today=TODAY,
        )
    assert trace() == before


def test_training_attendance_replaced(people):
    org = people.tree.xinhe_1
    v = people.villagers
    training = svc.training_create(
        actor=people.village,
        organization=org,
        title="培训",
        date=dt.date(2026, 5, 1),
        attendees=[v[0].pk, v[1].pk],
        today=TODAY,
    )
    svc.training_attendance_set(
        actor=people.village, training=training, attendees=[v[1].pk, v[2].pk]
    )
    assert {p.pk for p in sel.training_attendees(training)} == {v[1].pk, v[2].pk}
    assert AuditEvent.objects.filter(action="attendance").count() == 1
