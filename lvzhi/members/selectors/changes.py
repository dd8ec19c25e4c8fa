"""Reads of committee changes: exit recommendations computed from the data (R-MB-08…10),
exit cases and their procedure (R-MB-11), nominations (R-MB-12) and vote sessions
(R-MB-13, R-MB-14).

Who sees what (every read starts from ``restrict``):
- exit recommendations and cases: cadres whose ``change`` scope covers the federation, the
  same-level party approver (``approve`` scope, or listed among the approvers of the
  federation's party organization); members and department staff get 404;
- nominations and vote sessions: whoever may view the federation, and its party approvers.

Lists read a fixed number of queries whatever their length.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.scopes import scope_for, user_assignments
from lvzhi.orgs.models import Organization, PartyOrganization, Person, Position, Term

from .. import rules
from ..models import (
    Attendance,
    ExitCase,
    ExitKind,
    ExitStatus,
    Meeting,
    MeetingKind,
    MemberProfile,
    Nomination,
    NominationChannel,
    NominationStatus,
    RulesetChoice,
    VoteSession,
    YearResult,
)
from ..rules.common import param
from .common import COMMITTEE_TITLES, committee_size, ruleset_for, seats

# Meetings of the whole committee: R-MB-09 counts absences from these (a standing
# committee meeting is not attended by every member).
COMMITTEE_MEETING_KINDS = (MeetingKind.EXECUTIVE, MeetingKind.PLENARY)
OPEN_EXIT_STATUSES = (ExitStatus.RECOMMENDED, ExitStatus.PROPOSED, ExitStatus.APPROVED)
OPEN_NOMINATION_STATUSES = (
    NominationStatus.SUBMITTED,
    NominationStatus.INITIAL_REVIEWED,
    NominationStatus.PARTY_APPROVED,
)
# Grounds the platform finds in the data; the others are entered by a cadre.
COMPUTED_GROUNDS = ("away", "failed_evaluations", "absences")
ENTERED_GROUNDS = ("resigned", "personal", "below_requirements")

# R-MB-11: the change an exit kind goes through.
CHANGE_OF_KIND = {
    ExitKind.SELF_RELEASE: "release",
    ExitKind.ADVISED: "release",
    ExitKind.TERMINATION: "termination",
}


def ground_labels(ruleset: str | None = None) -> dict[str, str]:
    """Every exit ground, code → label (R-MB-08, R-MB-09, and the R-MB-10 list)."""
    labels = {
        "away": _("%(n)d年以上未在本地区工作、生活")
        % {"n": param("R-MB-08", "away_years", ruleset)},
        "resigned": _("主动辞去执委职务"),
        "personal": _("因个人其他原因不能继续履行执委职务"),
        "below_requirements": _("履职能力达不到要求，经培训仍未达到要求"),
        "failed_evaluations": _("年度述职评议连续%(n)d年%(grade)s")
        % {
            "n": param("R-MB-09", "failed_years", ruleset),
            "grade": param("R-MB-09", "failing_grade", ruleset),
        },
        "absences": _("无故连续%(n)d次不出席执委会") % {"n": param("R-MB-09", "absences", ruleset)},
    }
    labels.update(rules.termination_grounds(ruleset))
    return labels


GROUND_KIND = {
    "away": ExitKind.SELF_RELEASE,
    "resigned": ExitKind.SELF_RELEASE,
    "personal": ExitKind.SELF_RELEASE,
    "below_requirements": ExitKind.ADVISED,
    "failed_evaluations": ExitKind.ADVISED,
    "absences": ExitKind.ADVISED,
}


def kind_of_ground(ground: str, ruleset: str | None = None) -> str | None:
    if ground in GROUND_KIND:
        return GROUND_KIND[ground]
    if ground in rules.termination_grounds(ruleset):
        return ExitKind.TERMINATION
    return None


def ruleset_map(organizations) -> dict[str, str | None]:
    """The rule set of each organization (by path), in one query: the choice of the nearest
    ancestor-or-self, as selectors.common.ruleset_for."""
    paths = {org.path for org in organizations}
    prefixes = {p[:i] for p in paths for i in range(4, len(p) + 1, 4)}
    if not prefixes:
        return {}
    chosen = dict(
        RulesetChoice.objects.filter(organization__path__in=prefixes).values_list(
            "organization__path", "ruleset"
        )
    )
    result = {}
    for path in paths:
        nearest = next((path[:i] for i in range(len(path), 3, -4) if path[:i] in chosen), None)
        result[path] = chosen[nearest] if nearest else None
    return result


# 权限 -----------------------------------------------------------------------


def _approved_party_orgs(user):
    return PartyOrganization.objects.filter(approvers=user)


def is_party_approver(user, organization: Organization) -> bool:
    """The same-level party organization's approver: a role allowing ``approve`` held at
    this very organization (or a platform-wide one), or a listed approver of the party
    organization that leads it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    for assignment in user_assignments(user):
        if not assignment.role.allows("approve"):
            continue
        if assignment.role.is_global or assignment.organization_id == organization.pk:
            return True
    if organization.party_organization_id is None:
        return False
    return PartyOrganization.approvers.through.objects.filter(
        partyorganization_id=organization.party_organization_id, user_id=user.pk
    ).exists()


def is_cadre(user, organization: Organization, action: str = "change") -> bool:
    return scope_for(user, action).covers(organization.path)


def _with_approvers(queryset, user, party_field: str):
    """``queryset`` plus the rows of organizations whose party organization lists ``user``
    among its approvers."""
    if user is None or not user.is_authenticated:
        return queryset
    extra = queryset.model.objects.filter(
        **{f"{party_field}__in": _approved_party_orgs(user).values("pk")}
    )
    return queryset | extra


def exit_cases(user):
    """Exit cases the user may see: cadres (change scope), party approvers."""
    return _with_approvers(
        ExitCase.objects.restrict(user, "change") | ExitCase.objects.restrict(user, "approve"),
        user,
        "organization__party_organization",
    )


def nominations(user):
    return _with_approvers(
        Nomination.objects.restrict(user, "view"), user, "organization__party_organization"
    )


def vote_sessions(user):
    return _with_approvers(
        VoteSession.objects.restrict(user, "view"), user, "organization__party_organization"
    )


def federations(user, area: str):
    """Organizations whose ``area`` pages the user may open: "exits" for cadres and party
    approvers, "nominations"/"votes" for whoever may view them and party approvers, "create"
    for cadres who may record."""
    if area == "create":
        return Organization.objects.restrict(user, "create")
    if area == "exits":
        queryset = Organization.objects.restrict(user, "change") | Organization.objects.restrict(
            user, "approve"
        )
    else:
        queryset = Organization.objects.restrict(user, "view")
    return _with_approvers(queryset, user, "party_organization")


def get_federation(user, pk, area: str) -> Organization:
    return get_object_or_404(federations(user, area).select_related("party_organization"), pk=pk)


# 退出建议 -------------------------------------------------------------------


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

NOMINATION_STEP_LABELS = {
    "nominated": gettext_lazy("提名"),
    "initial_review": gettext_lazy("本级妇联组织初审"),
    "party_review": gettext_lazy("同级党组织审议通过"),
    "rejected": gettext_lazy("未通过审查"),
    "plenary_vote": gettext_lazy("执委会全体会议表决"),
}


def nomination_reviews(nomination: Nomination) -> set[str]:
    return {s["step"] for s in nomination.steps}


def nomination_committee_size(nomination: Nomination) -> int:
    """The committee size the supporters were counted against (when nominated)."""
    for step in nomination.steps:
        if step.get("step") == "nominated":
            return int(step.get("committee_size") or 0)
    return 0


def nomination_state(nomination: Nomination, ruleset: str | None = None) -> rules.NominationCheck:
    """R-MB-12: what the nomination still needs before the plenary vote."""
    done = nomination_reviews(nomination)
    channel = nomination.channel
    masses = channel == NominationChannel.MASSES
    return rules.nomination_check(
        channel,
        committee_size=max(nomination_committee_size(nomination), 1) if masses else 0,
        supporting_members=nomination.supporters_members if masses else 0,
        supporting_women=nomination.supporters_women if masses else 0,
        initial_review="initial_review" in done,
        party_review="party_review" in done,
        ruleset=ruleset,
    )


def nomination_list(user, organization: Organization | None = None, *, status=None):
    queryset = nominations(user).select_related(
        "person", "person__organization", "organization", "replaces__person", "position"
    )
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_NOMINATION_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-id")


def get_nomination(user, pk) -> Nomination:
    return get_object_or_404(
        nominations(user).select_related(
            "person",
            "person__organization",
            "organization",
            "organization__party_organization",
            "replaces__person",
            "position",
        ),
        pk=pk,
    )


def ready_nominations(organization: Organization, ruleset: str | None = None) -> list[Nomination]:
    """Open nominations that may be put to the plenary vote (R-MB-12 complete)."""
    candidates = (
        Nomination.objects.filter(organization=organization, status__in=OPEN_NOMINATION_STATUSES)
        .select_related("person")
        .order_by("created_at", "id")
    )
    return [n for n in candidates if nomination_state(n, ruleset).ready]


def candidate_people(user, organization: Organization):
    """People a cadre may nominate for the federation: those on record in its subtree."""
    from lvzhi.orgs.selectors import subtree_filter

    return (
        Person.objects.restrict(user, "view")
        .filter(subtree_filter(organization))
        .select_related("organization")
        .order_by("org_path", "name", "id")
    )


# 表决 -----------------------------------------------------------------------


def vote_session_list(user, organization: Organization | None = None):
    queryset = vote_sessions(user).select_related("organization", "meeting", "recorded_by")
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    return queryset.order_by("-date", "-id")


def get_vote_session(user, pk) -> VoteSession:
    return get_object_or_404(
        vote_sessions(user)
        .select_related("organization", "meeting", "recorded_by")
        .prefetch_related("scrutineers", "tallies__nomination__person"),
        pk=pk,
    )


def term_on(organization: Organization, day: dt.date) -> Term | None:
    """The term current on ``day`` (the latest one that started by then and has not ended)."""
    return (
        Term.objects.filter(organization=organization, start_date__lte=day, end_date__gte=day)
        .order_by("-start_date")
        .first()
    )


def extra_seats_on(organization: Organization, day: dt.date) -> dict[str, int]:
    """R-MB-03 seats held on ``day``: members elected above the limit, counted by the kind
    recorded on their nomination."""
    counts: dict[str, int] = defaultdict(int)
    rows = (
        Nomination.objects.filter(
            organization=organization,
            status=NominationStatus.ELECTED,
            position__isnull=False,
            position__start_date__lte=day,
        )
        .exclude(extra_seat_kind="")
        .filter(Q(position__end_date__isnull=True) | Q(position__end_date__gte=day))
        .values_list("extra_seat_kind", "person_id")
        .distinct()
    )
    for kind, _person in rows:
        counts[kind] += 1
    return dict(counts)


def seated_person_ids(organization: Organization, day: dt.date) -> set[int]:
    return set(seats(organization, day).values_list("person_id", flat=True))


def seated_titles(organization: Organization, person: Person, day: dt.date) -> set[str]:
    return set(
        seats(organization, day).filter(person=person).values_list("title", flat=True).distinct()
    )


__all__ = [
    "COMMITTEE_MEETING_KINDS",
    "COMMITTEE_TITLES",
    "COMPUTED_GROUNDS",
    "ENTERED_GROUNDS",
    "OPEN_EXIT_STATUSES",
    "OPEN_NOMINATION_STATUSES",
    "RecommendationRow",
    "UnannouncedTermination",
    "committee_size",
    "ruleset_for",
]
