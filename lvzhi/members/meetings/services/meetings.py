"""Meetings of the committee and their attendance (R-EX-10, CQ-BZ 第二条)."""

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core.periods import today_local
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.members.common.services import clean_text
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings.services._helpers import (
    MAX_REPRESENTATIVES,
    PLACE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    _as_date,
    _ensure,
    _names,
    _person_ids,
)
from lvzhi.members.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from lvzhi.orgs.models import Organization, Person

MEETING_FIELDS = (
    "kind",
    "title",
    "date",
    "place",
    "agenda",
    "minutes",
    "representatives_present",
)


def _clean_meeting(fields: dict, organization: Organization, today: dt.date) -> dict:
    errors = {}
    kind = fields.get("kind") or MeetingKind.EXECUTIVE
    if kind not in MeetingKind.values:
        errors["kind"] = _("请选择会议类型")
    fields["kind"] = kind
    fields["title"] = clean_text(
        fields.get("title"), "title", errors, limit=TITLE_MAX, required_label=_("会议名称")
    )
    fields["place"] = clean_text(fields.get("place"), "place", errors, limit=PLACE_MAX)
    fields["agenda"] = clean_text(fields.get("agenda"), "agenda", errors, limit=TEXT_MAX)
    fields["minutes"] = clean_text(fields.get("minutes"), "minutes", errors, limit=TEXT_MAX)
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
