"""Reads of 七个一 compliance: a member's statuses, a federation's members, and roll-ups
over a subtree by rule and by child organization, from the pre-aggregated counts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lvzhi.core.periods import Period, period_of
from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.members import rules
from lvzhi.members.compliance.services import ruleset_sql, tenure_of
from lvzhi.members.models import Activity, ActivityStatus, MemberCompliance, OrgCompliance, Reminder
from lvzhi.members.rules.common import PERIOD_KINDS, rule_of
from lvzhi.members.selectors.common import COMMITTEE_TITLES, ruleset_for
from lvzhi.orgs.models import Organization, Person, Position

COUNTS = ("members", "met", "due", "overdue", "partial", "not_required")


@dataclass
class RuleRollup:
    rule_id: str
    label: str
    source: str
    period: Period
    members: int = 0
    met: int = 0
    due: int = 0
    overdue: int = 0
    partial: int = 0
    not_required: int = 0

    @property
    def required(self) -> int:
        """Members the rule applies to in full (partial and not-required left out)."""
        return self.members - self.partial - self.not_required

    @property
    def share_met(self) -> float | None:
        return None if self.required <= 0 else round(self.met * 100 / self.required, 1)


def rule_periods_for(quarter: Period, ruleset: str | None = None) -> list[tuple]:
    """(rule, period) of every 七个一 rule for a quarter: the quarter itself, the half or
    the year that contains it."""
    return [
        (rule, period_of(rule.params["period"], quarter.start))
        for rule in rules.duty_rules(ruleset)
    ]


def _subtree(queryset, organization):
    path = organization.path
    return queryset.filter(org_path__gte=path, org_path__lt=path + PATH_END)


def quarter_codes(quarter: Period) -> set[str]:
    """The codes a quarter's roll-up reads: the quarter, its half and its year (whatever
    the rule set, a 七个一 rule is counted in one of them)."""
    return {period_of(kind, quarter.start).code for kind in PERIOD_KINDS}


def _ruleset_choice(organization):
    """``common.ruleset_for`` as a scalar subquery, so a roll-up learns the rule set in
    the same round trip as its counts (plain SQL: compiling it through the ORM would cost
    more than the round trip it saves)."""
    return RawSQL(*ruleset_sql(organization))


def _counts(user, organization, codes, *group, own_only=False):
    """Sums of the subtree's pre-aggregated counts (``own_only``: the organization's own
    committee) per ``group`` + (rule, period) for the period ``codes``, and the
    organization's rule set: one query (a second one only to learn the rule set when
    nothing is counted yet)."""
    queryset = OrgCompliance.objects.restrict(user, "view")
    if own_only:
        queryset = queryset.filter(organization=organization)
    else:
        queryset = _subtree(queryset, organization)
    queryset = queryset.filter(period_code__in=sorted(codes))
    if group:
        child_length = len(organization.path) + Organization.steplen
        queryset = queryset.annotate(prefix=Substr("org_path", 1, child_length))
    rows = list(
        queryset.values(*group, "rule_id", "period_code").annotate(
            **{name: Sum(name) for name in COUNTS}, ruleset=_ruleset_choice(organization)
        )
    )
    ruleset = rows[0]["ruleset"] if rows else ruleset_for(organization)
    return rows, ruleset


def _rule_rollup(rule, period, counts) -> RuleRollup:
    return RuleRollup(
        rule_id=rule.id,
        label=str(rules.ACTIVITY_LABELS.get(rule.params["activity"], rule.id)),
        source=rule.source,
        period=period,
        **{name: (counts or {}).get(name) or 0 for name in COUNTS},
    )


def rollup(user, organization, quarter: Period) -> list[RuleRollup]:
    """Per 七个一 rule, the counts of the subtree's members for the quarter (or its half or
    year, by the rule's period)."""
    found, ruleset = _counts(user, organization, quarter_codes(quarter))
    rows = {(row["rule_id"], row["period_code"]): row for row in found}
    return [
        _rule_rollup(rule, period, rows.get((rule.id, period.code)))
        for rule, period in rule_periods_for(quarter, ruleset)
    ]


def own_rollup(user, organization, quarter: Period) -> list[RuleRollup]:
    """``rollup`` of the organization's own committee only (its members' page)."""
    found, ruleset = _counts(user, organization, quarter_codes(quarter), own_only=True)
    rows = {(row["rule_id"], row["period_code"]): row for row in found}
    return [
        _rule_rollup(rule, period, rows.get((rule.id, period.code)))
        for rule, period in rule_periods_for(quarter, ruleset)
    ]


def rollup_by_child(user, organization, quarter: Period) -> dict[str, dict[str, dict]]:
    """Per direct child of ``organization`` (by its path prefix; the organization's own
    committee under its own path) and rule: the counts."""
    return _by_child(user, organization, quarter)[0]


def _by_child(user, organization, quarter: Period):
    found, ruleset = _counts(user, organization, quarter_codes(quarter), "prefix")
    wanted = {(r.id, p.code) for r, p in rule_periods_for(quarter, ruleset)}
    result: dict[str, dict[str, dict]] = {}
    for row in found:
        if (row["rule_id"], row["period_code"]) not in wanted:
            continue
        result.setdefault(row["prefix"], {})[row["rule_id"]] = {name: row[name] for name in COUNTS}
    return result, ruleset


def member_statuses(user, organization, quarter: Period):
    """The organization's members and their status per rule for the quarter."""
    pairs = rule_periods_for(quarter, ruleset_for(organization))
    rows = (
        MemberCompliance.objects.restrict(user, "view")
        .filter(organization=organization, period_code__in={p.code for _r, p in pairs})
        .select_related("person")
        .order_by("person__name", "person_id", "rule_id")
    )
    wanted = {(r.id, p.code) for r, p in pairs}
    members: dict[int, dict] = {}
    for row in rows:
        if (row.rule_id, row.period_code) not in wanted:
            continue
        entry = members.setdefault(row.person_id, {"person": row.person, "rules": {}})
        entry["rules"][row.rule_id] = row
    return list(members.values())


def person_statuses(person, year: int):
    return list(
        MemberCompliance.objects.filter(person=person, period_start__year=year).order_by(
            "rule_id", "period_start"
        )
    )


def current_quarter(today: dt.date) -> Period:
    return period_of("quarter", today)


# Pages and API of compliance (cadres) -----------------------------------------------

# Roll-ups, drill-downs and member pages are for cadres: a scope with "change" at the
# organization (a member's or staff's "view" of her own federation does not show her
# colleagues; a member reads her own compliance on her own page).
COMPLIANCE_ACTION = "change"
QUARTERS_OFFERED = 8
QUARTERS_COMPARED = 4


class PeriodError(ValueError):
    """A period parameter the pages do not offer, with a message for the user."""


def compliance_organizations(user):
    return Organization.objects.restrict(user, COMPLIANCE_ACTION)


def compliance_organization(user, pk) -> Organization:
    """An organization whose compliance the user may read, or 404."""
    return get_object_or_404(compliance_organizations(user), pk=pk)


def may_read_compliance(user, organization: Organization) -> bool:
    return scope_for(user, COMPLIANCE_ACTION).covers(organization.path)


def recent_quarters(today: dt.date, count: int = QUARTERS_OFFERED) -> list[Period]:
    """The current quarter and the ones before it, newest first."""
    quarters = [current_quarter(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


def parse_quarter(code: str | None, today: dt.date) -> Period:
    """``2026Q4`` among the last eight quarters; empty means the current one."""
    offered = recent_quarters(today)
    if not code:
        return offered[0]
    for quarter in offered:
        if quarter.code == code.strip().upper():
            return quarter
    raise PeriodError(
        _("期间“%(code)s”无效：请选择%(first)s至%(last)s之间的季度（如 %(example)s）")
        % {
            "code": code,
            "first": offered[-1].label,
            "last": offered[0].label,
            "example": offered[0].code,
        }
    )


def parse_year(value, today: dt.date) -> int:
    if value in (None, ""):
        return today.year
    try:
        year_ = int(value)
    except (TypeError, ValueError):
        year_ = 0
    if not 2000 <= year_ <= today.year:
        raise PeriodError(_("年度应为2000至%(year)d之间的年份") % {"year": today.year})
    return year_


@dataclass
class ChildRollup:
    """One direct child of the organization (or the organization's own committee, with
    ``own`` set) and its counts per rule."""

    organization: Organization
    own: bool
    rules: list[RuleRollup]

    @property
    def members(self) -> int:
        return max((r.members for r in self.rules), default=0)


def children_rollup(user, organization: Organization, quarter: Period) -> list[ChildRollup]:
    """``rollup_by_child`` with the organizations named: the organization's own committee
    first (when it has one), then each child with counted members, in tree order."""
    by_prefix, ruleset = _by_child(user, organization, quarter)
    if not by_prefix:
        return []
    pairs = rule_periods_for(quarter, ruleset)
    orgs = {
        o.path: o
        for o in Organization.objects.filter(path__in=list(by_prefix)).only(
            "id", "path", "depth", "name", "short_name", "level", "kind"
        )
    }
    result = []
    for path in sorted(by_prefix):
        org = orgs.get(path)
        if org is None:
            continue
        counts = by_prefix[path]
        rollups = [_rule_rollup(rule, period, counts.get(rule.id)) for rule, period in pairs]
        result.append(ChildRollup(org, path == organization.path, rollups))
    return result


@dataclass
class QuarterShare:
    quarter: Period
    rule: RuleRollup


def rollup_quarters(user, organization: Organization, quarters: list[Period]) -> list[dict]:
    """Per rule, its roll-up in each of ``quarters`` (oldest first): one aggregate query
    over every period the quarters read."""
    codes = set().union(*(quarter_codes(q) for q in quarters))
    found, ruleset = _counts(user, organization, codes)
    rows = {(row["rule_id"], row["period_code"]): row for row in found}
    table: dict[str, dict] = {}
    for quarter_ in quarters:
        for rule, period in rule_periods_for(quarter_, ruleset):
            cell = _rule_rollup(rule, period, rows.get((rule.id, period.code)))
            entry = table.setdefault(
                rule.id,
                {"rule_id": rule.id, "label": cell.label, "source": rule.source, "quarters": []},
            )
            entry["quarters"].append(QuarterShare(quarter_, cell))
    return list(table.values())


# Verdicts of stored rows: the rule applied again to the member's tenure and activities,
# so every status shows its rule id, clause and the reasoning (counts, dates).


@dataclass
class StatusRow:
    """A stored compliance row with the verdict that explains it."""

    row: MemberCompliance
    detail: str
    rule_text: str
    label: str
    pending: int = 0  # of ``row.done``, activities still 待确认 (recorded, not confirmed)

    @property
    def rule_id(self) -> str:
        return self.row.rule_id

    @property
    def source(self) -> str:
        return self.row.source

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def status_label(self) -> str:
        return str(rules.STATUS_LABELS.get(self.row.status, self.row.status))


def _tenures(person_ids, organization_ids) -> dict:
    seats: dict[tuple[int, int], list] = {}
    queryset = Position.objects.filter(
        person_id__in=list(person_ids),
        organization_id__in=list(organization_ids),
        title__in=COMMITTEE_TITLES,
    ).only("person_id", "organization_id", "start_date", "end_date")
    for seat in queryset:
        seats.setdefault((seat.person_id, seat.organization_id), []).append(seat)
    return {key: tenure_of(positions) for key, positions in seats.items()}


def _activity_dates(person_ids, organization_ids, first: dt.date, last: dt.date):
    """(dates, pending): the non-returned activity dates per (person, organization,
    kind), and the dates of those still waiting for confirmation."""
    dates: dict[tuple, list] = {}
    pending: dict[tuple, list] = {}
    queryset = (
        Activity.objects.filter(
            person_id__in=list(person_ids),
            organization_id__in=list(organization_ids),
            date__gte=first,
            date__lte=last,
        )
        .exclude(status=ActivityStatus.RETURNED)
        .values_list("person_id", "organization_id", "kind", "date", "status")
    )
    for person_id, organization_id, kind, day, status in queryset:
        dates.setdefault((person_id, organization_id, kind), []).append(day)
        if status == ActivityStatus.RECORDED:
            pending.setdefault((person_id, organization_id, kind), []).append(day)
    return dates, pending


def explain(rows, today: dt.date, rulesets: dict, *, dates=None, pending=None) -> list[StatusRow]:
    """Each stored row with its verdict detail from the rule (rules.duty_status) applied to
    the member's tenure and non-returned activities; ``rulesets`` maps each organization
    id to its rule set. Two queries (seats, activities) for any number of rows."""
    rows = list(rows)
    if not rows:
        return []
    people = {r.person_id for r in rows}
    orgs = {r.organization_id for r in rows}
    tenures = _tenures(people, orgs)
    if dates is None:
        first = min(r.period_start for r in rows)
        last = max(r.period_end for r in rows)
        dates, pending = _activity_dates(people, orgs, first, last)
    pending = pending or {}
    result = []
    for row in rows:
        ruleset = rulesets.get(row.organization_id)
        try:
            rule = rule_of(row.rule_id, ruleset)
            kind = rule.params["activity"]
            label = str(rules.ACTIVITY_LABELS.get(kind, row.rule_id))
        except (KeyError, LookupError):
            rule, kind, label = None, None, row.rule_id
        tenure = tenures.get((row.person_id, row.organization_id))
        waiting = sum(
            row.period_start <= day <= row.period_end
            for day in pending.get((row.person_id, row.organization_id, kind), ())
        )
        detail = ""
        if rule is not None and tenure is not None:
            period = period_of(rule.params["period"], row.period_start)
            status = rules.duty_status(
                row.rule_id,
                period,
                tenure=tenure,
                activity_dates=dates.get((row.person_id, row.organization_id, kind), ()),
                today=today,
                ruleset=ruleset,
            )
            detail = status.verdict.detail
        result.append(
            StatusRow(
                row=row,
                detail=detail,
                rule_text=rule.text if rule else "",
                label=label,
                pending=min(waiting, row.done),
            )
        )
    return result


@dataclass
class MemberRow:
    person: object
    rules: dict  # rule id -> StatusRow

    def cells(self, rule_ids):
        return [self.rules.get(rule_id) for rule_id in rule_ids]


def member_verdicts(user, organization: Organization, quarter: Period, today: dt.date):
    """``member_statuses`` with each status explained (rule id, clause, detail): the rows,
    the members' seats and their activities — three queries for any committee size."""
    members = member_statuses(user, organization, quarter)
    rows = [row for entry in members for row in entry["rules"].values()]
    explained = {
        id(s.row): s for s in explain(rows, today, {organization.pk: ruleset_for(organization)})
    }
    return [
        MemberRow(
            person=entry["person"],
            rules={rid: explained[id(row)] for rid, row in entry["rules"].items()},
        )
        for entry in members
    ]


def compliance_person(user, pk):
    """A person whose compliance the user may read (a cadre over her organization, or
    herself), or 404."""
    person = get_object_or_404(Person.objects.select_related("organization"), pk=pk)
    own = user.is_authenticated and person.user_id is not None and person.user_id == user.pk
    if not (own or may_read_compliance(user, person.organization)):
        raise Http404
    return person


@dataclass
class PersonPeriod:
    status: StatusRow
    activities: list


def person_year(user, person, year_: int, today: dt.date) -> list[PersonPeriod]:
    """All of a person's rule × period rows of the year (those the user may read) with
    their verdicts and the activities of the rule's kind in each period (returned ones
    too, marked): four queries."""
    queryset = MemberCompliance.objects.filter(person=person, period_start__year=year_)
    if not (user.is_authenticated and person.user_id == user.pk):
        queryset = queryset.filter(
            pk__in=MemberCompliance.objects.restrict(user, COMPLIANCE_ACTION).values("pk")
        )
    rows = list(
        queryset.select_related("organization").order_by(
            "rule_id", "period_start", "organization_id"
        )
    )
    if not rows:
        return []
    rulesets: dict[int, str | None] = {}
    for row in rows:
        if row.organization_id not in rulesets:
            rulesets[row.organization_id] = ruleset_for(row.organization)
    activities = list(
        Activity.objects.filter(
            person=person,
            organization_id__in={r.organization_id for r in rows},
            date__year=year_,
        ).order_by("date", "id")
    )
    dates: dict[tuple, list] = {}
    pending: dict[tuple, list] = {}
    for activity in activities:
        key = (person.pk, activity.organization_id, activity.kind)
        if activity.status != ActivityStatus.RETURNED:
            dates.setdefault(key, []).append(activity.date)
        if activity.status == ActivityStatus.RECORDED:
            pending.setdefault(key, []).append(activity.date)
    explained = explain(rows, today, rulesets, dates=dates, pending=pending)
    result = []
    for status in explained:
        row = status.row
        try:
            kind = rule_of(row.rule_id, rulesets[row.organization_id]).params["activity"]
        except (KeyError, LookupError):
            kind = None
        result.append(
            PersonPeriod(
                status=status,
                activities=[
                    a
                    for a in activities
                    if a.kind == kind
                    and a.organization_id == row.organization_id
                    and row.period_start <= a.date <= row.period_end
                ],
            )
        )
    return result


# Reminders (the user's own) ----------------------------------------------------------


def reminders_of(user):
    """The user's reminders, unread first, newest first within each."""
    return Reminder.objects.filter(user=user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )


def unread_reminder_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Reminder.objects.filter(user=user, read_at__isnull=True).count()


def get_reminder(user, pk):
    """One of the user's own reminders, or 404."""
    return get_object_or_404(Reminder.objects.filter(user=user), pk=pk)
