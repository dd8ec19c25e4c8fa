"""Reads shared by the members areas: which rule set applies, the current committee."""

import datetime as dt

from django.db import connection
from django.db.models import Q

from lvzhi.members import rules
from lvzhi.members.models import RulesetChoice
from lvzhi.orgs.models import Organization, Position, Title

COMMITTEE_TITLES = (Title.CHAIR, Title.VICE_CHAIR, Title.MEMBER)


def ruleset_for(organization: Organization) -> str | None:
    """The rule set code chosen by the organization or its nearest ancestor; None means
    the platform default (settings.LVZHI_DEFAULT_RULESET)."""
    paths = [organization.path[:i] for i in range(4, len(organization.path) + 1, 4)]
    choice = (
        RulesetChoice.objects.filter(organization__path__in=paths)
        .order_by("-organization__depth")
        .values_list("ruleset", flat=True)
        .first()
    )
    return choice


def ruleset_sql(organization: Organization) -> tuple[str, list]:
    """``ruleset_for`` as SQL returning the rule set code (no row or
    NULL: the default), to run as a scalar subquery beside other reads."""
    paths = [organization.path[:i] for i in range(4, len(organization.path) + 1, 4)]
    sql = (
        f"SELECT c.ruleset FROM {_table(RulesetChoice)} c "
        f"JOIN {_table(Organization)} o ON o.id = c.organization_id "
        f"WHERE o.path IN ({', '.join(['%s'] * len(paths))}) ORDER BY o.depth DESC LIMIT 1"
    )
    return sql, paths


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def tenure_of(positions) -> rules.Tenure | None:
    """One tenure over a member's committee seats at an organization: the first start and
    the last end (open while any seat is open)."""
    positions = list(positions)
    if not positions:
        return None
    start = min(p.start_date for p in positions)
    ends = [p.end_date for p in positions]
    end = None if any(e is None for e in ends) else max(ends)
    if end is not None and end < start:
        return None
    return rules.Tenure(start=start, end=end)


def seats(organization: Organization, on: dt.date):
    """Committee seats (chair, vice-chairs, members) held on ``on``."""
    return (
        Position.objects.filter(
            organization=organization, title__in=COMMITTEE_TITLES, start_date__lte=on
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("person")
        .order_by("title", "start_date", "id")
    )


def committee_size(organization: Organization, on: dt.date) -> int:
    return seats(organization, on).values("person").distinct().count()


def member_person(user):
    """The Person record linked to a user (a member's own account), or None."""
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person", None)
