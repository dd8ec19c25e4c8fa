"""Pieces shared by the members rules: errors, tenure, rule-set parameters, Chinese numbers."""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from lvzhi.core.numerals import cn_number
from lvzhi.core.periods import CHINA_TZ, Period
from lvzhi.core.rulesets import Rule, load_ruleset

PERIOD_KINDS = ("quarter", "half", "year")


class RuleError(ValueError):
    """A value a rule refuses (an impossible count, an unknown kind), with a message a cadre
    can act on."""


def rule_of(rule_id: str, ruleset: str | None = None) -> Rule:
    return load_ruleset(ruleset)[rule_id]


def param(rule_id: str, key: str, ruleset: str | None = None):
    """A parameter of a rule from the rule-set file, or LookupError naming what is missing."""
    rule = rule_of(rule_id, ruleset)
    try:
        return rule.params[key]
    except KeyError:
        raise LookupError(f"规则 {rule_id} 缺少参数 {key}（见规则集文件）") from None


def fraction_param(rule_id: str, key: str, ruleset: str | None = None) -> Fraction:
    numerator, denominator = param(rule_id, key, ruleset)
    return Fraction(numerator, denominator)


def period_kind_param(rule_id: str, value: str) -> str:
    if value not in PERIOD_KINDS:
        raise LookupError(f"规则 {rule_id} 的周期 {value!r} 无效（应为 {', '.join(PERIOD_KINDS)}）")
    return value


def local_date(value: dt.date) -> dt.date:
    """A date as given; a datetime as its date in China (naive datetimes are taken as local)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(CHINA_TZ)
        return value.date()
    return value


def cn_date(day: dt.date) -> str:
    return _("%(year)d年%(month)d月%(day)d日") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 2月29日 falls back to 2月28日 (民法典 第二百零二条：
    没有对应日的，月末日为期间的最后一日)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Tenure:
    """任职期间: first and last day in office, both inclusive; ``end`` is None while serving."""

    start: dt.date
    end: dt.date | None = None

    def __post_init__(self):
        if self.end is not None and self.end < self.start:
            raise RuleError(_("离任日期不能早于任职日期"))

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, period: Period) -> bool:
        return self.start <= period.end and (self.end is None or self.end >= period.start)

    def covers(self, period: Period) -> bool:
        return self.start <= period.start and (self.end is None or self.end >= period.end)


def check_count(value, what: str) -> int:
    """A non-negative whole number, or RuleError saying which count is wrong."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError(_("%(what)s须为整数") % {"what": what})
    if value < 0:
        raise RuleError(_("%(what)s不能为负数") % {"what": what})
    return value


def cn_fraction(value: Fraction) -> str:
    """三分之二, 三分之一; one half is 半数, as in the source (超过应到会执委的半数)."""
    if value == Fraction(1, 2):
        return _("半数")
    return _("%(den)s分之%(num)s") % {
        "den": cn_number(value.denominator),
        "num": cn_number(value.numerator),
    }


def plain_number(value: Fraction) -> str:
    """10, 7.5, 16.67: a share of people shown as a cadre would write it."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")
