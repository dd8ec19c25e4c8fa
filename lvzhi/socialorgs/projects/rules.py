"""Pure rules of social projects (社会化项目, CQ-SO 第六条、第十七条; R-SO-03 counts the
published batch and the evaluation of funded projects): plain values in, verdicts out.

``eligibility`` decides whether an organization may apply to a batch: filed in the
publishing federation's subtree, active (not dormant or deregistered), the batch published
and its deadline not passed, and no refusal from the modules that know more about the
organization (``refusals``: the third-party evaluation's results of earlier projects feed
in here through the ``socialorg_project_eligibility`` hook, see ``selectors``)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from lvzhi.core.rulesets import Verdict, verdict

RULE = "R-SO-03"
MAX_AMOUNT = Decimal("100000000")  # 1亿元: any larger figure is a typing error


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # why not, in Chinese; empty when eligible
    verdict: Verdict = field(compare=False)


def eligibility(
    *,
    organization_status: str,
    organization_path: str,
    batch_path: str,
    published: bool,
    deadline: dt.date,
    today: dt.date,
    refusals: Sequence[str] = (),
) -> Eligibility:
    """May this organization apply to this batch today (第六条: 向社会组织购买服务，
    第十七条: 集中发布社会化项目)? ``refusals`` are other modules' reasons (the evaluation's
    results of its earlier projects)."""
    reasons = []
    if not published:
        reasons.append(_("项目批次尚未发布"))
    if today > deadline:
        reasons.append(_("申报已于 %(d)s 截止") % {"d": deadline.isoformat()})
    if not organization_path.startswith(batch_path):
        reasons.append(_("本组织不在发布妇联的备案范围内"))
    if organization_status != "active":
        reasons.append(_("本组织当前不是活跃状态（休眠或已注销的组织不能申报）"))
    reasons.extend(str(r) for r in refusals if r)
    if reasons:
        detail = _("不符合申报条件：%(r)s") % {"r": "；".join(reasons)}
        outcome = "ineligible"
    else:
        detail = _("已备案、活跃，在申报期内（CQ-SO 第六条、第十七条）")
        outcome = "eligible"
    return Eligibility(
        eligible=not reasons, reasons=tuple(reasons), verdict=verdict(RULE, outcome, detail)
    )


def amount_error(value, *, label: str) -> str | None:
    """A sum of money in yuan: positive, two decimals, below 1亿."""
    if value is None:
        return _("请填写%(label)s") % {"label": label}
    try:
        amount = Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        return _("%(label)s应为金额") % {"label": label}
    if not amount.is_finite() or amount <= 0:
        return _("%(label)s应大于0") % {"label": label}
    if amount >= MAX_AMOUNT:
        return _("%(label)s过大") % {"label": label}
    if amount != amount.quantize(Decimal("0.01")):
        return _("%(label)s最多保留两位小数") % {"label": label}
    return None


def batch_errors(*, budget, deadline: dt.date, published_on: dt.date | None) -> dict:
    errors = {}
    problem = amount_error(budget, label=_("项目预算"))
    if problem:
        errors["budget"] = problem
    if deadline < dt.date(2000, 1, 1) or deadline > dt.date(2100, 12, 31):
        errors["deadline"] = _("截止日期无效")
    elif published_on is not None and deadline < published_on:
        errors["deadline"] = _("截止日期不能早于发布日期")
    return errors


def request_error(*, requested, batch_budget) -> str | None:
    """An organization asks for at most the batch's budget."""
    problem = amount_error(requested, label=_("申请资金"))
    if problem:
        return problem
    if Decimal(requested) > Decimal(batch_budget):
        return _("申请资金不能超过项目预算（%(b)s元）") % {"b": batch_budget}
    return None


def funding_error(*, amount, requested, batch_budget, funded_already) -> str | None:
    """立项: at most what was asked, and the batch's funded total within its budget."""
    problem = amount_error(amount, label=_("立项资金"))
    if problem:
        return problem
    amount = Decimal(amount)
    if amount > Decimal(requested):
        return _("立项资金不能超过申请资金（%(r)s元）") % {"r": requested}
    left = Decimal(batch_budget) - Decimal(funded_already or 0)
    if amount > left:
        return _("本批次预算余额为 %(left)s 元，立项资金不能超过余额") % {"left": left}
    return None


def decision_verdict(*, approved: bool, amount=None, note: str = "") -> Verdict:
    if approved:
        detail = _("立项，资金 %(a)s 元") % {"a": amount}
    else:
        detail = _("不予立项：%(n)s") % {"n": note}
    return verdict(RULE, "funded" if approved else "rejected", detail)


def return_verdict(*, reason: str) -> Verdict:
    """退回修改 at 审核: the organization revises and resubmits."""
    return verdict(RULE, "returned", _("退回修改：%(r)s") % {"r": reason})


def resubmit_verdict(*, budget) -> Verdict:
    return verdict(RULE, "resubmitted", _("修改后重新提交，申请资金 %(b)s 元") % {"b": budget})
