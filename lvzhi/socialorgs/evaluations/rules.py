"""Pure rules of the third-party evaluation of funded projects (第十五条, R-SO-03: one
third-party evaluation a year of funded projects on beneficiary satisfaction, service
capacity and results). Plain values in, verdicts out; every verdict names R-SO-03.

- ``weights_errors``: the federation's three weights are whole numbers 0–100 summing 100.
- ``satisfaction_from_ratings``: the public ratings (1–5) as a score out of 100 (mean × 20).
- ``weighted_score``: Σ score × weight / 100, to one decimal, half up.
- ``evaluation_verdict``: passed / failed against the federation's threshold; a failed
  project makes its organization ineligible for the next year's batches
  (``next_year_refusal``)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from lvzhi.core.rulesets import Verdict, verdict

RULE = "R-SO-03"
GROUNDS = ("satisfaction", "capacity", "results")
DEFAULT_WEIGHTS = {"satisfaction": 40, "capacity": 30, "results": 30}
DEFAULT_THRESHOLD = 60
RATING_MIN, RATING_MAX = 1, 5
ONE_PLACE = Decimal("0.1")


def ground_labels() -> dict[str, str]:
    return {
        "satisfaction": _("受益对象满意度"),
        "capacity": _("服务能力"),
        "results": _("项目成效"),
    }


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (ArithmeticError, TypeError, ValueError):
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    return int(number)


def weights_errors(weights: dict) -> dict[str, str]:
    """Field (``weight_<ground>`` or ``weights``) → message; empty when valid."""
    errors = {}
    labels = ground_labels()
    values = {}
    for ground in GROUNDS:
        value = _whole(weights.get(ground))
        if value is None or not 0 <= value <= 100:
            errors[f"weight_{ground}"] = _("%(label)s的权重应为0—100的整数") % {
                "label": labels[ground]
            }
        else:
            values[ground] = value
    if not errors and sum(values.values()) != 100:
        errors["weights"] = _("三项权重之和应为100（当前为%(sum)d）") % {
            "sum": sum(values.values())
        }
    return errors


def threshold_error(value) -> str | None:
    number = _whole(value)
    if number is None or not 0 <= number <= 100:
        return _("合格分数线应为0—100的整数")
    return None


def score_error(value, label: str) -> str | None:
    """A ground's score: 0–100, at most one decimal."""
    if value is None or value == "":
        return _("请填写%(label)s得分") % {"label": label}
    try:
        number = Decimal(str(value))
    except (ArithmeticError, TypeError, ValueError):
        return _("%(label)s得分应为数字") % {"label": label}
    if not number.is_finite() or not 0 <= number <= 100:
        return _("%(label)s得分应在0—100之间") % {"label": label}
    if number != number.quantize(ONE_PLACE):
        return _("%(label)s得分最多保留一位小数") % {"label": label}
    return None


def satisfaction_from_ratings(scores: Sequence[int]) -> Decimal | None:
    """The beneficiaries' ratings (1–5) as a score out of 100: mean × 20, one decimal;
    None without ratings."""
    kept = [s for s in scores if RATING_MIN <= s <= RATING_MAX]
    if not kept:
        return None
    mean = Decimal(sum(kept)) / Decimal(len(kept))
    return (mean * 20).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def weighted_score(scores: dict, weights: dict) -> Decimal:
    """Σ score × weight / 100 over the three grounds, one decimal, half up."""
    total = sum(Decimal(str(scores[g])) * Decimal(int(weights[g])) for g in GROUNDS)
    return (total / 100).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Result:
    score: Decimal
    passed: bool
    verdict: Verdict = field(compare=False)


def evaluation_verdict(scores: dict, weights: dict, threshold: int) -> Result:
    """The weighted score and whether it reaches the federation's threshold (第十五条)."""
    score = weighted_score(scores, weights)
    labels = ground_labels()
    parts = "＋".join(
        f"{labels[g]}{Decimal(str(scores[g])).quantize(ONE_PLACE)}×{int(weights[g])}%"
        for g in GROUNDS
    )
    passed = score >= threshold
    if passed:
        detail = _("综合得分 %(parts)s ＝ %(score)s，达到合格分数线 %(t)s 分") % {
            "parts": parts,
            "score": score,
            "t": threshold,
        }
    else:
        detail = _("综合得分 %(parts)s ＝ %(score)s，低于合格分数线 %(t)s 分") % {
            "parts": parts,
            "score": score,
            "t": threshold,
        }
    return Result(score, passed, verdict(RULE, "passed" if passed else "failed", detail))


def next_year_refusal(
    *, evaluated_year: int, batch_year: int, score, threshold: int, project: str
) -> str | None:
    """An evaluation below the threshold refuses the organization's applications to the
    batches of the following year (第十五条: 评估结果作为下一年度项目申报的依据)."""
    if batch_year != evaluated_year + 1 or Decimal(str(score)) >= threshold:
        return None
    return _(
        "%(year)d年度项目“%(project)s”第三方评估得分 %(score)s，低于合格分数线 %(t)s 分，"
        "%(next)d年度不能申报"
    ) % {
        "year": evaluated_year,
        "project": project,
        "score": score,
        "t": threshold,
        "next": batch_year,
    }
