"""Reads of 七个一 compliance: a member's statuses, a federation's members, and roll-ups
over a subtree by rule and by child organization, from the pre-aggregated counts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lvzhi.core import fragments
from lvzhi.core.periods import Period, period_of
from lvzhi.core.rulesets import load_ruleset
from lvzhi.core.scopes import PATH_END, scope_for
from lvzhi.members import rules
from lvzhi.members.common.selectors import ruleset_for, ruleset_sql
from lvzhi.members.models import MemberCompliance, OrgCompliance
from lvzhi.members.rules.common import PERIOD_KINDS
from lvzhi.orgs.models import Organization

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


# The roll-up page's tables in the shared cache (issue 13 point 8, decision 0021) ---------

# The namespace of compliance counts' data versions: ``services.rows`` bumps an
# organization's path (and so its ancestors') when its counts change, every path when it
# recounts in bulk.
FRAGMENTS = "compliance"


def rollup_fragment_key(user, organization: Organization, quarter: Period, today) -> str:
    """Everything the roll-up's tables are drawn from: the organization and its place in
    the tree, the quarter and the day (what is due or overdue), the rule set and its
    version, the reader's view scope (her counts are restricted to it), the language and
    the data version of the organization's subtree."""
    ruleset = load_ruleset(ruleset_for(organization))
    return fragments.fragment_key(
        FRAGMENTS,
        "rollup",
        organization.pk,
        organization.path,
        quarter.code,
        today.isoformat(),
        ruleset.code,
        ruleset.version,
        fragments.scope_digest(user, "view"),
        version_paths=[organization.path],
    )


def rollup_fragments(user, organization: Organization, quarter: Period, today, build) -> dict:
    """The rendered tables of the roll-up: from the shared cache under
    ``rollup_fragment_key``, else ``build()`` (a dict of HTML strings) kept there."""
    found = fragments.cached(rollup_fragment_key(user, organization, quarter, today), build)
    return {name: mark_safe(html) for name, html in found.items()}  # noqa: S308 (our render)
