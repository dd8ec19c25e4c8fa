"""Reads of 七个一 compliance: a member's statuses, a federation's members, and roll-ups
over a subtree by rule and by child organization, from the pre-aggregated counts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import Substr

from lvzhi.core.periods import Period, period_of
from lvzhi.core.scopes import PATH_END
from lvzhi.orgs.models import Organization

from .. import rules
from ..models import MemberCompliance, OrgCompliance
from .common import ruleset_for

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


def rollup(user, organization, quarter: Period) -> list[RuleRollup]:
    """Per 七个一 rule, the counts of the subtree's members for the quarter (or its half or
    year, by the rule's period)."""
    pairs = rule_periods_for(quarter, ruleset_for(organization))
    rows = {
        (row["rule_id"], row["period_code"]): row
        for row in _subtree(OrgCompliance.objects.restrict(user, "view"), organization)
        .filter(period_code__in={p.code for _r, p in pairs}, rule_id__in={r.id for r, _p in pairs})
        .values("rule_id", "period_code")
        .annotate(**{name: Sum(name) for name in COUNTS})
    }
    result = []
    for rule, period in pairs:
        row = rows.get((rule.id, period.code), {})
        result.append(
            RuleRollup(
                rule_id=rule.id,
                label=str(rules.ACTIVITY_LABELS.get(rule.params["activity"], rule.id)),
                source=rule.source,
                period=period,
                **{name: row.get(name) or 0 for name in COUNTS},
            )
        )
    return result


def rollup_by_child(user, organization, quarter: Period) -> dict[str, dict[str, dict]]:
    """Per direct child of ``organization`` (by its path prefix) and rule: the counts."""
    pairs = rule_periods_for(quarter, ruleset_for(organization))
    child_length = len(organization.path) + Organization.steplen
    queryset = _subtree(OrgCompliance.objects.restrict(user, "view"), organization).filter(
        period_code__in={p.code for _r, p in pairs}, rule_id__in={r.id for r, _p in pairs}
    )
    own = organization.path
    rows = (
        queryset.annotate(prefix=Substr("org_path", 1, child_length))
        .values("prefix", "rule_id", "period_code")
        .annotate(**{name: Sum(name) for name in COUNTS})
    )
    wanted = {(r.id, p.code) for r, p in pairs}
    result: dict[str, dict[str, dict]] = {}
    for row in rows:
        if (row["rule_id"], row["period_code"]) not in wanted:
            continue
        key = own if row["prefix"] == own else row["prefix"]
        result.setdefault(key, {})[row["rule_id"]] = {name: row[name] for name in COUNTS}
    return result


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
