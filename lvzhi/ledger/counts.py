"""The ledger's counts per organization (``OrgCount``): kept on every write, read as
subtree sums, rebuilt and checked against a count of the entries.

**Keeping them.** What an entry contributes (its *footprint*) depends on its
organization, whether it is closed, its gender and its open categories. A service that
may change any of these calls ``track(entry_pk)`` first, which locks the entry (``SELECT
… FOR UPDATE``) and reads its footprint, and ``settle(before)`` after its writes, which
reads the footprint again and moves the counters by the difference with ``F()``
updates, in the same transaction. Every writer of an entry's footprint holds the entry's
lock, so two writers of one entry cannot both start from the same "before". Every writer
of an organization's counters first locks its totals row (organizations in id order), then
touches its category rows: writers of one community queue on that row instead of
deadlocking, also when a creation's categories are counted after its audit event (the
audit chain's lock is the last one a transaction takes; found by the two-writer test).

**Reading them.** ``counts`` sums the rows of a subtree per direct child (its path
prefix), within the user's scope: a few rows per organization, never the entries.

**Checking them.** ``rebuild`` counts the entries with two GROUP BY queries, compares,
and (``fix``) rewrites the rows that differ; ``lvzhi ledger_counts`` and the daily job
report the drift. Counts only: no name, ID number or phone is read or written here."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Substr

from lvzhi.core.scopes import scope_for
from lvzhi.orgs.filters import subtree_q
from lvzhi.orgs.models import Organization

from .models import Category, CategoryGroup, Entry, EntryCategory, Gender
from .models_counts import OrgCount

READ_ACTION = "change"  # selectors.READ_ACTION: the ledger is read by those who may change
FIELDS = ("entries", "women", "children")
REPAIR_BATCH = 5000

# a counter: (organization id, category id or None, field)
Key = tuple[int, int | None, str]


@dataclass
class Footprint:
    """What one entry adds to the counts, and the paths of the organizations it names."""

    entry_pk: int
    counters: Counter = field(default_factory=Counter)
    paths: dict[int, str] = field(default_factory=dict)


def _read(entry_pk: int, *, lock: bool) -> Footprint:
    found = Footprint(entry_pk)
    rows = Entry.objects.filter(pk=entry_pk)
    if lock:
        rows = rows.select_for_update()
    entry = rows.values("organization_id", "org_path", "gender", "closed_on").first()
    if entry is None or entry["closed_on"] is not None:
        return found
    org = entry["organization_id"]
    found.paths[org] = entry["org_path"]
    open_categories = list(
        EntryCategory.objects.filter(entry_id=entry_pk, end_date__isnull=True).values_list(
            "category_id", "category__group"
        )
    )
    child = any(group == CategoryGroup.CHILDREN for _pk, group in open_categories)
    found.counters[(org, None, "entries")] = 1
    found.counters[(org, None, "children")] = int(child)
    found.counters[(org, None, "women")] = int(not child and entry["gender"] == Gender.FEMALE)
    for category_pk, _group in open_categories:
        found.counters[(org, category_pk, "entries")] = 1
    return found


def track(entry_pk: int) -> Footprint:
    """Lock the entry and read what it counts for, before a write that may change it."""
    return _read(entry_pk, lock=True)


def created(entry_pk: int) -> Footprint:
    """The "before" of an entry being created: it counted for nothing."""
    return Footprint(entry_pk)


def settle(before: Footprint) -> None:
    """After the write: move the counters by what the entry counts for now minus before."""
    after = _read(before.entry_pk, lock=False)
    apply(
        after.counters - before.counters,
        before.counters - after.counters,
        {
            **before.paths,
            **after.paths,
        },
    )


def apply(plus: Counter, minus: Counter, paths: dict[int, str]) -> None:
    """Add ``plus`` and subtract ``minus`` (both by counter key), creating missing rows."""
    delta: dict[tuple[int, int | None], dict[str, int]] = {}
    for counters, sign in ((plus, 1), (minus, -1)):
        for (org, category, name), n in counters.items():
            if n:
                row = delta.setdefault((org, category), {})
                row[name] = row.get(name, 0) + sign * n
    rows = sorted(
        ((key, changes) for key, changes in delta.items() if any(changes.values())),
        key=lambda row: (row[0][0], row[0][1] or 0),
    )
    if not rows:
        return
    lock_organizations({org: paths[org] for (org, _cat), _c in rows})
    OrgCount.objects.bulk_create(
        [
            OrgCount(organization_id=org, org_path=paths[org], category_id=cat)
            for (org, cat), _c in rows
            if cat is not None
        ],
        ignore_conflicts=True,
    )
    for (org, category), changes in rows:
        OrgCount.objects.filter(
            organization_id=org,
            **({"category_id": category} if category else {"category__isnull": True}),
        ).update(**{name: F(name) + n for name, n in changes.items() if n})


def lock_organizations(paths: dict[int, str]) -> None:
    """Lock the totals row of each organization (created if missing), in id order: the
    one lock every writer of an organization's counters takes first, so its category rows
    are never waited for in two orders. Taken before the audit chain's lock (the services
    count before they audit; a creation's later categories are already covered)."""
    orgs = sorted(paths)
    if connection.vendor == "postgresql":
        # The row's foreign key to its organization is checked at commit (deferred), with a
        # KEY SHARE lock that a cadre's write holding the organization FOR UPDATE (its
        # ``select_for_update().select_related("organization")``) makes wait: take that lock
        # now, before the counters, so both kinds of writers lock in the same order.
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT id FROM "{Organization._meta.db_table}" WHERE id = ANY(%s)'
                " ORDER BY id FOR KEY SHARE",
                [orgs],
            )
    OrgCount.objects.bulk_create(
        [OrgCount(organization_id=org, org_path=paths[org]) for org in orgs],
        ignore_conflicts=True,
    )
    list(
        OrgCount.objects.select_for_update()
        .filter(organization_id__in=orgs, category__isnull=True)
        .order_by("organization_id")
        .values_list("pk", flat=True)
    )


def entry_deleted(entry_pk: int) -> None:
    """An entry about to be deleted (no page does; a cascade or the shell might): its
    counts go (``models_counts`` connects it to ``pre_delete``)."""
    before = track(entry_pk)
    apply(Counter(), before.counters, before.paths)


# Reading -----------------------------------------------------------------------------


def counts(user, org) -> dict:
    """R-HM-08's figures: registered entries and open categories in ``org``'s subtree,
    per direct child organization (each with its own subtree; ``org``'s own entries under
    ``org``), only over the organizations whose ledger the user may read. One query for
    the sums, one for the children's names, one for the categories."""
    scope = scope_for(user, READ_ACTION)
    categories = list(Category.objects.filter(is_active=True).values("id", "code", "name"))
    rows = []
    if not scope.empty:
        child_length = len(org.path) + Organization.steplen
        rows = list(
            OrgCount.objects.filter(scope.q("org_path"), subtree_q(org.path, "org_path"))
            .annotate(prefix=Substr("org_path", 1, child_length))
            .values("prefix", "category_id")
            .annotate(n=Sum("entries"))
            .order_by()
        )
    totals = {r["prefix"]: r["n"] for r in rows if r["category_id"] is None and r["n"]}
    cells: dict[str, dict[int, int]] = {}
    overall: Counter = Counter()
    for r in rows:
        if r["category_id"] is not None and r["n"]:
            cells.setdefault(r["prefix"], {})[r["category_id"]] = r["n"]
            overall[r["category_id"]] += r["n"]
    children = {
        o["path"]: o
        for o in Organization.objects.filter(path__in=list(totals)).values("id", "path", "name")
    }
    return {
        "categories": [
            {"code": c["code"], "name": c["name"], "n": overall[c["id"]]} for c in categories
        ],
        "communities": [
            {
                "id": children[prefix]["id"],
                "name": children[prefix]["name"],
                "total": totals[prefix],
                "cells": [cells.get(prefix, {}).get(c["id"], 0) for c in categories],
            }
            for prefix in sorted(totals)
            if prefix in children
        ],
        "total": sum(totals.values()),
    }


def figures(org) -> dict:
    """Unrestricted sums over ``org``'s subtree (the 妇女之家 board's figures, R-HM-08):
    ``{"entries", "women", "children", "categories": {code: n}}``."""
    rows = (
        OrgCount.objects.filter(subtree_q(org.path, "org_path"))
        .values("category__code")
        .annotate(**{name: Sum(name) for name in FIELDS})
        .order_by()
    )
    found = {"entries": 0, "women": 0, "children": 0, "categories": {}}
    for row in rows:
        if row["category__code"] is None:
            found.update({name: row[name] or 0 for name in FIELDS})
        else:
            found["categories"][row["category__code"]] = row["entries"] or 0
    return found


# Checking and rebuilding ------------------------------------------------------------


def raw_counts(path: str | None = None) -> dict[tuple[int, int | None], dict]:
    """The counts as the entries say, by (organization, category or None): two GROUP BY
    queries over the entries (of the subtree at ``path``, or all)."""
    entries = Entry.objects.filter(closed_on__isnull=True)
    records = EntryCategory.objects.filter(end_date__isnull=True, entry__closed_on__isnull=True)
    if path is not None:
        entries = entries.filter(subtree_q(path, "org_path"))
        records = records.filter(subtree_q(path, "entry__org_path"))
    child = EntryCategory.objects.filter(
        entry=OuterRef("pk"), end_date__isnull=True, category__group=CategoryGroup.CHILDREN
    )
    found: dict[tuple[int, int | None], dict] = {}
    for row in (
        entries.annotate(is_child=Exists(child))
        .values("organization_id", "org_path")
        .annotate(
            entries=Count("pk"),
            women=Count("pk", filter=Q(is_child=False, gender=Gender.FEMALE)),
            children=Count("pk", filter=Q(is_child=True)),
        )
        .order_by()
    ):
        found[(row["organization_id"], None)] = {
            "org_path": row["org_path"],
            **{name: row[name] for name in FIELDS},
        }
    for row in (
        records.values("entry__organization_id", "entry__org_path", "category_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found[(row["entry__organization_id"], row["category_id"])] = {
            "org_path": row["entry__org_path"],
            "entries": row["n"],
            "women": 0,
            "children": 0,
        }
    return found


@dataclass
class Drift:
    """Rows of the table that disagreed with the entries: (organization, category) →
    (kept, counted), each ``{entries, women, children}``."""

    rows: dict = field(default_factory=dict)
    checked: int = 0

    def __bool__(self):
        return bool(self.rows)


def _lock_table() -> None:
    """Keep writers of the counts out while the entries are counted (PostgreSQL): a writer
    that moved entries but not yet its counters waits and applies its difference after;
    one that already moved them has committed, so the count sees its entries."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{OrgCount._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')


@transaction.atomic
def rebuild(*, fix: bool = False, path: str | None = None) -> Drift:
    """Compare the table with the entries (all, or the subtree at ``path``); ``fix``:
    rewrite the rows that differ, delete the rows of nothing. Returns the drift found."""
    _lock_table()
    counted = raw_counts(path)
    kept_rows = OrgCount.objects.all()
    if path is not None:
        kept_rows = kept_rows.filter(subtree_q(path, "org_path"))
    kept = {
        (r["organization_id"], r["category_id"]): r
        for r in kept_rows.values("id", "organization_id", "category_id", *FIELDS)
    }
    drift = Drift(checked=len(set(kept) | set(counted)))
    zero = dict.fromkeys(FIELDS, 0)
    for key in set(kept) | set(counted):
        have = {name: kept[key][name] for name in FIELDS} if key in kept else zero
        want = {name: counted[key][name] for name in FIELDS} if key in counted else zero
        if have != want:
            drift.rows[key] = (have, want)
    if fix and drift:
        # the rows that differ are deleted and written again (the table is locked): one
        # statement per few thousand rows, also when everything drifted (a bulk load)
        stale = [kept[key]["id"] for key in drift.rows if key in kept]
        for start in range(0, len(stale), REPAIR_BATCH):
            OrgCount.objects.filter(pk__in=stale[start : start + REPAIR_BATCH]).delete()
        OrgCount.objects.bulk_create(
            [
                OrgCount(
                    organization_id=key[0],
                    org_path=counted[key]["org_path"],
                    category_id=key[1],
                    **drift.rows[key][1],
                )
                for key in drift.rows
                if key in counted
            ],
            batch_size=REPAIR_BATCH,
        )
    return drift


def daily(*, today: dt.date) -> dict:
    """Daily job step: check the counts against the entries and repair any drift (there
    should be none: a drift is a write that bypassed the services, and is reported)."""
    drift = rebuild(fix=True)
    return {"counts_checked": drift.checked, "counts_repaired": len(drift.rows)}
