"""Reports (述职, R-EX-09, CQ-LZ 第八条): oral at an executive meeting, written once a year
(a .doc/.docx/.pdf file or text)."""

import datetime as dt
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import files
from lvzhi.core.periods import today_local
from lvzhi.core.scopes import scope_for
from lvzhi.core.services import audit, diff, snapshot
from lvzhi.members.common.services import clean_text
from lvzhi.members.meetings import selectors as sel
from lvzhi.members.meetings.services._helpers import (
    TEXT_MAX,
    _check_year,
    _ensure,
    _is_self,
    _seated_or_error,
)
from lvzhi.members.models import Attendance, AttendanceStatus, Meeting, Report, ReportKind
from lvzhi.orgs.models import Organization, Person

REPORT_TYPES = {
    ext: files.SIGNATURES[files.EXTENSION_KINDS[ext]] for ext in (".pdf", ".docx", ".doc")
}
REPORT_MAX_BYTES = getattr(settings, "MEMBER_REPORT_MAX_BYTES", 10 * 1024 * 1024)


@transaction.atomic
def report_oral_record(*, actor, meeting: Meeting, person: Person, text: str = "") -> Report:
    """An oral report (口头述职) given by ``person`` at ``meeting``, an executive meeting of her
    federation (CQ-LZ 第八条); counted for the half-year of the meeting."""
    organization = meeting.organization
    _ensure(actor, "change", organization)
    errors = {}
    text = clean_text(text, "text", errors, limit=TEXT_MAX)
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
    if not any(head.startswith(magic) for magic in REPORT_TYPES[ext]) or files.detect(
        upload
    ) != files.extension_kind(name):
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
    text = clean_text(text, "text", errors, limit=TEXT_MAX)
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
                stored_file = files.named(file, files.extension_kind(file.name))
                report.file.save(stored_file.name, stored_file, save=False)
                stored = True
            report.save()
            audit(actor=actor, action="create", obj=report, changes=diff({}, snapshot(report)))
    except BaseException:
        if stored:
            report.file.delete(save=False)
        raise
    return report
