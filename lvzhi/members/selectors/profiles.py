"""Reads of committees, member profiles (R-EX-12) and contact assignments (R-EX-08).

Who sees what:
- a committee, its contact gaps and any member's profile: cadres whose ``change`` scope
  covers the organization (``restrict(user, "change")``); everyone else gets 404;
- a member's own profile and contacts: the user linked to the Person;
- a published profile: anyone who has its link (token).

Pages and the API read a whole committee in a fixed number of queries: seats with their
people and profiles in one, contact counts of all of them in one aggregated query, the
rule set in one.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from lvzhi.core.periods import today_local
from lvzhi.core.periods import year as year_period
from lvzhi.core.pii import mask_phone
from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.members import rules
from lvzhi.members.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    ContactAssignment,
    ContactKind,
    MemberProfile,
    Nomination,
    NominationStatus,
    RulesetChoice,
)
from lvzhi.members.selectors.common import COMMITTEE_TITLES, member_person
from lvzhi.orgs.models import Kind, Organization, Person, Position, Term, Title

# The organization kind a contact of each kind must be.
UNIT_KINDS = {ContactKind.GROUP: Kind.WOMEN_GROUP, ContactKind.MICRO_HOME: Kind.MICRO_HOME}
TITLE_ORDER = {Title.CHAIR: 0, Title.VICE_CHAIR: 1, Title.MEMBER: 2}
CADRE_ACTION = "change"


# 权限 -----------------------------------------------------------------------


def is_cadre_for(user, path: str) -> bool:
    """A cadre of the organization at ``path`` (or of an ancestor with its subtree)."""
    return scope_for(user, CADRE_ACTION).covers(path)


def is_self(user, person: Person) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and person.user_id is not None
        and person.user_id == user.pk
    )


def committee_organization(user, pk) -> Organization:
    """The organization whose committee the cadre may see, or 404."""
    return get_object_or_404(Organization.objects.restrict(user, CADRE_ACTION), pk=pk)


def get_person(user, pk) -> Person:
    """A person whose profile the user may read and edit (cadre in scope or herself), or 404.
    Both rights are the same: a member edits her own profile, a cadre any in her scope."""
    person = get_object_or_404(Person.objects.select_related("organization"), pk=pk)
    if not (is_self(user, person) or is_cadre_for(user, person.org_path)):
        raise Http404
    return person


def own_person(user) -> Person:
    person = member_person(user)
    if person is None:
        raise Http404
    return person


def visible_profiles(user):
    """Saved profiles the user may read (API list)."""
    queryset = MemberProfile.objects.restrict(user, CADRE_ACTION)
    if user is not None and user.is_authenticated:
        queryset = MemberProfile.objects.filter(
            Q(pk__in=queryset.values("pk")) | Q(person__user=user)
        )
    return queryset.select_related("person", "organization")


def visible_contacts(user):
    """Contact assignments the user may read: in her cadre scope, and her own."""
    queryset = ContactAssignment.objects.restrict(user, CADRE_ACTION)
    if user is not None and user.is_authenticated:
        queryset = ContactAssignment.objects.filter(
            Q(pk__in=queryset.values("pk")) | Q(person__user=user)
        )
    return queryset.select_related("person", "organization", "unit")


def get_contact(user, pk, *, write: bool = False) -> ContactAssignment:
    """A contact assignment; writes need the cadre scope (a member only reads hers)."""
    queryset = (
        ContactAssignment.objects.restrict(user, CADRE_ACTION) if write else visible_contacts(user)
    )
    return get_object_or_404(queryset.select_related("person", "organization", "unit"), pk=pk)


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


# 联系对象 -------------------------------------------------------------------


def active_contacts_q(on: dt.date, prefix: str = "") -> Q:
    """Assignments in force on ``on``: started, and not yet ended (the end date is the
    first day without the contact)."""
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": on})
    )


@dataclass
class ContactCounts:
    groups: int = 0
    micro_homes: int = 0
    women: int = 0

    def check(self, ruleset: str | None = None) -> rules.ContactCheck:
        return rules.contact_assignment_check(
            groups=self.groups, micro_homes=self.micro_homes, women=self.women, ruleset=ruleset
        )


_COUNT_FIELD = {
    ContactKind.GROUP: "groups",
    ContactKind.MICRO_HOME: "micro_homes",
    ContactKind.WOMAN: "women",
}


def contact_counts(person_ids, on: dt.date) -> dict[int, ContactCounts]:
    """Counts of groups, 微家 and women each person contacts on ``on`` (one query)."""
    counts: dict[int, ContactCounts] = defaultdict(ContactCounts)
    rows = (
        ContactAssignment.objects.filter(person_id__in=list(person_ids))
        .filter(active_contacts_q(on))
        .order_by()
        .values("person_id", "kind")
        .annotate(n=Count("id"))
    )
    for row in rows:
        name = _COUNT_FIELD.get(row["kind"])
        if name:
            setattr(counts[row["person_id"]], name, row["n"])
    return counts


def contacts_of(person: Person, on: dt.date) -> dict:
    """A person's assignments: those in force (or starting later) grouped by kind as
    ``[(kind, label, rows)]``, and the ended ones. Each row carries ``phone_masked``."""
    rows = list(
        ContactAssignment.objects.filter(person=person)
        .select_related("unit", "organization")
        .order_by("kind", "start_date", "id")
    )
    current = {kind: [] for kind in ContactKind.values}
    ended = []
    for row in rows:
        row.phone_masked = mask_phone(row.woman_phone or "")
        if row.end_date is not None and row.end_date <= on:
            ended.append(row)
        else:
            row.upcoming = row.start_date > on
            current[row.kind].append(row)
    groups = [(kind, label, current[kind]) for kind, label in ContactKind.choices]
    return {"groups": groups, "ended": ended}


def assignable_units(organization: Organization, kind: str | None = None):
    """Women's groups and 微家 in an organization's subtree (what a member may contact)."""
    kinds = [UNIT_KINDS[kind]] if kind in UNIT_KINDS else list(UNIT_KINDS.values())
    return Organization.objects.filter(
        path__gte=organization.path,
        path__lt=organization.path + PATH_END,
        kind__in=kinds,
        is_active=True,
    ).order_by("path")


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


# 个人资料 -------------------------------------------------------------------


def profile_of(person: Person) -> MemberProfile:
    """The saved profile, or an unsaved blank one (profiles are created when first saved)."""
    profile = MemberProfile.objects.filter(person=person).first()
    if profile is None:
        profile = MemberProfile(
            person=person, organization=person.organization, org_path=person.org_path
        )
    return profile


def seats_of(person: Person):
    """Every committee seat the person holds or held, the current ones first."""
    return (
        Position.objects.filter(person=person, title__in=COMMITTEE_TITLES)
        .select_related("organization", "term")
        .order_by("end_date", "-start_date", "id")
    )


def current_seats(person: Person, on: dt.date) -> list[Position]:
    return [
        p
        for p in seats_of(person)
        if p.start_date <= on and (p.end_date is None or p.end_date >= on)
    ]


def activity_counts(person: Person, year: int) -> list[tuple[str, str, int]]:
    """This year's activities by kind (returned ones left out): (code, label, count), every
    kind listed. Counts only: no activity row, no woman's name leaves this function."""
    period = year_period(year)
    counted = dict(
        Activity.objects.filter(person=person, date__gte=period.start, date__lte=period.end)
        .exclude(status=ActivityStatus.RETURNED)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return [(code, str(label), counted.get(code, 0)) for code, label in ActivityKind.choices]


def public_profile(token: str, today=None) -> MemberProfile:
    """A published profile of a member who still holds a committee seat, by its token, or
    404 (unpublished or no longer a member looks the same as unknown)."""
    today = today or today_local()
    seated = Position.objects.filter(
        person_id=OuterRef("person_id"), title__in=COMMITTEE_TITLES, start_date__lte=today
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    return get_object_or_404(
        MemberProfile.objects.select_related("person", "organization").filter(Exists(seated)),
        public_token=token,
        is_published=True,
    )
