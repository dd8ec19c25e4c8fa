"""Reads of the 妇女之家. Every read of a cadre's page starts from ``restrict(user,
action)`` (out of scope: 404); the public reads list only active homes and only the
fields a home posts outside (name, address, hours, contact), never a person.

Board staleness (R-HM-04) is computed in SQL from one cutoff date (``rules.board_stale_
before``), so the registry's stale flag and filter cost one query per page."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lvzhi.core import fragments, hooks
from lvzhi.core.periods import CHINA_TZ, today_local
from lvzhi.core.rulesets import Verdict, verdict
from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.orgs import selectors as orgs_selectors
from lvzhi.orgs.models import SMALL_UNIT_KINDS, Organization, System

from . import rules
from .calendar import calendar_around
from .models import (
    Board,
    BoardPhoto,
    BoardUpdate,
    Designation,
    Home,
    Item,
    Loan,
    OpeningException,
    Status,
)


def subtree_q(path: str, field_name: str = "org_path") -> Q:
    return Q(**{f"{field_name}__gte": path, f"{field_name}__lt": path + PATH_END})


def with_board_dates(queryset):
    """Each home with ``garden_last`` and ``snapshots_last``: its boards' last updates."""
    return queryset.annotate(
        garden_last=Max("board_updates__date", filter=Q(board_updates__board=Board.GARDEN)),
        snapshots_last=Max("board_updates__date", filter=Q(board_updates__board=Board.SNAPSHOTS)),
    )


def stale_q(today: dt.date) -> Q:
    """R-HM-04 over annotated homes: a board never updated or updated before the cutoff."""
    cutoff = rules.board_stale_before(today)
    return (
        Q(garden_last__isnull=True)
        | Q(garden_last__lt=cutoff)
        | Q(snapshots_last__isnull=True)
        | Q(snapshots_last__lt=cutoff)
    )


def homes(user, action: str = "view"):
    return with_board_dates(
        Home.objects.restrict(user, action).select_related("organization", "administrator")
    )


def get_home(user, pk, action: str = "view") -> Home:
    return get_object_or_404(homes(user, action), pk=pk)


def board_verdicts(home: Home, today: dt.date) -> dict[str, Verdict]:
    """R-HM-04 per board of an annotated home."""
    return {
        Board.GARDEN: rules.board_verdict(
            board=str(Board.GARDEN.label), last_update=home.garden_last, today=today
        ),
        Board.SNAPSHOTS: rules.board_verdict(
            board=str(Board.SNAPSHOTS.label), last_update=home.snapshots_last, today=today
        ),
    }


def with_flags(rows, today: dt.date):
    rows = list(rows)
    for row in rows:
        row.boards = board_verdicts(row, today)
        row.stale = any(v.outcome == "stale" for v in row.boards.values())
    return rows


def home_organizations(user, action: str = "create"):
    """Women's federations where ``user`` may register a home."""
    return (
        Organization.objects.restrict(user, action)
        .filter(system=System.WOMEN)
        .exclude(kind__in=SMALL_UNIT_KINDS)
    )


@dataclass(frozen=True)
class TargetCounts:
    homes: int
    designated: int
    verdict: Verdict


def target_counts(user, org: Organization) -> TargetCounts:
    """R-HM-02 over ``org``'s subtree (one aggregate): homes not closed, designated ones."""
    counts = (
        Home.objects.restrict(user, "view")
        .filter(subtree_q(org.path))
        .exclude(status=Status.CLOSED)
        .aggregate(
            homes=Count("id"),
            designated=Count("id", filter=Q(designation=Designation.DESIGNATED)),
        )
    )
    return TargetCounts(
        counts["homes"],
        counts["designated"],
        rules.district_target_verdict(homes=counts["homes"], designated=counts["designated"]),
    )


# 开放时间 ----------------------------------------------------------------------------


def now_local() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC).astimezone(CHINA_TZ)


def open_state(home: Home, now: dt.datetime | None = None) -> rules.OpenState:
    """R-HM-03 for ``home`` now: China's calendar and the home's exceptions (one query
    each for the next 60 days)."""
    now = now or now_local()
    horizon = now.date() + dt.timedelta(days=61)
    exceptions = dict(
        OpeningException.objects.filter(home=home, date__gte=now.date(), date__lte=horizon)
        .order_by()  # no join to the home for its default ordering
        .values_list("date", "is_open")
    )
    if home.status != Status.ACTIVE:
        return rules.OpenState(
            False,
            None,
            None,
            home.get_status_display(),
            verdict("R-HM-03", "closed", _("已闭馆：%(s)s") % {"s": home.get_status_display()}),
        )
    return rules.open_state(now, calendar_around(now), exceptions)


def exceptions_of(home: Home):
    return OpeningException.objects.filter(home=home).order_by("-date", "-id")


def upcoming_exceptions(home: Home, today: dt.date | None = None):
    today = today or today_local()
    return exceptions_of(home).filter(date__gte=today).order_by("date")


def get_exception(user, pk) -> OpeningException:
    return get_object_or_404(
        OpeningException.objects.restrict(user, "change").select_related("home__organization"),
        pk=pk,
    )


# 宣传栏 ------------------------------------------------------------------------------


def board_updates(home: Home):
    return BoardUpdate.objects.filter(home=home).prefetch_related("photos").order_by("-date", "-id")


def get_board_photo(user, pk) -> BoardPhoto:
    return get_object_or_404(BoardPhoto.objects.restrict(user, "view"), pk=pk)


def stale_homes(user, org: Organization, today: dt.date):
    return (
        homes(user)
        .filter(subtree_q(org.path), status=Status.ACTIVE)
        .filter(stale_q(today))
        .order_by("org_path", "name")
    )


# 设施与借阅 ----------------------------------------------------------------------------


def items_of(home: Home):
    return Item.objects.filter(home=home).order_by("kind", "inventory_number", "id")


def get_item(user, pk, action: str = "change") -> Item:
    return get_object_or_404(
        Item.objects.restrict(user, action).select_related("home__organization"), pk=pk
    )


def loans(user):
    """The lending register names borrowers: read by who may change the home."""
    return Loan.objects.restrict(user, "change").select_related("item", "home")


def loans_of(user, home: Home):
    return loans(user).filter(home=home).order_by("returned_on", "-lent_on", "-id")


def get_loan(user, pk) -> Loan:
    return get_object_or_404(loans(user).select_related("home__organization"), pk=pk)


def overdue_loans(user, org: Organization, today: dt.date):
    return (
        loans(user)
        .filter(subtree_q(org.path), returned_on__isnull=True, due_date__lt=today)
        .select_related("home__organization")
        .order_by("due_date", "id")
    )


def lendable_items(home: Home):
    out = Loan.objects.filter(home=home, returned_on__isnull=True).values("item_id")
    return items_of(home).filter(lendable=True, is_active=True).exclude(pk__in=out)


def may_change(user, home: Home) -> bool:
    return scope_for(user, "change").covers(home.org_path)


# 公开 --------------------------------------------------------------------------------


def public_homes():
    """Homes not closed down (a suspended one shows 暂停开放), with only what the public
    page shows."""
    return (
        Home.objects.exclude(status=Status.CLOSED)
        .select_related("organization")
        .only(
            "id",
            "name",
            "address",
            "contact_phone",
            "location",
            "status",
            "designation",
            "org_path",
            "board_figures",
            "organization__name",
            "organization__path",
        )
    )


def get_public_home(pk) -> Home:
    return get_object_or_404(public_homes(), pk=pk)


public_area = orgs_selectors.public_area  # a women's federation a public list shows


def public_children(area: Organization | None):
    """Areas one level below ``area`` (the top federations without one) with their
    active homes counted, only those that have homes."""
    query = Organization.objects.filter(system=System.WOMEN, is_active=True).exclude(
        kind__in=SMALL_UNIT_KINDS
    )
    query = (
        query.filter(subtree_q(area.path, "path"), depth=area.depth + 1)
        if area is not None
        else query.filter(depth=1)
    )
    children = list(query.order_by("path")[:200])
    if not children:
        return []
    counts = Home.objects.exclude(status=Status.CLOSED).aggregate(
        **{f"c{i}": Count("id", filter=subtree_q(org.path)) for i, org in enumerate(children)}
    )
    for index, org in enumerate(children):
        org.home_count = counts[f"c{index}"]
    return [org for org in children if org.home_count]


# 妇女工作情况介绍 (R-HM-08) -------------------------------------------------------------


def board_figures(home: Home) -> list:
    """R-HM-08's figures for ``home``: the committee seated now (chair, vice-chairs,
    members) and the women's groups and 微家 under its federation counted from the org
    tree (one query of two grouped parts), the figures apps above homes keep (the women's
    ledger, through the ``home_board_figures`` hook), the rest as the federation entered
    them."""
    return rules.board_figures(
        counted_figures(home.organization, today_local()), home.board_figures or {}
    )


def counted_figures(org: Organization, today: dt.date) -> dict:
    """``{figure: (value, source)}`` of the figures with a source, for the board of a
    home run by ``org``."""
    from lvzhi.orgs.models import Kind, Position, Title

    # one round trip: the seats by title and the units by kind (the codes do not overlap);
    # no ordering, or the tree's path would split the groups
    seats = (
        Position.objects.filter(organization=org, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by()
        .values("title")
        .annotate(n=Count("id"))
        .values_list("title", "n")
    )
    units = (
        Organization.objects.filter(subtree_q(org.path, "path"), is_active=True)
        .filter(kind__in=[Kind.WOMEN_GROUP, Kind.MICRO_HOME])
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    counts = dict(seats.union(units, all=True))
    committee = _("%(org)s执委会（在任职务）") % {"org": org.name}
    tree = _("组织体系（%(org)s下属）") % {"org": org.name}
    computed = {
        "chair": (counts.get(Title.CHAIR, 0), committee),
        "vice_chairs": (counts.get(Title.VICE_CHAIR, 0), committee),
        "members": (counts.get(Title.MEMBER, 0), committee),
        "women_groups": (counts.get(Kind.WOMEN_GROUP, 0), tree),
        "micro_homes": (counts.get(Kind.MICRO_HOME, 0), tree),
    }
    # figures kept by apps above homes (the women's ledger), read through the hook
    for provided in hooks.collect("home_board_figures", organization=org, today=today):
        computed.update(provided)
    return computed


PUBLIC_BOARD = "homes-board"  # fragments namespace of the public board's counted figures


def public_board_figures(home: Home) -> list:
    """The board as the public page shows it (issue 16 point 10, decision 0021): the
    counted figures kept in the shared cache per federation and day, keyed by the data
    versions of the federation's path (``fragments.organizations_changed``: a new, renamed
    or closed group or 微家 shows at once; a write may ``fragments.bump(PUBLIC_BOARD,
    [path])``) and living ``LVZHI_FRAGMENT_SECONDS`` at most, so a ledger or committee
    change shows on the public page within that time; the figures the federation typed
    are read with the home, so they show at once. The cadre's board page and the poster
    count afresh (:func:`board_figures`)."""
    org = home.organization
    today = today_local()
    key = fragments.fragment_key(
        PUBLIC_BOARD, org.pk, org.path, today.isoformat(), version_paths=[org.path]
    )
    computed = fragments.cached(key, lambda: counted_figures(org, today))
    return rules.board_figures(computed, home.board_figures or {})
