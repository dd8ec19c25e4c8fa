"""Who may read or edit a member's profile, the profile itself, her seats and activity
counts, and the public profile page."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from lvzhi.core.periods import today_local
from lvzhi.core.periods import year as year_period
from lvzhi.core.scopes import scope_for
from lvzhi.members.common.selectors import COMMITTEE_TITLES, member_person
from lvzhi.members.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    ContactAssignment,
    ContactKind,
    MemberProfile,
)
from lvzhi.orgs.models import Kind, Organization, Person, Position, Title

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
