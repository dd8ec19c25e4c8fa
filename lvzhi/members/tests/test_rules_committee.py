"""R-MB-01/02/03: committee size in principle, hard bounds, seats above the limit."""

import pytest

from lvzhi.core import rulesets
from lvzhi.members import rules

OK, WARNING, ERROR = "ok", "warning", "error"

# (level, before, after, extra seats) → outcome by rule id
SIZE_CASES = [
    # village (community): 10–15 in principle, 5–29 always
    ("village", 12, 12, {}, {"R-MB-01": OK, "R-MB-02": OK}),
    ("village", 12, 10, {}, {"R-MB-01": OK, "R-MB-02": OK}),
    ("village", 10, 9, {}, {"R-MB-01": WARNING, "R-MB-02": OK}),
    ("village", 14, 15, {}, {"R-MB-01": OK, "R-MB-02": OK}),
    ("village", 15, 16, {}, {"R-MB-01": WARNING, "R-MB-02": OK}),
    ("village", 6, 5, {}, {"R-MB-01": WARNING, "R-MB-02": OK}),
    ("village", 5, 4, {}, {"R-MB-01": WARNING, "R-MB-02": ERROR}),
    ("village", 28, 29, {}, {"R-MB-01": WARNING, "R-MB-02": OK}),
    ("village", 29, 30, {}, {"R-MB-01": WARNING, "R-MB-02": ERROR}),
    # township (street): ≥ 25 in principle
    ("township", 25, 25, {}, {"R-MB-01": OK, "R-MB-02": OK}),
    ("township", 25, 24, {}, {"R-MB-01": WARNING, "R-MB-02": OK}),
    ("township", 28, 29, {}, {"R-MB-01": OK, "R-MB-02": OK}),
    ("township", 29, 30, {}, {"R-MB-01": OK, "R-MB-02": ERROR}),
    ("township", 5, 5, {}, {"R-MB-01": WARNING, "R-MB-02": OK}),
    ("township", 5, 4, {}, {"R-MB-01": WARNING, "R-MB-02": ERROR}),
    # R-MB-03: listed kinds may go above the upper limits
    (
        "township",
        29,
        32,
        {"grid_worker": 2, "building_head": 1},
        {"R-MB-01": OK, "R-MB-02": OK, "R-MB-03": OK},
    ),
    ("township", 29, 32, {"grid_worker": 2}, {"R-MB-01": OK, "R-MB-02": ERROR, "R-MB-03": OK}),
    ("village", 15, 17, {"volunteer_rep": 2}, {"R-MB-01": OK, "R-MB-02": OK, "R-MB-03": OK}),
    ("village", 15, 17, {"volunteer_rep": 1}, {"R-MB-01": WARNING, "R-MB-02": OK, "R-MB-03": OK}),
    ("township", 29, 30, {"chef": 1}, {"R-MB-01": OK, "R-MB-02": OK, "R-MB-03": ERROR}),
    ("township", 29, 30, {None: 1}, {"R-MB-01": OK, "R-MB-02": OK, "R-MB-03": ERROR}),
    ("township", 29, 30, {"": 1}, {"R-MB-01": OK, "R-MB-02": OK, "R-MB-03": ERROR}),
    # lower bounds count every member, extra seats included
    ("village", 5, 4, {"team_leader": 1}, {"R-MB-01": WARNING, "R-MB-02": ERROR, "R-MB-03": OK}),
    ("village", 6, 5, {"team_leader": 1}, {"R-MB-01": WARNING, "R-MB-02": OK, "R-MB-03": OK}),
]


@pytest.mark.parametrize(("level", "before", "after", "extra", "outcomes"), SIZE_CASES)
def test_committee_size(level, before, after, extra, outcomes):
    check = rules.committee_size_check(level=level, before=before, after=after, extra_seats=extra)
    assert {v.rule_id: v.outcome for v in check.verdicts} == outcomes
    assert check.ok is (ERROR not in outcomes.values())
    assert check.ordinary == after - sum(extra.values())
    for v in check.verdicts:
        assert v.source == rulesets.load_ruleset()[v.rule_id].source
        assert f"调整前{before}人" in v.detail or v.rule_id != "R-MB-01"


@pytest.mark.parametrize(
    ("kwargs", "rule_id", "fragment"),
    [
        (
            {"level": "village", "before": 15, "after": 16},
            "R-MB-01",
            "村（社区）妇联执委原则上10—15人，调整前15人，调整后16人",
        ),
        (
            {"level": "township", "before": 25, "after": 24},
            "R-MB-01",
            "乡镇（街道）妇联执委原则上不少于25人，调整前25人，调整后24人，少于原则人数",
        ),
        ({"level": "village", "before": 5, "after": 4}, "R-MB-02", "执委人数不得低于5人"),
        ({"level": "township", "before": 29, "after": 30}, "R-MB-02", "执委人数不得多于29人"),
        (
            {"level": "township", "before": 29, "after": 31, "extra_seats": {"grid_worker": 2}},
            "R-MB-03",
            "突破人数限制增补：网格员2人",
        ),
        (
            {"level": "township", "before": 29, "after": 31, "extra_seats": {None: 2}},
            "R-MB-03",
            "2个突破人数限制的席位未登记人员类别",
        ),
        (
            {"level": "township", "before": 29, "after": 30, "extra_seats": {"chef": 1}},
            "R-MB-03",
            "人员类别“chef”不在第九条所列范围内",
        ),
    ],
)
def test_committee_size_details(kwargs, rule_id, fragment):
    check = rules.committee_size_check(**kwargs)
    detail = next(v.detail for v in check.verdicts if v.rule_id == rule_id)
    assert fragment in detail


def test_other_levels_are_not_applicable():
    check = rules.committee_size_check(level="county", before=40, after=41)
    assert [(v.rule_id, v.outcome) for v in check.verdicts] == [("R-MB-01", "not_applicable")]
    assert check.ok and not check.warnings


def test_extra_seat_kinds_are_the_listed_eight():
    kinds = rules.extra_seat_kinds()
    assert len(kinds) == 8
    assert kinds["grid_worker"] == "网格员"
    assert "禁毒禁赌会" in kinds["council_member"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"before": -1, "after": 10}, "调整前执委人数不能为负数"),
        ({"before": 10, "after": -1}, "调整后执委人数不能为负数"),
        ({"before": 10, "after": 10.5}, "调整后执委人数须为整数"),
        ({"before": 10, "after": 10, "extra_seats": {"grid_worker": -1}}, "不能为负数"),
        ({"before": 10, "after": 2, "extra_seats": {"grid_worker": 3}}, "不能多于执委总数"),
    ],
)
def test_impossible_sizes_are_refused(kwargs, message):
    with pytest.raises(rules.RuleError, match=message):
        rules.committee_size_check(level="village", **kwargs)
