"""Meetings and attendance; R-EX-10 for an organization and the subtree list of
federations without an executive meeting in a half-year."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from lvzhi.core.periods import Period, half, period_of
from lvzhi.members import rules
from lvzhi.members.common.selectors import ruleset_for, seats
from lvzhi.members.meetings.selectors.committee import (
    ATTENDANCE_STATUSES,
    EXECUTIVE_KINDS,
    seat_order,
    subtree_q,
)
from lvzhi.members.models import Attendance, AttendanceStatus, Meeting, MeetingKind, RulesetChoice
from lvzhi.members.rules.common import param
from lvzhi.orgs.models import Organization, Person


def with_counts(queryset):
    """Attendance counts per status in the same query."""
    return queryset.annotate(
        present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        excused=Count("attendance", filter=Q(attendance__status=AttendanceStatus.EXCUSED)),
        absent=Count("attendance", filter=Q(attendance__status=AttendanceStatus.ABSENT)),
    )


def meetings_of(user, organization: Organization, year: int | None = None):
    queryset = Meeting.objects.restrict(user, "view").filter(organization=organization)
    if year:
        queryset = queryset.filter(date__year=year)
    return with_counts(queryset.select_related("organization")).order_by("-date", "-id")


def get_meeting(user, pk, action: str = "view") -> Meeting:
    return get_object_or_404(
        Meeting.objects.restrict(user, action).select_related("organization"), pk=pk
    )


@dataclass
class AttendanceRow:
    person: Person
    title_label: str
    status: str  # "" while not recorded
    status_label: str


def committee_rows(
    organization: Organization, day: dt.date, standing_only: bool = False
) -> list[AttendanceRow]:
    """The committee on ``day`` as blank attendance rows (the form for a new meeting)."""
    queryset = seats(organization, day)
    if standing_only:
        queryset = queryset.filter(is_standing=True)
    rows, seen = [], set()
    for seat in sorted(queryset, key=seat_order):
        if seat.person_id not in seen:
            seen.add(seat.person_id)
            rows.append(AttendanceRow(seat.person, seat.get_title_display(), "", ""))
    return rows


def meeting_attendance(meeting: Meeting) -> list[AttendanceRow]:
    """The committee on the meeting date (standing members for a 常委会议), each with her
    recorded status; recorded people no longer seated on that date come last."""
    recorded = {
        a.person_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("person")
    }
    labels = dict(AttendanceStatus.choices)
    rows = []
    seen = set()
    queryset = seats(meeting.organization, meeting.date)
    if meeting.kind == MeetingKind.STANDING:
        queryset = queryset.filter(is_standing=True)
    for seat in sorted(queryset, key=seat_order):
        if seat.person_id in seen:
            continue
        seen.add(seat.person_id)
        record = recorded.get(seat.person_id)
        status = record.status if record else ""
        rows.append(
            AttendanceRow(
                seat.person, seat.get_title_display(), status, str(labels.get(status, ""))
            )
        )
    for person_id, record in recorded.items():
        if person_id not in seen:
            rows.append(AttendanceRow(record.person, "", record.status, str(labels[record.status])))
    return rows


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    counts = dict(
        Attendance.objects.filter(meeting=meeting)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in ATTENDANCE_STATUSES}


def executive_attendance(person: Person, organization: Organization):
    """R-MB-09 input: her attendance at the organization's executive meetings, oldest first."""
    records = (
        Attendance.objects.filter(
            person=person,
            meeting__organization=organization,
            meeting__kind__in=EXECUTIVE_KINDS,
        )
        .select_related("meeting")
        .order_by("meeting__date", "meeting_id")
    )
    return [
        rules.MeetingAttendance(meeting=r.meeting.title, held_on=r.meeting.date, status=r.status)
        for r in records
    ]


def meeting_checks(
    organization: Organization, year: int, today: dt.date, ruleset: str | None = None
) -> list[rules.MeetingCheck]:
    """R-EX-10 for both halves of ``year`` (those started by today)."""
    dates = list(
        Meeting.objects.filter(
            organization=organization, kind__in=EXECUTIVE_KINDS, date__year=year
        ).values_list("date", flat=True)
    )
    result = []
    for index in (1, 2):
        period = half(year, index)
        if period.start > today:
            continue
        result.append(
            rules.executive_meeting_check(
                level=organization.level,
                period=period,
                meeting_dates=dates,
                today=today,
                active_since=organization.established_on,
                ruleset=ruleset,
            )
        )
    return result


def rulesets_for(organizations) -> dict[int, str | None]:
    """The rule set of each organization (its own choice or its nearest ancestor's) in one
    query over the choices on their paths."""
    organizations = list(organizations)
    paths = {org.path[:i] for org in organizations for i in range(4, len(org.path) + 1, 4)}
    choices = dict(
        RulesetChoice.objects.filter(organization__path__in=paths).values_list(
            "organization__path", "ruleset"
        )
    )
    result = {}
    for org in organizations:
        chosen = None
        for i in range(len(org.path), 3, -4):
            chosen = choices.get(org.path[:i])
            if chosen:
                break
        result[org.pk] = chosen
    return result


@dataclass
class MissingRow:
    organization: Organization
    check: rules.MeetingCheck


def period_from_code(code: str, today: dt.date) -> Period:
    """A half-year from "2026H1"; the last half that has ended when empty or invalid."""
    code = (code or "").strip().upper()
    if len(code) == 6 and code[:4].isdigit() and code[4] == "H" and code[5] in "12":
        return half(int(code[:4]), int(code[5]))
    return period_of("half", today).previous()


def missing_meetings_queryset(user, organization: Organization, period: Period):
    """Organizations in the subtree (levels of R-EX-10) that may be flagged for ``period``:
    no executive meeting in it and active since its start. The rule gives the verdict."""
    levels = param("R-EX-10", "levels", ruleset_for(organization))
    held = Meeting.objects.filter(
        organization=OuterRef("pk"),
        kind__in=EXECUTIVE_KINDS,
        date__gte=period.start,
        date__lte=period.end,
    )
    # NOT EXISTS on the (organization, date) index: no join over every meeting of the subtree
    return (
        Organization.objects.restrict(user, "view")
        .filter(subtree_q(organization, "path"), level__in=levels, is_active=True)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=period.start))
        .filter(~Exists(held))
        .order_by("path")
    )


def missing_meeting_rows(organizations, period: Period, today: dt.date) -> list[MissingRow]:
    """R-EX-10 verdicts for organizations of ``missing_meetings_queryset`` (a page of them)."""
    organizations = list(organizations)
    rulesets = rulesets_for(organizations)
    rows = []
    for org in organizations:
        check = rules.executive_meeting_check(
            level=org.level,
            period=period,
            meeting_dates=(),
            today=today,
            active_since=org.established_on,
            ruleset=rulesets[org.pk],
        )
        rows.append(MissingRow(org, check))
    return rows
