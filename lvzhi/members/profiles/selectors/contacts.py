"""Contacts of members (联系对象) and the gaps in a federation's contacts."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from lvzhi.core import hooks
from lvzhi.core.pii import mask_phone
from lvzhi.core.scopes import PATH_END
from lvzhi.members import rules
from lvzhi.members.models import (
    ContactAssignment,
    ContactKind,
)
from lvzhi.members.profiles.selectors.people import UNIT_KINDS
from lvzhi.orgs.models import Organization, Person

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
    # distinct women of the ledger she visited this year (hook ``women_contacted``)
    women_visited: int = 0

    def check(self, ruleset: str | None = None) -> rules.ContactCheck:
        return rules.contact_assignment_check(
            groups=self.groups,
            micro_homes=self.micro_homes,
            # the assigned women and those she visited may be the same: never added up
            women=max(self.women, self.women_visited),
            ruleset=ruleset,
        )


_COUNT_FIELD = {
    ContactKind.GROUP: "groups",
    ContactKind.MICRO_HOME: "micro_homes",
    ContactKind.WOMAN: "women",
}


def contact_counts(person_ids, on: dt.date) -> dict[int, ContactCounts]:
    """Counts of groups, 微家 and women each person contacts on ``on`` (one query), and the
    women of the ledger she visited this year (one more, through hook ``women_contacted``)."""
    person_ids = list(person_ids)
    counts: dict[int, ContactCounts] = defaultdict(ContactCounts)
    rows = (
        ContactAssignment.objects.filter(person_id__in=person_ids)
        .filter(active_contacts_q(on))
        .order_by()
        .values("person_id", "kind")
        .annotate(n=Count("id"))
    )
    for row in rows:
        name = _COUNT_FIELD.get(row["kind"])
        if name:
            setattr(counts[row["person_id"]], name, row["n"])
    for visited in hooks.collect("women_contacted", person_ids=person_ids, on=on):
        for person_id, n in visited.items():
            counts[person_id].women_visited = n
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
