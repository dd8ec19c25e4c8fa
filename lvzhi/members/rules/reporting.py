"""执委履职 beyond 七个一: contact assignments (R-EX-08), reports (R-EX-09), executive meetings
of township and village federations (R-EX-10), training coverage (R-EX-11).

Same status vocabulary as 七个一 (duties.py): met, due, overdue, partial, not_required.
"""

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.periods import Period
from lvzhi.core.rulesets import Verdict, verdict
from lvzhi.members.rules.common import (
    RuleError,
    Tenure,
    check_count,
    cn_date,
    param,
    period_kind_param,
)
from lvzhi.members.rules.duties import (
    DUE,
    MET,
    NOT_REQUIRED,
    OVERDUE,
    DutyStatus,
    check_period_kind,
    count_in,
    period_status,
)

REPORT_LABELS = {"oral": gettext_lazy("口头述职"), "written": gettext_lazy("书面述职")}


# R-EX-08 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactCheck:
    met: bool
    gaps: tuple[str, ...]
    verdict: Verdict


def contact_assignment_check(
    *, groups: int, micro_homes: int, women: int, ruleset: str | None = None
) -> ContactCheck:
    """R-EX-08: what a member's contact assignment lacks (每位执委至少联系1个妇女小组和微家、
    10名妇女群众)."""
    rule_id = "R-EX-08"
    counts = (
        (check_count(groups, _("联系妇女小组数")), "min_groups", _("还需联系%(n)d个妇女小组")),
        (
            check_count(micro_homes, _("联系妇女微家数")),
            "min_micro_homes",
            _("还需联系%(n)d个妇女微家"),
        ),
        (check_count(women, _("联系妇女群众数")), "min_women", _("还需联系%(n)d名妇女群众")),
    )
    gaps = tuple(
        message % {"n": param(rule_id, key, ruleset) - value}
        for value, key, message in counts
        if value < param(rule_id, key, ruleset)
    )
    summary = _("联系妇女小组%(groups)d个、妇女微家%(homes)d个、妇女群众%(women)d名") % {
        "groups": groups,
        "homes": micro_homes,
        "women": women,
    }
    detail = summary + ("；" + "；".join(gaps) if gaps else "")
    outcome = "gaps" if gaps else MET
    return ContactCheck(not gaps, gaps, verdict(rule_id, outcome, detail, ruleset))


# R-EX-09, R-EX-10 ----------------------------------------------------------------------


def report_status(
    kind: str,
    period: Period,
    *,
    tenure: Tenure,
    report_dates: Iterable[dt.date],
    today: dt.date,
    ruleset: str | None = None,
) -> DutyStatus:
    """R-EX-09 述职: ``kind`` "oral" (口头述职, each half-year) or "written" (书面述职, each
    year) at her federation's executive meeting; same statuses as 七个一."""
    rule_id = "R-EX-09"
    if kind not in REPORT_LABELS:
        raise RuleError(_("未知的述职方式：%(kind)s") % {"kind": kind})
    spec = param(rule_id, kind, ruleset)
    period_kind = period_kind_param(rule_id, spec["period"])
    check_period_kind(rule_id, period_kind, period)
    return period_status(
        rule_id=rule_id,
        what=str(REPORT_LABELS[kind]),
        required=spec["count"],
        period=period,
        tenure=tenure,
        dates=report_dates,
        today=today,
        ruleset=ruleset,
    )


@dataclass(frozen=True)
class MeetingCheck:
    period: Period
    held: int
    status: str
    verdict: Verdict

    @property
    def flagged(self) -> bool:
        return self.status == OVERDUE


def executive_meeting_check(
    *,
    level: str,
    period: Period,
    meeting_dates: Iterable[dt.date],
    today: dt.date,
    active_since: dt.date | None = None,
    ruleset: str | None = None,
) -> MeetingCheck:
    """R-EX-10: a township (street) or village (community) federation holds an executive
    meeting every half-year; a half that ended without one is flagged (overdue). Other levels
    are not_required; a federation founded during the half is partial."""
    rule_id = "R-EX-10"
    required = param(rule_id, "count", ruleset)
    kind = period_kind_param(rule_id, param(rule_id, "period", ruleset))
    check_period_kind(rule_id, kind, period)
    if level not in param(rule_id, "levels", ruleset):
        detail = _("该层级妇联不适用每半年召开执委会的要求")
        return MeetingCheck(
            period, 0, NOT_REQUIRED, verdict(rule_id, NOT_REQUIRED, detail, ruleset)
        )
    status = period_status(
        rule_id=rule_id,
        what=_("召开执委会"),
        required=required,
        period=period,
        tenure=Tenure(active_since or dt.date.min),
        dates=meeting_dates,
        today=today,
        ruleset=ruleset,
    )
    return MeetingCheck(period, status.done, status.status, status.verdict)


# R-EX-11 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingCoverage:
    members: int
    trained: int
    untrained: tuple[Hashable, ...]
    status: str
    verdict: Verdict

    @property
    def share(self) -> Fraction | None:
        """Trained share of the committee (None for an empty committee)."""
        return Fraction(self.trained, self.members) if self.members else None


def training_coverage(
    *,
    term_start: dt.date,
    term_end: dt.date | None,
    trainings: Mapping[Hashable, Iterable[dt.date]],
    today: dt.date,
    ruleset: str | None = None,
) -> TrainingCoverage:
    """R-EX-11 每届任期内全覆盖培训: ``trainings`` maps every member of the committee this term
    to the dates she was trained; met when each was trained (params.trainings_per_member) in
    the term. Open term: due; ended term: overdue."""
    rule_id = "R-EX-11"
    needed = param(rule_id, "trainings_per_member", ruleset)
    term = Tenure(term_start, term_end)
    last = min(term_end, today) if term_end else today
    untrained = tuple(
        member
        for member, dates in trainings.items()
        if count_in(tuple(dates), term_start, last) < needed
    )
    members = len(trainings)
    trained = members - len(untrained)
    values = {"members": members, "trained": trained, "untrained": len(untrained)}
    if not members:
        status, detail = NOT_REQUIRED, _("本届没有执委")
    elif not untrained:
        status, detail = MET, _("本届执委%(members)d人已全部参加培训") % values
    else:
        values["percent"] = round(100 * trained / members)
        detail = (
            _("本届执委%(members)d人，已培训%(trained)d人（%(percent)d%%），未培训%(untrained)d人")
            % values
        )
        if term.end is not None and today > term.end:
            status = OVERDUE
            detail += _("；本届任期已于%(end)s届满") % {"end": cn_date(term.end)}
        else:
            status = DUE
    return TrainingCoverage(
        members, trained, untrained, status, verdict(rule_id, status, detail, ruleset)
    )
