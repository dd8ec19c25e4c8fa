"""The audit hash chain: every AuditEvent links to the one before it.

``hash = SHA-256(canonical JSON of the event's content, its place and prev_hash)``. The
chain runs per day in China time: the first event of a day links to the last hash of the
previous day that has events (or to the day's anchor when there is none), so one edited,
inserted or deleted row breaks every later link and ``verify`` names the first.

Appends are serialized so concurrent writers never fork the chain: on PostgreSQL a
transaction-scoped advisory lock is taken before the chain's end is read and held until
commit (the event is written in the caller's transaction); SQLite serializes writers
already (``transaction_mode = IMMEDIATE``). Services take their own row locks before they
audit, so the chain lock is always the last one taken.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from lvzhi.core.models import AuditChainHead, AuditEvent
from lvzhi.core.periods import CHINA_TZ

CHAIN_LOCK_KEY = 7_315_020_260  # pg_advisory_xact_lock key of the audit chain
HASHED_FIELDS = (
    "created_at",
    "actor_id",
    "actor_name",
    "organization_id",
    "org_path",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "request_id",
)


def day_of(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CHINA_TZ).date()


def day_anchor(day: dt.date) -> str:
    return hashlib.sha256(f"lvzhi-audit-anchor:{day.isoformat()}".encode()).hexdigest()


def _normal(value):
    """JSON as the database gives it back: tuples become lists, integral floats ints (a
    jsonb column prints 1e20 as an integer)."""
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def content_of(event: AuditEvent) -> dict:
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    values["created_at"] = event.created_at.astimezone(dt.UTC).isoformat()
    values["changes"] = _normal(event.changes or {})
    values["chain_day"] = event.chain_day.isoformat()
    values["seq"] = event.seq
    return values


def event_hash(content: dict, prev_hash: str) -> str:
    text = json.dumps(
        {"content": content, "prev_hash": prev_hash},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


# Every audited write reads and moves the head: plain SQL, which costs less to build than
# the ORM's query (the write path of every recorded activity runs it).
_HEADS = connection.ops.quote_name(AuditChainHead._meta.db_table)


def _head_for(day: dt.date) -> AuditChainHead:
    """The chain's end for ``day`` (created from the last earlier day's end). A late event
    of a closed day (its transaction began before midnight) joins the newest day."""
    latest = next(
        iter(AuditChainHead.objects.raw(f"SELECT * FROM {_HEADS} ORDER BY day DESC LIMIT 1")), None
    )
    if latest is not None and latest.day >= day:
        return latest
    start = latest.last_hash if latest is not None else day_anchor(day)
    return AuditChainHead.objects.create(day=day, start_hash=start, last_hash=start, last_seq=0)


def _now() -> dt.datetime:
    return timezone.now()


def link(events: list[AuditEvent]) -> None:
    """Give ``events`` (unsaved) their time, place and hashes; the caller saves them and
    the head in the same transaction. Must run inside ``transaction.atomic``."""
    _lock()
    now = _now()
    head = _head_for(day_of(now))
    for event in events:
        event.created_at = now
        event.chain_day = head.day
        event.seq = head.last_seq + 1
        event.changes = _normal(event.changes or {})
        event.prev_hash = head.last_hash
        event.hash = event_hash(content_of(event), event.prev_hash)
        head.last_seq = event.seq
        head.last_hash = event.hash
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_HEADS} SET last_seq = %s, last_hash = %s WHERE day = %s",
            [head.last_seq, head.last_hash, head.day],
        )


def append(event: AuditEvent) -> AuditEvent:
    # No savepoint of its own: an audit that fails fails the write it records.
    with transaction.atomic(savepoint=False):
        link([event])
        event.save(force_insert=True)
    return event


def append_many(events: list[AuditEvent], batch_size: int = 500) -> list[AuditEvent]:
    if not events:
        return events
    with transaction.atomic(savepoint=False):
        link(events)
        AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return events


@dataclass
class Break:
    day: dt.date | None
    event_id: int | None
    created_at: dt.datetime | None
    seq: int | None
    problem: str

    def describe(self) -> str:
        parts = []
        if self.event_id is not None:
            parts.append(f"事件 #{self.event_id}")
        if self.created_at is not None:
            parts.append(
                timezone.localtime(self.created_at, CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")
            )
        if self.day is not None:
            parts.append(f"{self.day} 链第 {self.seq} 条")
        return "，".join(parts) + "：" + self.problem


@dataclass
class DayResult:
    day: dt.date
    events: int
    last_hash: str
    broken: Break | None


def verify_day(day: dt.date, expected_start: str | None = None) -> DayResult:
    """Recompute one day's chain. ``expected_start``: the previous day's last hash as
    recomputed (None: take it from the stored head or the anchor)."""
    head = AuditChainHead.objects.filter(day=day).first()
    events = AuditEvent.objects.filter(chain_day=day).order_by("seq").iterator(chunk_size=2000)
    if expected_start is None:
        previous = AuditChainHead.objects.filter(day__lt=day).order_by("-day").first()
        expected_start = previous.last_hash if previous else day_anchor(day)
    if head is None:
        first = next(iter(events), None)
        if first is None:
            return DayResult(day, 0, expected_start, None)
        return DayResult(
            day,
            0,
            expected_start,
            Break(day, first.pk, first.created_at, first.seq, "该日的链头记录缺失"),
        )
    prev = expected_start
    if head.purged_at is not None and head.start_hash == prev:
        # past retention, its events deleted by `lvzhi audit_purge` (itself an audit event);
        # the head keeps the day's last hash, so later days still link
        if not AuditEvent.objects.filter(chain_day=day).exists():
            return DayResult(day, 0, head.last_hash, None)
    if head.start_hash != prev:
        return DayResult(
            day,
            0,
            prev,
            Break(day, None, None, 0, "该日链起点与前一日链尾不一致（前一日的事件被改动或删除）"),
        )
    expected_seq = 1
    count = 0
    for event in events:
        count += 1
        if event.seq != expected_seq:
            problem = (
                f"缺少第 {expected_seq}–{event.seq - 1} 条（事件被删除），本条前一哈希无法衔接"
            )
            return DayResult(
                day, count, prev, Break(day, event.pk, event.created_at, event.seq, problem)
            )
        if event.prev_hash != prev:
            problem = "记录的前一哈希与上一条事件不一致（上一条被改动或删除）"
            return DayResult(
                day, count, prev, Break(day, event.pk, event.created_at, event.seq, problem)
            )
        recomputed = event_hash(content_of(event), prev)
        if recomputed != event.hash:
            problem = "内容与哈希不符（本条被改动）：" + _what_differs(event)
            return DayResult(
                day, count, prev, Break(day, event.pk, event.created_at, event.seq, problem)
            )
        prev = event.hash
        expected_seq += 1
    if head.last_seq != count or head.last_hash != prev:
        problem = (
            f"链尾记录为第 {head.last_seq} 条，实有 {count} 条：末尾的事件被删除"
            if head.last_seq > count
            else "链尾记录与最后一条事件不一致"
        )
        return DayResult(day, count, prev, Break(day, None, None, head.last_seq, problem))
    return DayResult(day, count, prev, None)


def _what_differs(event: AuditEvent) -> str:
    """The hashes, and the stored fields that no longer agree with the rows they copy (a
    hint at which one was edited: the original value itself is gone)."""
    recomputed = event_hash(content_of(event), event.prev_hash)
    text = f"存储的哈希 {event.hash[:12]}…，按现有内容重算为 {recomputed[:12]}…"
    hints = []
    if event.actor_id is not None and event.actor is not None:
        if event.actor.get_username() != event.actor_name:
            hints.append(
                f"操作人记为 {event.actor_name}，账号 #{event.actor_id} 是 {event.actor.get_username()}"
            )
    if event.organization_id is not None and event.organization is not None:
        if event.organization.path != event.org_path:
            hints.append(
                f"组织路径 {event.org_path} 与组织 #{event.organization_id} 的 {event.organization.path} 不符"
            )
    if event.chain_day and day_of(event.created_at) > event.chain_day:
        hints.append(f"时间 {event.created_at:%Y-%m-%d} 晚于链日期 {event.chain_day}")
    return text + ("；" + "；".join(hints) if hints else "")


def verify(start: dt.date, end: dt.date) -> list[DayResult]:
    """Verify every day from ``start`` to ``end`` that has a head or events; stop at the
    first break. Days link: each day's start must equal the previous day's recomputed end."""
    days = set(
        AuditChainHead.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True)
    )
    days |= set(
        AuditEvent.objects.filter(chain_day__gte=start, chain_day__lte=end)
        .values_list("chain_day", flat=True)
        .distinct()
    )
    results = []
    expected = None
    for day in sorted(days):
        result = verify_day(day, expected)
        results.append(result)
        if result.broken:
            break
        expected = result.last_hash
    return results
