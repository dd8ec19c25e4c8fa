"""Reports (R-EX-09) per member and period, and the figures of the 述职报告 template."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lvzhi.core.periods import Period, half
from lvzhi.core.periods import year as year_period
from lvzhi.members import rules
from lvzhi.members.common.selectors import member_person, ruleset_for
from lvzhi.members.meetings.selectors.committee import (
    EXECUTIVE_KINDS,
    committee_members,
    committee_seats,
    manages,
    person_records,
    tenure_at,
)
from lvzhi.members.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    Meeting,
    Report,
    ReportKind,
    TrainingAttendance,
    YearResult,
)
from lvzhi.orgs.models import Organization, Person


@dataclass
class ReportStatusRow:
    person: Person
    title_label: str
    statuses: list[rules.DutyStatus]  # oral H1, oral H2, written year
    reports: list[Report] = field(default_factory=list)


def report_periods(year: int) -> list[tuple[str, Period]]:
    return [
        (ReportKind.ORAL, half(year, 1)),
        (ReportKind.ORAL, half(year, 2)),
        (ReportKind.WRITTEN, year_period(year)),
    ]


def report_status_rows(
    organization: Organization, year: int, today: dt.date, only_person: Person | None = None
) -> list[ReportStatusRow]:
    """R-EX-09 per member seated in ``year``: oral report each half, written report for the
    year, from the reports' dates."""
    ruleset = ruleset_for(organization)
    members = committee_members(organization, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if only_person is not None:
        members = [m for m in members if m.person.pk == only_person.pk]
    reports = defaultdict(list)
    for report in Report.objects.filter(organization=organization, year=year).order_by(
        "date", "id"
    ):
        reports[report.person_id].append(report)
    rows = []
    for member in members:
        own = reports.get(member.person.pk, [])
        statuses = [
            rules.report_status(
                kind,
                period,
                tenure=member.tenure,
                report_dates=[r.date for r in own if r.kind == kind],
                today=today,
                ruleset=ruleset,
            )
            for kind, period in report_periods(year)
        ]
        rows.append(ReportStatusRow(member.person, member.title_label, statuses, own))
    return rows


def reports_of(user, organization: Organization, year: int | None = None):
    queryset = person_records(Report, user).filter(organization=organization)
    if year:
        queryset = queryset.filter(year=year)
    return queryset.select_related("person", "meeting")


def get_report(user, pk) -> Report:
    return get_object_or_404(
        person_records(Report, user).select_related("person", "organization", "meeting"), pk=pk
    )


@dataclass
class ReportFigures:
    person: Person
    organization: Organization
    year: int
    title_label: str
    activities: list[tuple[str, str, int]]  # (kind, label, count)
    activities_total: int
    women_reached: int
    meetings_attended: int
    meetings_held: int
    trainings_attended: int
    oral_reports: int
    grade: str


SEVEN_ONES = (
    ActivityKind.CONTACT,
    ActivityKind.LECTURE,
    ActivityKind.SURVEY,
    ActivityKind.SUGGESTION,
    ActivityKind.ASSISTANCE,
    ActivityKind.PUBLIC_SERVICE,
    ActivityKind.WORK_RECORD,
)


def report_figures(person: Person, organization: Organization, year: int) -> ReportFigures:
    """Her own figures of ``year`` for the 述职报告: activities by kind (not counting returned
    ones), women reached, executive meetings attended, trainings attended."""
    by_kind = {
        row["kind"]: row
        for row in Activity.objects.filter(
            person=person, organization=organization, date__year=year
        )
        .exclude(status=ActivityStatus.RETURNED)
        .values("kind")
        .annotate(n=Count("id"), women=Sum("women_reached"))
    }
    labels = dict(ActivityKind.choices)
    kinds = list(SEVEN_ONES) + [k for k in ActivityKind.values if k not in SEVEN_ONES]
    activities = [
        (kind, str(labels[kind]), by_kind.get(kind, {}).get("n", 0))
        for kind in kinds
        if kind in SEVEN_ONES or kind in by_kind
    ]
    executive = Meeting.objects.filter(
        organization=organization, kind__in=EXECUTIVE_KINDS, date__year=year
    )
    seat = (
        committee_seats(organization, dt.date(year, 1, 1), dt.date(year, 12, 31))
        .filter(person=person)
        .first()
    )
    result = YearResult.objects.filter(person=person, organization=organization, year=year).first()
    return ReportFigures(
        person=person,
        organization=organization,
        year=year,
        title_label=seat.get_title_display() if seat else "",
        activities=activities,
        activities_total=sum(row["n"] for row in by_kind.values()),
        women_reached=sum(row["women"] or 0 for row in by_kind.values()),
        meetings_attended=Attendance.objects.filter(
            person=person, meeting__in=executive, status=AttendanceStatus.PRESENT
        ).count(),
        meetings_held=executive.count(),
        trainings_attended=TrainingAttendance.objects.filter(
            person=person, training__date__year=year
        ).count(),
        oral_reports=Report.objects.filter(
            person=person, organization=organization, year=year, kind=ReportKind.ORAL
        ).count(),
        grade=result.grade if result else "",
    )


def template_person(user, org, person_pk) -> Person:
    """The member whose 述职报告 template the user may have: any seated member for a cadre,
    herself for a member."""
    person = get_object_or_404(Person.objects.restrict(user, "view"), pk=person_pk)
    own = member_person(user)
    if not manages(user, org) and (own is None or own.pk != person.pk):
        raise Http404(_("不在您的管理范围内"))
    if tenure_at(person, org) is None:
        raise Http404(_("该人员不是本组织执委"))
    return person
