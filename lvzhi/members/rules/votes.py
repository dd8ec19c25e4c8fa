"""执委增替补、卸免、终止: procedure (R-MB-11), nominations (R-MB-12), the plenary vote
(R-MB-13) and its scrutineers and counters (R-MB-14).

Thresholds (CQ-ZT 第十五条, 第十六条; RULES.md "How numbers are read"):
- 三分之一以上妇联执委: 以上 includes the bound, supporters ≥ ⌈members / 3⌉;
  20名以上妇女群众: ≥ 20.
- 参加选举的执委人数必须超过应到执委人数的三分之二: 超过 excludes it, present > 2/3 × expected.
- 赞成票数超过应到会执委的半数: yes > expected / 2; the base is expected, not present.

One module (≈400 lines): procedure, nominations, the vote and its officers are one chain
of rules (R-MB-11 to R-MB-14) sharing the thresholds above.
"""

import math
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.rulesets import Verdict, verdict
from lvzhi.members.rules.common import (
    RuleError,
    check_count,
    cn_fraction,
    fraction_param,
    param,
    plain_number,
)

# R-MB-11 -------------------------------------------------------------------------------

CHANGE_LABELS = {
    "addition": gettext_lazy("增补"),
    "replacement": gettext_lazy("替补"),
    "release": gettext_lazy("卸免"),
    "termination": gettext_lazy("资格终止"),
}

STEP_LABELS = {
    "proposal": gettext_lazy("同级妇联组织提出建议"),
    "party_approval": gettext_lazy("同级党组织批准同意"),
    "plenary_vote": gettext_lazy("召开执委会全体会议表决通过"),
    "announcement": gettext_lazy("在本级执委会上通报"),
}


def step_label(step: str) -> str:
    return str(STEP_LABELS.get(step, step))


@dataclass(frozen=True)
class StepCheck:
    step: str
    allowed: bool
    missing: tuple[str, ...]  # earlier steps not yet recorded, in order
    effective: bool  # the change takes effect with this step
    verdicts: tuple[Verdict, ...]


def procedure_steps(change: str, ruleset: str | None = None) -> tuple[str, ...]:
    """The steps of a change in order: proposal → party approval → plenary vote; a termination
    is effective on party approval and announced at the next meeting (CQ-ZT 第十七条)."""
    if change not in CHANGE_LABELS:
        raise RuleError(_("未知的执委变动类型：%(change)s") % {"change": change})
    key = "termination_steps" if change == "termination" else "steps"
    return tuple(param("R-MB-11", key, ruleset))


def effective_step(change: str, ruleset: str | None = None) -> str:
    steps = procedure_steps(change, ruleset)
    if change == "termination":
        return param("R-MB-11", "termination_effective_on", ruleset)
    return steps[-1]


def check_procedure_step(
    change: str, *, done: Sequence[str], step: str, ruleset: str | None = None
) -> StepCheck:
    """May ``step`` be recorded now, given the steps already ``done`` (in the order they were
    recorded)? Says which earlier steps are missing. Whether the vote passed is count_vote's
    business; this only checks the order."""
    steps = procedure_steps(change, ruleset)
    for name in (*done, step):
        if name not in steps:
            raise RuleError(
                _("“%(change)s”没有“%(step)s”这一步骤")
                % {"change": CHANGE_LABELS[change], "step": step_label(name)}
            )
    before = steps[: steps.index(step)]
    missing = tuple(s for s in before if s not in done)
    values = {"change": CHANGE_LABELS[change], "step": step_label(step)}
    effective = False
    if step in done:
        allowed, detail = False, _("%(change)s：“%(step)s”已经完成") % values
    elif missing:
        allowed = False
        detail = _("%(change)s：“%(step)s”之前还缺少：%(missing)s") % (
            values | {"missing": "、".join(step_label(s) for s in missing)}
        )
    elif tuple(done) != before:
        allowed = False
        detail = _("%(change)s：已记录的步骤顺序不符合规定（应为：%(order)s）") % (
            values | {"order": " → ".join(step_label(s) for s in steps)}
        )
    else:
        allowed = True
        effective = step == effective_step(change, ruleset)
        detail = _("%(change)s：可以进行“%(step)s”") % values
        if effective:
            detail += _("，完成后生效")
    verdicts = [verdict("R-MB-11", "allowed" if allowed else "refused", detail, ruleset)]
    if change == "termination" and allowed and step in ("party_approval", "announcement"):
        if effective:
            text = _("资格经同级党组织批准同意后立即终止，应在下一次执委会上向执委通报")
        else:
            text = _("在本级执委会上向执委通报资格终止")
        verdicts.append(verdict("R-MB-10", "effective" if effective else "announce", text, ruleset))
    return StepCheck(step, allowed, missing, effective, tuple(verdicts))


# R-MB-12 -------------------------------------------------------------------------------

CHANNEL_LABELS = {
    "party": gettext_lazy("组织推荐"),
    "masses": gettext_lazy("群众推荐"),
    "self": gettext_lazy("个人自荐"),
}


@dataclass(frozen=True)
class NominationCheck:
    channel: str
    ready: bool  # may be put to the plenary vote
    missing: tuple[str, ...]
    verdict: Verdict


def masses_member_threshold(committee_size: int, ruleset: str | None = None) -> int:
    """Fewest members for a nomination by the masses: 三分之一以上 of the committee, bound
    included, so ⌈size / 3⌉ (15 → 5, 10 → 4, 12 → 4)."""
    return math.ceil(committee_size * fraction_param("R-MB-12", "masses_member_share", ruleset))


def nomination_check(
    channel: str,
    *,
    committee_size: int = 0,
    supporting_members: int = 0,
    supporting_women: int = 0,
    initial_review: bool = False,
    party_review: bool = False,
    ruleset: str | None = None,
) -> NominationCheck:
    """R-MB-12: what a nomination still needs before the plenary vote.

    party: the party organization's list goes to the vote; masses: ≥ ⌈1/3⌉ of the members or
    ≥ 20 women, then the party's review; self: the federation's initial review, then the
    party's review."""
    rule_id = "R-MB-12"
    if channel not in CHANNEL_LABELS:
        raise RuleError(_("未知的推荐方式：%(channel)s") % {"channel": channel})
    check_count(committee_size, _("执委会人数"))
    check_count(supporting_members, _("推荐执委人数"))
    check_count(supporting_women, _("推荐妇女群众人数"))
    missing = []
    if channel == "masses":
        if committee_size < 1:
            raise RuleError(_("群众推荐须提供执委会人数"))
        if supporting_members > committee_size:
            raise RuleError(
                _("推荐执委人数（%(n)d人）不能多于执委会人数（%(size)d人）")
                % {"n": supporting_members, "size": committee_size}
            )
        members_needed = masses_member_threshold(committee_size, ruleset)
        women_needed = param(rule_id, "masses_women", ruleset)
        if supporting_members < members_needed and supporting_women < women_needed:
            missing.append(
                _(
                    "推荐人数不足：需%(share)s以上执委（%(members_needed)d人，现%(members)d人）"
                    "或%(women_needed)d名以上妇女群众（现%(women)d人）"
                )
                % {
                    "share": cn_fraction(fraction_param(rule_id, "masses_member_share", ruleset)),
                    "members_needed": members_needed,
                    "members": supporting_members,
                    "women_needed": women_needed,
                    "women": supporting_women,
                }
            )
    if channel == "self" and not initial_review:
        missing.append(_("本级妇联组织初审"))
    if channel in ("masses", "self") and not party_review:
        missing.append(_("同级党组织审议通过"))
    label = CHANNEL_LABELS[channel]
    if missing:
        detail = _("%(channel)s：提交执委会表决前还需：%(missing)s") % {
            "channel": label,
            "missing": "；".join(missing),
        }
    else:
        detail = _("%(channel)s：可以提交执委会表决") % {"channel": label}
    outcome = "pending" if missing else "ready"
    return NominationCheck(
        channel, not missing, tuple(missing), verdict(rule_id, outcome, detail, ruleset)
    )


# R-MB-13 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ballot:
    """A candidate's show of hands."""

    candidate: str
    yes: int
    no: int = 0
    abstain: int = 0


@dataclass(frozen=True)
class CandidateResult:
    candidate: str
    yes: int
    no: int
    abstain: int
    elected: bool
    verdict: Verdict


@dataclass(frozen=True)
class VoteResult:
    expected: int
    present: int
    min_present: int
    min_yes: int
    valid: bool
    verdict: Verdict
    candidates: tuple[CandidateResult, ...]

    @property
    def elected(self) -> tuple[str, ...]:
        return tuple(c.candidate for c in self.candidates if c.elected)


def vote_thresholds(expected: int, ruleset: str | None = None) -> tuple[int, int]:
    """(fewest present, fewest yes votes) for ``expected`` members: strictly more than 2/3 and
    than 1/2 of expected (15 → 11, 8; 12 → 9, 7; 25 → 17, 13)."""
    quorum = fraction_param("R-MB-13", "quorum", ruleset)
    majority = fraction_param("R-MB-13", "majority", ruleset)
    return math.floor(expected * quorum) + 1, math.floor(expected * majority) + 1


def count_vote(
    *, expected: int, present: int, ballots: Iterable[Ballot], ruleset: str | None = None
) -> VoteResult:
    """R-MB-13: is the session valid, and who is elected? Refuses impossible counts (present
    more than expected, more votes than people present, negative numbers)."""
    rule_id = "R-MB-13"
    check_count(expected, _("应到人数"))
    check_count(present, _("实到人数"))
    if expected < 1:
        raise RuleError(_("应到人数须至少为1人"))
    if present > expected:
        raise RuleError(
            _("实到人数（%(present)d人）不能多于应到人数（%(expected)d人）")
            % {"present": present, "expected": expected}
        )
    ballots = tuple(ballots)
    seen = set()
    for ballot in ballots:
        if ballot.candidate in seen:
            raise RuleError(_("候选人%(name)s重复计票") % {"name": ballot.candidate})
        seen.add(ballot.candidate)
        for value, what in (
            (ballot.yes, _("赞成")),
            (ballot.no, _("反对")),
            (ballot.abstain, _("弃权")),
        ):
            check_count(
                value, _("候选人%(name)s的%(what)s票数") % {"name": ballot.candidate, "what": what}
            )
        total = ballot.yes + ballot.no + ballot.abstain
        if total > present:
            raise RuleError(
                _("候选人%(name)s的赞成、反对、弃权票合计%(total)d票，多于实到人数%(present)d人")
                % {"name": ballot.candidate, "total": total, "present": present}
            )

    quorum = fraction_param(rule_id, "quorum", ruleset)
    majority = fraction_param(rule_id, "majority", ruleset)
    min_present, min_yes = vote_thresholds(expected, ruleset)
    valid = present > expected * quorum
    values = {
        "expected": expected,
        "present": present,
        "share": cn_fraction(quorum),
        "bound": plain_number(expected * quorum),
        "min": min_present,
    }
    if valid:
        detail = _(
            "应到%(expected)d人，实到%(present)d人，超过应到人数的%(share)s（%(bound)s人），可以进行选举"
        )
    else:
        detail = _(
            "应到%(expected)d人，实到%(present)d人，未超过应到人数的%(share)s（%(bound)s人，须至少%(min)d人），"
            "不能进行选举"
        )
    session = verdict(rule_id, "valid" if valid else "invalid", detail % values, ruleset)

    results = []
    for ballot in ballots:
        elected = valid and ballot.yes > expected * majority
        values = {
            "name": ballot.candidate,
            "yes": ballot.yes,
            "no": ballot.no,
            "abstain": ballot.abstain,
            "share": cn_fraction(majority),
            "bound": plain_number(expected * majority),
            "min": min_yes,
        }
        tally = _("%(name)s：赞成%(yes)d票、反对%(no)d票、弃权%(abstain)d票") % values
        if not valid:
            detail = tally + _("；实到人数不足，选举无效")
        elif elected:
            detail = tally + _("，超过应到人数的%(share)s（%(bound)s人），当选") % values
        else:
            detail = (
                tally
                + _("，未超过应到人数的%(share)s（%(bound)s人，须至少%(min)d票），未当选") % values
            )
        outcome = "elected" if elected else "not_elected"
        results.append(
            CandidateResult(
                ballot.candidate,
                ballot.yes,
                ballot.no,
                ballot.abstain,
                elected,
                verdict(rule_id, outcome, detail, ruleset),
            )
        )
    return VoteResult(expected, present, min_present, min_yes, valid, session, tuple(results))


# R-MB-14 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficersCheck:
    ok: bool
    problems: tuple[str, ...]
    verdict: Verdict


def vote_officers_check(
    *,
    scrutineers: Sequence[Hashable],
    counters: Sequence[Hashable],
    present_members: Collection[Hashable],
    federation_staff: Collection[Hashable],
    scrutineers_approved: bool,
    ruleset: str | None = None,
) -> OfficersCheck:
    """R-MB-14: 1–2 scrutineers (监票员) among the members present, approved by the meeting;
    1–2 counters (计票员) from the federation's staff. People are given by id or name."""
    rule_id = "R-MB-14"
    problems = []
    for role, people, spec in (
        (_("监票员"), scrutineers, param(rule_id, "scrutineers", ruleset)),
        (_("计票员"), counters, param(rule_id, "counters", ruleset)),
    ):
        if not spec["min"] <= len(people) <= spec["max"]:
            problems.append(
                _("%(role)s应为%(min)d—%(max)d名，现%(n)d名")
                % {"role": role, "min": spec["min"], "max": spec["max"], "n": len(people)}
            )
        if len(set(people)) != len(people):
            problems.append(_("%(role)s有重复人员") % {"role": role})
    for person in scrutineers:
        if person not in present_members:
            problems.append(_("监票员%(person)s不是出席会议的执委") % {"person": person})
    if scrutineers and not scrutineers_approved:
        problems.append(_("监票员须经执委会审议通过"))
    for person in counters:
        if person not in federation_staff:
            problems.append(
                _("计票员%(person)s不是本级妇联组织指派的工作人员") % {"person": person}
            )
    if problems:
        detail = "；".join(problems)
    else:
        detail = _("监票员%(s)d名、计票员%(c)d名，符合规定") % {
            "s": len(scrutineers),
            "c": len(counters),
        }
    return OfficersCheck(
        not problems,
        tuple(problems),
        verdict(rule_id, "error" if problems else "ok", detail, ruleset),
    )
