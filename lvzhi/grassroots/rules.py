"""Pure rules of grassroots organization building (R-OR-01…08): plain values in, verdicts
carrying the rule id and its source clause out. No database.

Numbers are read as RULES.md "How numbers are read" says: 30 人以上 includes 30,
100 人以下 includes 100. The thresholds are rule-set data (``[rules.params]`` of R-OR-01,
R-OR-03, R-OR-04, R-OR-05 and R-OR-08 in ``lvzhi/rulesets/cq2019.toml``), not code.
"""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import identifiers
from lvzhi.core.rulesets import Verdict, load_ruleset, verdict


class RuleError(ValueError):
    """A value a rule refuses, with a message a cadre can act on."""


def param(rule_id: str, key: str, ruleset: str | None = None):
    """A threshold of a grassroots rule, from ``[rules.params]`` of the rule set (CQ 2019:
    30 female staff, 3 group members, 2–3 vice-chairs, 100 women, reminders at 6 and 3
    months): another province's variant changes the numbers without a code change."""
    rules = load_ruleset(ruleset)
    try:
        return rules[rule_id].params[key]
    except KeyError:
        raise LookupError(
            f"规则集 {rules.code} 的 {rule_id} 缺少参数 {key}（在 [rules.params] 中给出）"
        ) from None


# 统一社会信用代码 ----------------------------------------------------------------


def normalize_uscc(value: str) -> str:
    """A valid 18-character 统一社会信用代码 (GB 32100-2015, checked with ``stdnum.cn.uscc``),
    upper-cased; "" when blank; RuleError naming what is wrong otherwise."""
    try:
        return identifiers.normalize_uscc(value)
    except identifiers.InvalidCode as exc:
        raise RuleError(str(exc)) from None


# R-OR-01 / R-OR-02：四新组织应建的妇联形式 ------------------------------------------


def staff_errors(*, fixed_staff: int | None, fixed_female_staff: int | None) -> dict[str, str]:
    errors = {}
    if fixed_staff is not None and fixed_staff < 0:
        errors["fixed_staff"] = _("人数不能为负数")
    if fixed_female_staff is not None and fixed_female_staff < 0:
        errors["fixed_female_staff"] = _("人数不能为负数")
    if (
        not errors
        and fixed_staff is not None
        and fixed_female_staff is not None
        and fixed_female_staff > fixed_staff
    ):
        errors["fixed_female_staff"] = _("固定女职工人数不能多于固定从业人员人数")
    return errors


def expected_form(*, fixed_female_staff: int, has_party_organization: bool) -> str:
    """``standalone`` (R-OR-01) or ``joint`` (R-OR-02)."""
    minimum = param("R-OR-01", "female_staff_min")
    if has_party_organization and fixed_female_staff >= minimum:
        return "standalone"
    return "joint"


def sixin_verdict(
    *, fixed_female_staff: int, has_party_organization: bool, covered_by: str | None = None
) -> Verdict:
    """The form a 四新 organization's federation takes, and whether one covers it.

    Outcomes: ``standalone_due`` (R-OR-01, no federation yet), ``joint_due`` (R-OR-02, no
    federation yet), ``covered`` (under the rule that applies, naming the federation)."""
    minimum = param("R-OR-01", "female_staff_min")
    form = expected_form(
        fixed_female_staff=fixed_female_staff, has_party_organization=has_party_organization
    )
    rule_id = "R-OR-01" if form == "standalone" else "R-OR-02"
    if covered_by:
        return verdict(rule_id, "covered", _("已由“%(name)s”覆盖") % {"name": covered_by})
    if form == "standalone":
        return verdict(
            rule_id,
            "standalone_due",
            _("已建党组织且固定女职工%(n)d人（≥%(min)d人），应单独建立妇联")
            % {"n": fixed_female_staff, "min": minimum},
        )
    reasons = []
    if not has_party_organization:
        reasons.append(_("未建党组织"))
    if fixed_female_staff < minimum:
        reasons.append(
            _("固定女职工%(n)d人（不满%(min)d人）") % {"n": fixed_female_staff, "min": minimum}
        )
    return verdict(
        rule_id,
        "joint_due",
        _("%(reasons)s，应通过联合组建、区域联建或行业统建覆盖")
        % {"reasons": "、".join(str(r) for r in reasons)},
    )


# R-OR-03 / R-OR-04 / R-OR-05 / R-OR-06 ------------------------------------------------


def women_group_verdict(*, fixed_members: int, leaders: int) -> Verdict:
    """R-OR-03 妇女小组: ≥ 3 fixed members (3 is valid) and exactly one leader."""
    minimum = param("R-OR-03", "members_min")
    problems = []
    if fixed_members < minimum:
        problems.append(_("固定成员%(n)d人，不足%(min)d人") % {"n": fixed_members, "min": minimum})
    if leaders != 1:
        problems.append(_("应有1名组长，现有%(n)d名") % {"n": leaders})
    if problems:
        return verdict("R-OR-03", "invalid", "；".join(str(p) for p in problems))
    return verdict("R-OR-03", "valid", _("固定成员%(n)d人，组长1名") % {"n": fixed_members})


def committee_verdict(*, chairs: int, vice_chairs: int) -> Verdict:
    """R-OR-04: 1 chair and 2–3 vice-chairs (1 and 4 are refused)."""
    low, high = param("R-OR-04", "vice_chairs_min"), param("R-OR-04", "vice_chairs_max")
    problems = []
    if chairs != 1:
        problems.append(_("应设主席1名，现为%(n)d名") % {"n": chairs})
    if not low <= vice_chairs <= high:
        problems.append(
            _("副主席应为%(low)d至%(high)d名，现为%(n)d名")
            % {"low": low, "high": high, "n": vice_chairs}
        )
    if problems:
        return verdict("R-OR-04", "refused", "；".join(str(p) for p in problems))
    return verdict("R-OR-04", "accepted", _("主席1名，副主席%(n)d名") % {"n": vice_chairs})


def congress_form(*, women: int) -> Verdict:
    """R-OR-05: ≤ 100 women hold a general assembly of all women; more elect delegates."""
    if women < 0:
        raise RuleError(_("人数不能为负数"))
    limit = param("R-OR-05", "assembly_max")
    if women <= limit:
        return verdict(
            "R-OR-05",
            "assembly",
            _("妇女%(n)d人（%(max)d人以下），召开全体妇女大会") % {"n": women, "max": limit},
        )
    return verdict(
        "R-OR-05",
        "delegates",
        _("妇女%(n)d人（超过%(max)d人），选举产生妇女代表") % {"n": women, "max": limit},
    )


FOUNDING_STEPS = (
    ("preparatory_group", _("成立筹备组（党组织批复建会申请）")),
    ("founding_plan", _("制定筹备方案（上级妇联意见、党组织批复）")),
    ("delegates", _("产生妇女代表（或召开全体妇女大会）")),
    ("candidates", _("提出执委候选人建议名单（上级妇联意见、党组织批复）")),
    ("congress", _("召开妇女代表大会：通过选举办法和监票人，无记名投票选举第一届执委会")),
    ("first_meeting", _("执委会第一次会议：无记名投票选举主席、副主席")),
    ("filing", _("选举结果报党组织和上级妇联备案")),
)


def founding_steps(*, system_federation: bool) -> list[tuple[str, str]]:
    """R-OR-05 in order; CQ-XT 四 puts the candidate list before the delegates for system
    federations."""
    steps = list(FOUNDING_STEPS)
    if system_federation:
        steps[2], steps[3] = steps[3], steps[2]
    return [(code, str(label)) for code, label in steps]


ELECTION_STEPS = ("delegates", "candidates", "congress", "first_meeting")


def election_steps(*, system_federation: bool) -> list[str]:
    """The steps an election's page, API and papers present, in R-OR-05's order for the
    kind: the candidate list before the delegates for a system federation (CQ-XT 四), after
    them otherwise; then the congress and the first committee meeting."""
    return [
        code
        for code, _label in founding_steps(system_federation=system_federation)
        if code in ELECTION_STEPS
    ]


RENEWAL_STEPS = {
    "request": gettext_lazy(
        "换届请示：换届时间，执委和主席、副主席候选人名额（上级妇联意见、党组织批复）"
    ),
    "delegates": gettext_lazy("产生妇女代表（或召开全体妇女大会）"),
    "candidates": gettext_lazy("提出新一届执委候选人建议名单（上级妇联意见、党组织批复）"),
    "congress": gettext_lazy("召开妇女代表大会：通过选举办法和监票人，无记名投票选举新一届执委会"),
    "first_meeting": gettext_lazy("新一届执委会第一次会议：无记名投票选举主席、副主席"),
    "filing": gettext_lazy("选举结果报党组织和上级妇联备案"),
}


def renewal_steps(*, system_federation: bool) -> list[tuple[str, str]]:
    """A term renewal (R-OR-08) in R-OR-05's order: the request to the party organization
    and the upper federation, the election's steps as ``election_steps`` gives them for the
    kind (a system federation's candidates before its delegates), then the filing."""
    codes = ["request", *election_steps(system_federation=system_federation), "filing"]
    return [(code, str(RENEWAL_STEPS[code])) for code in codes]


def system_federation_check(*, subordinate_units: int, has_women_committee: bool) -> Verdict:
    """R-OR-06: a system federation only where the agency has subordinate units and an
    existing 妇委会/妇工委; the verdict names what is missing."""
    missing = []
    if subordinate_units < 1:
        missing.append(_("该机关没有下属单位"))
    if not has_women_committee:
        missing.append(_("该机关尚未建立妇委会或妇工委"))
    if missing:
        return verdict("R-OR-06", "refused", "；".join(str(m) for m in missing))
    return verdict(
        "R-OR-06",
        "allowed",
        _("下属单位%(n)d个，已建妇委会/妇工委") % {"n": subordinate_units},
    )


# R-OR-07 覆盖率 / R-OR-08 换届提醒 ------------------------------------------------------


def region_prefix(code: str) -> str:
    """The code prefix every division below ``code`` shares: 120000 → 12, 120100 → 1201,
    120116 → 120116; 9- and 12-digit codes are their own prefix."""
    code = (code or "").strip()
    if len(code) == 6:
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
    return code


@dataclass(frozen=True)
class Coverage:
    villages: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.villages - self.covered

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.covered, self.villages) if self.villages else None

    @property
    def percent(self) -> str:
        share = self.share
        return "—" if share is None else f"{float(share) * 100:.1f}%"


def coverage_verdict(*, villages: int, covered: int) -> Verdict:
    """R-OR-07: every village-level region of the subtree has a federation (target 100%);
    a village without an organization row counts as uncovered."""
    if covered > villages or covered < 0:
        raise RuleError(_("已建妇联的村（社区）数不能多于村（社区）总数"))
    coverage = Coverage(villages, covered)
    if villages == 0:
        return verdict("R-OR-07", "no_villages", _("该范围内没有登记村（社区）级行政区划"))
    detail = _("村（社区）%(v)d个，已建妇联%(c)d个，覆盖率%(p)s") % {
        "v": villages,
        "c": covered,
        "p": coverage.percent,
    }
    return verdict("R-OR-07", "met" if covered == villages else "gap", detail)


def renewal_stage(*, end_date: dt.date, today: dt.date) -> str:
    """R-OR-08: ``overdue`` past the end, ``due_3`` / ``due_6`` within 3 / 6 months of it
    (the day the window opens included), else ``current``."""
    if today > end_date:
        return "overdue"
    for months in sorted(param("R-OR-08", "remind_months")):
        if today >= months_before(end_date, months):
            return f"due_{months}"
    return "current"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (later when negative), the month's last day
    when it has no such day (31 Aug − 6 months → 28 Feb)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def vote_counts_errors(*, issued: int, returned: int) -> dict[str, str]:
    """Ballots returned may not exceed ballots issued (the election is void otherwise)."""
    if returned > issued:
        return {"returned": _("收回选票数不能多于发出选票数")}
    return {}


# 选举（R-OR-05：无记名投票；建会与换届相同）-----------------------------------------------

ELECTION_METHODS = {
    "expected": _("赞成票超过应到会人数的半数"),
    "present": _("赞成票超过实到会人数的半数"),
}
METHOD_BASES = {"expected": _("应到"), "present": _("实到")}


@dataclass(frozen=True)
class Tally:
    """One candidate's secret-ballot count: for, against, abstain, and the ballots that were
    invalid for her."""

    name: str
    seat: str
    votes_for: int
    votes_against: int = 0
    votes_abstain: int = 0
    votes_invalid: int = 0

    @property
    def total(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain + self.votes_invalid


@dataclass(frozen=True)
class TallyResult:
    tally: Tally
    elected: bool
    verdict: Verdict


def plain_number(value: Fraction) -> str:
    """50, 49.5: half of a number of people as a cadre writes it."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def round_errors(*, expected: int, present: int, issued: int, returned: int) -> dict[str, str]:
    """A ballot round's counts: present ≤ expected, ballots issued ≤ present, ballots
    returned ≤ issued (more returned than issued voids the election: refused, not stored)."""
    errors = {}
    if expected < 1:
        errors["expected"] = _("应到人数须至少为1人")
    elif present > expected:
        errors["present"] = _("实到人数（%(p)d人）不能多于应到人数（%(e)d人）") % {
            "p": present,
            "e": expected,
        }
    if issued > present:
        errors["ballots_issued"] = _("发出选票数（%(i)d张）不能多于实到人数（%(p)d人）") % {
            "i": issued,
            "p": present,
        }
    if returned > issued:
        errors["ballots_returned"] = _(
            "收回选票数（%(r)d张）多于发出选票数（%(i)d张），选举无效，不予登记"
        ) % {"r": returned, "i": issued}
    return errors


def tally_error(tally: Tally, *, returned: int) -> str | None:
    """A candidate's for + against + abstain + invalid cannot exceed the ballots returned."""
    if tally.total > returned:
        return _("%(name)s：赞成、反对、弃权和废票合计%(total)d张，多于收回选票%(returned)d张") % {
            "name": tally.name,
            "total": tally.total,
            "returned": returned,
        }
    return None


def majority_line(*, method: str, expected: int, present: int, votes_for: int) -> tuple[bool, str]:
    """The chosen method's rule as arithmetic: "得票 57 > 应到 100 的半数 50" (超过 excludes the
    bound: 50 of 100 is not elected)."""
    if method not in ELECTION_METHODS:
        raise RuleError(_("未知的选举办法：%(m)s") % {"m": method})
    numerator, denominator = param("R-OR-05", "majority")
    base = expected if method == "expected" else present
    bound = Fraction(base * numerator, denominator)
    passed = votes_for > bound
    line = _("得票 %(v)d %(op)s %(base_label)s %(base)d 的半数 %(bound)s") % {
        "v": votes_for,
        "op": ">" if passed else "≤",
        "base_label": METHOD_BASES[method],
        "base": base,
        "bound": plain_number(bound),
    }
    return passed, line


def election_results(
    *, method: str, expected: int, present: int, tallies, seats: dict[str, int | None]
) -> list[TallyResult]:
    """Who is elected in one ballot round, under the chosen method: more votes for than half
    of the base; where more pass than a seat has places (``seats[seat]``; None: no limit),
    the most votes win and a tie at the last place is elected by neither (另行选举)."""
    tallies = list(tallies)
    passed = {}
    for tally in tallies:
        passed[tally.name] = majority_line(
            method=method, expected=expected, present=present, votes_for=tally.votes_for
        )
    placed = {}
    for seat in {t.seat for t in tallies}:
        winners = sorted(
            (t for t in tallies if t.seat == seat and passed[t.name][0]),
            key=lambda t: -t.votes_for,
        )
        limit = seats.get(seat)
        if limit is None or len(winners) <= limit:
            placed.update((t.name, "elected") for t in winners)
            continue
        cutoff = winners[limit - 1].votes_for if limit else None
        tied = cutoff is not None and winners[limit].votes_for == cutoff
        for position, tally in enumerate(winners):
            if tied and tally.votes_for == cutoff:
                placed[tally.name] = "tie"
            else:
                placed[tally.name] = "elected" if position < limit else "over"
    results = []
    for tally in tallies:
        ok, line = passed[tally.name]
        outcome = placed.get(tally.name, "not_elected")
        if outcome == "elected":
            detail = _("%(line)s：当选") % {"line": line}
        elif outcome == "tie":
            detail = _("%(line)s，但与他人得票相同且超出应选名额：须另行选举") % {"line": line}
        elif outcome == "over":
            detail = _("%(line)s，但得票少于应选名额内的候选人：未当选") % {"line": line}
        else:
            detail = _("%(line)s：未当选") % {"line": line}
        results.append(
            TallyResult(tally, outcome == "elected", verdict("R-OR-05", outcome, detail))
        )
    return results
