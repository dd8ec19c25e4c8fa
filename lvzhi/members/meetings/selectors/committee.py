"""The ground of the meetings reads: executive meeting kinds, grades, scope of person-level
records, the committee and tenures."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import get_object_or_404

from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.members import rules
from lvzhi.members.common.selectors import COMMITTEE_TITLES, member_person, seats, tenure_of
from lvzhi.members.models import AttendanceStatus, MeetingKind
from lvzhi.members.rules.common import param
from lvzhi.orgs.models import Organization, Person, Position

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
