"""Reads of social organizations. Every read of a cadre's page starts from
``restrict(user, action)`` (a federation sees its subtree; out of scope: 404); the public
reads list only active filed organizations and only their public fields, never a person
or a phone.

The yearly checklist (R-SO-03) is one grouped query over the federation's own records;
the disclosure gap (第十二条) one ``NOT EXISTS`` over the ledger's (org_path, kind, date)
index."""

import datetime as dt

from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404

from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.orgs import selectors as orgs_selectors
from lvzhi.orgs.models import SMALL_UNIT_KINDS, Organization, System

from . import rules
from .models import (
    Adviser,
    EntryKind,
    KeyMember,
    LedgerEntry,
    SocialOrganization,
    Status,
    YearlyDuty,
)


def subtree_q(path: str, field_name: str = "org_path") -> Q:
    return Q(**{f"{field_name}__gte": path, f"{field_name}__lt": path + PATH_END})


def organizations(user, action: str = "view"):
    return SocialOrganization.objects.restrict(user, action).select_related("federation")


def get_organization(user, pk, action: str = "view") -> SocialOrganization:
    return get_object_or_404(organizations(user, action), pk=pk)


def federations(user, action: str = "create"):
    """Women's federations where ``user`` may file organizations or record duties."""
    return (
        Organization.objects.restrict(user, action)
        .filter(system=System.WOMEN)
        .exclude(kind__in=SMALL_UNIT_KINDS)
    )


def may_change(user, organization: SocialOrganization) -> bool:
    return scope_for(user, "change").covers(organization.org_path)


def key_members(organization: SocialOrganization):
    return KeyMember.objects.filter(organization=organization).order_by("id")


def get_key_member(user, pk) -> KeyMember:
    return get_object_or_404(
        KeyMember.objects.restrict(user, "change").select_related("organization__federation"),
        pk=pk,
    )


def ledger_of(organization: SocialOrganization):
    return LedgerEntry.objects.filter(organization=organization).order_by("-date", "-id")


def applications_of(user, organization: SocialOrganization):
    """The organization's project applications ``user`` may view: the projects' scoped
    read (``restrict(user, "view")``, by the batch's federation), with the batch and its
    federation in the same query; newest first."""
    from .projects import selectors as project_selectors  # projects import this module

    return (
        project_selectors.applications(user)
        .filter(organization=organization)
        .order_by("-submitted_at", "-id")
    )


def ledger(user, action: str = "view"):
    return LedgerEntry.objects.restrict(user, action).select_related("organization")


def advisers(user, action: str = "view"):
    return Adviser.objects.restrict(user, action).select_related("federation")


def duties(user, action: str = "view"):
    return YearlyDuty.objects.restrict(user, action).select_related("federation")


def get_duty(user, pk) -> YearlyDuty:
    return get_object_or_404(duties(user), pk=pk)


def duty_checklist(user, federation: Organization, year: int, today: dt.date):
    """R-SO-03 for ``federation`` itself (each federation holds its own five duties):
    one grouped query for the year's records."""
    rows = (
        duties(user)
        .filter(federation=federation, year=year)
        .values("kind")
        .annotate(first=Min("date"), count=Count("id"))
        .order_by()
    )
    records = {row["kind"]: (row["first"], row["count"]) for row in rows}
    return rules.duty_checklist(year=year, records=records, today=today)


def duty_rollup(user, federation: Organization, year: int, today: dt.date):
    """R-SO-03 by subtree: each women's federation (not a small unit) at or under
    ``federation`` that has filed organizations or recorded duties, with its items.
    Two queries whatever the subtree's size."""
    done = (
        duties(user)
        .filter(subtree_q(federation.path), year=year)
        .values("federation_id", "kind")
        .annotate(first=Min("date"), count=Count("id"))
        .order_by()
    )
    by_federation: dict[int, dict] = {}
    for row in done:
        by_federation.setdefault(row["federation_id"], {})[row["kind"]] = (
            row["first"],
            row["count"],
        )
    filing = (
        SocialOrganization.objects.restrict(user, "view")
        .filter(subtree_q(federation.path))
        .values("federation_id")
        .order_by()
        .distinct()
    )
    orgs = Organization.objects.filter(Q(pk__in=filing) | Q(pk__in=list(by_federation))).order_by(
        "path"
    )[:500]
    texts = rules.duty_texts()
    return [
        (
            org,
            rules.duty_checklist(
                year=year, records=by_federation.get(org.pk, {}), today=today, texts=texts
            ),
        )
        for org in orgs
    ]


def without_disclosure(user, federation: Organization, year: int):
    """第十二条: active organizations filed in ``federation``'s subtree with no
    information disclosure dated in ``year``. The disclosures are read once over the
    ledger's (org_path, kind, date) index — an entry's path is its organization's — and
    excluded as a set (PostgreSQL hashes it), not probed once per organization."""
    disclosed = LedgerEntry.objects.filter(
        subtree_q(federation.path),
        kind=EntryKind.DISCLOSURE,
        date__gte=dt.date(year, 1, 1),
        date__lte=dt.date(year, 12, 31),
    ).values("organization_id")
    return (
        organizations(user)
        .filter(subtree_q(federation.path), status=Status.ACTIVE)
        .exclude(pk__in=disclosed)
        .order_by("org_path", "name", "id")
    )


def retier_verdict(organization: SocialOrganization):
    """R-SO-01 on the stored profile (the yearly update): keep, or move up or down."""
    proposal = rules.propose_tier(
        organization.size,
        rules.Influence(
            notable=organization.notable_influence,
            active=organization.active,
            center_grade=organization.center_grade,
        ),
    )
    return rules.retier(filed_tier=organization.filed_tier, proposal=proposal)


def retier_verdicts(rows):
    """R-SO-01 re-tiering per organization of a page (no query)."""
    rows = list(rows)
    for row in rows:
        row.retier = retier_verdict(row)
    return rows


# 公开 --------------------------------------------------------------------------------

PUBLIC_FIELDS = (
    "id",
    "name",
    "kind",
    "service_field",
    "registered",
    "credit_code",
    "status",
    "filed_tier",
    "filed_on",
    "address",
    "activities",
    "org_path",
    "federation__name",
)


def public_organizations():
    """Filed organizations not deregistered, with the fields the public page shows."""
    return (
        SocialOrganization.objects.exclude(status=Status.DEREGISTERED)
        .select_related("federation")
        .only(*PUBLIC_FIELDS)
    )


def get_public_organization(pk) -> SocialOrganization:
    return get_object_or_404(public_organizations(), pk=pk)


public_area = orgs_selectors.public_area  # a women's federation a public list shows
