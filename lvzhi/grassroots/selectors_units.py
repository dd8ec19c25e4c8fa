"""Reads for term renewal (R-OR-08) and women's groups (R-OR-03) of a subtree: one query
each, the rule applied per row in Python (no query per row)."""

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery

from lvzhi.orgs.models import SMALL_UNIT_KINDS, Kind, Organization, System, Term, Title

from . import rules
from .models import Election, ElectionKind
from .selectors import subtree_q

STAGE_ORDER = {"overdue": 0, "due_3": 1, "due_6": 2, "none": 3, "current": 4}


def federations_with_terms(user, org: Organization, today: dt.date) -> list[Organization]:
    """The federations of ``org``'s subtree with their latest term and its R-OR-08 stage
    (``none`` when no term is recorded), their open renewal election and their latest one
    (whose papers the page links), most urgent first."""
    latest = Term.objects.filter(organization_id=OuterRef("pk")).order_by("-start_date", "-number")
    renewal = Election.objects.filter(organization_id=OuterRef("pk"), kind=ElectionKind.RENEWAL)
    open_renewal = renewal.filter(term__isnull=True)
    rows = list(
        Organization.objects.restrict(user, "view")
        .filter(subtree_q(org.path, "path"), system=System.WOMEN, is_active=True)
        .exclude(kind__in=SMALL_UNIT_KINDS)
        .annotate(
            term_number=Subquery(latest.values("number")[:1]),
            term_end=Subquery(latest.values("end_date")[:1]),
            open_election=Subquery(open_renewal.values("pk")[:1]),
            renewal_election=Subquery(renewal.order_by("-created_at", "-pk").values("pk")[:1]),
        )
        .only("id", "name", "path", "level", "kind")
    )
    for row in rows:
        row.stage = (
            "none"
            if row.term_end is None
            else rules.renewal_stage(end_date=row.term_end, today=today)
        )
    rows.sort(key=lambda r: (STAGE_ORDER[r.stage], r.term_end or dt.date.max, r.path))
    return rows


def women_groups(user, org: Organization, today: dt.date) -> list[Organization]:
    """妇女小组 of the subtree with their current members and leaders and the R-OR-03
    verdict (invalid first)."""
    current = Q(positions__end_date__isnull=True) | Q(positions__end_date__gte=today)
    rows = list(
        Organization.objects.restrict(user, "view")
        .filter(subtree_q(org.path, "path"), kind=Kind.WOMEN_GROUP, is_active=True)
        .annotate(
            members=Count("positions", filter=current, distinct=True),
            leaders=Count("positions", filter=current & Q(positions__title=Title.LEADER)),
        )
        .only("id", "name", "path")
    )
    for row in rows:
        row.verdict = rules.women_group_verdict(fixed_members=row.members, leaders=row.leaders)
    rows.sort(key=lambda r: (r.verdict.outcome != "invalid", r.path))
    return rows
