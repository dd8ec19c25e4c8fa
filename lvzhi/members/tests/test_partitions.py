"""Yearly partitions of the activity log and the compliance tables (PostgreSQL; issue 13
point 7, docs/decisions/0017): the migration converts the tables in place with their
rows and back, the daily job creates next year's partitions ahead, a finished year is
archived or dropped as a partition operation (audited), and a resend of an offline
activity is saved once although the unique index now holds the date.

SQLite is not partitioned: there the migration and the daily job do nothing and
archiving is refused with a clear message."""

import datetime as dt
import json
import uuid
from importlib import import_module
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps as global_apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from lvzhi.core.models import AuditEvent
from lvzhi.members.activities import services
from lvzhi.members.common import partitions
from lvzhi.members.models import Activity, ActivityPhoto, MemberCompliance, OrgCompliance

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="only PostgreSQL partitions tables (declarative partitioning); SQLite stays plain",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the SQLite behaviour: nothing partitioned"
)
migration = import_module("lvzhi.members.migrations.0008_partition_by_year")
TODAY = dt.date(2026, 11, 29)
ACTIVITY = Activity._meta.db_table


def record(person, day, today=TODAY, **extra):
    return services.activity_record(
        actor=person.user, person=person, kind="lecture", date=day, today=today, **extra
    )


def relkind(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    return row and row[0]


def partition_of(activity):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tableoid::regclass::text FROM {ACTIVITY} WHERE id = %s", [activity.pk]
        )
        return cursor.fetchone()[0]


def snapshot():
    return (
        sorted(Activity.objects.values_list("id", "date", "person_id", "kind")),
        sorted(MemberCompliance.objects.values_list("id", "period_code", "done", "status")),
        sorted(OrgCompliance.objects.values_list("id", "period_code", "met", "members")),
        sorted(ActivityPhoto.objects.values_list("id", "activity_id")),
    )


@pytest.fixture
def history(committees):
    """One member's activities over three years and an old one (1999, default
    partition), with a photo and a unit link on the 2025 one; on PostgreSQL the
    partitions of 2024 and 2025 exist (the test database was made this year)."""
    partitions.partitions_ensure(actor=None, years=[2024, 2025])
    member = committees.township[1]
    rows = [record(member, day) for day in (dt.date(2024, 3, 5), dt.date(2025, 5, 6))]
    rows.append(record(member, dt.date(2026, 7, 8)))
    old = Activity.objects.create(
        person=member,
        organization=committees.tree.xinhe,
        org_path=committees.tree.xinhe.path,
        kind="other",
        date=dt.date(1999, 1, 2),
    )
    name = default_storage.save("activities/p2025.png", ContentFile(b"png"))
    ActivityPhoto.objects.create(activity=rows[1], org_path=rows[1].org_path, image=name)
    rows[1].units.add(committees.tree.xinhe_1)
    return member, rows, old


# The migration ------------------------------------------------------------------------


@needs_postgres
def test_migration_converts_in_place_with_rows_and_back(history):
    member, rows, old = history
    before = snapshot()
    assert relkind(ACTIVITY) == "p"  # the test database was migrated forward

    with connection.schema_editor() as editor:
        migration.unpartition(global_apps, editor)
    for model, _column, _kind in partitions.LAYOUT:
        assert relkind(model._meta.db_table) == "r"
    assert snapshot() == before
    with connection.cursor() as cursor:  # the foreign keys into the activity are back
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE confrelid = %s::regclass", [ACTIVITY]
        )
        assert cursor.fetchone()[0] == 2

    with connection.schema_editor() as editor:
        migration.partition(global_apps, editor)
    for model, _column, _kind in partitions.LAYOUT:
        assert relkind(model._meta.db_table) == "p"
    assert snapshot() == before
    assert partition_of(rows[0]) == f"{ACTIVITY}_y2024"
    assert partition_of(rows[1]) == f"{ACTIVITY}_y2025"
    assert partition_of(old) == f"{ACTIVITY}_default"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tableoid::regclass::text FROM members_membercompliance "
            "WHERE period_code LIKE '2025%%'"
        )
        assert [r[0] for r in cursor.fetchall()] == ["members_membercompliance_y2025"]
    # ids keep counting after the copied rows; the ORM reads and deletes as before
    newer = record(member, dt.date(2026, 8, 1))
    assert newer.pk > max(a.pk for a in [*rows, old])
    assert Activity.objects.get(pk=rows[1].pk).photos.count() == 1
    Activity.objects.get(pk=rows[1].pk).delete()  # Django's collector takes photo and link
    assert not ActivityPhoto.objects.exists()
    assert not Activity.units.through.objects.filter(activity_id=rows[1].pk).exists()


@sqlite_only
def test_migration_does_nothing_on_sqlite(history):
    before = snapshot()
    editor = SimpleNamespace(connection=connection)  # SQLite's own editor needs no atomic
    migration.partition(global_apps, editor)
    migration.unpartition(global_apps, editor)
    assert snapshot() == before
    assert partitions.partitions(ACTIVITY) == []


@needs_postgres
def test_roll_up_reads_only_the_years_partition():
    partitions.partitions_ensure(actor=None, years=[2026, 2027])  # whatever year it is now
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT SUM(met) FROM members_orgcompliance "
            "WHERE period_code IN ('2026Q4', '2026H2', '2026')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "members_orgcompliance_y2026" in plan
    assert "_y2027" not in plan and "_default" not in plan


# Creating ahead ------------------------------------------------------------------------


@needs_postgres
def test_ensure_creates_a_year_and_moves_its_rows_out_of_the_default(committees):
    member = committees.township[1]
    later = record(
        member, dt.date(2071, 2, 3), today=dt.date(2071, 2, 3)
    )  # no 2071 partition yet: the default
    assert partition_of(later) == f"{ACTIVITY}_default"

    result = partitions.partitions_ensure(actor=None, years=[2071])

    assert f"{ACTIVITY}_y2071" in result["created"]
    assert "members_orgcompliance_y2071" in result["created"]
    assert result["moved"] >= 1
    assert partition_of(later) == f"{ACTIVITY}_y2071"
    event = AuditEvent.objects.get(action="partition_create")
    assert event.object_id == "y2071" and event.actor_name == "系统"
    assert partitions.partitions_ensure(actor=None, years=[2071]) == {"created": [], "moved": 0}
    assert AuditEvent.objects.filter(action="partition_create").count() == 1
    # the new partition has the parent's indexes (attached), so lookups stay indexed
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE tablename = %s", [f"{ACTIVITY}_y2071"]
        )
        assert cursor.fetchone()[0] >= 10


@needs_postgres
def test_daily_job_creates_next_years_partitions(capsys):
    call_command("run_daily", "--date", "2090-12-30", "--json")
    jobs = json.loads(capsys.readouterr().out)["jobs"]
    created = jobs["lvzhi.members.common.partitions.daily"]["created"]
    assert f"{ACTIVITY}_y2090" in created and f"{ACTIVITY}_y2091" in created
    assert {p["year"] for p in partitions.partitions(ACTIVITY)} >= {2090, 2091}
    call_command("run_daily", "--date", "2090-12-31", "--json")
    again = json.loads(capsys.readouterr().out)["jobs"]["lvzhi.members.common.partitions.daily"]
    assert again == {"created": [], "moved": 0}


@sqlite_only
def test_daily_job_does_nothing_on_sqlite(capsys):
    call_command("run_daily", "--date", "2090-12-30", "--json")
    jobs = json.loads(capsys.readouterr().out)["jobs"]
    assert jobs["lvzhi.members.common.partitions.daily"] == {"created": [], "moved": 0}


@needs_postgres
def test_ensure_refuses_a_bad_year():
    with pytest.raises(partitions.PartitionError, match="年度应为"):
        partitions.partitions_ensure(actor=None, years=[1850])


# Archiving a finished year ------------------------------------------------------------


@needs_postgres
def test_archive_detaches_the_year_and_its_photos(history):
    member, rows, _old = history
    kept = snapshot()

    result = partitions.year_archive(actor=None, year=2025, today=TODAY)

    assert f"{ACTIVITY}_y2025" in result["detached"]
    assert "members_membercompliance_y2025" in result["detached"]
    assert result["rows"][f"{ACTIVITY}_y2025"] == 1
    assert result["rows"]["members_activityphoto_y2025"] == 1
    assert not Activity.objects.filter(date__year=2025).exists()
    assert Activity.objects.filter(pk=rows[0].pk).exists()  # other years untouched
    assert not MemberCompliance.objects.filter(period_code__startswith="2025").exists()
    assert MemberCompliance.objects.filter(period_code__startswith="2026").count() == len(
        [r for r in kept[1] if r[1].startswith("2026")]
    )
    assert not ActivityPhoto.objects.exists()
    assert relkind(f"{ACTIVITY}_y2025") == "r"  # a plain table now, ready for pg_dump
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {ACTIVITY}_y2025")
        assert [r[0] for r in cursor.fetchall()] == [rows[1].pk]
    assert default_storage.exists("activities/p2025.png")  # archived, not deleted
    event = AuditEvent.objects.get(action="partition_archive")
    assert event.object_id == "y2025" and event.changes["detached"] == result["detached"]


@needs_postgres
def test_archive_retires_the_cached_roll_up_tables(history, django_capture_on_commit_callbacks):
    """A roll-up of the archived year's quarters drawn before the archive is not shown after
    it: the compliance namespace's data version changes (decision 0021)."""
    from lvzhi.core import fragments
    from lvzhi.members.compliance.selectors import FRAGMENTS

    _member, rows, _old = history
    path = rows[1].org_path
    before = fragments.versions(FRAGMENTS, path)
    assert fragments.versions(FRAGMENTS, path) == before  # stable while nothing changes
    with django_capture_on_commit_callbacks(execute=True):
        partitions.year_archive(actor=None, year=2025, today=TODAY)
    assert fragments.versions(FRAGMENTS, path) != before


@needs_postgres
def test_drop_removes_the_year_and_its_photo_files(history, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = partitions.year_archive(actor=None, year=2025, today=TODAY, drop=True)
    assert relkind(f"{ACTIVITY}_y2025") is None
    assert relkind("members_activityphoto_y2025") is None
    assert result["files"] == 1 and not default_storage.exists("activities/p2025.png")
    assert AuditEvent.objects.filter(action="partition_drop", object_id="y2025").count() == 1


@needs_postgres
@pytest.mark.parametrize(
    ("year", "message"), [(2026, "尚未结束"), (2027, "尚未结束"), (2019, "没有履职活动分区")]
)
def test_archive_refuses_an_unfinished_or_missing_year(history, year, message):
    before = snapshot()
    events = AuditEvent.objects.count()
    with pytest.raises(partitions.PartitionError, match=message):
        partitions.year_archive(actor=None, year=year, today=TODAY)
    assert snapshot() == before and AuditEvent.objects.count() == events


@sqlite_only
def test_archive_is_refused_on_sqlite(history):
    with pytest.raises(partitions.PartitionError, match="SQLite"):
        partitions.year_archive(actor=None, year=2025, today=TODAY)


def test_command_lists_and_refuses_in_chinese(clock, capsys):
    partitions.partitions_ensure(actor=None, years=[2026])  # made by the migration this year
    call_command("partitions", "--json")
    listing = json.loads(capsys.readouterr().out)
    if connection.vendor == "postgresql":
        assert any(p["year"] == 2026 for p in listing[ACTIVITY])
    else:
        assert listing[ACTIVITY] == []
    with pytest.raises(CommandError, match="--drop 需与 --archive 同用"):
        call_command("partitions", "--drop")
    with pytest.raises(CommandError, match="尚未结束|SQLite"):
        call_command("partitions", "--archive", "2026")


# Offline resend ------------------------------------------------------------------------


def test_resend_with_another_date_racing_the_first_is_saved_once(committees):
    """The unique index on PostgreSQL holds the date: a resend that looked before the
    first send committed (saw nothing) and carries another date is still caught."""
    member = committees.township[1]
    client_id = uuid.uuid4()
    first = record(member, dt.date(2026, 3, 1), client_id=client_id)
    real = services._sent_before
    calls = []

    def not_yet(person, cid):
        calls.append(cid)
        return None if len(calls) == 1 else real(person, cid)

    with mock.patch.object(services, "_sent_before", side_effect=not_yet):
        again, created = services.activity_record_once(
            actor=member.user,
            person=member,
            kind="lecture",
            date=dt.date(2025, 12, 30),
            today=TODAY,
            client_id=client_id,
        )
    assert not created and again.pk == first.pk
    assert Activity.objects.filter(person=member).count() == 1


# Scale generator over several years ----------------------------------------------------


def test_generate_members_over_three_years(org_tree):
    """``years=3``: activities and compliance of 2024, 2025 and 2026, the set-based
    rebuild equal to the service's for a past year; on PostgreSQL every row in its
    year's partition (none in the default)."""
    from lvzhi.core.scopes import PATH_END
    from lvzhi.members import scale
    from lvzhi.members.compliance import services as compliance
    from lvzhi.orgs.models import Organization

    today = dt.date(2026, 11, 20)
    result = scale.generate_members(org_tree.city, year=2026, today=today, seed=3, years=3)
    years = {d.year for d in Activity.objects.values_list("date", flat=True)}
    assert years == {2024, 2025, 2026}
    assert result["counts"]["activities"] == Activity.objects.count()
    people = result["counts"]["people"]
    # 15 rows a member and year (2 quarterly × 4 + 2 half-yearly × 2 + 3 yearly)
    assert result["counts"]["compliance_rows"] == MemberCompliance.objects.count() == people * 45
    assert MemberCompliance.objects.filter(period_code__startswith="2024").count() == people * 15
    rows_2024 = sorted(
        MemberCompliance.objects.filter(period_code__startswith="2024").values_list(
            "person_id", "rule_id", "period_code", "done", "status"
        )
    )
    compliance.rebuild(
        organizations=Organization.objects.filter(
            path__gte=org_tree.city.path, path__lt=org_tree.city.path + PATH_END
        ),
        year=2024,
        today=today,
    )
    assert rows_2024 == sorted(
        MemberCompliance.objects.filter(period_code__startswith="2024").values_list(
            "person_id", "rule_id", "period_code", "done", "status"
        )
    )
    if connection.vendor == "postgresql":
        for table in (ACTIVITY, "members_membercompliance", "members_orgcompliance"):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {table}_default")
                assert cursor.fetchone()[0] == 0


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_resends_with_different_dates_at_once_save_one_activity(committees):
    """Real threads on their own connections, released together, both past the first
    look (it saw nothing): the lock on (person, client_id) lets one insert; the other
    waits, looks again, and answers with the saved activity."""
    import threading

    from django.db import connections

    member = committees.township[1]
    client_id = uuid.uuid4()
    real = services._sent_before
    local = threading.local()
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def first_look_blind(person, cid):
        local.calls = getattr(local, "calls", 0) + 1
        return None if local.calls == 1 else real(person, cid)

    def send(index):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = services.activity_record_once(
                actor=member.user,
                person=member,
                kind="lecture",
                date=dt.date(2026, 3, 1 + index),
                today=TODAY,
                client_id=client_id,
            )
        except Exception as exc:  # noqa: BLE001 — the test inspects it
            outcomes[index] = exc
        finally:
            connections.close_all()

    with mock.patch.object(services, "_sent_before", side_effect=first_look_blind):
        threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert sorted(created for _activity, created in outcomes) == [False, True]
    assert outcomes[0][0].pk == outcomes[1][0].pk
    assert Activity.objects.filter(person=member, client_id=client_id).count() == 1


@needs_postgres
def test_drop_after_archive_drops_the_detached_tables(history, django_capture_on_commit_callbacks):
    partitions.year_archive(actor=None, year=2025, today=TODAY)
    assert relkind(f"{ACTIVITY}_y2025") == "r"
    with django_capture_on_commit_callbacks(execute=True):
        result = partitions.year_archive(actor=None, year=2025, today=TODAY, drop=True)
    assert f"{ACTIVITY}_y2025" in result["dropped"]
    assert "members_activityphoto_y2025" in result["dropped"]
    for name in result["dropped"]:
        assert relkind(name) is None
    assert result["files"] == 1 and not default_storage.exists("activities/p2025.png")
    assert AuditEvent.objects.filter(action="partition_drop", object_id="y2025").count() == 1
