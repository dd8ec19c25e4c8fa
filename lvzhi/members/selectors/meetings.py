"""Reads of meetings and attendance, reports (述职), evaluations and yearly results, excellent
members and incentives, training. Every read starts from ``restrict(user, action)``; the
verdicts come from ``lvzhi.members.rules`` (R-EX-09, R-EX-10, R-EX-11) with their clause.

Person-level records (reports, evaluations, yearly results, incentives) are seen in full by
those who may change the organization (cadres); anyone else with a view on it (a member,
department staff) sees only her own.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lvzhi.core.periods import Period, half, period_of
from lvzhi.core.periods import year as year_period
from lvzhi.core.rulesets import Verdict, verdict
from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.orgs.models import Organization, Person, Position, Term

from .. import rules
from ..models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    ComplianceStatus,
    Evaluation,
    Incentive,
    Meeting,
    MeetingKind,
    MemberCompliance,
    Report,
    ReportKind,
    RulesetChoice,
    Training,
    TrainingAttendance,
    YearResult,
)
from ..rules.common import param
from .common import COMMITTEE_TITLES, member_person, ruleset_for, seats

# Meetings of the executive committee: R-EX-10 and R-MB-09 count these, oral reports are
# given at them (常委会议 is not an executive meeting).
EXECUTIVE_KINDS = (MeetingKind.EXECUTIVE, MeetingKind.PLENARY)
ATTENDANCE_STATUSES = tuple(AttendanceStatus.values)


# Grades --------------------------------------------------------------------------------


def grades(ruleset: str | None = None) -> list[str]:
    """评议等次 of the rule set (R-EX-09 params.grades), best first."""
    return list(param("R-EX-09", "grades", ruleset))


def failing_grade(ruleset: str | None = None) -> str:
    return param("R-MB-09", "failing_grade", ruleset)


# Scope ---------------------------------------------------------------------------------


def subtree_q(organization: Organization, field: str = "org_path") -> Q:
    return Q(**{f"{field}__gte": organization.path, f"{field}__lt": organization.path + PATH_END})


def manages(user, organization: Organization) -> bool:
    """True for those who may change the organization's records (cadres)."""
    return scope_for(user, "change").covers(organization.path)


def person_records_q(user) -> Q:
    """Person-level records the user may read: all of those in her change scope, and her
    own anywhere she may view."""
    change = scope_for(user, "change")
    condition = Q(pk__in=[]) if change.empty else change.q("org_path")
    person = member_person(user)
    if person is not None:
        view = scope_for(user, "view")
        if not view.empty:
            condition |= Q(person=person) & view.q("org_path")
    return condition


def person_records(model, user):
    """``model`` rows (Report, Evaluation, YearResult, Incentive) the user may read."""
    return model.objects.restrict(user, "view").filter(person_records_q(user))


def get_organization(user, pk, action: str = "view") -> Organization:
    return get_object_or_404(Organization.objects.restrict(user, action), pk=pk)


# Tenure and committee ------------------------------------------------------------------


def tenure_of(positions) -> rules.Tenure | None:
    """One tenure over a member's committee seats at one organization."""
    positions = list(positions)
    if not positions:
        return None
    start = min(p.start_date for p in positions)
    ends = [p.end_date for p in positions]
    end = None if any(e is None for e in ends) else max(ends)
    if end is not None and end < start:
        return None
    return rules.Tenure(start=start, end=end)


TITLE_RANK = {title: rank for rank, title in enumerate(COMMITTEE_TITLES)}


def seat_order(seat: Position):
    """Chair, vice-chairs, members; then by seat date."""
    return (TITLE_RANK.get(seat.title, len(TITLE_RANK)), seat.start_date, seat.pk)


def committee_seats(organization: Organization, first: dt.date, last: dt.date):
    """Committee seats at ``organization`` overlapping [first, last], person loaded."""
    return (
        Position.objects.filter(
            organization=organization, title__in=COMMITTEE_TITLES, start_date__lte=last
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .select_related("person")
        .order_by("title", "start_date", "id")
    )


@dataclass
class Member:
    person: Person
    tenure: rules.Tenure
    title: str
    title_label: str


def committee_members(organization: Organization, first: dt.date, last: dt.date) -> list[Member]:
    """Each person seated on the committee at some time in [first, last], once, in seat
    order (chair, vice-chairs, members), with her tenure over all her seats there."""
    by_person: dict[int, list[Position]] = {}
    for seat in sorted(committee_seats(organization, first, last), key=seat_order):
        by_person.setdefault(seat.person_id, []).append(seat)
    members = []
    for positions in by_person.values():
        tenure = tenure_of(positions)
        if tenure is None:
            continue
        first_seat = positions[0]
        members.append(
            Member(first_seat.person, tenure, first_seat.title, first_seat.get_title_display())
        )
    return members


def seated_person_ids(organization: Organization, on: dt.date, standing_only: bool = False):
    queryset = seats(organization, on)
    if standing_only:
        queryset = queryset.filter(is_standing=True)
    return set(queryset.values_list("person_id", flat=True))


def is_seated_in(person: Person, organization: Organization, first: dt.date, last: dt.date):
    return committee_seats(organization, first, last).filter(person=person).exists()


def tenure_at(person: Person, organization: Organization) -> rules.Tenure | None:
    return tenure_of(
        Position.objects.filter(
            person=person, organization=organization, title__in=COMMITTEE_TITLES
        ).only("start_date", "end_date")
    )


# Meetings ------------------------------------------------------------------------------


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


def year_grades(person: Person, organization: Organization) -> dict[int, str]:
    """R-MB-09 input: her yearly evaluation results, year → grade."""
    return dict(
        YearResult.objects.filter(person=person, organization=organization).values_list(
            "year", "grade"
        )
    )


# R-EX-10 -------------------------------------------------------------------------------


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


# Reports (R-EX-09) ---------------------------------------------------------------------


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


# Evaluations and yearly results --------------------------------------------------------


@dataclass
class EvaluationRow:
    person: Person
    title_label: str
    counts: list[tuple[str, int]]  # (grade, count) in grade order
    total: int
    most: list[str]  # the most frequent grades (ties all listed)
    result: YearResult | None


def evaluation_rows(organization: Organization, year: int) -> list[EvaluationRow]:
    """Per member seated in ``year``: how her evaluations are distributed over the grades,
    the most frequent grade(s), and her yearly result once decided."""
    order = grades(ruleset_for(organization))
    members = committee_members(organization, dt.date(year, 1, 1), dt.date(year, 12, 31))
    counts: dict[int, Counter] = defaultdict(Counter)
    for person_id, grade, n in (
        Evaluation.objects.filter(organization=organization, year=year)
        .values_list("person_id", "grade")
        .annotate(n=Count("id"))
        .values_list("person_id", "grade", "n")
    ):
        counts[person_id][grade] += n
    results = {
        r.person_id: r for r in YearResult.objects.filter(organization=organization, year=year)
    }
    rows = []
    for member in members:
        counter = counts.get(member.person.pk, Counter())
        total = sum(counter.values())
        top = max(counter.values(), default=0)
        most = [g for g in order if top and counter.get(g, 0) == top]
        rows.append(
            EvaluationRow(
                member.person,
                member.title_label,
                [(g, counter.get(g, 0)) for g in order],
                total,
                most,
                results.get(member.person.pk),
            )
        )
    return rows


def evaluations_of(user, organization: Organization, year: int | None = None):
    queryset = person_records(Evaluation, user).filter(organization=organization)
    if year:
        queryset = queryset.filter(year=year)
    return queryset.select_related("person", "evaluator", "meeting")


# Excellent members ---------------------------------------------------------------------


@dataclass
class Candidate:
    person: Person
    title_label: str
    grade: str  # yearly result, "" while not decided
    is_excellent: bool
    evaluations: int
    excellent_votes: int
    compliance_met: int
    compliance_counted: int
    result: YearResult | None
    rank: int = 0

    @property
    def excellent_share(self) -> Fraction | None:
        return Fraction(self.excellent_votes, self.evaluations) if self.evaluations else None

    @property
    def compliance_share(self) -> Fraction | None:
        if not self.compliance_counted:
            return None
        return Fraction(self.compliance_met, self.compliance_counted)

    @property
    def excellent_percent(self):
        share = self.excellent_share
        return None if share is None else round(100 * share)

    @property
    def compliance_percent(self):
        share = self.compliance_share
        return None if share is None else round(100 * share)


def rank_key(candidate: Candidate, order: list[str]):
    """Ranking of 优秀执委 candidates (CQ-BZ 第三条: evaluation results are the basis): first the
    yearly result (best grade first, undecided last), then the share of 优秀 among her
    evaluations, then the share of her 七个一 periods met (members without any evaluation
    or compliance row come after those with), then the name. Pure: tested without a DB."""
    grade_rank = order.index(candidate.grade) if candidate.grade in order else len(order)
    excellent = candidate.excellent_share
    compliance = candidate.compliance_share
    return (
        grade_rank,
        excellent is None,
        -(excellent or 0),
        compliance is None,
        -(compliance or 0),
        candidate.person.name,
        candidate.person.pk,
    )


def rank_candidates(candidates: list[Candidate], order: list[str]) -> list[Candidate]:
    ranked = sorted(candidates, key=lambda c: rank_key(c, order))
    for index, candidate in enumerate(ranked, start=1):
        candidate.rank = index
    return ranked


@dataclass
class CandidateList:
    year: int
    candidates: list[Candidate]
    compliance_rows: int  # 0: 七个一 not computed for this year yet, ranked without it
    top_grade: str
    verdict: Verdict


def excellent_candidates(organization: Organization, year: int) -> CandidateList:
    """Members seated in ``year`` ranked as 优秀执委 candidates (R-EX-10; CQ-BZ 第三条) from
    their yearly result, the share of 优秀 in their evaluations, and 七个一 compliance (rows
    of MemberCompliance for the year: met / all that were required)."""
    ruleset = ruleset_for(organization)
    order = grades(ruleset)
    members = committee_members(organization, dt.date(year, 1, 1), dt.date(year, 12, 31))
    votes: dict[int, Counter] = defaultdict(Counter)
    for person_id, grade, n in (
        Evaluation.objects.filter(organization=organization, year=year)
        .values_list("person_id", "grade")
        .annotate(n=Count("id"))
        .values_list("person_id", "grade", "n")
    ):
        votes[person_id][grade] += n
    results = {
        r.person_id: r for r in YearResult.objects.filter(organization=organization, year=year)
    }
    compliance = {
        row["person_id"]: row
        for row in MemberCompliance.objects.filter(
            organization=organization, period_start__year=year
        )
        .exclude(status=ComplianceStatus.NOT_REQUIRED)
        .values("person_id")
        .annotate(
            counted=Count("id"),
            met=Count("id", filter=Q(status=ComplianceStatus.MET)),
        )
    }
    candidates = []
    for member in members:
        counter = votes.get(member.person.pk, Counter())
        result = results.get(member.person.pk)
        comp = compliance.get(member.person.pk, {})
        candidates.append(
            Candidate(
                person=member.person,
                title_label=member.title_label,
                grade=result.grade if result else "",
                is_excellent=bool(result and result.is_excellent),
                evaluations=sum(counter.values()),
                excellent_votes=counter.get(order[0], 0),
                compliance_met=comp.get("met", 0),
                compliance_counted=comp.get("counted", 0),
                result=result,
            )
        )
    rows = sum(c.compliance_counted for c in candidates)
    detail = _(
        "%(year)d年度优秀执委候选排序：年度评议结果、评议中“%(top)s”占比、七个一达标占比"
    ) % {
        "year": year,
        "top": order[0],
    }
    if not rows:
        detail += _("（本年度尚未计算七个一达标情况，排序未计入该项）")
    return CandidateList(
        year,
        rank_candidates(candidates, order),
        rows,
        order[0],
        verdict("R-EX-10", "ranked", detail, ruleset),
    )


def incentives_of(user, organization: Organization, year: int | None = None):
    queryset = person_records(Incentive, user).filter(organization=organization)
    if year:
        queryset = queryset.filter(year=year)
    return queryset.select_related("person")


def year_results_of(user, organization: Organization, year: int | None = None):
    queryset = person_records(YearResult, user).filter(organization=organization)
    if year:
        queryset = queryset.filter(year=year)
    return queryset.select_related("person")


# Training (R-EX-11) --------------------------------------------------------------------


def trainings_of(user, organization: Organization):
    return (
        Training.objects.restrict(user, "view")
        .filter(organization=organization)
        .select_related("organization", "term")
        .annotate(attendees=Count("attendance"))
        .order_by("-date", "-id")
    )


def get_training(user, pk, action: str = "view") -> Training:
    return get_object_or_404(
        Training.objects.restrict(user, action).select_related("organization", "term"), pk=pk
    )


def current_term(organization: Organization, today: dt.date) -> Term | None:
    """The term running today, else the latest one started."""
    terms = Term.objects.filter(organization=organization, start_date__lte=today).order_by(
        "-start_date", "-number"
    )
    return terms.filter(end_date__gte=today).first() or terms.first()


def term_for(organization: Organization, day: dt.date) -> Term | None:
    return (
        Term.objects.filter(organization=organization, start_date__lte=day, end_date__gte=day)
        .order_by("-start_date")
        .first()
    )


@dataclass
class CoverageView:
    term: Term | None
    coverage: rules.TrainingCoverage | None
    members: list[Member]
    untrained: list[Member]

    @property
    def percent(self):
        if self.coverage is None or self.coverage.share is None:
            return None
        return round(100 * self.coverage.share)


def training_coverage(organization: Organization, today: dt.date) -> CoverageView:
    """R-EX-11: the committee of the current term, who was trained in it (any training she
    attended, whoever held it), and who was not."""
    term = current_term(organization, today)
    if term is None:
        return CoverageView(None, None, [], [])
    members = committee_members(organization, term.start_date, term.end_date)
    dates = defaultdict(list)
    for person_id, day in TrainingAttendance.objects.filter(
        person_id__in=[m.person.pk for m in members],
        training__date__gte=term.start_date,
        training__date__lte=term.end_date,
    ).values_list("person_id", "training__date"):
        dates[person_id].append(day)
    coverage = rules.training_coverage(
        term_start=term.start_date,
        term_end=term.end_date,
        trainings={m.person.pk: dates.get(m.person.pk, []) for m in members},
        today=today,
        ruleset=ruleset_for(organization),
    )
    untrained = set(coverage.untrained)
    return CoverageView(term, coverage, members, [m for m in members if m.person.pk in untrained])


def training_attendees(training: Training) -> list[Person]:
    return [
        a.person
        for a in TrainingAttendance.objects.filter(training=training)
        .select_related("person")
        .order_by("person__name", "person_id")
    ]


# 述职报告 figures -----------------------------------------------------------------------


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
