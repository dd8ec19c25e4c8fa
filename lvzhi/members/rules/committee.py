"""执委会人数: the size in principle (R-MB-01), the hard bounds (R-MB-02) and the seats that
may break the upper limit (R-MB-03).

How the three fit together (CQ-ZT 第三条–第五条, 第九条): 第九条 lets the listed kinds of people
be added "突破妇联执委人数限制", i.e. above an upper limit. So the upper limits (village 15 in
principle, 29 always) are checked on the ordinary seats (all seats minus the recorded extra
seats), while the lower limits (township 25, village 10 in principle, 5 always) count every
member, extra seats included.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lvzhi.core.rulesets import Verdict, verdict
from lvzhi.members.rules.common import RuleError, check_count, param
from lvzhi.orgs.models import Level

OK = "ok"
WARNING = "warning"
ERROR = "error"
NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class SizeCheck:
    level: str
    before: int
    after: int
    extra: int
    verdicts: tuple[Verdict, ...]

    @property
    def ordinary(self) -> int:
        return self.after - self.extra

    @property
    def errors(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.outcome == ERROR)

    @property
    def warnings(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.outcome == WARNING)

    @property
    def ok(self) -> bool:
        """No error (warnings allowed: R-MB-01 is a principle, not a bound)."""
        return not self.errors


def extra_seat_kinds(ruleset: str | None = None) -> dict[str, str]:
    """R-MB-03: the kinds of people who may be added above the limit, code → label."""
    return dict(param("R-MB-03", "kinds", ruleset))


def _level_label(level: str) -> str:
    try:
        return str(Level(level).label)
    except ValueError:
        return level


def committee_size_check(
    *,
    level: str,
    before: int,
    after: int,
    extra_seats: Mapping[str | None, int] | None = None,
    ruleset: str | None = None,
) -> SizeCheck:
    """Check a committee's size after a change (增补, 卸免 …).

    ``before``/``after`` count every member; ``extra_seats`` maps an R-MB-03 kind code to the
    number of members seated above the limit as that kind (included in ``after``); a seat
    whose kind was not recorded goes under the key None or "". Only township and village
    federations (the levels of R-MB-01) are checked; other levels get one not_applicable."""
    check_count(before, _("调整前执委人数"))
    check_count(after, _("调整后执委人数"))
    extra_seats = dict(extra_seats or {})
    for kind, seats in extra_seats.items():
        check_count(seats, _("突破人数限制增补的席位数（%(kind)s）") % {"kind": kind or "-"})
    extra = sum(extra_seats.values())
    if extra > after:
        raise RuleError(
            _("突破人数限制增补的席位（%(extra)d席）不能多于执委总数（%(after)d人）")
            % {"extra": extra, "after": after}
        )
    principle_min = param("R-MB-01", "min", ruleset)
    principle_max = param("R-MB-01", "max", ruleset)
    if level not in principle_min and level not in principle_max:
        detail = _("%(level)s妇联不适用基层妇联执委人数规定") % {"level": _level_label(level)}
        return SizeCheck(
            level, before, after, extra, (verdict("R-MB-01", NOT_APPLICABLE, detail, ruleset),)
        )

    ordinary = after - extra
    values = {
        "level": _level_label(level),
        "before": before,
        "after": after,
        "ordinary": ordinary,
        "extra": extra,
    }
    change = _("调整前%(before)d人，调整后%(after)d人") % values
    verdicts = [
        _principle(level, after, ordinary, principle_min, principle_max, values, change, ruleset),
        _bounds(after, ordinary, extra, values, change, ruleset),
    ]
    if extra_seats:
        verdicts.append(_extra_seats(extra_seats, ruleset))
    return SizeCheck(level, before, after, extra, tuple(verdicts))


def _principle(level, after, ordinary, mins, maxes, values, change, ruleset) -> Verdict:
    low, high = mins.get(level), maxes.get(level)
    values = values | {"low": low, "high": high}
    if low is not None and high is not None:
        rule = _("%(level)s妇联执委原则上%(low)d—%(high)d人") % values
    elif low is not None:
        rule = _("%(level)s妇联执委原则上不少于%(low)d人") % values
    else:
        rule = _("%(level)s妇联执委原则上不多于%(high)d人") % values
    if low is not None and after < low:
        return verdict(
            "R-MB-01",
            WARNING,
            rule + _("，%(change)s，少于原则人数，请注明因地制宜的理由") % {"change": change},
            ruleset,
        )
    if high is not None and ordinary > high:
        return verdict(
            "R-MB-01",
            WARNING,
            rule
            + _("，%(change)s（一般席位%(ordinary)d人），多于原则人数，请注明因地制宜的理由")
            % (values | {"change": change}),
            ruleset,
        )
    return verdict("R-MB-01", OK, rule + _("，%(change)s") % {"change": change}, ruleset)


def _bounds(after, ordinary, extra, values, change, ruleset) -> Verdict:
    low = param("R-MB-02", "min", ruleset)
    high = param("R-MB-02", "max", ruleset)
    values = values | {"low": low, "high": high, "change": change}
    if after < low:
        return verdict(
            "R-MB-02", ERROR, _("执委人数不得低于%(low)d人，%(change)s") % values, ruleset
        )
    if ordinary > high:
        detail = _(
            "执委人数不得多于%(high)d人，%(change)s，其中一般席位%(ordinary)d人；"
            "超出部分只能是第九条所列人员并登记类别"
        )
        return verdict("R-MB-02", ERROR, detail % values, ruleset)
    if extra:
        detail = _(
            "一般席位%(ordinary)d人，在%(low)d—%(high)d人之内；另有突破人数限制增补%(extra)d人"
        )
        return verdict("R-MB-02", OK, detail % values, ruleset)
    return verdict("R-MB-02", OK, _("%(change)s，在%(low)d—%(high)d人之内") % values, ruleset)


def _extra_seats(extra_seats: Mapping[str | None, int], ruleset) -> Verdict:
    kinds = extra_seat_kinds(ruleset)
    unrecorded = sum(n for kind, n in extra_seats.items() if not kind)
    unknown = sorted(kind for kind, n in extra_seats.items() if kind and kind not in kinds and n)
    problems = []
    if unrecorded:
        problems.append(_("%(n)d个突破人数限制的席位未登记人员类别") % {"n": unrecorded})
    for kind in unknown:
        problems.append(_("人员类别“%(kind)s”不在第九条所列范围内") % {"kind": kind})
    if problems:
        return verdict("R-MB-03", ERROR, "；".join(problems), ruleset)
    listed = "、".join(
        _("%(label)s%(n)d人") % {"label": kinds[kind], "n": n}
        for kind, n in extra_seats.items()
        if n
    )
    return verdict(
        "R-MB-03", OK, _("突破人数限制增补：%(listed)s") % {"listed": listed or _("无")}, ruleset
    )
