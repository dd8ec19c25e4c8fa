"""Exit recommendations from the data (R-MB-08…10) and exit cases (R-MB-11)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from lvzhi.members import rules
from lvzhi.members.changes.selectors._helpers import (
    CHANGE_OF_KIND,
    COMMITTEE_MEETING_KINDS,
    COMPUTED_GROUNDS,
    exit_cases,
)
from lvzhi.members.common.selectors import seats
from lvzhi.members.models import (
    Attendance,
    ExitCase,
    ExitKind,
    ExitStatus,
    Meeting,
    MemberProfile,
    YearResult,
)
from lvzhi.orgs.models import Organization, Person, Position


@dataclass
class RecommendationRow:
    """One exit recommendation for a seated member, with the structured facts behind it and
    the latest case opened on the same ground (if any)."""

    person: Person
    seat: Position
    recommendation: rules.ExitRecommendation
    facts: dict = field(default_factory=dict)
    case: ExitCase | None = None

    @property
    def ground(self) -> str:
        return self.recommendation.ground

    @property
    def can_open(self) -> bool:
        return self.case is None or self.case.status == ExitStatus.DISMISSED


def _one_seat_per_person(seat_list):
    chosen = {}
    for seat in seat_list:
        chosen.setdefault(seat.person_id, seat)
    return chosen


def member_facts(organization: Organization, person_ids) -> dict:
    """Profiles (away since), yearly results and committee-meeting attendance of the given
    members, in three queries."""
    away = dict(
        MemberProfile.objects.filter(
            person_id__in=person_ids, away_since__isnull=False
        ).values_list("person_id", "away_since")
    )
    grades = defaultdict(dict)
    for person_id, year, grade in YearResult.objects.filter(
        organization=organization, person_id__in=person_ids
    ).values_list("person_id", "year", "grade"):
        grades[person_id][year] = grade
    attendance = defaultdict(list)
    rows = (
        Attendance.objects.filter(
            meeting__organization=organization,
            meeting__kind__in=COMMITTEE_MEETING_KINDS,
            person_id__in=person_ids,
        )
        .order_by("meeting__date", "meeting_id")
        .values_list("person_id", "meeting_id", "meeting__title", "meeting__date", "status")
    )
    for person_id, meeting_id, title, day, status in rows:
        attendance[person_id].append((meeting_id, title, day, status))
    return {"away": away, "grades": grades, "attendance": attendance}


def recommendations_for(
    organization: Organization,
    today: dt.date,
    person_ids=None,
    *,
    ruleset: str | None = None,
    with_cases: bool = True,
) -> list[RecommendationRow]:
    """Exit recommendations the data supports for the members seated on ``today``: away
    from the locality (MemberProfile.away_since), two consecutive 不合格 years (YearResult),
    three consecutive unexcused absences from committee meetings (Attendance). Each comes
    from rules.exit_recommendations with its evidence and clause. Nothing is decided here."""
    seat_list = list(seats(organization, today))
    if person_ids is not None:
        wanted = set(person_ids)
        seat_list = [s for s in seat_list if s.person_id in wanted]
    by_person = _one_seat_per_person(seat_list)
    if not by_person:
        return []
    ids = list(by_person)
    facts = member_facts(organization, ids)
    latest = {}
    if with_cases:
        for case in ExitCase.objects.filter(
            organization=organization, person_id__in=ids, ground__in=COMPUTED_GROUNDS
        ).order_by("created_at", "id"):
            latest[(case.person_id, case.ground)] = case
    result = []
    for person_id, seat in by_person.items():
        meetings = facts["attendance"].get(person_id, [])
        attendance = [
            rules.MeetingAttendance(meeting=title, held_on=day, status=status)
            for _id, title, day, status in meetings
        ]
        evaluations = facts["grades"].get(person_id, {})
        away_since = facts["away"].get(person_id)
        recs = rules.exit_recommendations(
            today=today,
            away_since=away_since,
            evaluations=evaluations,
            attendance=attendance,
            ruleset=ruleset,
        )
        for rec in recs:
            detail = {}
            if rec.ground == "away":
                detail = {"away_since": away_since.isoformat()}
            elif rec.ground == "failed_evaluations":
                detail = {"years": rules.failed_evaluation_years(evaluations, ruleset)}
            elif rec.ground == "absences":
                run = rules.unexcused_absence_run(attendance, ruleset) or []
                ids_by_key = {(title, day): mid for mid, title, day, _s in meetings}
                detail = {
                    "meetings": [
                        {
                            "id": ids_by_key.get((r.meeting, r.held_on)),
                            "title": r.meeting,
                            "date": r.held_on.isoformat(),
                        }
                        for r in run
                    ]
                }
            result.append(
                RecommendationRow(
                    person=seat.person,
                    seat=seat,
                    recommendation=rec,
                    facts=detail,
                    case=latest.get((person_id, rec.ground)),
                )
            )
    return result


# 退出事项 -------------------------------------------------------------------


def exit_case_list(user, organization: Organization | None = None, *, status=None, kind=None):
    queryset = exit_cases(user).select_related("person", "organization", "position", "announced_at")
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-created_at", "-id")


def get_exit_case(user, pk) -> ExitCase:
    return get_object_or_404(
        exit_cases(user).select_related(
            "person", "organization", "organization__party_organization", "position", "announced_at"
        ),
        pk=pk,
    )


def steps_done(case) -> list[str]:
    return [s["step"] for s in case.steps if s.get("step") in rules.STEP_LABELS]


def change_of(case: ExitCase) -> str:
    return CHANGE_OF_KIND[case.kind]


def next_steps(case: ExitCase, ruleset: str | None = None) -> list[str]:
    """The procedure steps still to record, in order (R-MB-11)."""
    if case.status == ExitStatus.DISMISSED:
        return []
    done = steps_done(case)
    return [s for s in rules.procedure_steps(change_of(case), ruleset) if s not in done]


def committee_meetings(organization: Organization, since: dt.date | None = None):
    queryset = Meeting.objects.filter(organization=organization, kind__in=COMMITTEE_MEETING_KINDS)
    if since is not None:
        queryset = queryset.filter(date__gte=since)
    return queryset.order_by("date", "id")


@dataclass
class UnannouncedTermination:
    case: ExitCase
    next_meeting: Meeting | None  # the first committee meeting on or after the effective date


def unannounced_terminations(queryset) -> list[UnannouncedTermination]:
    """Terminations in effect (R-MB-10) not yet announced at a committee meeting, each with
    the meeting that should announce it (CQ-ZT 第十七条), in two queries."""
    cases = list(
        queryset.filter(
            kind=ExitKind.TERMINATION, status=ExitStatus.EFFECTIVE, announced_at__isnull=True
        ).order_by("effective_on", "id")
    )
    if not cases:
        return []
    org_ids = {c.organization_id for c in cases}
    earliest = min(c.effective_on for c in cases if c.effective_on) if cases else None
    meetings = defaultdict(list)
    for meeting in Meeting.objects.filter(
        organization_id__in=org_ids, kind__in=COMMITTEE_MEETING_KINDS, date__gte=earliest
    ).order_by("date", "id"):
        meetings[meeting.organization_id].append(meeting)
    result = []
    for case in cases:
        upcoming = [m for m in meetings[case.organization_id] if m.date >= case.effective_on]
        result.append(UnannouncedTermination(case, upcoming[0] if upcoming else None))
    return result


# 提名 -----------------------------------------------------------------------
