"""Writes of meetings and attendance, reports (述职), evaluations and yearly results, excellent
members and incentives, training.

Each function checks the actor's scope, validates (messages in Chinese, by field), writes
and records an AuditEvent in one transaction; a refusal writes nothing (no row, no file).
Rules: R-EX-09 (述职、评议, CQ-LZ 第八条), R-EX-10 (执委会、优秀执委, CQ-BZ 第二–五条),
R-EX-11 (培训, CQ-BZ 第六条).
"""

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.core.services import audit, audit_bulk, diff, snapshot
from lvzhi.orgs.models import Organization, Person
from lvzhi.orgs.services import OutOfScope, ensure_scope

from ..models import (
    Attendance,
    AttendanceStatus,
    Evaluation,
    EvaluatorKind,
    Incentive,
    IncentiveKind,
    Meeting,
    MeetingKind,
    Report,
    ReportKind,
    Training,
    TrainingAttendance,
    YearResult,
)
from ..selectors import meetings as sel
from ..selectors.common import member_person, ruleset_for

REPORT_TYPES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
REPORT_MAX_BYTES = getattr(settings, "MEMBER_REPORT_MAX_BYTES", 10 * 1024 * 1024)
TEXT_MAX = 20_000
TITLE_MAX = 200
PLACE_MAX = 200
NOTE_MAX = 300
MAX_REPRESENTATIVES = 10_000
MAX_HOURS = Decimal("999.9")
MAX_AMOUNT = Decimal("99999999.99")
FIRST_YEAR = 2000

MEETING_FIELDS = (
    "kind",
    "title",
    "date",
    "place",
    "agenda",
    "minutes",
    "representatives_present",
)


# Shared checks -------------------------------------------------------------------------


def _is_self(actor, person: Person) -> bool:
    own = member_person(actor)
    return own is not None and own.pk == person.pk


def _ensure(actor, action: str, organization: Organization) -> None:
    ensure_scope(actor, action, organization)


def _as_date(value, field: str, label: str, today: dt.date, errors: dict) -> dt.date | None:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        errors[field] = _("请填写正确的%(what)s（如 2026-03-15）") % {"what": label}
        return None
    if value > today:
        errors[field] = _("%(what)s不能晚于今天") % {"what": label}
        return None
    if value.year < FIRST_YEAR:
        errors[field] = _("%(what)s过早，应在%(year)d年以后") % {"what": label, "year": FIRST_YEAR}
        return None
    return value


def _check_year(year, today: dt.date, errors: dict, field: str = "year") -> int | None:
    try:
        year = int(year)
    except (TypeError, ValueError):
        errors[field] = _("请填写年度（如 2026）")
        return None
    if not FIRST_YEAR <= year <= today.year:
        errors[field] = _("年度应在%(first)d年至%(last)d年之间") % {
            "first": FIRST_YEAR,
            "last": today.year,
        }
        return None
    return year


def _text(fields: dict, name: str, limit: int, errors: dict, required_label: str = "") -> str:
    value = (fields.get(name) or "").strip()
    if required_label and not value:
        errors[name] = _("请填写%(what)s") % {"what": required_label}
    elif len(value) > limit:
        errors[name] = _("不能超过%(n)d个字") % {"n": limit}
    return value


def _person_ids(values) -> list[int]:
    ids = []
    for value in values:
        if isinstance(value, Person):
            ids.append(value.pk)
            continue
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise ValidationError({"person": _("人员编号无效")}) from None
    return ids


def _names(person_ids: Iterable[int], actor=None) -> str:
    """Names for a message; people the actor may not view are named by their number only
    (an error never reveals someone outside her scope)."""
    ids = list(person_ids)
    people = Person.objects.filter(pk__in=ids)
    if actor is not None:
        people = people & Person.objects.restrict(actor, "view")
    names = dict(people.values_list("pk", "name"))
    return "、".join(names.get(pk, _("编号%(id)d") % {"id": pk}) for pk in ids)


def _seated_or_error(person: Person, organization: Organization, year: int, field="person"):
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not sel.is_seated_in(person, organization, first, last):
        raise ValidationError(
            {
                field: _("%(name)s在%(year)d年不是%(org)s的执委")
                % {"name": person.name, "year": year, "org": organization.name}
            }
        )


# Meetings ------------------------------------------------------------------------------


def _clean_meeting(fields: dict, organization: Organization, today: dt.date) -> dict:
    errors = {}
    kind = fields.get("kind") or MeetingKind.EXECUTIVE
    if kind not in MeetingKind.values:
        errors["kind"] = _("请选择会议类型")
    fields["kind"] = kind
    fields["title"] = _text(fields, "title", TITLE_MAX, errors, _("会议名称"))
    fields["place"] = _text(fields, "place", PLACE_MAX, errors)
    fields["agenda"] = _text(fields, "agenda", TEXT_MAX, errors)
    fields["minutes"] = _text(fields, "minutes", TEXT_MAX, errors)
    day = _as_date(fields.get("date"), "date", _("会议日期"), today, errors)
    if day and organization.established_on and day < organization.established_on:
        errors["date"] = _("会议日期早于本组织成立日期")
    fields["date"] = day
    reps = fields.get("representatives_present") or 0
    try:
        reps = int(reps)
    except (TypeError, ValueError):
        reps = -1
    if not 0 <= reps <= MAX_REPRESENTATIVES:
        errors["representatives_present"] = _("妇女代表到会人数应为0至%(max)d之间的整数") % {
            "max": MAX_REPRESENTATIVES
        }
    fields["representatives_present"] = reps
    if errors:
        raise ValidationError(errors)
    return fields


def _clean_attendance(
    meeting_like, organization: Organization, statuses, actor=None
) -> dict[int, str]:
    """``statuses`` maps a person (or id) to present / excused / absent; everyone must hold a
    committee seat at the organization on the meeting date (a standing seat for 常委会议)."""
    statuses = dict(statuses or {})
    cleaned: dict[int, str] = {}
    bad_status = []
    for key, status in statuses.items():
        (person_id,) = _person_ids([key])
        if status not in AttendanceStatus.values:
            bad_status.append(person_id)
        cleaned[person_id] = status
    if bad_status:
        raise ValidationError(
            {
                "attendance": _("出席情况只能是出席、请假或无故缺席：%(names)s")
                % {"names": _names(bad_status, actor)}
            }
        )
    seated = sel.seated_person_ids(
        organization, meeting_like.date, standing_only=meeting_like.kind == MeetingKind.STANDING
    )
    outsiders = [pk for pk in cleaned if pk not in seated]
    if outsiders:
        raise ValidationError(
            {
                "attendance": _("%(names)s不是%(date)s在任的%(org)s执委，不能记入出席情况")
                % {
                    "names": _names(outsiders, actor),
                    "date": f"{meeting_like.date:%Y-%m-%d}",
                    "org": organization.name,
                }
            }
        )
    return cleaned


def _write_attendance(meeting: Meeting, cleaned: dict[int, str]) -> tuple[dict, dict]:
    before = {
        a.person.name: a.get_status_display()
        for a in Attendance.objects.filter(meeting=meeting).select_related("person")
    }
    existing = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    create, update = [], []
    for person_id, status in cleaned.items():
        record = existing.get(person_id)
        if record is None:
            create.append(
                Attendance(
                    meeting=meeting, person_id=person_id, status=status, org_path=meeting.org_path
                )
            )
        elif record.status != status:
            record.status = status
            update.append(record)
    Attendance.objects.bulk_create(create)
    if update:
        Attendance.objects.bulk_update(update, ["status"])
    labels = dict(AttendanceStatus.choices)
    names = dict(Person.objects.filter(pk__in=list(cleaned)).values_list("pk", "name"))
    after = dict(before)
    after.update({names[pk]: str(labels[status]) for pk, status in cleaned.items()})
    return before, after


def _attendance_text(statuses: dict) -> str:
    """出席情况 as the history shows it: 张三：出席；李四：请假."""
    return "；".join(f"{name}：{status}" for name, status in statuses.items())


@transaction.atomic
def meeting_create(
    *,
    actor,
    organization: Organization,
    attendance: Mapping | None = None,
    today: dt.date | None = None,
    **fields,
) -> Meeting:
    """Record a meeting of ``organization`` with its attendance (person → status)."""
    today = today or today_local()
    _ensure(actor, "create", organization)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能填写此字段") for name in unknown})
    fields = _clean_meeting(dict(fields), organization, today)
    meeting = Meeting(organization=organization, org_path=organization.path, **fields)
    cleaned = _clean_attendance(meeting, organization, attendance, actor)
    meeting.save()
    _before, after = _write_attendance(meeting, cleaned)
    changes = diff({}, snapshot(meeting))
    if after:
        changes["attendance"] = [None, _attendance_text(after)]
    audit(actor=actor, action="create", obj=meeting, changes=changes)
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, today: dt.date | None = None, **fields) -> Meeting:
    today = today or today_local()
    _ensure(actor, "change", meeting.organization)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改此字段") for name in unknown})
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    before = snapshot(meeting)
    merged = {name: getattr(meeting, name) for name in MEETING_FIELDS} | fields
    merged = _clean_meeting(merged, meeting.organization, today)
    for name, value in merged.items():
        setattr(meeting, name, value)
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status"))
    if recorded:
        try:
            _clean_attendance(meeting, meeting.organization, recorded, actor)
        except ValidationError as exc:
            raise ValidationError(
                {"date": _("已记录的出席人员在新日期不全是在任执委：") + exc.messages[0]}
            ) from None
    if meeting.reports.exclude(date=meeting.date).exists() or (
        meeting.kind not in sel.EXECUTIVE_KINDS and meeting.reports.exists()
    ):
        raise ValidationError({"date": _("本会议已记录述职，不能再更改会议日期或类型")})
    meeting.save()
    changes = diff(before, snapshot(meeting))
    if changes:
        audit(actor=actor, action="update", obj=meeting, changes=changes)
    return meeting


@transaction.atomic
def attendance_set(*, actor, meeting: Meeting, statuses: Mapping) -> Meeting:
    """Record (or correct) who was present, excused or absent without excuse."""
    _ensure(actor, "change", meeting.organization)
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    cleaned = _clean_attendance(meeting, meeting.organization, statuses, actor)
    if not cleaned:
        raise ValidationError({"attendance": _("请填写出席情况")})
    before, after = _write_attendance(meeting, cleaned)
    if before != after:
        audit(
            actor=actor,
            action="attendance",
            obj=meeting,
            changes={"attendance": [_attendance_text(before), _attendance_text(after)]},
        )
    return meeting


# Reports (R-EX-09) ---------------------------------------------------------------------


@transaction.atomic
def report_oral_record(*, actor, meeting: Meeting, person: Person, text: str = "") -> Report:
    """An oral report (口头述职) given by ``person`` at ``meeting``, an executive meeting of her
    federation (CQ-LZ 第八条); counted for the half-year of the meeting."""
    organization = meeting.organization
    _ensure(actor, "change", organization)
    errors = {}
    text = _text({"text": text}, "text", TEXT_MAX, errors)
    if errors:
        raise ValidationError(errors)
    if meeting.kind not in sel.EXECUTIVE_KINDS:
        raise ValidationError({"meeting": _("口头述职应在本级妇联执委会上进行，常委会议不计")})
    if person.pk not in sel.seated_person_ids(organization, meeting.date):
        raise ValidationError(
            {
                "person": _("%(name)s不是%(date)s在任的执委，不能在本次会议述职")
                % {"name": person.name, "date": f"{meeting.date:%Y-%m-%d}"}
            }
        )
    status = (
        Attendance.objects.filter(meeting=meeting, person=person)
        .values_list("status", flat=True)
        .first()
    )
    if status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED):
        raise ValidationError(
            {"person": _("%(name)s未出席本次会议，不能记录口头述职") % {"name": person.name}}
        )
    if Report.objects.filter(meeting=meeting, person=person, kind=ReportKind.ORAL).exists():
        raise ValidationError(
            {"person": _("%(name)s在本次会议的口头述职已记录") % {"name": person.name}}
        )
    report = Report.objects.create(
        person=person,
        organization=organization,
        org_path=organization.path,
        kind=ReportKind.ORAL,
        year=meeting.date.year,
        half=1 if meeting.date.month <= 6 else 2,
        date=meeting.date,
        meeting=meeting,
        text=text,
    )
    audit(actor=actor, action="create", obj=report, changes=diff({}, snapshot(report)))
    return report


def report_file_error(upload) -> str | None:
    """Why a written report file is refused (type by name and content, size), or None."""
    if upload is None:
        return None
    name = upload.name or ""
    ext = os.path.splitext(name)[1].lower()
    if ext not in REPORT_TYPES:
        return _("述职报告只能上传 .doc、.docx 或 .pdf 文件")
    if upload.size == 0:
        return _("上传的文件是空的")
    if upload.size > REPORT_MAX_BYTES:
        return _("述职报告文件不能超过 %(mb)d MB") % {"mb": REPORT_MAX_BYTES // (1024 * 1024)}
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in REPORT_TYPES[ext]):
        return _("文件内容与扩展名 %(ext)s 不符，请上传真实的 Word 或 PDF 文件") % {"ext": ext}
    return None


def ensure_may_submit(actor, person: Person, organization: Organization) -> None:
    """The member herself (where she may view), or a cadre who may create records there."""
    if _is_self(actor, person) and scope_for(actor, "view").covers(organization.path):
        return
    _ensure(actor, "create", organization)


def report_written_submit(
    *,
    actor,
    person: Person,
    organization: Organization,
    year,
    text: str = "",
    file=None,
    meeting: Meeting | None = None,
    today: dt.date | None = None,
) -> Report:
    """A written yearly report (书面述职): a .doc/.docx/.pdf file or text written in the box.
    Dated by the meeting it was read at, else by the day it was handed in."""
    today = today or today_local()
    ensure_may_submit(actor, person, organization)
    errors = {}
    year = _check_year(year, today, errors)
    text = _text({"text": text}, "text", TEXT_MAX, errors)
    problem = report_file_error(file)
    if problem:
        errors["file"] = problem
    if not text and file is None and "file" not in errors:
        errors["text"] = _("请上传述职报告文件或填写述职内容")
    if meeting is not None and year is not None:
        if meeting.organization_id != organization.pk:
            errors["meeting"] = _("只能选择本组织的会议")
        elif meeting.kind not in sel.EXECUTIVE_KINDS:
            errors["meeting"] = _("书面述职应在执委会上进行，常委会议不计")
        elif meeting.date.year != year:
            errors["meeting"] = _("会议不在%(year)d年度") % {"year": year}
    if errors:
        raise ValidationError(errors)
    _seated_or_error(person, organization, year)
    if Report.objects.filter(
        person=person, organization=organization, year=year, kind=ReportKind.WRITTEN
    ).exists():
        raise ValidationError(
            {
                "year": _("%(name)s的%(year)d年度书面述职已提交")
                % {"name": person.name, "year": year}
            }
        )
    # A report of a past year handed in after it ended still counts for that year.
    day = meeting.date if meeting is not None else min(today, dt.date(year, 12, 31))
    report = Report(
        person=person,
        organization=organization,
        org_path=organization.path,
        kind=ReportKind.WRITTEN,
        year=year,
        date=day,
        meeting=meeting,
        text=text,
    )
    stored = False
    try:
        with transaction.atomic():
            if file is not None:
                ext = os.path.splitext(file.name)[1].lower()
                report.file.save(f"report-{person.pk}-{year}{ext}", file, save=False)
                stored = True
            report.save()
            audit(actor=actor, action="create", obj=report, changes=diff({}, snapshot(report)))
    except BaseException:
        if stored:
            report.file.delete(save=False)
        raise
    return report


# Evaluations and yearly results --------------------------------------------------------


@transaction.atomic
def evaluations_record(
    *,
    actor,
    organization: Organization,
    year,
    evaluator_kind: str,
    grades: Mapping,
    evaluator_name: str = "",
    evaluator: Person | None = None,
    meeting: Meeting | None = None,
    today: dt.date | None = None,
) -> list[Evaluation]:
    """One evaluator's grades of members (person → grade): a women's representative
    (妇女代表), a fellow member (执委互评, never of herself, once a year per member) or the
    federation (CQ-LZ 第八条)."""
    today = today or today_local()
    _ensure(actor, "create", organization)
    ruleset = ruleset_for(organization)
    allowed = sel.grades(ruleset)
    errors = {}
    year = _check_year(year, today, errors)
    if evaluator_kind not in EvaluatorKind.values:
        errors["evaluator_kind"] = _("请选择评议人类别")
    evaluator_name = _text({"evaluator_name": evaluator_name}, "evaluator_name", 50, errors)
    if evaluator_kind == EvaluatorKind.MEMBER and evaluator is None:
        errors["evaluator"] = _("执委互评请选择评议的执委")
    if evaluator_kind == EvaluatorKind.REPRESENTATIVE and evaluator is not None:
        errors["evaluator"] = _("妇女代表评议不选择执委，请填写代表姓名")
    grades = {pk: grade for pk, grade in zip(_person_ids(grades), grades.values(), strict=True)}
    if not grades:
        errors["grades"] = _("请至少评议一名执委")
    bad = [pk for pk, grade in grades.items() if grade not in allowed]
    if bad:
        errors["grades"] = _("评议等次只能是%(grades)s：%(names)s") % {
            "grades": "、".join(allowed),
            "names": _names(bad, actor),
        }
    if meeting is not None and year is not None:
        if meeting.organization_id != organization.pk:
            errors["meeting"] = _("只能选择本组织的会议")
        elif meeting.date.year != year:
            errors["meeting"] = _("会议不在%(year)d年度") % {"year": year}
    if errors:
        raise ValidationError(errors)
    members = {m.person.pk for m in sel.committee_members(organization, *_year_bounds(year))}
    outsiders = [pk for pk in grades if pk not in members]
    if outsiders:
        raise ValidationError(
            {
                "grades": _("%(names)s在%(year)d年不是%(org)s的执委，不能评议")
                % {"names": _names(outsiders, actor), "year": year, "org": organization.name}
            }
        )
    if evaluator is not None:
        if evaluator.pk not in members:
            raise ValidationError(
                {
                    "evaluator": _("评议人%(name)s在%(year)d年不是本组织执委")
                    % {"name": evaluator.name, "year": year}
                }
            )
        if evaluator.pk in grades:
            raise ValidationError({"evaluator": _("执委不能评议自己")})
        evaluator_name = evaluator_name or evaluator.name
        done = list(
            Evaluation.objects.filter(
                organization=organization, year=year, evaluator=evaluator, person_id__in=grades
            ).values_list("person_id", flat=True)
        )
        if done:
            raise ValidationError(
                {
                    "grades": _("%(evaluator)s已评议过%(names)s（每年一次）")
                    % {"evaluator": evaluator.name, "names": _names(done, actor)}
                }
            )
    rows = Evaluation.objects.bulk_create(
        [
            Evaluation(
                person_id=pk,
                organization=organization,
                org_path=organization.path,
                year=year,
                meeting=meeting,
                evaluator_kind=evaluator_kind,
                evaluator_name=evaluator_name,
                evaluator=evaluator,
                grade=grade,
            )
            for pk, grade in grades.items()
        ]
    )
    rows = list(
        Evaluation.objects.filter(pk__in=[r.pk for r in rows]).select_related(
            "person", "organization", "evaluator", "meeting"
        )
    )
    audit_bulk(actor=actor, action="create", objects=rows)
    return rows


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@transaction.atomic
def year_result_decide(
    *, actor, person: Person, organization: Organization, year, grade: str, today=None
) -> YearResult:
    """The cadre decides a member's yearly result from her evaluations (kept per year;
    R-MB-09 reads two consecutive 不合格)."""
    today = today or today_local()
    _ensure(actor, "change", organization)
    errors = {}
    year = _check_year(year, today, errors)
    allowed = sel.grades(ruleset_for(organization))
    if grade not in allowed:
        errors["grade"] = _("年度评议结果只能是%(grades)s") % {"grades": "、".join(allowed)}
    if errors:
        raise ValidationError(errors)
    _seated_or_error(person, organization, year)
    if not Evaluation.objects.filter(person=person, organization=organization, year=year).exists():
        raise ValidationError(
            {
                "grade": _("%(name)s在%(year)d年度尚无评议记录，不能确定年度评议结果")
                % {
                    "name": person.name,
                    "year": year,
                }
            }
        )
    result = (
        YearResult.objects.select_for_update()
        .filter(person=person, organization=organization, year=year)
        .first()
    )
    if result is None:
        result = YearResult.objects.create(
            person=person,
            organization=organization,
            org_path=organization.path,
            year=year,
            grade=grade,
            decided_by=actor,
        )
        audit(actor=actor, action="create", obj=result, changes=diff({}, snapshot(result)))
        return result
    before = snapshot(result)
    result.grade = grade
    result.decided_by = actor
    if result.is_excellent and grade != allowed[0]:
        result.is_excellent = False  # 优秀执委 needs the top grade
    result.save()
    changes = diff(before, snapshot(result))
    if changes:
        audit(actor=actor, action="update", obj=result, changes=changes)
    return result


# Excellent members and incentives ------------------------------------------------------


@transaction.atomic
def excellent_select(*, actor, result: YearResult, is_excellent: bool = True) -> YearResult:
    """Select (or unselect) a member as 优秀执委 of the year (R-EX-10; CQ-BZ 第二条、第三条):
    only a member whose yearly result is the top grade."""
    organization = result.organization
    _ensure(actor, "change", organization)
    result = YearResult.objects.select_for_update().get(pk=result.pk)
    top = sel.grades(ruleset_for(organization))[0]
    if is_excellent and result.grade != top:
        raise ValidationError(
            {
                "is_excellent": _(
                    "年度评议结果为“%(top)s”的执委才能评为优秀执委（%(name)s为“%(grade)s”）"
                )
                % {"top": top, "name": result.person.name, "grade": result.grade}
            }
        )
    if result.is_excellent == is_excellent:
        return result
    if (
        not is_excellent
        and Incentive.objects.filter(
            person=result.person, organization=organization, year=result.year
        ).exists()
    ):
        raise ValidationError({"is_excellent": _("已给予激励的优秀执委不能取消评选")})
    before = snapshot(result)
    result.is_excellent = is_excellent
    result.decided_by = actor
    result.save(update_fields=["is_excellent", "decided_by", "updated_at"])
    audit(
        actor=actor,
        action="select" if is_excellent else "unselect",
        obj=result,
        changes=diff(before, snapshot(result)),
    )
    return result


@transaction.atomic
def incentive_give(
    *,
    actor,
    person: Person,
    organization: Organization,
    year,
    kind: str,
    note: str = "",
    amount=None,
    today=None,
) -> Incentive:
    """An incentive for an 优秀执委 (CQ-BZ 第四条: 通报表扬, 宣传, 评先评优, 后备干部, 推荐使用;
    第五条: 经费补助 with its amount)."""
    today = today or today_local()
    _ensure(actor, "create", organization)
    errors = {}
    year = _check_year(year, today, errors)
    if kind not in IncentiveKind.values:
        errors["kind"] = _("请选择激励方式")
    note = _text({"note": note}, "note", NOTE_MAX, errors)
    if amount in ("", None):
        amount = None
    else:
        try:
            amount = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            amount = None
            errors["amount"] = _("补助金额应为数字")
    if kind == IncentiveKind.SUBSIDY and "amount" not in errors:
        if amount is None:
            errors["amount"] = _("经费补助请填写金额")
        elif not Decimal("0") < amount <= MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
            errors["amount"] = _("补助金额应大于0，最多保留两位小数")
    elif kind in IncentiveKind.values and amount is not None and "amount" not in errors:
        errors["amount"] = _("只有经费补助填写金额")
    if errors:
        raise ValidationError(errors)
    if not YearResult.objects.filter(
        person=person, organization=organization, year=year, is_excellent=True
    ).exists():
        raise ValidationError(
            {
                "person": _(
                    "%(name)s未评为%(year)d年度优秀执委，不能给予激励（CQ-BZ 第四条、第五条）"
                )
                % {"name": person.name, "year": year}
            }
        )
    if (
        kind != IncentiveKind.SUBSIDY
        and Incentive.objects.filter(
            person=person, organization=organization, year=year, kind=kind
        ).exists()
    ):
        raise ValidationError({"kind": _("该激励已记录")})
    incentive = Incentive.objects.create(
        person=person,
        organization=organization,
        org_path=organization.path,
        year=year,
        kind=kind,
        note=note,
        amount=amount,
    )
    audit(actor=actor, action="create", obj=incentive, changes=diff({}, snapshot(incentive)))
    return incentive


# Training (R-EX-11) --------------------------------------------------------------------


def _clean_attendees(organization: Organization, day: dt.date, attendees, actor=None) -> list[int]:
    """Attendees hold a committee seat on the training date at the organization or one in
    its subtree (a district trains its villages' members)."""
    from lvzhi.orgs.models import Position

    from ..selectors.common import COMMITTEE_TITLES

    ids = list(dict.fromkeys(_person_ids(attendees or ())))
    if not ids:
        return []
    seated = set(
        Position.objects.filter(person_id__in=ids, title__in=COMMITTEE_TITLES, start_date__lte=day)
        .filter(sel.subtree_q(organization))
        .exclude(end_date__lt=day)
        .values_list("person_id", flat=True)
    )
    outsiders = [pk for pk in ids if pk not in seated]
    if outsiders:
        raise ValidationError(
            {
                "attendees": _("%(names)s在%(date)s不是本组织或下级组织的执委，不能记入参训")
                % {"names": _names(outsiders, actor), "date": f"{day:%Y-%m-%d}"}
            }
        )
    return ids


@transaction.atomic
def training_create(
    *,
    actor,
    organization: Organization,
    title: str,
    date,
    hours=0,
    attendees=(),
    today: dt.date | None = None,
) -> Training:
    """A training session and who attended (R-EX-11: every member once per term)."""
    today = today or today_local()
    _ensure(actor, "create", organization)
    errors = {}
    title = _text({"title": title}, "title", TITLE_MAX, errors, _("培训名称"))
    day = _as_date(date, "date", _("培训日期"), today, errors)
    try:
        hours = Decimal(str(hours or 0))
    except (InvalidOperation, ValueError):
        hours = None
    if (
        hours is None
        or not Decimal("0") <= hours <= MAX_HOURS
        or hours != hours.quantize(Decimal("0.1"))
    ):
        errors["hours"] = _("学时应为0至999.9之间的数，最多一位小数")
    if errors:
        raise ValidationError(errors)
    ids = _clean_attendees(organization, day, attendees, actor)
    training = Training.objects.create(
        organization=organization,
        org_path=organization.path,
        term=sel.term_for(organization, day),
        title=title,
        date=day,
        hours=hours,
    )
    TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(training=training, person_id=pk, org_path=training.org_path)
            for pk in ids
        ]
    )
    changes = diff({}, snapshot(training))
    if ids:
        changes["attendees"] = [None, _names(ids)]
    audit(actor=actor, action="create", obj=training, changes=changes)
    return training


@transaction.atomic
def training_attendance_set(*, actor, training: Training, attendees) -> Training:
    """Replace the attendee list of a training."""
    _ensure(actor, "change", training.organization)
    training = (
        Training.objects.select_for_update().select_related("organization").get(pk=training.pk)
    )
    ids = _clean_attendees(training.organization, training.date, attendees, actor)
    before = set(
        TrainingAttendance.objects.filter(training=training).values_list("person_id", flat=True)
    )
    after = set(ids)
    if before == after:
        return training
    TrainingAttendance.objects.filter(training=training, person_id__in=before - after).delete()
    TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(training=training, person_id=pk, org_path=training.org_path)
            for pk in ids
            if pk not in before
        ]
    )
    audit(
        actor=actor,
        action="attendance",
        obj=training,
        changes={"attendees": [_names(sorted(before)), _names(ids)]},
    )
    return training


__all__ = [
    "REPORT_MAX_BYTES",
    "OutOfScope",
    "attendance_set",
    "ensure_may_submit",
    "evaluations_record",
    "excellent_select",
    "incentive_give",
    "meeting_create",
    "meeting_update",
    "report_file_error",
    "report_oral_record",
    "report_written_submit",
    "training_attendance_set",
    "training_create",
    "year_result_decide",
]
