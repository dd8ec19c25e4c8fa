"""The 妇女之家 roll-up of a federation's subtree (issue 16 point 11): per organization one
level down, homes by status and designation, boards overdue (R-HM-04), assessments
pending, this quarter's activities by theme (R-HM-06) and public ratings, with the
subtree's totals. The workbench chart draws the same rows.

Each figure is one grouped pass on the path prefix of the children's depth (the home's or
row's ``org_path`` cut to that width), so the page costs the same six queries for a
township of ten homes and a province of twenty thousand; every pass starts from
``restrict(user, "view")``."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.db.models.functions import Substr

from lvzhi.orgs.models import Organization

from . import rules
from .models import (
    OPEN_ASSESSMENT,
    Activity,
    Assessment,
    Board,
    BoardUpdate,
    Designation,
    Home,
    Rating,
    Status,
    Theme,
)
from .selectors import subtree_q


@dataclass
class RollupRow:
    """One organization one level down (or the federation itself for its own homes)."""

    organization: Organization | None
    homes: int = 0  # not closed
    active: int = 0
    suspended: int = 0
    designated: int = 0
    withdrawn: int = 0
    stale: int = 0  # active homes with a board overdue (R-HM-04)
    pending: int = 0  # assessments open (self, township, district)
    activities: int = 0  # this quarter
    themes: dict = field(default_factory=dict)
    ratings: int = 0
    rating_avg: float | None = None

    @property
    def undesignated(self) -> int:
        return self.homes - self.designated - self.withdrawn

    @property
    def theme_list(self) -> list[int]:
        return [self.themes.get(code, 0) for code in Theme.values]

    @property
    def name(self) -> str:
        return self.organization.name if self.organization else ""


def _fresh(board: str, cutoff: dt.date):
    return Exists(BoardUpdate.objects.filter(home=OuterRef("pk"), board=board, date__gte=cutoff))


def rollup(user, org: Organization, today: dt.date) -> dict:
    """``{"org", "rows", "total", "year", "quarter", "themes"}`` over ``org``'s subtree."""
    width = len(org.path) + Organization.steplen
    year, quarter = rules.quarter_of(today)
    start, end = rules.quarter_bounds(year, quarter)
    cutoff = rules.board_stale_before(today)
    rows: dict[str, RollupRow] = {}

    def row(prefix: str) -> RollupRow:
        key = prefix if len(prefix) == width else org.path
        if key not in rows:
            rows[key] = RollupRow(None)
        return rows[key]

    def prefixed(queryset):
        return (
            queryset.filter(subtree_q(org.path))
            .annotate(prefix=Substr("org_path", 1, width))
            .values("prefix")
            .order_by()
        )

    active = Q(status=Status.ACTIVE)
    fresh = Q(garden_fresh=True, snapshots_fresh=True)
    homes = (
        Home.objects.restrict(user, "view")
        .exclude(status=Status.CLOSED)
        .annotate(
            garden_fresh=_fresh(Board.GARDEN, cutoff),
            snapshots_fresh=_fresh(Board.SNAPSHOTS, cutoff),
        )
    )
    for r in prefixed(homes).annotate(
        n=Count("id"),
        active=Count("id", filter=active),
        suspended=Count("id", filter=Q(status=Status.SUSPENDED)),
        designated=Count("id", filter=Q(designation=Designation.DESIGNATED)),
        withdrawn=Count("id", filter=Q(designation=Designation.WITHDRAWN)),
        stale=Count("id", filter=active & ~fresh),
    ):
        target = row(r["prefix"])
        target.homes += r["n"]
        for name in ("active", "suspended", "designated", "withdrawn", "stale"):
            setattr(target, name, getattr(target, name) + r[name])
    pending = Assessment.objects.restrict(user, "view").filter(status__in=OPEN_ASSESSMENT)
    for r in prefixed(pending).annotate(n=Count("id")):
        row(r["prefix"]).pending += r["n"]
    activities = Activity.objects.restrict(user, "view").filter(date__gte=start, date__lte=end)
    for r in prefixed(activities).values("prefix", "theme").annotate(n=Count("id")):
        target = row(r["prefix"])
        target.activities += r["n"]
        target.themes[r["theme"]] = target.themes.get(r["theme"], 0) + r["n"]
    ratings = Rating.objects.restrict(user, "view")
    for r in prefixed(ratings).annotate(n=Count("id"), avg=Avg("score")):
        target = row(r["prefix"])
        total = (target.rating_avg or 0) * target.ratings + r["avg"] * r["n"]
        target.ratings += r["n"]
        target.rating_avg = total / target.ratings
    organizations = Organization.objects.in_bulk(list(rows), field_name="path")
    for path, r in rows.items():
        r.organization = organizations.get(path)
    ordered = sorted(
        (r for r in rows.values() if r.organization is not None),
        key=lambda r: (r.organization.path != org.path, r.organization.path),
    )
    total = RollupRow(org)
    for r in ordered:
        for name in (
            "homes",
            "active",
            "suspended",
            "designated",
            "withdrawn",
            "stale",
            "pending",
            "activities",
        ):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        for theme, n in r.themes.items():
            total.themes[theme] = total.themes.get(theme, 0) + n
        if r.ratings:
            sum_ = (total.rating_avg or 0) * total.ratings + r.rating_avg * r.ratings
            total.ratings += r.ratings
            total.rating_avg = sum_ / total.ratings
    return {
        "org": org,
        "rows": ordered,
        "total": total,
        "year": year,
        "quarter": quarter,
        "themes": Theme.choices,
    }


def chart_data(data: dict, labels: dict) -> dict:
    """The workbench chart's series: per child, homes designated, not (yet) designated and
    withdrawn (stacked), and the average public rating."""
    rows = data["rows"]
    return {
        "labels": [r.name for r in rows],
        "designated": [r.designated for r in rows],
        "undesignated": [r.undesignated for r in rows],
        "withdrawn": [r.withdrawn for r in rows],
        "stale": [r.stale for r in rows],
        "ratings": [round(r.rating_avg, 2) if r.rating_avg is not None else None for r in rows],
        "names": {key: str(value) for key, value in labels.items()},
    }
