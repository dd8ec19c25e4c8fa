"""The 妇女之家 roll-up of a federation's subtree (issue 16 point 11): per organization one
level down, homes by status and designation, boards overdue (R-HM-04), assessments
pending, this quarter's activities by theme (R-HM-06) and public ratings, with the
subtree's totals. The workbench chart draws the same rows.

Each figure is one grouped pass on the path prefix of the children's depth (the home's or
row's ``org_path`` cut to that width); the four passes and the children's names go as one
statement, so the roll-up costs one query (and the user's role assignments, once a
request) for a township of ten homes and a province of twenty thousand. The reader's
scope is resolved once (``scope_for(user, "view")``, what ``restrict(user, "view")``
applies) and every pass is limited to it.

The passes are written in SQL rather than built with the ORM: on the province preset the
ORM's building of the four aggregate queries and their Exists cost about as much as the
county's queries themselves (issue 16: the county roll-up must stay within 2× of a
hand-written GROUP BY); ``benchmarks/homes.py`` checks the totals against that SQL."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from lvzhi.core.scopes import PATH_END, scope_for
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

HOMES, PENDING, ACTIVITIES, RATINGS, NAMES = range(5)


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


def _within(user, org: Organization) -> tuple[str, list] | None:
    """The SQL condition on ``org_path`` for the rows of ``org``'s subtree the user may
    view, resolved once from ``scope_for(user, "view")`` (what ``restrict(user, "view")``
    applies): the subtree's range, and the scope's own ranges and paths only where the
    scope does not hold the whole subtree. None when she may view nothing."""
    scope = scope_for(user, "view")
    if scope.empty:
        return None
    sql, params = "org_path >= %s AND org_path < %s", [org.path, org.path + PATH_END]
    if scope.everything or any(org.path.startswith(prefix) for prefix in scope.subtrees):
        return sql, params
    parts = []
    for prefix in scope.subtrees:
        parts.append("(org_path >= %s AND org_path < %s)")
        params += [prefix, prefix + PATH_END]
    if scope.exact:
        parts.append(f"org_path IN ({', '.join(['%s'] * len(scope.exact))})")
        params += list(scope.exact)
    return f"{sql} AND ({' OR '.join(parts)})", params


def _figures(org: Organization, within: tuple[str, list], width: int, today: dt.date):
    """The four grouped passes and the children's names as one statement (one round
    trip): ``(kind, prefix, theme, n, active, suspended, designated, withdrawn, stale,
    avg)`` rows, kind 0 homes (not closed), 1 assessments pending, 2 this quarter's
    activities per theme, 3 ratings; kind 4 names each organization one level down
    ``(4, path, name, id, …)``."""
    year, quarter = rules.quarter_of(today)
    start, end = rules.quarter_bounds(year, quarter)
    ops = connection.ops
    cutoff = ops.adapt_datefield_value(rules.board_stale_before(today))
    where, scope_params = within
    prefix = "SUBSTR(org_path, 1, %s)"
    fresh = (
        f"EXISTS (SELECT 1 FROM {BoardUpdate._meta.db_table} b"
        f" WHERE b.home_id = {Home._meta.db_table}.id AND b.board = %s AND b.date >= %s)"
    )
    zeros = "0, 0, 0, 0, 0"
    no_avg = "CAST(NULL AS NUMERIC)"  # PostgreSQL's AVG of an integer is numeric
    sql = " UNION ALL ".join(
        (
            f"SELECT 0, {prefix}, NULL, COUNT(*),"
            " COUNT(CASE WHEN status = %s THEN 1 END),"
            " COUNT(CASE WHEN status = %s THEN 1 END),"
            " COUNT(CASE WHEN designation = %s THEN 1 END),"
            " COUNT(CASE WHEN designation = %s THEN 1 END),"
            f" COUNT(CASE WHEN status = %s AND NOT ({fresh} AND {fresh}) THEN 1 END), {no_avg}"
            f" FROM {Home._meta.db_table} WHERE {where} AND status <> %s GROUP BY 2",
            f"SELECT 1, {prefix}, NULL, COUNT(*), {zeros}, {no_avg}"
            f" FROM {Assessment._meta.db_table} WHERE {where}"
            f" AND status IN ({', '.join(['%s'] * len(OPEN_ASSESSMENT))}) GROUP BY 2",
            f"SELECT 2, {prefix}, theme, COUNT(*), {zeros}, {no_avg}"
            f" FROM {Activity._meta.db_table} WHERE {where} AND date >= %s AND date <= %s"
            " GROUP BY 2, 3",
            f"SELECT 3, {prefix}, NULL, COUNT(*), {zeros}, AVG(score)"
            f" FROM {Rating._meta.db_table} WHERE {where} GROUP BY 2",
            f"SELECT 4, path, name, id, {zeros}, {no_avg} FROM {Organization._meta.db_table}"
            " WHERE path >= %s AND path < %s AND depth = %s",
        )
    )
    params = [
        width,
        *(Status.ACTIVE, Status.SUSPENDED, Designation.DESIGNATED, Designation.WITHDRAWN),
        *(Status.ACTIVE, Board.GARDEN, cutoff, Board.SNAPSHOTS, cutoff),
        *scope_params,
        Status.CLOSED,
        width,
        *scope_params,
        *OPEN_ASSESSMENT,
        width,
        *scope_params,
        ops.adapt_datefield_value(start),
        ops.adapt_datefield_value(end),
        width,
        *scope_params,
        org.path,
        org.path + PATH_END,
        org.depth + 1,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [str(p) if isinstance(p, str) else p for p in params])
        return cursor.fetchall()


def rollup(user, org: Organization, today: dt.date) -> dict:
    """``{"org", "rows", "total", "year", "quarter", "themes"}`` over ``org``'s subtree."""
    width = len(org.path) + Organization.steplen
    year, quarter = rules.quarter_of(today)
    rows: dict[str, RollupRow] = {}

    def row(prefix: str) -> RollupRow:
        key = prefix if len(prefix) == width else org.path
        if key not in rows:
            rows[key] = RollupRow(None)
        return rows[key]

    within = _within(user, org)
    names = {}
    for kind, prefix, theme, n, active, suspended, designated, withdrawn, stale, avg in (
        _figures(org, within, width, today) if within else ()
    ):
        if kind == NAMES:
            names[prefix] = (n, prefix, theme)  # id, path, name
            continue
        target = row(prefix)
        if kind == HOMES:
            target.homes += n
            target.active += active
            target.suspended += suspended
            target.designated += designated
            target.withdrawn += withdrawn
            target.stale += stale
        elif kind == PENDING:
            target.pending += n
        elif kind == ACTIVITIES:
            target.activities += n
            target.themes[theme] = target.themes.get(theme, 0) + n
        else:
            avg = float(avg)
            total = (target.rating_avg or 0) * target.ratings + avg * n
            target.ratings += n
            target.rating_avg = total / target.ratings
    for path, r in rows.items():  # the children as the table, chart and export show them
        r.organization = (
            org
            if path == org.path
            else Organization.from_db(connection.alias, ("id", "path", "name"), names[path])
            if path in names
            else None
        )
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
