"""Reads of women's groups and 微家: from ``restrict(user, action)``; lists are one query
with counts annotated (no query per row)."""

import datetime as dt

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404

from lvzhi.orgs.models import SMALL_UNIT_KINDS, Kind, Organization, Person, Position, Title

from .. import rules
from ..selectors import subtree_q
from .services import upper_executive_q


def current_q(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})


def get_unit(user, pk, action: str = "view") -> Organization:
    return get_object_or_404(
        Organization.objects.restrict(user, action).filter(kind__in=SMALL_UNIT_KINDS), pk=pk
    )


def unit_members(unit: Organization, day: dt.date) -> list[Position]:
    """Current seats, leader first."""
    rows = (
        Position.objects.filter(organization=unit)
        .filter(current_q(day))
        .select_related("person", "person__organization")
        .order_by("start_date", "id")
    )
    return sorted(rows, key=lambda p: p.title != Title.LEADER)


def unit_verdict(members: list[Position]):
    return rules.women_group_verdict(
        fixed_members=len({p.person_id for p in members}),
        leaders=sum(1 for p in members if p.title == Title.LEADER),
    )


def micro_homes(user, org: Organization, day: dt.date) -> list[Organization]:
    """微家 of the subtree with their basis, current members and activities."""
    return list(
        Organization.objects.restrict(user, "view")
        .filter(subtree_q(org.path, "path"), kind=Kind.MICRO_HOME, is_active=True)
        .select_related("micro_home")
        .annotate(
            members=Count("positions", filter=current_q(day, "positions__"), distinct=True),
            activities=Count("micro_home_activities", distinct=True),
            last_activity=Max("micro_home_activities__held_on"),
        )
        .only("id", "name", "path", "micro_home__basis", "micro_home__basis_detail")
        .order_by("path")
    )


def upper_executives(user, parent: Organization, day: dt.date):
    """People who may lead a group under ``parent`` without being its member: executive
    members of ``parent`` or a federation above it, among those the user can see."""
    seats = Position.objects.filter(upper_executive_q(parent, day))
    return (
        Person.objects.restrict(user, "view")
        .filter(pk__in=seats.values("person_id"))
        .select_related("organization")
        .order_by("org_path", "name")
    )
