"""The audit hash chain: intact chains verify; a raw UPDATE or DELETE behind the services'
back is named by ``lvzhi audit_verify``; days link; concurrent writers do not fork it."""

import datetime as dt
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection, transaction

from lvzhi.core.audit import chain
from lvzhi.core.models import AuditChainHead, AuditEvent
from lvzhi.core.services import audit, audit_bulk


def _write(actor, org, count, action="test"):
    return [
        audit(actor=actor, action=action, obj=org, changes={"n": [i, i + 1], "f": [1.0, 2.5]})
        for i in range(count)
    ]


def _verify(*args):
    """The command's output, or the CommandError it raised (exit code 1)."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("audit_verify", *args, stdout=out)
    except CommandError as exc:
        assert exc.returncode == 1
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_events_link_and_verify(org_tree, admin_user):
    events = _write(admin_user, org_tree.xinhe, 3)
    events += audit_bulk(
        actor=admin_user,
        action="create",
        objects=[org_tree.dagu, org_tree.xinhe_1],
        organization_of=lambda o: o,
    )
    stored = list(AuditEvent.objects.order_by("chain_day", "seq"))
    assert [e.seq for e in stored] == list(range(1, 6))
    for before, after in zip(stored, stored[1:], strict=False):
        assert after.prev_hash == before.hash
    head = AuditChainHead.objects.get(day=stored[0].chain_day)
    assert (head.last_seq, head.last_hash) == (5, stored[-1].hash)
    assert head.start_hash == chain.day_anchor(head.day)
    out, error = _verify()
    assert error is None and "审计链完整" in out


def test_raw_update_is_named(org_tree, admin_user):
    events = _write(admin_user, org_tree.xinhe, 4)
    target = events[2]
    _raw("UPDATE core_auditevent SET object_repr = %s WHERE id = %s", ["改过的", target.pk])
    _out, error = _verify("--date", target.chain_day.isoformat())
    assert f"事件 #{target.pk}" in error and "本条被改动" in error
    _raw("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["someone", target.pk])
    _out, error = _verify()
    assert "操作人记为 someone" in error and "是 admin" in error
    # rewriting the hash too moves the break to the next event, which no longer links
    recomputed = chain.event_hash(
        chain.content_of(AuditEvent.objects.get(pk=target.pk)), target.prev_hash
    )
    _raw("UPDATE core_auditevent SET hash = %s WHERE id = %s", [recomputed, target.pk])
    _out, error = _verify()
    assert f"事件 #{events[3].pk}" in error and "上一条被改动或删除" in error


def test_changes_edit_is_named(org_tree, admin_user):
    events = _write(admin_user, org_tree.xinhe, 2)
    AuditEvent.objects.filter(pk=events[0].pk).update(changes={"n": [0, 99]})
    _out, error = _verify()
    assert f"事件 #{events[0].pk}" in error


def test_deleted_row_is_named_as_a_gap(org_tree, admin_user):
    events = _write(admin_user, org_tree.xinhe, 4)
    _raw("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    _out, error = _verify()
    assert f"事件 #{events[2].pk}" in error and "缺少第 2–2 条" in error


def test_deleted_last_row_is_named(org_tree, admin_user):
    events = _write(admin_user, org_tree.xinhe, 3)
    _raw("DELETE FROM core_auditevent WHERE id = %s", [events[2].pk])
    _out, error = _verify()
    assert "末尾的事件被删除" in error


def test_days_link_and_a_late_event_joins_the_newest_day(org_tree, admin_user, clock):
    day1 = dt.datetime(2026, 12, 1, 15, 30, tzinfo=dt.UTC)  # 23:30 China time
    clock.set(day1)
    first = _write(admin_user, org_tree.xinhe, 2)
    clock.set(day1 + dt.timedelta(hours=1))  # 00:30 the next day in China
    second = _write(admin_user, org_tree.xinhe, 2)
    assert first[0].chain_day == dt.date(2026, 12, 1)
    assert second[0].chain_day == dt.date(2026, 12, 2)
    assert second[0].prev_hash == first[-1].hash
    assert AuditChainHead.objects.get(day=dt.date(2026, 12, 2)).start_hash == first[-1].hash
    clock.set(day1)  # a transaction that took its time before midnight
    late = _write(admin_user, org_tree.xinhe, 1)[0]
    assert (late.chain_day, late.seq) == (dt.date(2026, 12, 2), 3)
    out, error = _verify("--from", "2026-12-01", "--to", "2026-12-02")
    assert error is None and "2026-12-01：2 条" in out and "2026-12-02：3 条" in out
    # deleting the first day's last event breaks that day (and the link to the next)
    _raw("DELETE FROM core_auditevent WHERE id = %s", [first[-1].pk])
    _out, error = _verify("--from", "2026-12-01", "--to", "2026-12-02")
    assert "2026-12-01" in error and "末尾的事件被删除" in error


def test_verify_refuses_bad_dates(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("audit_verify", "--date", "2026-13-01")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain(org_tree, admin_user):
    """Two threads, each writing events in its own transactions at the same time."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers itself")
    barrier = threading.Barrier(2)
    errors = []

    def writer(tag):
        try:
            barrier.wait()
            for i in range(15):
                with transaction.atomic():
                    audit(actor=admin_user, action=f"{tag}{i}", obj=org_tree.xinhe)
                    if i % 5 == 0:
                        audit_bulk(
                            actor=admin_user,
                            action=tag,
                            objects=[org_tree.dagu] * 3,
                            organization_of=lambda o: o,
                        )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditEvent.objects.count() == 2 * (15 + 3 * 3)
    out, error = _verify()
    assert error is None, error
    seqs = sorted(AuditEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_purge_only_past_retention_and_audited(org_tree, admin_user, clock, settings):
    today = clock.today
    old = dt.datetime.combine(today - dt.timedelta(days=400), dt.time(12), tzinfo=dt.UTC)
    clock.set(old)
    _write(admin_user, org_tree.xinhe, 3)
    clock.set(old + dt.timedelta(days=1))
    _write(admin_user, org_tree.xinhe, 2)
    clock.set(today)
    recent = _write(admin_user, org_tree.xinhe, 2)
    settings.LVZHI_AUDIT_RETENTION_DAYS = 180
    too_young = (today - dt.timedelta(days=179)).isoformat()
    with pytest.raises(CommandError, match="保存期为 180 天"):
        call_command("audit_purge", "--before", too_young)
    settings.LVZHI_AUDIT_RETENTION_DAYS = 30  # a lowered setting still keeps six months
    with pytest.raises(CommandError, match="只能清理"):
        call_command("audit_purge", "--before", too_young)
    assert AuditEvent.objects.count() == 7
    call_command("audit_purge", "--before", (today - dt.timedelta(days=200)).isoformat())
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"test", "purge"}
    assert AuditEvent.objects.filter(action="test").count() == 2
    assert AuditEvent.objects.get(action="purge").changes["events"] == [5, 0]
    assert AuditChainHead.objects.filter(purged_at__isnull=False).count() == 2
    out, error = _verify()
    assert error is None, error
    # a deletion inside the kept days is still found
    _raw("DELETE FROM core_auditevent WHERE id = %s", [recent[0].pk])
    _out, error = _verify()
    assert f"事件 #{recent[1].pk}" in error
