"""Pure rules of social organizations (社会组织, CQ-SO): plain values in, verdicts out.

R-SO-01 (第五条) proposes the filing tier from the size and the influence a cadre
records; R-SO-03 (第十三条–第十七条) turns the year's records into a checklist. ``today``
is given; every verdict names its rule id and source clause (lvzhi.core.rulesets)."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import identifiers
from lvzhi.core.rulesets import Verdict, load_ruleset, verdict


class RuleError(ValueError):
    """Bad input a rule refuses; the message is Chinese and shown as a field error."""


# R-SO-01 ------------------------------------------------------------------------------

VILLAGE, TOWNSHIP, COUNTY, CENTER = "village", "township", "county", "center"
TIERS = (VILLAGE, TOWNSHIP, COUNTY, CENTER)  # lowest first
TIER_LABELS = {
    VILLAGE: gettext_lazy("村（社区）妇联"),
    TOWNSHIP: gettext_lazy("街道（镇乡）妇联"),
    COUNTY: gettext_lazy("区县妇联"),
    CENTER: gettext_lazy("市妇女社会组织服务中心"),
}
# the federation levels (lvzhi.orgs.models.Level values) that file at each tier; the
# city's service center is run by the city (or municipality) federation
TIER_LEVELS = {
    VILLAGE: ("village",),
    TOWNSHIP: ("township",),
    COUNTY: ("county",),
    CENTER: ("city", "province"),
}
LOWER_BOUND = 30  # 第五条: 30人以下 / 30人以上 (both include 30)
UPPER_BOUND = 50  # 第五条: 50人以下 / 50人以上 (both include 50)
MAX_SIZE = 1_000_000


@dataclass(frozen=True)
class Influence:
    """What a cadre records of the group beside its size (第五条)."""

    notable: bool = False  # 有较大影响力
    active: bool = False  # 工作活跃
    center_grade: bool = False  # 规模较大、工作制度健全、公信力较高


@dataclass(frozen=True)
class Proposal:
    tier: str
    at_boundary: bool  # two tiers both claim the size (exactly 30 or 50): the lower one
    claims: tuple[str, ...]  # every tier whose clause the group meets, lowest first
    verdict: Verdict

    @property
    def label(self) -> str:
        return tier_label(self.tier)


def tier_label(tier: str) -> str:
    return str(TIER_LABELS.get(tier, tier))


def _bounds(ruleset: str | None) -> tuple[int, int]:
    params = load_ruleset(ruleset)["R-SO-01"].params
    return int(params.get("lower", LOWER_BOUND)), int(params.get("upper", UPPER_BOUND))


def claiming_tiers(size: int, influence: Influence, ruleset: str | None = None) -> tuple:
    """The tiers whose clause of 第五条 the group meets, lowest first. Read as RULES.md
    says: 以下 and 以上 include the number, so 30 is in the first two ranges and 50 in the
    second and third. The township tier also asks 较大影响力, the district 工作活跃, the
    center 规模较大、工作制度健全、公信力较高 (50 or more people); the village tier asks
    only the size (影响力较小 describes what is left when no higher clause holds)."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1 or size > MAX_SIZE:
        raise RuleError(_("人数应为 1 至 %(max)d 之间的整数") % {"max": MAX_SIZE})
    lower, upper = _bounds(ruleset)
    claims = []
    if size <= lower:
        claims.append(VILLAGE)
    if lower <= size <= upper and influence.notable:
        claims.append(TOWNSHIP)
    if size >= upper and influence.active:
        claims.append(COUNTY)
    if size >= upper and influence.center_grade:
        claims.append(CENTER)
    return tuple(claims)


def propose_tier(size: int, influence: Influence, ruleset: str | None = None) -> Proposal:
    """R-SO-01: where a group of ``size`` people files.

    - The center's qualities recorded (and 50 or more people): the center, its own test.
    - Exactly 30 or exactly 50 with both neighbouring clauses met: the lower tier,
      marked "at a boundary" for the cadre to choose with a reason.
    - One clause: that tier.
    - No clause (40 people without 较大影响力; 60 without 工作活跃): the highest tier below
      its size whose influence clause it meets, so that a cadre passes it up with a
      reason rather than the platform guessing."""
    claims = claiming_tiers(size, influence, ruleset)
    upper = _bounds(ruleset)[1]
    values = {"n": size}
    at_boundary = False
    if CENTER in claims:
        tier = CENTER
        detail = _("%(n)d人，规模较大、工作制度健全、公信力较高：建议在市妇女社会组织服务中心备案")
    elif len(claims) == 2:
        tier, at_boundary = claims[0], True
        values.update(low=tier_label(claims[0]), high=tier_label(claims[1]))
        detail = _(
            "%(n)d人恰在两档交界：%(low)s与%(high)s均适用，建议较低一档%(low)s，"
            "请干部选择并说明理由"
        )
    elif claims:
        tier = claims[0]
        detail = {
            VILLAGE: _("%(n)d人（30人以下）：建议在村（社区）妇联备案"),
            TOWNSHIP: _("%(n)d人（30至50人）、有较大影响力：建议在街道（镇乡）妇联备案"),
            COUNTY: _("%(n)d人（50人以上）、工作活跃：建议在区县妇联备案"),
        }[tier]
    elif size > upper and influence.notable:
        tier = TOWNSHIP
        detail = _("%(n)d人（50人以上）但未记录工作活跃：按其较大影响力建议在街道（镇乡）妇联备案")
    else:
        tier = VILLAGE
        detail = _(
            "%(n)d人（超过30人）但未记录较大影响力或工作活跃：建议在村（社区）妇联备案，"
            "可说明理由报上一级"
        )
    return Proposal(
        tier=tier,
        at_boundary=at_boundary,
        claims=claims,
        verdict=verdict("R-SO-01", "boundary" if at_boundary else tier, detail % values, ruleset),
    )


def filing_errors(*, proposal: Proposal, tier: str, reason: str) -> dict:
    """A filing at another tier than proposed, or any filing at a boundary, needs a reason."""
    if tier not in TIERS:
        return {"filed_tier": _("备案层级无效")}
    if (tier != proposal.tier or proposal.at_boundary) and not (reason or "").strip():
        if proposal.at_boundary:
            return {"tier_reason": _("人数恰在两档交界，请说明选择该层级的理由")}
        return {
            "tier_reason": _("备案层级与建议层级（%(tier)s）不同，请说明理由")
            % {"tier": tier_label(proposal.tier)}
        }
    return {}


def tier_level_error(tier: str, level: str) -> str | None:
    """The filing federation must sit at the tier's level."""
    if level not in TIER_LEVELS.get(tier, ()):
        return _("在%(tier)s备案，应选择该层级的妇联") % {"tier": tier_label(tier)}
    return None


def retier(*, filed_tier: str, proposal: Proposal) -> Verdict:
    """R-SO-01 on the yearly update: the filing moves with the organization. ``keep``
    when the filed tier is the proposal (or a boundary's other claimant), else ``up`` or
    ``down`` toward the proposal, for a cadre to act on."""
    if filed_tier == proposal.tier or (proposal.at_boundary and filed_tier in proposal.claims):
        return verdict("R-SO-01", "keep", _("备案层级与现有规模、影响力相符"))
    direction = "up" if TIERS.index(proposal.tier) > TIERS.index(filed_tier) else "down"
    values = {"now": tier_label(filed_tier), "to": tier_label(proposal.tier)}
    detail = (
        _("按现有规模、影响力，建议由%(now)s调整至%(to)s备案")
        if direction == "up"
        else _("按现有规模、影响力，建议由%(now)s调回%(to)s备案")
    ) % values
    return verdict("R-SO-01", direction, f"{detail}（{proposal.verdict.detail}）")


# 统一社会信用代码 --------------------------------------------------------------------


def normalize_uscc(value: str) -> str:
    """A valid 18-character 统一社会信用代码 (GB 32100-2015, ``stdnum.cn.uscc``), upper-cased;
    "" when blank; RuleError naming what is wrong otherwise."""
    try:
        return identifiers.normalize_uscc(value)
    except identifiers.InvalidCode as exc:
        raise RuleError(str(exc)) from None


# R-SO-03 ------------------------------------------------------------------------------

PARTY_TRAINING = "party_training"
INNOVATION_TRAINING = "innovation_training"
EVALUATION = "evaluation"
JOINT_MEETING = "joint_meeting"
PROJECT_BATCH = "project_batch"
DUTY_CLAUSES = {  # kind -> (clause, what the clause asks)
    PARTY_TRAINING: ("第十三条", gettext_lazy("党建工作培训（明确1名党建工作指导员）")),
    INNOVATION_TRAINING: ("第十四条", gettext_lazy("社会组织创新培训")),
    EVALUATION: ("第十五条", gettext_lazy("社会化项目第三方成效评估")),
    JOINT_MEETING: ("第十六条", gettext_lazy("社会组织联席会议")),
    PROJECT_BATCH: ("第十七条", gettext_lazy("集中发布1批社会化项目")),
}
DUTY_KINDS = tuple(DUTY_CLAUSES)


@dataclass(frozen=True)
class DutyItem:
    kind: str
    name: str
    clause: str
    status: str  # done / due / overdue
    done_on: dt.date | None
    count: int
    verdict: Verdict


def duty_status(*, year: int, done_on: dt.date | None, today: dt.date) -> str:
    """Done when recorded in the year; due while the year runs (31 December included);
    overdue from 1 January of the next year. A year not begun is due."""
    if done_on is not None:
        return "done"
    return "overdue" if today > dt.date(year, 12, 31) else "due"


def duty_texts() -> tuple[dict, dict]:
    """The duties' names and the three detail templates in the active language, looked up
    once per checklist (a district's roll-up builds hundreds of items)."""
    names = {kind: str(name) for kind, (_clause, name) in DUTY_CLAUSES.items()}
    templates = {
        "done": _("%(year)d年%(name)s已于 %(date)s 开展（CQ-SO %(clause)s）"),
        "due": _("%(year)d年%(name)s尚未开展，应于年底前完成（CQ-SO %(clause)s）"),
        "overdue": _("%(year)d年%(name)s未开展，已逾期（CQ-SO %(clause)s）"),
    }
    return names, templates


def duty_checklist(
    *,
    year: int,
    records: Mapping[str, tuple[dt.date | None, int]],
    today: dt.date,
    texts: tuple[dict, dict] | None = None,
) -> list[DutyItem]:
    """R-SO-03: the federation's five yearly duties for ``year``; ``records`` maps a kind
    to (its first date in the year, how many were recorded). ``texts`` (from
    ``duty_texts``) may be shared by the checklists of one page."""
    names, templates = texts or duty_texts()
    items = []
    for kind, (clause, _name) in DUTY_CLAUSES.items():
        done_on, count = records.get(kind, (None, 0))
        status = duty_status(year=year, done_on=done_on, today=today)
        values = {"name": names[kind], "year": year, "clause": clause}
        if done_on is not None:
            values["date"] = done_on.isoformat()
        items.append(
            DutyItem(
                kind=kind,
                name=names[kind],
                clause=clause,
                status=status,
                done_on=done_on,
                count=count,
                verdict=verdict("R-SO-03", status, templates[status] % values),
            )
        )
    return items


def duty_errors(*, kind: str, date: dt.date, today: dt.date, instructor: str) -> dict:
    errors = {}
    if kind not in DUTY_CLAUSES:
        errors["kind"] = _("事项类型无效")
    if date > today:
        errors["date"] = _("日期不能晚于今天")
    elif date < dt.date(2000, 1, 1):
        errors["date"] = _("日期无效")
    if kind == PARTY_TRAINING and not (instructor or "").strip():
        errors["instructor"] = _("党建工作培训应明确1名党建工作指导员（第十三条）")
    return errors


def term_errors(*, start: dt.date, end: dt.date | None) -> dict:
    if end is not None and end < start:
        return {"term_end": _("聘期结束日期不能早于开始日期")}
    return {}
