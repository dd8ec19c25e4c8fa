"""R-SO-01 and R-SO-03 at their boundaries, as RULES.md reads CQ-SO 第五条 (30 and 50 are
in both neighbouring ranges: the lower tier is proposed, marked "at a boundary")."""

import datetime as dt

import pytest

from lvzhi.socialorgs import rules
from lvzhi.socialorgs.rules import COUNTY, TOWNSHIP, VILLAGE, Influence

NONE = Influence()
NOTABLE = Influence(notable=True)
ACTIVE = Influence(active=True)
BOTH = Influence(notable=True, active=True)


@pytest.mark.parametrize(
    ("size", "influence", "tier", "at_boundary"),
    [
        # without influence: the village federation whatever the size (passed up by hand)
        (29, NONE, VILLAGE, False),
        (30, NONE, VILLAGE, False),
        (31, NONE, VILLAGE, False),
        (49, NONE, VILLAGE, False),
        (50, NONE, VILLAGE, False),
        (51, NONE, VILLAGE, False),
        # 较大影响力: township from 30 to 50; 30 is claimed by the village tier too
        (29, NOTABLE, VILLAGE, False),
        (30, NOTABLE, VILLAGE, True),
        (31, NOTABLE, TOWNSHIP, False),
        (49, NOTABLE, TOWNSHIP, False),
        (50, NOTABLE, TOWNSHIP, False),
        (51, NOTABLE, TOWNSHIP, False),  # not active: no higher than its influence
        # 工作活跃: district from 50
        (29, ACTIVE, VILLAGE, False),
        (30, ACTIVE, VILLAGE, False),
        (31, ACTIVE, VILLAGE, False),
        (49, ACTIVE, VILLAGE, False),
        (50, ACTIVE, COUNTY, False),
        (51, ACTIVE, COUNTY, False),
        # both: the boundaries at 30 and 50 take the lower tier, marked
        (29, BOTH, VILLAGE, False),
        (30, BOTH, VILLAGE, True),
        (31, BOTH, TOWNSHIP, False),
        (49, BOTH, TOWNSHIP, False),
        (50, BOTH, TOWNSHIP, True),
        (51, BOTH, COUNTY, False),
    ],
)
def test_proposed_tier(size, influence, tier, at_boundary):
    proposal = rules.propose_tier(size, influence)
    assert (proposal.tier, proposal.at_boundary) == (tier, at_boundary)
    assert (proposal.verdict.rule_id, proposal.verdict.source) == ("R-SO-01", "CQ-SO 第五条")
    assert str(size) in proposal.verdict.detail
    if at_boundary:
        assert proposal.verdict.outcome == "boundary" and "交界" in proposal.verdict.detail
        assert len(proposal.claims) == 2 and proposal.claims[0] == tier


def test_the_center_is_its_own_test():
    center = Influence(active=True, center_grade=True)
    assert rules.propose_tier(50, center).tier == "center"
    assert rules.propose_tier(200, center).tier == "center"
    assert rules.propose_tier(49, center).tier == VILLAGE  # not 规模较大


@pytest.mark.parametrize("size", [0, -1, True, 2_000_000, "30", None])
def test_bad_sizes_are_refused(size):
    with pytest.raises(rules.RuleError):
        rules.propose_tier(size, NONE)


def test_a_reason_is_needed_at_a_boundary_or_off_the_proposal():
    at_30 = rules.propose_tier(30, NOTABLE)
    assert "tier_reason" in rules.filing_errors(proposal=at_30, tier=VILLAGE, reason="")
    assert "tier_reason" in rules.filing_errors(proposal=at_30, tier=TOWNSHIP, reason=" ")
    assert not rules.filing_errors(proposal=at_30, tier=TOWNSHIP, reason="影响力覆盖全街道")
    plain = rules.propose_tier(40, NOTABLE)
    assert not rules.filing_errors(proposal=plain, tier=TOWNSHIP, reason="")
    errors = rules.filing_errors(proposal=plain, tier=COUNTY, reason="")
    assert "街道（镇乡）妇联" in errors["tier_reason"]
    assert not rules.filing_errors(proposal=plain, tier=COUNTY, reason="承接区级项目")
    assert "filed_tier" in rules.filing_errors(proposal=plain, tier="moon", reason="x")


@pytest.mark.parametrize(
    ("filed", "size", "influence", "outcome"),
    [
        (VILLAGE, 25, NONE, "keep"),
        (VILLAGE, 31, NOTABLE, "up"),  # grew past 30 with influence
        (VILLAGE, 30, NOTABLE, "keep"),  # at the boundary the lower tier stays
        (TOWNSHIP, 30, NOTABLE, "keep"),  # and so does the higher one chosen with reason
        (TOWNSHIP, 51, BOTH, "up"),
        (TOWNSHIP, 50, BOTH, "keep"),
        (COUNTY, 50, BOTH, "keep"),
        (COUNTY, 49, BOTH, "down"),  # shrank below 50
        (TOWNSHIP, 29, NOTABLE, "down"),
    ],
)
def test_retiering_on_the_yearly_update(filed, size, influence, outcome):
    result = rules.retier(filed_tier=filed, proposal=rules.propose_tier(size, influence))
    assert (result.rule_id, result.outcome) == ("R-SO-01", outcome)


def test_tier_levels():
    assert rules.tier_level_error(VILLAGE, "village") is None
    assert rules.tier_level_error("center", "province") is None
    assert "区县妇联" in rules.tier_level_error(COUNTY, "township")


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("91110000600037341L", True),
        ("91110000600037341l", True),
        (" 9111 0000 6000 3734 1L ", True),
        ("91110000600037341X", False),  # check character
        ("9111000060003734", False),  # length
        ("", True),
    ],
)
def test_unified_social_credit_code(value, ok):
    if ok:
        assert rules.normalize_uscc(value) == ("91110000600037341L" if value else "")
    else:
        with pytest.raises(rules.RuleError):
            rules.normalize_uscc(value)


# R-SO-03: done in the year, due while the year runs, overdue from 1 January.


@pytest.mark.parametrize(
    ("today", "done_on", "status"),
    [
        (dt.date(2026, 6, 1), None, "due"),
        (dt.date(2026, 12, 31), None, "due"),  # the year's last day still counts
        (dt.date(2027, 1, 1), None, "overdue"),
        (dt.date(2027, 1, 1), dt.date(2026, 3, 8), "done"),
        (dt.date(2025, 12, 1), None, "due"),  # a year not begun
    ],
)
def test_duty_status(today, done_on, status):
    assert rules.duty_status(year=2026, done_on=done_on, today=today) == status


def test_checklist_names_each_clause():
    items = rules.duty_checklist(
        year=2026,
        records={"party_training": (dt.date(2026, 5, 1), 2)},
        today=dt.date(2027, 1, 2),
    )
    assert [i.kind for i in items] == list(rules.DUTY_KINDS)
    assert [i.clause for i in items] == ["第十三条", "第十四条", "第十五条", "第十六条", "第十七条"]
    assert items[0].status == "done" and items[0].count == 2
    assert {i.status for i in items[1:]} == {"overdue"}
    assert all(i.verdict.rule_id == "R-SO-03" for i in items)
    assert "第十五条" in items[2].verdict.detail


def test_duty_errors():
    today = dt.date(2026, 11, 29)
    errors = rules.duty_errors(kind="party_training", date=today, today=today, instructor="")
    assert "instructor" in errors
    assert not rules.duty_errors(kind="joint_meeting", date=today, today=today, instructor="")
    assert "date" in rules.duty_errors(
        kind="joint_meeting", date=dt.date(2026, 11, 30), today=today, instructor=""
    )
    assert "kind" in rules.duty_errors(kind="x", date=today, today=today, instructor="")
