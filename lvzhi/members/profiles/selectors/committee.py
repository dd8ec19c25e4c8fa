"""The committee of a federation on a day: its seats, rule sets and extra seats, and the
gaps in its members' contacts."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from lvzhi.core.scopes import PATH_END
from lvzhi.members import rules
from lvzhi.members.common.selectors import COMMITTEE_TITLES
from lvzhi.members.models import (
    MemberProfile,
    Nomination,
    NominationStatus,
    RulesetChoice,
)
from lvzhi.members.profiles.selectors.contacts import ContactCounts, contact_counts
from lvzhi.members.profiles.selectors.people import CADRE_ACTION, TITLE_ORDER
from lvzhi.orgs.models import Organization, Person, Position, Term

# 规则集 ---------------------------------------------------------------------


def rulesets_for(organizations) -> dict[int, str | None]:
    """The rule set of each organization (nearest choice up the tree) in one query; None
    means the platform default. Same answer as ``common.ruleset_for`` for each."""
    organizations = list(organizations)
    prefixes = {org.path[:i] for org in organizations for i in range(4, len(org.path) + 1, 4)}
    if not prefixes:
        return {}
    chosen = dict(
        RulesetChoice.objects.filter(organization__path__in=prefixes).values_list(
            "organization__path", "ruleset"
        )
    )
    answer = {}
    for org in organizations:
        code = None
        for i in range(len(org.path), 3, -4):
            code = chosen.get(org.path[:i])
            if code:
                break
        answer[org.pk] = code
    return answer


# 执委会 ---------------------------------------------------------------------


@dataclass
class SeatRow:
    position: Position
    person: Person
    profile: MemberProfile | None
    counts: ContactCounts
    check: rules.ContactCheck

    @property
    def published(self) -> bool:
        return bool(self.profile and self.profile.is_published)


@dataclass
class Committee:
    organization: Organization
    on: dt.date
    term: Term | None
    ruleset: str | None
    seats: list[SeatRow]
    size_check: rules.SizeCheck | None
    size_error: str = ""
    extra_seats: dict = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len({row.person.pk for row in self.seats})

    @property
    def with_gaps(self) -> list[SeatRow]:
        return [row for row in self.seats if not row.check.met]

    @property
    def published(self) -> int:
        return len({row.person.pk for row in self.seats if row.published})


def current_term(organization: Organization, on: dt.date) -> Term | None:
    terms = Term.objects.filter(organization=organization).order_by("-start_date", "-number")
    return terms.filter(start_date__lte=on, end_date__gte=on).first() or terms.first()


def _seats_queryset(on: dt.date):
    return (
        Position.objects.filter(title__in=COMMITTEE_TITLES, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("person", "person__member_profile", "person__organization")
    )


def _profile_of_loaded(person: Person) -> MemberProfile | None:
    try:
        return person.member_profile
    except MemberProfile.DoesNotExist:
        return None


def _seat_rows(positions, on: dt.date, rulesets: dict) -> list[SeatRow]:
    positions = sorted(
        positions,
        key=lambda p: (p.organization_id, TITLE_ORDER.get(p.title, 9), p.start_date, p.pk),
    )
    counts = contact_counts({p.person_id for p in positions}, on)
    rows = []
    for position in positions:
        person_counts = counts.get(position.person_id, ContactCounts())
        rows.append(
            SeatRow(
                position=position,
                person=position.person,
                profile=_profile_of_loaded(position.person),
                counts=person_counts,
                check=person_counts.check(rulesets.get(position.organization_id)),
            )
        )
    return rows


def extra_seats_of(organization: Organization, person_ids) -> dict[str, int]:
    """R-MB-03: seats above the limit, by kind, from elected nominations of the seated."""
    rows = (
        Nomination.objects.filter(
            organization=organization,
            status=NominationStatus.ELECTED,
            person_id__in=list(person_ids),
        )
        .exclude(extra_seat_kind="")
        .order_by()
        .values("extra_seat_kind")
        .annotate(n=Count("person", distinct=True))
    )
    return {row["extra_seat_kind"]: row["n"] for row in rows}


def committee(organization: Organization, on: dt.date) -> Committee:
    """The committee seated on ``on``, with each member's contacts and R-EX-08 verdict,
    and the committee size verdicts (R-MB-01 warning, R-MB-02 bound, R-MB-03)."""
    ruleset = rulesets_for([organization])[organization.pk]
    seats = _seat_rows(
        _seats_queryset(on).filter(organization=organization), on, {organization.pk: ruleset}
    )
    people = {row.person.pk for row in seats}
    extra = extra_seats_of(organization, people)
    size_check, size_error = None, ""
    try:
        size_check = rules.committee_size_check(
            level=organization.level,
            before=len(people),
            after=len(people),
            extra_seats=extra,
            ruleset=ruleset,
        )
    except rules.RuleError as exc:
        size_error = str(exc)
    return Committee(
        organization=organization,
        on=on,
        term=current_term(organization, on),
        ruleset=ruleset,
        seats=seats,
        size_check=size_check,
        size_error=size_error,
        extra_seats=extra,
    )


# 联系缺口 -------------------------------------------------------------------


def committee_organizations(user, organization: Organization, on: dt.date):
    """Organizations in the subtree (in the cadre's scope) with a committee seated on ``on``."""
    seated = (
        Position.objects.filter(title__in=COMMITTEE_TITLES, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .filter(org_path__gte=organization.path, org_path__lt=organization.path + PATH_END)
        .values("organization_id")
    )
    return Organization.objects.restrict(user, CADRE_ACTION).filter(pk__in=seated).order_by("path")


@dataclass
class OrgGaps:
    organization: Organization
    seats: list[SeatRow]

    @property
    def size(self) -> int:
        return len({row.person.pk for row in self.seats})

    @property
    def with_gaps(self) -> list[SeatRow]:
        seen, rows = set(), []
        for row in self.seats:
            if not row.check.met and row.person.pk not in seen:
                seen.add(row.person.pk)
                rows.append(row)
        return rows


def contact_gaps(organizations, on: dt.date) -> list[OrgGaps]:
    """R-EX-08 for every member of each organization's committee (a page of them), in a
    fixed number of queries."""
    organizations = list(organizations)
    rulesets = rulesets_for(organizations)
    positions = list(_seats_queryset(on).filter(organization__in=organizations))
    rows = _seat_rows(positions, on, rulesets)
    by_org = defaultdict(list)
    for row in rows:
        by_org[row.position.organization_id].append(row)
    return [OrgGaps(org, by_org.get(org.pk, [])) for org in organizations]
