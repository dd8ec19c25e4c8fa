"""执委履职 七个一 (R-EX-01..07): per-member, per-period status and reminders.

Counts and period kinds come from the rule set's ``params``, so another rule set file can change
them without code. A period is owed only for the part of it the member held office: a period
she held office for only partly is "partial", never a failure (RULES.md, R-EX); she owes nothing
for a period she did not hold office in at all (not_required).
"""

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.periods import Period, period_of, periods_between
from lvzhi.core.rulesets import Rule, Verdict, load_ruleset, verdict
from lvzhi.members.rules.common import (
    RuleError,
    Tenure,
    check_count,
    cn_date,
    local_date,
    param,
    period_kind_param,
    rule_of,
)

MET = "met"
DUE = "due"
OVERDUE = "overdue"
PARTIAL = "partial"
NOT_REQUIRED = "not_required"

STATUS_LABELS = {
    MET: gettext_lazy("已完成"),
    DUE: gettext_lazy("待完成"),
    OVERDUE: gettext_lazy("逾期未完成"),
    PARTIAL: gettext_lazy("部分时间在任"),
    NOT_REQUIRED: gettext_lazy("不要求"),
}

# 七个一 activity kinds (params.activity of R-EX-01..07).
ACTIVITY_LABELS = {
    "contact": gettext_lazy("联系"),
    "lecture": gettext_lazy("宣讲"),
    "survey": gettext_lazy("调研"),
    "suggestion": gettext_lazy("建议"),
    "assistance": gettext_lazy("帮扶"),
    "public_service": gettext_lazy("公益"),
    "work_record": gettext_lazy("工作记录"),
}


_PERIOD_KIND_LABELS = {
    "quarter": gettext_lazy("季度"),
    "half": gettext_lazy("半年"),
    "year": gettext_lazy("年度"),
}


@dataclass(frozen=True)
class DutyStatus:
    """One member, one requirement, one period."""

    rule_id: str
    period: Period
    required: int
    done: int
    status: str
    verdict: Verdict

    @property
    def owed(self) -> int:
        """Activities still owed (0 unless due or overdue)."""
        if self.status in (DUE, OVERDUE):
            return max(self.required - self.done, 0)
        return 0


def duty_rules(ruleset: str | None = None) -> list[Rule]:
    """The 七个一 rules: every rule whose params name an activity kind, by id."""
    rules = load_ruleset(ruleset).rules.values()
    return sorted((r for r in rules if "activity" in r.params), key=lambda r: r.id)


def rule_for_activity(activity: str, ruleset: str | None = None) -> Rule:
    for rule in duty_rules(ruleset):
        if rule.params["activity"] == activity:
            return rule
    raise RuleError(_("未知的履职活动类型：%(kind)s") % {"kind": activity})


def activity_label(activity: str) -> str:
    return str(ACTIVITY_LABELS.get(activity, activity))


def _duty_params(rule_id: str, ruleset: str | None) -> tuple[str, int, str]:
    activity = param(rule_id, "activity", ruleset)
    count = param(rule_id, "count", ruleset)
    kind = period_kind_param(rule_id, param(rule_id, "period", ruleset))
    return activity, count, kind


def rule_periods(rule_id: str, year: int, ruleset: str | None = None) -> list[Period]:
    """The periods of ``year`` a rule is counted in (4 quarters, 2 halves or the year)."""
    kind = period_kind_param(rule_id, param(rule_id, "period", ruleset))
    return periods_between(kind, dt.date(year, 1, 1), dt.date(year, 12, 31))


def check_period_kind(rule_id: str, kind: str, period: Period) -> None:
    if period.kind != kind:
        raise RuleError(
            _("规则%(rule)s按%(kind)s计算，不能用于%(period)s")
            % {"rule": rule_id, "kind": _PERIOD_KIND_LABELS[kind], "period": period.label}
        )


def count_in(dates: Iterable[dt.date], first: dt.date, last: dt.date) -> int:
    return sum(1 for day in dates if first <= local_date(day) <= last)


def period_status(
    *,
    rule_id: str,
    what: str,
    required: int,
    period: Period,
    tenure: Tenure,
    dates: Iterable[dt.date],
    today: dt.date,
    ruleset: str | None,
) -> DutyStatus:
    """The status vocabulary shared by 七个一 and 述职: met, due, overdue, partial, not_required.

    Only activities dated inside both the period and the tenure, and not after today, count."""
    values = {"period": period.label, "what": what, "required": required}
    if not tenure.overlaps(period):
        detail = _("%(period)s不在任，不要求%(what)s") % values
        return DutyStatus(
            rule_id, period, 0, 0, NOT_REQUIRED, verdict(rule_id, NOT_REQUIRED, detail, ruleset)
        )
    first = max(period.start, tenure.start)
    last = min(period.end, tenure.end or period.end)
    done = count_in(dates, first, min(last, today))
    values |= {
        "done": done,
        "owed": max(required - done, 0),
        "end": cn_date(period.end),
        "first": cn_date(first),
        "last": cn_date(last),
    }
    if done >= required:
        status = MET
        detail = _("%(period)s%(what)s：应完成%(required)d次，已完成%(done)d次") % values
    elif not tenure.covers(period):
        status = PARTIAL
        detail = (
            _(
                "%(period)s仅部分时间在任（%(first)s至%(last)s），不计为未完成；"
                "%(what)s已完成%(done)d次"
            )
            % values
        )
    elif today > period.end:
        status = OVERDUE
        detail = (
            _("%(period)s%(what)s：应完成%(required)d次，仅完成%(done)d次，%(end)s已截止") % values
        )
    else:
        status = DUE
        detail = (
            _("%(period)s%(what)s：应完成%(required)d次，已完成%(done)d次，%(end)s前还需%(owed)d次")
            % values
        )
    return DutyStatus(
        rule_id, period, required, done, status, verdict(rule_id, status, detail, ruleset)
    )


def duty_status(
    rule_id: str,
    period: Period,
    *,
    tenure: Tenure,
    activity_dates: Iterable[dt.date],
    today: dt.date,
    ruleset: str | None = None,
) -> DutyStatus:
    """七个一 for one member, one rule (R-EX-01..07) and one period of the rule's kind.

    ``activity_dates`` are the dates of her qualifying activities of the rule's kind."""
    activity, required, kind = _duty_params(rule_id, ruleset)
    check_period_kind(rule_id, kind, period)
    return period_status(
        rule_id=rule_id,
        what=activity_label(activity),
        required=required,
        period=period,
        tenure=tenure,
        dates=activity_dates,
        today=today,
        ruleset=ruleset,
    )


def seven_ones_for_year(
    *,
    tenure: Tenure,
    activities: Mapping[str, Iterable[dt.date]],
    year: int,
    today: dt.date,
    ruleset: str | None = None,
) -> list[DutyStatus]:
    """Every 七个一 rule and period of ``year`` for one member; ``activities`` maps an activity
    kind (contact, lecture, …) to the dates she did it."""
    result = []
    for rule in duty_rules(ruleset):
        dates = tuple(activities.get(rule.params["activity"], ()))
        for period in rule_periods(rule.id, year, ruleset):
            result.append(
                duty_status(
                    rule.id,
                    period,
                    tenure=tenure,
                    activity_dates=dates,
                    today=today,
                    ruleset=ruleset,
                )
            )
    return result


@dataclass(frozen=True)
class MemberActivities:
    member_id: Hashable
    tenure: Tenure
    dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Reminder:
    member_id: Hashable
    remind_on: dt.date
    duty: DutyStatus


def reminder_targets(
    rule_id: str,
    members: Iterable[MemberActivities],
    *,
    today: dt.date,
    days_before: int | None = None,
    ruleset: str | None = None,
) -> list[Reminder]:
    """Members who still owe an activity of ``rule_id`` in the current period, from
    ``days_before`` days before it ends (params.remind_days_before, 7 by default) to its last day.

    Only "due" members are reminded: a partial period is never owed. The daily job sends one
    reminder per (member, rule, period) and skips those already sent."""
    _activity, _required, kind = _duty_params(rule_id, ruleset)
    if days_before is None:
        days_before = rule_of(rule_id, ruleset).params.get("remind_days_before", 7)
    check_count(days_before, _("提前提醒天数"))
    period = period_of(kind, today)
    remind_on = period.end - dt.timedelta(days=days_before)
    if not remind_on <= today <= period.end:
        return []
    result = []
    for member in members:
        status = duty_status(
            rule_id,
            period,
            tenure=member.tenure,
            activity_dates=member.dates,
            today=today,
            ruleset=ruleset,
        )
        if status.status == DUE:
            result.append(Reminder(member.member_id, remind_on, status))
    return result
