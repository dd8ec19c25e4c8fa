"""执委退出: recommendations for 自行卸免 (R-MB-08), 组织劝退 (R-MB-09) and 资格终止 (R-MB-10).

These are recommendations with their evidence and clause; a person decides and nothing is
removed automatically (RULES.md, R-MB).

"1年以上未在本地区工作、生活": 以上 includes the number itself (RULES.md, "How numbers are
read"), so a member away exactly one year counts. Away since D, the year is complete on the
same day of the next year (民法典 第二百零一条、第二百零二条; 2月29日 → 2月28日): the day
before is not yet a year, that day and later are.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.rulesets import Verdict, verdict
from lvzhi.members.rules.common import RuleError, add_years, cn_date, param

# Exit kinds, as members.models.ExitKind.
SELF_RELEASE = "self_release"
ADVISED_RESIGNATION = "advised"
TERMINATION = "termination"

KIND_LABELS = {
    SELF_RELEASE: gettext_lazy("自行卸免"),
    ADVISED_RESIGNATION: gettext_lazy("组织劝退"),
    TERMINATION: gettext_lazy("资格终止"),
}

PRESENT = "present"
EXCUSED = "excused"
ABSENT = "absent"  # 无故不出席

ATTENDANCE_LABELS = {
    PRESENT: gettext_lazy("出席"),
    EXCUSED: gettext_lazy("请假"),
    ABSENT: gettext_lazy("无故缺席"),
}

RECOMMEND = "recommend"


@dataclass(frozen=True)
class ExitRecommendation:
    kind: str  # self_release | advised | termination
    # away, resigned, personal (R-MB-08); below_requirements, failed_evaluations, absences
    # (R-MB-09); or an R-MB-10 ground code
    ground: str
    evidence: str
    verdict: Verdict

    @property
    def clause(self) -> str:
        return self.verdict.source


@dataclass(frozen=True)
class MeetingAttendance:
    """One executive meeting and whether the member was present, excused or absent."""

    meeting: str
    held_on: dt.date
    status: str


def _recommend(rule_id, kind, ground, evidence, ruleset) -> ExitRecommendation:
    detail = _("建议%(kind)s：%(evidence)s") % {"kind": KIND_LABELS[kind], "evidence": evidence}
    return ExitRecommendation(kind, ground, evidence, verdict(rule_id, RECOMMEND, detail, ruleset))


def away_period_reached(away_since: dt.date, today: dt.date, ruleset: str | None = None) -> bool:
    """True once she has been away params.away_years (1) years or more: from the anniversary
    day on, the anniversary included (以上 includes the bound)."""
    return today >= add_years(away_since, param("R-MB-08", "away_years", ruleset))


def self_release_recommendations(
    *,
    today: dt.date,
    away_since: dt.date | None = None,
    resignation_approved_on: dt.date | None = None,
    personal_reason: str = "",
    ruleset: str | None = None,
) -> list[ExitRecommendation]:
    """R-MB-08 自行卸免: away from the locality 1 year or more; resignation approved; another
    personal reason entered by a cadre."""
    rule_id = "R-MB-08"
    result = []
    if away_since is not None and away_period_reached(away_since, today, ruleset):
        years = param(rule_id, "away_years", ruleset)
        evidence = _(
            "自%(since)s起未在本地区工作、生活，至%(today)s已满%(years)d年（“%(years)d年以上”含本数）"
        ) % {"since": cn_date(away_since), "today": cn_date(today), "years": years}
        result.append(_recommend(rule_id, SELF_RELEASE, "away", evidence, ruleset))
    if resignation_approved_on is not None:
        evidence = _("本人辞去执委职务已于%(day)s获批准") % {
            "day": cn_date(resignation_approved_on)
        }
        result.append(_recommend(rule_id, SELF_RELEASE, "resigned", evidence, ruleset))
    if personal_reason.strip():
        evidence = _("因个人原因不能继续履行执委职务：%(reason)s") % {
            "reason": personal_reason.strip()
        }
        result.append(_recommend(rule_id, SELF_RELEASE, "personal", evidence, ruleset))
    return result


def failed_evaluation_years(
    evaluations: Mapping[int, str], ruleset: str | None = None
) -> list[int] | None:
    """The latest run of consecutive years graded 不合格 when it is long enough (2 years), else
    None."""
    failing = param("R-MB-09", "failing_grade", ruleset)
    needed = param("R-MB-09", "failed_years", ruleset)
    runs: list[list[int]] = []
    for year in sorted(evaluations):
        if evaluations[year] != failing:
            continue
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    long_runs = [run for run in runs if len(run) >= needed]
    return long_runs[-1] if long_runs else None


def unexcused_absence_run(
    attendance: Iterable[MeetingAttendance], ruleset: str | None = None
) -> list[MeetingAttendance] | None:
    """The latest run of consecutive executive meetings missed without excuse, when it reaches
    params.absences (3); presence or an excused absence breaks a run."""
    needed = param("R-MB-09", "absences", ruleset)
    runs: list[list[MeetingAttendance]] = [[]]
    for record in sorted(attendance, key=lambda r: r.held_on):
        if record.status not in ATTENDANCE_LABELS:
            raise RuleError(_("未知的出席情况：%(status)s") % {"status": record.status})
        if record.status == ABSENT:
            runs[-1].append(record)
        elif runs[-1]:
            runs.append([])
    long_runs = [run for run in runs if len(run) >= needed]
    return long_runs[-1] if long_runs else None


def advised_resignation_recommendations(
    *,
    evaluations: Mapping[int, str] | None = None,
    attendance: Iterable[MeetingAttendance] = (),
    below_requirements_after_training: bool = False,
    ruleset: str | None = None,
) -> list[ExitRecommendation]:
    """R-MB-09 组织劝退: below requirements after training (a cadre's finding); yearly
    evaluation 不合格 in two consecutive years (``evaluations`` maps year → grade); absent
    without excuse from 3 consecutive executive meetings."""
    rule_id = "R-MB-09"
    result = []
    if below_requirements_after_training:
        evidence = _("履职能力达不到要求，经培训仍未达到要求")
        result.append(
            _recommend(rule_id, ADVISED_RESIGNATION, "below_requirements", evidence, ruleset)
        )
    years = failed_evaluation_years(evaluations or {}, ruleset)
    if years:
        evidence = _("%(years)s 年度评议%(grade)s") % {
            "years": "、".join(str(y) for y in years),
            "grade": param(rule_id, "failing_grade", ruleset),
        }
        result.append(
            _recommend(rule_id, ADVISED_RESIGNATION, "failed_evaluations", evidence, ruleset)
        )
    run = unexcused_absence_run(attendance, ruleset)
    if run:
        meetings = "、".join(
            _("%(meeting)s（%(day)s）") % {"meeting": r.meeting, "day": cn_date(r.held_on)}
            for r in run
        )
        evidence = _("无故连续%(n)d次不出席执委会：%(meetings)s") % {
            "n": len(run),
            "meetings": meetings,
        }
        result.append(_recommend(rule_id, ADVISED_RESIGNATION, "absences", evidence, ruleset))
    return result


def termination_grounds(ruleset: str | None = None) -> dict[str, str]:
    """R-MB-10: the grounds a cadre may enter, code → text of 第十三条."""
    return dict(param("R-MB-10", "grounds", ruleset))


def termination_recommendations(
    grounds: Iterable[str], *, note: str = "", ruleset: str | None = None
) -> list[ExitRecommendation]:
    """R-MB-10 资格终止 for grounds entered by a cadre (codes of ``termination_grounds``).
    Termination takes effect only on party approval and is announced at the next executive
    meeting (see ``check_procedure_step``)."""
    known = termination_grounds(ruleset)
    result = []
    for ground in dict.fromkeys(grounds):
        if ground not in known:
            raise RuleError(
                _("资格终止情形“%(ground)s”不在第十三条所列范围内") % {"ground": ground}
            )
        evidence = known[ground] + (
            _("（%(note)s）") % {"note": note.strip()} if note.strip() else ""
        )
        result.append(_recommend("R-MB-10", TERMINATION, ground, evidence, ruleset))
    return result


def exit_recommendations(
    *,
    today: dt.date,
    away_since: dt.date | None = None,
    resignation_approved_on: dt.date | None = None,
    personal_reason: str = "",
    evaluations: Mapping[int, str] | None = None,
    attendance: Iterable[MeetingAttendance] = (),
    below_requirements_after_training: bool = False,
    termination: Iterable[str] = (),
    ruleset: str | None = None,
) -> list[ExitRecommendation]:
    """Every exit recommendation for one member: termination first, then advised resignation,
    then self-release."""
    return [
        *termination_recommendations(termination, ruleset=ruleset),
        *advised_resignation_recommendations(
            evaluations=evaluations,
            attendance=attendance,
            below_requirements_after_training=below_requirements_after_training,
            ruleset=ruleset,
        ),
        *self_release_recommendations(
            today=today,
            away_since=away_since,
            resignation_approved_on=resignation_approved_on,
            personal_reason=personal_reason,
            ruleset=ruleset,
        ),
    ]
