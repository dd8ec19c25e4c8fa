"""Yearly partitions of the activity log and the compliance tables (PostgreSQL only;
docs/decisions/0017-partitioning-by-year.md).

* ``partitions_ensure`` creates the partitions of the given years that are missing (the
  daily job keeps this year's and next year's ready, so a row never lands in the default
  partition in normal use); rows of such a year already in the default partition move
  into the new one.
* ``year_archive`` takes a finished year out of the live tables as partition operations:
  ``DETACH PARTITION`` of the year's activity and compliance partitions (they stay in the
  database as plain tables ``…_y<year>``, ready for ``pg_dump -t`` and then ``DROP``), the
  year's photo rows and unit links moved beside them; with ``drop`` the tables are dropped
  and the photo files deleted. Audited.

On SQLite nothing is partitioned: both answer that there is nothing to do.
"""

import datetime as dt
import re

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lvzhi.core import fragments
from lvzhi.core.audit import chain
from lvzhi.core.models import AuditEvent
from lvzhi.members.compliance.selectors.rollups import FRAGMENTS as COMPLIANCE_FRAGMENTS
from lvzhi.members.models import Activity, ActivityPhoto, MemberCompliance, OrgCompliance

# model → (partition column, "date" | "code"); the migration 0008 uses the same layout
LAYOUT = (
    (Activity, "date", "date"),
    (MemberCompliance, "period_code", "code"),
    (OrgCompliance, "period_code", "code"),
)
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PartitionError(ValueError):
    """A partition operation refused with a Chinese message; nothing was changed."""


def supported() -> bool:
    return connection.vendor == "postgresql"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def bounds(kind: str, year: int) -> tuple[str, str]:
    if kind == "date":
        return f"{year}-01-01", f"{year + 1}-01-01"
    return str(year), str(year + 1)


def partition_name(table: str, year: int | None) -> str:
    return f"{table}_default" if year is None else f"{table}_y{year}"


def _where(column: str, kind: str, year: int) -> tuple[str, list]:
    low, high = bounds(kind, year)
    return f"{_q(column)} >= %s AND {_q(column)} < %s", [low, high]


def is_partitioned(table: str) -> bool:
    if not supported():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def partitions(table: str) -> list[dict]:
    """The partitions of ``table``: name, year (None for the default), bounds, and the
    planner's row estimate."""
    if not is_partitioned(table):
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid), c.reltuples::bigint "
            "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
            [table],
        )
        rows = cursor.fetchall()
    result = []
    for name, bound, estimate in rows:
        match = re.fullmatch(rf"{re.escape(table)}_y(\d{{4}})", name)
        result.append(
            {
                "name": name,
                "year": int(match.group(1)) if match else None,
                "bound": bound,
                "rows_estimate": max(int(estimate), 0),
            }
        )
    return result


def _check_year(year) -> int:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise PartitionError(
            _("年度应为 %(low)d–%(high)d 之间的整数") % {"low": FIRST_YEAR, "high": LAST_YEAR}
        )
    return year


def _settle() -> None:
    """Deferred foreign-key checks of this transaction run now: PostgreSQL refuses to
    detach, attach or drop a table with checks pending."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _record(actor, action: str, year: int, changes: dict) -> None:
    ok = actor is not None and actor.is_authenticated
    chain.append(
        AuditEvent(
            actor=actor if ok else None,
            actor_name=actor.get_username() if ok else "系统",
            action=action,
            object_type="members.activity",
            object_id=f"y{year}",
            object_repr=f"{year} 年履职活动与达标分区",
            changes=changes,
        )
    )


def _create_one(cursor, table: str, column: str, kind: str, year: int) -> int:
    """Create ``table``'s partition for ``year``; rows of that year waiting in the default
    partition move into it. Returns the rows moved."""
    name, default = partition_name(table, year), partition_name(table, None)
    low, high = bounds(kind, year)
    where, params = _where(column, kind, year)
    cursor.execute(
        f"CREATE TABLE {_q(name)} (LIKE {_q(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
    )
    cursor.execute(f"LOCK TABLE {_q(default)} IN ACCESS EXCLUSIVE MODE")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {_q(default)} WHERE {where} RETURNING *) "
        f"INSERT INTO {_q(name)} SELECT * FROM moved",
        params,
    )
    moved = cursor.rowcount
    cursor.execute(
        f"ALTER TABLE {_q(table)} ATTACH PARTITION {_q(name)} FOR VALUES FROM (%s) TO (%s)",
        [low, high],
    )
    return moved


def partitions_ensure(*, actor=None, years) -> dict:
    """Create the missing partitions of ``years`` in the three tables (idempotent);
    ``{"created": [names], "moved": rows}``. One audit event per year that got any."""
    if not supported():
        return {"created": [], "moved": 0}
    years = sorted({_check_year(year) for year in years})
    created, moved_total = [], 0
    with transaction.atomic():
        _settle()
        for year in years:
            made, moved = [], 0
            with connection.cursor() as cursor:
                for model, column, kind in LAYOUT:
                    table = model._meta.db_table
                    if not is_partitioned(table):
                        continue
                    if any(p["year"] == year for p in partitions(table)):
                        continue
                    moved += _create_one(cursor, table, column, kind, year)
                    made.append(partition_name(table, year))
            if made:
                _record(actor, "partition_create", year, {"created": made, "moved": moved})
            created += made
            moved_total += moved
    return {"created": created, "moved": moved_total}


def daily(*, today: dt.date) -> dict:
    """Daily job (settings.LVZHI_DAILY_JOBS): this year's and next year's partitions exist
    before their first row."""
    return partitions_ensure(actor=None, years=[today.year, today.year + 1])


def _side_tables(year: int) -> list[tuple[str, str]]:
    """(live table, archive table) of the rows that hang off the year's activities."""
    photo = ActivityPhoto._meta.db_table
    units = Activity.units.through._meta.db_table
    return [(photo, partition_name(photo, year)), (units, partition_name(units, year))]


def _delete_files(names) -> None:
    for name in names:
        default_storage.delete(name)


def _is_table(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [name])
        row = cursor.fetchone()
    return row is not None and row[0] == "r"


def _drop_archived(actor, year: int) -> dict:
    """``--drop`` of a year archived before (detached, dumped): drop its tables and
    delete its photo files."""
    names = [partition_name(model._meta.db_table, year) for model, _c, _k in LAYOUT]
    names += [side for _live, side in _side_tables(year)]
    result = {"year": year, "detached": [], "dropped": [], "rows": {}, "files": 0}
    files = []
    with transaction.atomic(), connection.cursor() as cursor:
        photos = partition_name(ActivityPhoto._meta.db_table, year)
        if _is_table(photos):
            cursor.execute(f"SELECT image, display FROM {_q(photos)}")
            files = [name for row in cursor.fetchall() for name in row if name]
        for name in names:
            if _is_table(name):
                cursor.execute(f"SELECT COUNT(*) FROM {_q(name)}")
                result["rows"][name] = cursor.fetchone()[0]
                cursor.execute(f"DROP TABLE {_q(name)}")
                result["dropped"].append(name)
        _record(actor, "partition_drop", year, {k: v for k, v in result.items() if k != "files"})
        if files:
            transaction.on_commit(lambda: _delete_files(files))
    result["files"] = len(files)
    return result


def year_archive(*, actor=None, year: int, today: dt.date, drop: bool = False) -> dict:
    """Detach the finished ``year``'s partitions (and move its photo rows and unit links
    beside them); with ``drop``, drop them and delete the photo files (also for a year
    archived before). Refuses this year and later years, and a year without partitions;
    nothing changes then."""
    if not supported():
        raise PartitionError(_("只有 PostgreSQL 按年度分区；SQLite 数据库无需归档"))
    year = _check_year(year)
    if year >= today.year:
        raise PartitionError(_("只能归档已结束的年度（%(year)d 年尚未结束）") % {"year": year})
    activity = Activity._meta.db_table
    found = {
        model._meta.db_table: any(p["year"] == year for p in partitions(model._meta.db_table))
        for model, _column, _kind in LAYOUT
    }
    if not found[activity]:
        if drop and _is_table(partition_name(activity, year)):
            return _drop_archived(actor, year)
        raise PartitionError(_("%(year)d 年没有履职活动分区，无需归档") % {"year": year})
    result = {"year": year, "detached": [], "dropped": [], "rows": {}, "files": 0}
    files = []
    with transaction.atomic(), connection.cursor() as cursor:
        _settle()
        archived = partition_name(activity, year)
        for live, side in _side_tables(year):
            cursor.execute(f"DROP TABLE IF EXISTS {_q(side)}")
            cursor.execute(
                f"CREATE TABLE {_q(side)} AS SELECT * FROM {_q(live)} "
                f"WHERE activity_id IN (SELECT id FROM {_q(archived)})"
            )
            result["rows"][side] = cursor.rowcount
            if live == ActivityPhoto._meta.db_table and drop:
                cursor.execute(f"SELECT image, display FROM {_q(side)}")
                files = [name for row in cursor.fetchall() for name in row if name]
            cursor.execute(
                f"DELETE FROM {_q(live)} WHERE activity_id IN (SELECT id FROM {_q(archived)})"
            )
        for model, _column, _kind in LAYOUT:
            table = model._meta.db_table
            if not found[table]:
                continue
            name = partition_name(table, year)
            cursor.execute(f"SELECT COUNT(*) FROM {_q(name)}")
            result["rows"][name] = cursor.fetchone()[0]
            cursor.execute(f"ALTER TABLE {_q(table)} DETACH PARTITION {_q(name)}")
            result["detached"].append(name)
        # the year's counts left the roll-ups: retire their cached tables (decision 0021)
        fragments.bump_all(COMPLIANCE_FRAGMENTS)
        if drop:
            for name in result["detached"] + [side for _live, side in _side_tables(year)]:
                cursor.execute(f"DROP TABLE {_q(name)}")
                result["dropped"].append(name)
        _record(
            actor,
            "partition_drop" if drop else "partition_archive",
            year,
            {k: v for k, v in result.items() if k != "files"},
        )
        if files:
            transaction.on_commit(lambda: _delete_files(files))
    result["files"] = len(files)
    return result
