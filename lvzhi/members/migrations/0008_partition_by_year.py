"""On PostgreSQL the activity log and the two compliance tables become declarative
partitions by year, converted in place with their rows (docs/decisions/0017): activities
by ``date``, compliance rows by ``period_code`` (its first four characters are the year,
and every roll-up filters on it, so the planner prunes to the year's partition).

Each table is rebuilt: renamed away, a partitioned table of the same name and columns
created with one partition per year found in the rows plus this year and the next, and a
default partition; the rows copied; the old table dropped; the indexes, the constraints
and the identity of ``id`` recreated under their own names. PostgreSQL wants the
partition key in every unique key, so the primary keys become ``(id, key)``; the
compliance unique constraints already hold ``period_code``; the activity's
``(person, client_id)`` becomes ``(person, client_id, date)`` (the service takes a lock
so a resend is still saved once). The two foreign keys INTO ``members_activity`` (photos,
units) cannot reference ``id`` alone any more and are dropped: Django's collector
deletes photos and unit links with their activity, as it always did.

Django's state does not change (``id`` stays the primary key it knows); on SQLite the
migration does nothing. Reversible: the reverse rebuilds plain tables the same way.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.db import migrations

# table → (partition column, "date" | "code")
TABLES = {
    "members_activity": ("date", "date"),
    "members_membercompliance": ("period_code", "code"),
    "members_orgcompliance": ("period_code", "code"),
}
# unique indexes that do not hold the partition key: it is added to them
WIDENED = {"members_activity_person_client_id_uniq"}
# foreign keys into a partitioned table (dropped forward, restored backward)
INCOMING = {
    "members_activity": [
        ("members_activityphoto", "activity_id"),
        ("members_activity_units", "activity_id"),
    ]
}
FIRST_YEAR = 2000  # rows dated before land in the default partition


def this_year() -> int:
    return dt.datetime.now(tz=ZoneInfo("Asia/Shanghai")).year


def bounds(kind: str, year: int) -> tuple[str, str]:
    if kind == "date":
        return f"{year}-01-01", f"{year + 1}-01-01"
    return str(year), str(year + 1)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _years(cursor, table, column, kind) -> list[int]:
    if kind == "date":
        cursor.execute(f"SELECT DISTINCT extract(year FROM {_q(column)})::int FROM {_q(table)}")
    else:
        cursor.execute(
            f"SELECT DISTINCT substring({_q(column)} FROM 1 FOR 4)::int FROM {_q(table)} "
            f"WHERE {_q(column)} ~ '^[0-9]{{4}}'"
        )
    now = this_year()
    found = {row[0] for row in cursor.fetchall()}
    return sorted(y for y in found | {now, now + 1} if FIRST_YEAR <= y <= now + 1)


def _capture(cursor, table):
    """Indexes (not those of constraints) and constraints (primary, unique, foreign) of
    ``table`` as SQL text, to recreate them on the rebuilt table."""
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f') ORDER BY conname",
        [table],
    )
    constraints = cursor.fetchall()
    owned = {name for name, _type, _def in constraints}
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes "
        "WHERE schemaname = current_schema() AND tablename = %s ORDER BY indexname",
        [table],
    )
    indexes = [(name, sql) for name, sql in cursor.fetchall() if name not in owned]
    return constraints, indexes


def _add_key(sql: str, column: str) -> str:
    """``… USING btree (a, b) WHERE …`` → ``… USING btree (a, b, column) WHERE …``."""
    head, sep, rest = sql.partition(" USING btree (")
    cols, close, tail = rest.partition(")")
    return f"{head}{sep}{cols}, {_q(column)}{close}{tail}"


def _drop_key(sql: str, column: str) -> str:
    return re.sub(rf", {re.escape(_q(column))}\)|, {re.escape(column)}\)", ")", sql, count=1)


def _rebuild(cursor, table, column, kind, *, partitioned: bool):
    """Rebuild ``table`` as a partitioned table by ``column`` (or back to a plain one),
    keeping its rows, indexes, constraints and identity."""
    old = f"{table}_rebuild_old"
    cursor.execute(f"LOCK TABLE {_q(table)} IN ACCESS EXCLUSIVE MODE")
    constraints, indexes = _capture(cursor, table)
    if partitioned:
        years = _years(cursor, table, column, kind)
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE confrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        for source, name in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {_q(source)} DROP CONSTRAINT {_q(name)}")
    cursor.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
    like = f"(LIKE {_q(old)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)"
    if partitioned:
        cursor.execute(f"CREATE TABLE {_q(table)} {like} PARTITION BY RANGE ({_q(column)})")
        for year in years:
            low, high = bounds(kind, year)
            cursor.execute(
                f"CREATE TABLE {_q(f'{table}_y{year}')} PARTITION OF {_q(table)} "
                "FOR VALUES FROM (%s) TO (%s)",
                [low, high],
            )
        cursor.execute(f"CREATE TABLE {_q(f'{table}_default')} PARTITION OF {_q(table)} DEFAULT")
    else:
        cursor.execute(f"CREATE TABLE {_q(table)} {like}")
    cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(old)}")
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {_q(old)}")
    start = cursor.fetchone()[0]
    cursor.execute(f"DROP TABLE {_q(old)} CASCADE")  # its partitions and identity with it
    cursor.execute(
        f"ALTER TABLE {_q(table)} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY "
        f"(START WITH {int(start)})"
    )
    key = f"id, {_q(column)}" if partitioned else "id"
    for name, contype, definition in constraints:
        if contype == "p":
            definition = f"PRIMARY KEY ({key})"
        cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
    for name, sql in indexes:
        sql = sql.replace(" ON ONLY ", " ON ")
        if name in WIDENED:
            sql = _add_key(sql, column) if partitioned else _drop_key(sql, column)
        cursor.execute(sql)
    if not partitioned:
        for source, source_column in INCOMING.get(table, ()):
            cursor.execute(
                f"ALTER TABLE {_q(source)} ADD CONSTRAINT "
                f"{_q(f'{source}_{source_column}_fk'[:63])} FOREIGN KEY ({_q(source_column)}) "
                f"REFERENCES {_q(table)} (id) DEFERRABLE INITIALLY DEFERRED"
            )
    cursor.execute(f"ANALYZE {_q(table)}")


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks on a dropped table
        for table, (column, kind) in TABLES.items():
            cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [table])
            if cursor.fetchone()[0] != "p":
                _rebuild(cursor, table, column, kind, partitioned=True)


def unpartition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks on a dropped table
        for table, (column, kind) in TABLES.items():
            cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [table])
            if cursor.fetchone()[0] == "p":
                _rebuild(cursor, table, column, kind, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [("members", "0007_reminder_to_core")]

    operations = [migrations.RunPython(partition, unpartition, elidable=False)]
