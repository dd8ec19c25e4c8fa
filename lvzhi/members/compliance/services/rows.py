"""七个一 compliance kept up to date: recorded per member, rule and period
(``MemberCompliance``) and counted per organization (``OrgCompliance``), so a roll-up over
a district or a province adds a few rows per organization.

* ``refresh_member`` recomputes one member's rows touched by an activity (three reads
  and one or two updates, run in the activity's transaction; the member's row is locked
  before her activities are counted, so concurrent records of the same member count
  every activity);
* ``rebuild`` recomputes every member of some organizations for some periods in bulk
  (the demo, the scale generator, and the daily job when periods end or start).
"""

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from lvzhi.core import fragments, periods
from lvzhi.core.periods import Period, period_of
from lvzhi.members import rules
from lvzhi.members.common.selectors import COMMITTEE_TITLES, ruleset_for, ruleset_sql, tenure_of
from lvzhi.members.compliance.selectors.rollups import FRAGMENTS
from lvzhi.members.models import (
    Activity,
    ActivityStatus,
    MemberCompliance,
    OrgCompliance,
)
from lvzhi.orgs.models import Organization, Position

STATUSES = ("met", "due", "overdue", "partial", "not_required")

# Every write of OrgCompliance below bumps the roll-up's cached tables (FRAGMENTS).


def _counts_changed(organization: Organization) -> None:
    fragments.bump(FRAGMENTS, [organization.path])


def _seat_rows(organization_ids, person_id=None):
    queryset = Position.objects.filter(
        organization_id__in=organization_ids, title__in=COMMITTEE_TITLES
    )
    if person_id is not None:
        queryset = queryset.filter(person_id=person_id)
    return queryset.only("person_id", "organization_id", "start_date", "end_date")


def _org_counts(organization: Organization, rule_id: str, code: str) -> None:
    OrgCompliance.objects.bulk_create(
        [
            OrgCompliance(
                organization=organization,
                org_path=organization.path,
                rule_id=rule_id,
                period_code=code,
            )
        ],
        ignore_conflicts=True,
    )


# The hot path: every activity recorded through the API runs ``refresh_member`` in its
# transaction, so its reads are three plain SQL statements (the ORM would spend longer
# compiling them than the database spends answering).


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _as_date(value):
    """A DATE column read through a raw cursor (SQLite answers with text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _ruleset_and_tenure(person_id, organization: Organization):
    """(rule set code, tenure or None) of a member at an organization, in one query."""
    choice, params = ruleset_sql(organization)
    titles = [str(title) for title in COMMITTEE_TITLES]
    sql = (
        f"SELECT ({choice}), MIN(start_date), COUNT(*) - COUNT(end_date), MAX(end_date) "
        f"FROM {_table(Position)} WHERE person_id = %s AND organization_id = %s "
        f"AND title IN ({', '.join(['%s'] * len(titles))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, person_id, organization.pk, *titles])
        ruleset, start, open_seats, end = cursor.fetchone()
    if start is None:
        return ruleset, None
    start, end = _as_date(start), None if open_seats else _as_date(end)
    if end is not None and end < start:
        return ruleset, None  # as tenure_of
    return ruleset, rules.Tenure(start=start, end=end)


def _locked_row(person_id, organization_id, rule_id, code):
    """(id, status, done, required) of the member's row, locked until the transaction
    ends (PostgreSQL), or None."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, status, done, required FROM {_table(MemberCompliance)} "
            "WHERE person_id = %s AND organization_id = %s AND rule_id = %s "
            f"AND period_code = %s{lock}",
            [person_id, organization_id, rule_id, code],
        )
        return cursor.fetchone()


def _dates(person_id, organization_id, kind, period: Period) -> list[dt.date]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT date FROM {_table(Activity)} WHERE person_id = %s "
            "AND organization_id = %s AND kind = %s AND date >= %s AND date <= %s "
            "AND status <> %s",
            [person_id, organization_id, kind, period.start, period.end, ActivityStatus.RETURNED],
        )
        return [_as_date(day) for (day,) in cursor.fetchall()]


def refresh_member(*, person, organization: Organization, kind: str, day: dt.date, today):
    """Recompute the member's row of the rule that counts ``kind`` activities, for the
    period containing ``day``; adjust the organization's counts by the change."""
    ruleset, tenure = _ruleset_and_tenure(person.pk, organization)
    try:
        rule = rules.rule_for_activity(kind, ruleset)
    except rules.RuleError:
        return None  # 议事, 值班 … are logged but no 七个一 rule counts them
    if tenure is None:
        return None
    period = period_of(rule.params["period"], day)
    for _attempt in range(2):
        row = _locked_row(person.pk, organization.pk, rule.id, period.code)
        status = rules.duty_status(
            rule.id,
            period,
            tenure=tenure,
            activity_dates=_dates(person.pk, organization.pk, kind, period),
            today=today,
            ruleset=ruleset,
        )
        if row is not None:
            break
        # Her first row of the period (and the organization's counts row). Two first
        # activities at the same moment: the second insert fails on the unique
        # constraint once the first commits; it then locks that row and updates it.
        _org_counts(organization, rule.id, period.code)
        try:
            with transaction.atomic():
                MemberCompliance.objects.create(
                    person=person,
                    organization=organization,
                    org_path=organization.path,
                    rule_id=rule.id,
                    period_code=period.code,
                    period_start=period.start,
                    period_end=period.end,
                    required=status.required,
                    done=status.done,
                    status=status.status,
                    source=status.verdict.source,
                )
        except IntegrityError:
            continue
        _add_to_org_counts(organization, rule.id, period.code, {"members": 1, status.status: 1})
        return status
    row_id, old_status, old_done, old_required = row
    if (old_status, old_done, old_required) != (status.status, status.done, status.required):
        _update_row(row_id, period.code, status)
        if old_status != status.status:
            _add_to_org_counts(
                organization, rule.id, period.code, {old_status: -1, status.status: 1}
            )
    return status


def _update_row(row_id, code: str, status) -> None:
    """The member's row takes the new status (by id and period: one partition)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(MemberCompliance)} SET status = %s, done = %s, required = %s, "
            "updated_at = %s WHERE id = %s AND period_code = %s",
            [status.status, status.done, status.required, now, row_id, code],
        )


def _add_to_org_counts(organization: Organization, rule_id, code, changes: dict) -> None:
    """Move the organization's counts of a rule and period (``{"members": 1, "met": 1}``,
    ``{"due": -1, "met": 1}``) in one UPDATE, and retire the cached roll-ups holding it."""
    if not set(changes) <= {"members", *STATUSES}:
        raise ValueError(f"unknown counts: {sorted(changes)}")
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(name)} = {quote(name)} + %s" for name in changes)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(OrgCompliance)} SET {sets} "
            "WHERE organization_id = %s AND rule_id = %s AND period_code = %s",
            [*changes.values(), organization.pk, rule_id, code],
        )
    _counts_changed(organization)


def compliance_row(person_id, organization_id, org_path, period: Period, status):
    """An unsaved row of one member, rule and period from ``rules.duty_status``."""
    return MemberCompliance(
        person_id=person_id,
        organization_id=organization_id,
        org_path=org_path,
        rule_id=status.rule_id,
        period_code=period.code,
        period_start=period.start,
        period_end=period.end,
        required=status.required,
        done=status.done,
        status=status.status,
        source=status.verdict.source,
    )


def _periods_for(year: int, ruleset) -> list[tuple[str, Period]]:
    return [
        (rule.id, period)
        for rule in rules.duty_rules(ruleset)
        for period in rules.rule_periods(rule.id, year, ruleset)
    ]


@transaction.atomic
def rebuild(*, organizations, year: int, today: dt.date, batch_size: int = 2000) -> int:
    """Recompute every member of ``organizations`` for every 七个一 period of ``year`` up
    to today (future periods have no row yet), replacing their rows and counts."""
    organizations = list(organizations)
    written = 0
    by_ruleset: dict[str | None, list[Organization]] = defaultdict(list)
    for organization in organizations:
        by_ruleset[ruleset_for(organization)].append(organization)
    for ruleset, orgs in by_ruleset.items():
        pairs = [(rid, p) for rid, p in _periods_for(year, ruleset) if p.start <= today]
        if not pairs:
            continue
        for offset in range(0, len(orgs), 200):
            chunk = orgs[offset : offset + 200]
            written += _rebuild_chunk(chunk, pairs, year, today, ruleset, batch_size)
    return written


def _rebuild_chunk(orgs, pairs, year, today, ruleset, batch_size) -> int:
    ids = [o.pk for o in orgs]
    codes = sorted({p.code for _rid, p in pairs})
    seats = defaultdict(list)
    for seat in _seat_rows(ids):
        seats[(seat.person_id, seat.organization_id)].append(seat)
    kinds = {rule.id: rule.params["activity"] for rule in rules.duty_rules(ruleset)}
    dates = defaultdict(list)
    activity_rows = (
        Activity.objects.filter(
            organization_id__in=ids,
            kind__in=set(kinds.values()),
            date__gte=dt.date(year, 1, 1),
            date__lte=dt.date(year, 12, 31),
        )
        .exclude(status=ActivityStatus.RETURNED)
        .values_list("person_id", "organization_id", "kind", "date")
    )
    for person_id, organization_id, kind, day in activity_rows.iterator(chunk_size=5000):
        dates[(person_id, organization_id, kind)].append(day)
    paths = {o.pk: o.path for o in orgs}
    rows = []
    for (person_id, organization_id), positions in seats.items():
        tenure = tenure_of(positions)
        if tenure is None:
            continue
        for rule_id, period in pairs:
            status = rules.duty_status(
                rule_id,
                period,
                tenure=tenure,
                activity_dates=dates.get((person_id, organization_id, kinds[rule_id]), ()),
                today=today,
                ruleset=ruleset,
            )
            rows.append(
                compliance_row(person_id, organization_id, paths[organization_id], period, status)
            )
    MemberCompliance.objects.filter(organization_id__in=ids, period_code__in=codes).delete()
    MemberCompliance.objects.bulk_create(rows, batch_size=batch_size)
    recount(ids, codes)
    return len(rows)


def seat_changed(*, position, before: dict | None = None, today: dt.date | None = None) -> int:
    """A committee seat started, ended or had its dates changed (a form, the API, the
    roster import, an exit, a by-election): recompute the member's rows at that
    organization for every period the change touches, and the organization's counts, in
    the caller's transaction. A member who leaves mid-quarter has that quarter, half-year
    and year as partial (never overdue); one seated mid-quarter is counted at once.

    ``before`` holds the seat's title, start_date and end_date before the change (none
    for a new seat). Returns the number of rows written."""
    before = before or {}
    titles = {position.title, before.get("title")}
    if not titles & set(COMMITTEE_TITLES):
        return 0
    if before and all(
        before.get(name) == getattr(position, name) for name in ("title", "start_date", "end_date")
    ):
        return 0
    today = today or periods.today_local()
    days = [
        d
        for d in (
            position.start_date,
            position.end_date,
            before.get("start_date"),
            before.get("end_date"),
        )
        if d
    ]
    if not days:
        return 0
    open_ended = position.end_date is None or (before and before.get("end_date") is None)
    last = today.year if open_ended else min(max(d.year for d in days), today.year)
    organization = position.organization
    tracked = {
        int(code[:4])
        for code in OrgCompliance.objects.filter(organization=organization)
        .values_list("period_code", flat=True)
        .distinct()
    } | {today.year}
    # Every tracked year up to the last one the change touches, the years before the
    # seat's dates too: a rebuild gives a member seated in 2026 "not required" rows for a
    # tracked 2025, so the incremental rows must have them as well.
    years = [y for y in sorted(tracked) if y <= last]
    return member_refresh_years(
        person_id=position.person_id, organization=organization, years=years, today=today
    )


def member_refresh_years(*, person_id, organization: Organization, years, today) -> int:
    """Replace one member's rows at ``organization`` for every 七个一 period of ``years``
    up to today (as ``rebuild`` computes them), then count the organization again."""
    ruleset = ruleset_for(organization)
    tenure = tenure_of(_seat_rows([organization.pk], person_id))
    kinds = {rule.id: rule.params["activity"] for rule in rules.duty_rules(ruleset)}
    codes, rows = [], []
    for year in years:
        pairs = [(rid, p) for rid, p in _periods_for(year, ruleset) if p.start <= today]
        codes.extend(p.code for _rid, p in pairs)
        if tenure is None or not pairs:
            continue
        dates = defaultdict(list)
        for kind, day in (
            Activity.objects.filter(
                person_id=person_id,
                organization=organization,
                kind__in=set(kinds.values()),
                date__gte=dt.date(year, 1, 1),
                date__lte=dt.date(year, 12, 31),
            )
            .exclude(status=ActivityStatus.RETURNED)
            .values_list("kind", "date")
        ):
            dates[kind].append(day)
        for rule_id, period in pairs:
            status = rules.duty_status(
                rule_id,
                period,
                tenure=tenure,
                activity_dates=dates.get(kinds[rule_id], ()),
                today=today,
                ruleset=ruleset,
            )
            rows.append(
                compliance_row(person_id, organization.pk, organization.path, period, status)
            )
    if not codes:
        return 0
    MemberCompliance.objects.filter(
        person_id=person_id, organization=organization, period_code__in=codes
    ).delete()
    MemberCompliance.objects.bulk_create(rows)
    recount([organization.pk], sorted(set(codes)))
    return len(rows)


def recount(organization_ids, codes) -> None:
    """OrgCompliance of these organizations and periods, counted again from the member rows."""
    OrgCompliance.objects.filter(
        organization_id__in=organization_ids, period_code__in=codes
    ).delete()
    counts = (
        MemberCompliance.objects.filter(organization_id__in=organization_ids, period_code__in=codes)
        .values("organization_id", "org_path", "rule_id", "period_code")
        .annotate(
            members=Count("id"),
            **{status: Count("id", filter=Q(status=status)) for status in STATUSES},
        )
    )
    OrgCompliance.objects.bulk_create([OrgCompliance(**row) for row in counts], batch_size=2000)
    fragments.bump_all(FRAGMENTS)


def close_ended_periods(*, today: dt.date) -> int:
    """Members still "due" in a period that has ended become "overdue" (the daily job)."""
    ended = MemberCompliance.objects.filter(status="due", period_end__lt=today)
    keys = set(ended.values_list("organization_id", "period_code").distinct())
    count = ended.update(status="overdue")
    by_code = defaultdict(set)
    for organization_id, code in keys:
        by_code[code].add(organization_id)
    for code, ids in by_code.items():
        recount(list(ids), [code])
    return count
