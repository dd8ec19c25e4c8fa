"""Reads of the ledger, all from ``restrict(user, action)``.

Least privilege (PIPL, sensitive personal information): the ledger is read by those who
may *change* at the community (its cadres, and cadres above with the subtree) and by the
workers of a grid for the women of that grid only. Department staff and party approvers,
who may only view the organization, see no entry. Out-of-scope rows are absent (404)."""

import datetime as dt

from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from lvzhi.core.scopes import scope_for

from . import rules
from .models import Category, Entry, EntryCategory, Grid, Transfer, Visit

READ_ACTION = "change"


def my_grids(user):
    """Grids in use where ``user`` (through her person record) is a worker, within her view
    scope (a deactivated grid opens nothing to its former workers)."""
    if not user.is_authenticated:
        return Grid.objects.none()
    return Grid.objects.restrict(user, "view").filter(workers__user=user, is_active=True)


def _open_categories():
    return Prefetch(
        "categories",
        queryset=EntryCategory.objects.filter(end_date__isnull=True).select_related("category"),
        to_attr="open_categories",
    )


def entries(user):
    """Entries the user may read: her communities' as a cadre, her grids' as a worker."""
    managed = Entry.objects.restrict(user, READ_ACTION)
    mine = Entry.objects.filter(grid__in=my_grids(user).values("pk"))
    return (
        (managed | mine).select_related("organization", "grid").prefetch_related(_open_categories())
    )


def by_id_number(queryset, user, number: str):
    """Entries of ``queryset`` holding ID number ``number``, by its blind index (one index
    probe; the plaintext is never compared). Only over the communities the user keeps: a
    grid worker, who sees no ID number, cannot confirm one either. Malformed: none."""
    from lvzhi.core.pii import blind_index
    from lvzhi.core.scopes import scope_for

    try:
        number = rules.normalize_id_number(number)
    except rules.RuleError:
        return queryset.none()
    scope = scope_for(user, READ_ACTION)
    if not number or scope.empty:
        return queryset.none()
    # ``~Q(id_number_hash="")`` repeats the unique index's condition, so SQLite uses it
    return queryset.filter(
        scope.q("org_path"), ~Q(id_number_hash=""), id_number_hash=blind_index(number)
    )


def get_entry(user, pk) -> Entry:
    return get_object_or_404(entries(user), pk=pk)


def may_manage(user, entry_or_org) -> bool:
    path = getattr(entry_or_org, "org_path", None) or entry_or_org.path
    return scope_for(user, READ_ACTION).covers(path)


def get_managed_entry(user, pk) -> Entry:
    """An entry the user may change (``may_manage``); 404 otherwise, also for the grid
    worker who only reads it."""
    entry = get_entry(user, pk)
    if not may_manage(user, entry):
        raise Http404
    return entry


def may_reveal(user, entry: Entry) -> bool:
    return scope_for(user, "reveal_pii").covers(entry.org_path)


def entry_history(entry: Entry):
    """Categories (all, open and ended), transfers and visits of one entry."""
    return {
        "category_records": list(
            entry.categories.select_related("category").order_by("-start_date", "id")
        ),
        "transfers": list(
            entry.transfers.select_related("from_organization", "to_organization").order_by(
                "-created_at", "-id"
            )
        ),
        "visits": list(entry.visits.select_related("visitor").order_by("-date", "-id")[:50]),
    }


def category_counts(queryset) -> list[dict]:
    """Open categories of the given entries, counted in one GROUP BY."""
    return list(
        EntryCategory.objects.filter(entry__in=queryset.values("pk"), end_date__isnull=True)
        .values("category__name", "category__group")
        .annotate(n=Count("entry", distinct=True))
        .order_by("category__sort_order")
    )


def active_categories():
    return Category.objects.filter(is_active=True)


def transfers(user):
    """Moves the user may act on or follow: sent from or addressed to her communities."""
    scope = scope_for(user, READ_ACTION)
    if scope.empty:
        return Transfer.objects.none()
    return Transfer.objects.filter(scope.q("org_path") | scope.q("to_path")).select_related(
        "from_organization", "to_organization", "requested_by"
    )


def get_transfer(user, pk) -> Transfer:
    return get_object_or_404(transfers(user), pk=pk)


def grids(user):
    managed = Grid.objects.restrict(user, READ_ACTION)
    return (
        (managed | my_grids(user))
        .distinct()
        .select_related("organization")
        .annotate(n_entries=Count("entries", distinct=True))
    )


def get_grid(user, pk) -> Grid:
    return get_object_or_404(grids(user), pk=pk)


def visits(user):
    managed = Visit.objects.restrict(user, READ_ACTION)
    mine = Visit.objects.filter(entry__grid__in=my_grids(user).values("pk"))
    return (managed | mine).select_related("entry", "visitor")


def my_work(user, today: dt.date) -> dict:
    """A grid worker's page: the women of her grids, who is due a visit, and her R-EX-08
    count of distinct women she visited this year with the women not yet contacted."""
    women = list(
        Entry.objects.filter(grid__in=my_grids(user).values("pk"))
        .select_related("grid")
        .annotate(last_visit=Max("visits__date"))
        .order_by("grid__name", "name", "id")
    )
    due_ids = rules.visits_due({e.pk: e.last_visit for e in women}, today)
    contacted_ids = set(
        Visit.objects.filter(visitor__user=user, date__year=today.year).values_list(
            "entry_id", flat=True
        )
    )
    by_pk = {e.pk: e for e in women}
    return {
        "grids": list(my_grids(user).select_related("organization").order_by("name")),
        "women": women,
        "due": [by_pk[pk] for pk in due_ids],
        "contacted": len(contacted_ids),
        "not_contacted": [e for e in women if e.pk not in contacted_ids],
        "verdict": rules.women_contacted_verdict(contacted=len(contacted_ids)),
    }


def search(queryset, *, query: str = "", grid=None, category=None):
    if query:
        queryset = queryset.filter(Q(name__contains=query) | Q(address__contains=query))
    if grid is not None:
        queryset = queryset.filter(grid=grid)
    if category is not None:
        queryset = queryset.filter(
            categories__category=category, categories__end_date__isnull=True
        ).distinct()
    return queryset


def counts(user, org) -> dict:
    """R-HM-08's figures from the ledger: registered entries and open categories in
    ``org``'s subtree by child organization, only over entries the user may read; summed
    from the counts kept per organization (``lvzhi.ledger.counts``), never the entries."""
    from . import counts as kept

    return kept.counts(user, org)


def recheck_list(user, today: dt.date) -> list[Entry]:
    """R-RT-05: the single poor mothers the user manages, with their last visit and verdict,
    those due first."""
    rows = list(
        Entry.objects.restrict(user, READ_ACTION)
        .filter(
            categories__category__code=rules.RECHECK_CATEGORY,
            categories__end_date__isnull=True,
        )
        .select_related("organization", "grid")
        .annotate(last_visit=Max("visits__date"))
        .order_by("org_path", "name", "id")
    )
    verdicts = rules.recheck_verdicts({e.pk: e.last_visit for e in rows}, today)
    for entry in rows:
        entry.verdict = verdicts[entry.pk]
    return sorted(rows, key=lambda e: e.verdict.outcome != "due")


def trends(user, org, *, by: str, today: dt.date, months: int = rules.TREND_MONTHS) -> dict:
    """Women in the ledger at each month's end over the last ``months`` months, by category
    (in that category then) or by grid (in any category then): one GROUP BY with a
    conditional count per month, over the entries the user may read in ``org``'s subtree."""
    from lvzhi.orgs.filters import subtree_q

    ends = rules.month_ends(today, months)
    readable = Entry.objects.restrict(user, READ_ACTION).filter(subtree_q(org.path, "org_path"))
    records = EntryCategory.objects.filter(
        entry__in=readable.values("pk"), start_date__lte=ends[-1]
    )
    if by == "grid":
        key, label, extra = "entry__grid", "entry__grid__name", ("entry__organization__name",)
    else:
        key, label, extra = "category", "category__name", ()
    month_counts = {
        f"m{i}": Count(
            "entry",
            distinct=True,
            filter=Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gt=end)),
        )
        for i, end in enumerate(ends)
    }
    order = ("category__sort_order", key) if by != "grid" else (*extra, label, key)
    rows = records.values(key, label, *extra).annotate(**month_counts).order_by(*order)
    return {
        "months": [f"{end:%Y-%m}" for end in ends],
        "rows": [
            {
                "id": row[key],
                "name": " ".join(filter(None, [*(row[e] for e in extra), row[label]])),
                "counts": [row[f"m{i}"] for i in range(len(ends))],
            }
            for row in rows
        ],
    }
