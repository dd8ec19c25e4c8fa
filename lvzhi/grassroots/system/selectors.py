"""Reads of system federation foundings (R-OR-06): from ``restrict(user, action)``; the list
is one query whatever its length."""

from django.shortcuts import get_object_or_404

from lvzhi.orgs.models import Kind, Organization

from ..models import SystemFounding
from ..selectors import subtree_q


def system_founding_queryset(user, action: str = "view"):
    return SystemFounding.objects.restrict(user, action).select_related(
        "organization", "women_committee", "federation", "founding_case", "election"
    )


def get_system_founding(user, pk, action: str = "view") -> SystemFounding:
    return get_object_or_404(system_founding_queryset(user, action), pk=pk)


def system_foundings(user, org: Organization):
    return system_founding_queryset(user).filter(subtree_q(org.path)).order_by("-created_at", "id")


def women_committees(user, org: Organization):
    """The active 妇委会/妇工委 of ``org``'s subtree the user may see."""
    return (
        Organization.objects.restrict(user, "view")
        .filter(subtree_q(org.path, "path"), kind=Kind.AGENCY_COMMITTEE, is_active=True)
        .order_by("path")
    )
