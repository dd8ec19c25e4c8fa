"""Table tests of the evaluation rules (R-SO-03, 第十五条)."""

from decimal import Decimal

import pytest

from lvzhi.socialorgs.evaluations import rules


@pytest.mark.parametrize(
    ("weights", "errors"),
    [
        ({"satisfaction": 40, "capacity": 30, "results": 30}, {}),
        ({"satisfaction": 100, "capacity": 0, "results": 0}, {}),
        (
            {"satisfaction": 40, "capacity": 30, "results": 31},
            {"weights": "三项权重之和应为100（当前为101）"},
        ),
        (
            {"satisfaction": 30, "capacity": 30, "results": 30},
            {"weights": "三项权重之和应为100（当前为90）"},
        ),
        (
            {"satisfaction": "40.5", "capacity": 30, "results": 30},
            {"weight_satisfaction": "受益对象满意度的权重应为0—100的整数"},
        ),
        (
            {"satisfaction": 140, "capacity": -20, "results": 0},
            {
                "weight_satisfaction": "受益对象满意度的权重应为0—100的整数",
                "weight_capacity": "服务能力的权重应为0—100的整数",
            },
        ),
        (
            {"satisfaction": None, "capacity": 50, "results": 50},
            {"weight_satisfaction": "受益对象满意度的权重应为0—100的整数"},
        ),
        (
            {"satisfaction": True, "capacity": 50, "results": 49},
            {"weight_satisfaction": "受益对象满意度的权重应为0—100的整数"},
        ),
    ],
)
def test_weights(weights, errors):
    assert rules.weights_errors(weights) == errors


@pytest.mark.parametrize(
    ("ratings", "score"),
    [
        ([], None),
        ([5], Decimal("100.0")),
        ([4, 5], Decimal("90.0")),
        ([1, 2, 2], Decimal("33.3")),
        ([3, 3, 4], Decimal("66.7")),
        ([0, 6, 4], Decimal("80.0")),
    ],
)
def test_satisfaction_from_ratings(ratings, score):
    assert rules.satisfaction_from_ratings(ratings) == score


@pytest.mark.parametrize(
    ("scores", "weights", "threshold", "expected", "passed"),
    [
        (
            {"satisfaction": 90, "capacity": 80, "results": 70},
            {"satisfaction": 40, "capacity": 30, "results": 30},
            60,
            Decimal("81.0"),
            True,
        ),
        (
            {"satisfaction": 60, "capacity": 60, "results": 59.9},
            {"satisfaction": 40, "capacity": 30, "results": 30},
            60,
            Decimal("60.0"),
            True,
        ),
        (
            {"satisfaction": 60, "capacity": 60, "results": 59.5},
            {"satisfaction": 40, "capacity": 30, "results": 30},
            60,
            Decimal("59.9"),
            False,
        ),
        (
            {"satisfaction": 33.3, "capacity": 50, "results": 50},
            {"satisfaction": 50, "capacity": 25, "results": 25},
            60,
            Decimal("41.7"),
            False,
        ),
        (
            {"satisfaction": 0, "capacity": 100, "results": 100},
            {"satisfaction": 0, "capacity": 50, "results": 50},
            100,
            Decimal("100.0"),
            True,
        ),
    ],
)
def test_weighted_score_and_verdict(scores, weights, threshold, expected, passed):
    assert rules.weighted_score(scores, weights) == expected
    result = rules.evaluation_verdict(scores, weights, threshold)
    assert (result.score, result.passed) == (expected, passed)
    assert result.verdict.rule_id == "R-SO-03"
    assert result.verdict.outcome == ("passed" if passed else "failed")
    assert str(expected) in result.verdict.detail


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (80, None),
        ("99.5", None),
        (0, None),
        (100, None),
        ("", "请填写服务能力得分"),
        ("abc", "服务能力得分应为数字"),
        (101, "服务能力得分应在0—100之间"),
        ("-1", "服务能力得分应在0—100之间"),
        ("80.25", "服务能力得分最多保留一位小数"),
        ("NaN", "服务能力得分应在0—100之间"),
    ],
)
def test_score_error(value, error):
    assert rules.score_error(value, "服务能力") == error


def test_next_year_refusal():
    args = {"evaluated_year": 2026, "score": Decimal("59.9"), "threshold": 60, "project": "陪伴"}
    assert "2027年度不能申报" in rules.next_year_refusal(batch_year=2027, **args)
    assert rules.next_year_refusal(batch_year=2028, **args) is None
    assert rules.next_year_refusal(batch_year=2026, **args) is None
    assert rules.next_year_refusal(batch_year=2027, **{**args, "score": Decimal("60")}) is None
    assert rules.threshold_error(60) is None and rules.threshold_error(101)
