"""R-EX-08 contact assignments, R-EX-09 reports, R-EX-10 executive meetings, R-EX-11 training."""

import datetime as dt

import pytest

from lvzhi.core import rulesets
from lvzhi.core.periods import half, quarter, year
from lvzhi.members import rules
from lvzhi.members.rules import DUE, MET, NOT_REQUIRED, OVERDUE, PARTIAL, Tenure

D = dt.date
SERVING = Tenure(D(2020, 1, 1))
H1 = half(2026, 1)


def assert_cites_source(v, rule_id):
    assert v.rule_id == rule_id
    assert v.source == rulesets.load_ruleset()[rule_id].source


# R-EX-08 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("groups", "homes", "women", "gaps"),
    [
        (1, 1, 10, ()),
        (3, 2, 40, ()),
        (0, 1, 10, ("还需联系1个妇女小组",)),
        (1, 0, 10, ("还需联系1个妇女微家",)),
        (1, 1, 9, ("还需联系1名妇女群众",)),
        (0, 0, 0, ("还需联系1个妇女小组", "还需联系1个妇女微家", "还需联系10名妇女群众")),
        (2, 0, 3, ("还需联系1个妇女微家", "还需联系7名妇女群众")),
    ],
)
def test_contact_assignment_gaps(groups, homes, women, gaps):
    check = rules.contact_assignment_check(groups=groups, micro_homes=homes, women=women)
    assert check.gaps == gaps
    assert check.met is (not gaps)
    assert check.verdict.outcome == ("gaps" if gaps else MET)
    assert_cites_source(check.verdict, "R-EX-08")


def test_contact_assignment_refuses_negative_counts():
    with pytest.raises(rules.RuleError, match="联系妇女群众数不能为负数"):
        rules.contact_assignment_check(groups=1, micro_homes=1, women=-1)


# R-EX-09 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "period", "tenure", "dates", "today", "status"),
    [
        ("oral", H1, SERVING, [D(2026, 6, 20)], D(2026, 7, 1), MET),
        ("oral", H1, SERVING, [], D(2026, 6, 30), DUE),
        ("oral", H1, SERVING, [], D(2026, 7, 1), OVERDUE),
        ("oral", H1, Tenure(D(2026, 5, 10)), [], D(2026, 7, 1), PARTIAL),
        ("oral", H1, Tenure(D(2026, 7, 1)), [], D(2026, 7, 1), NOT_REQUIRED),
        ("written", year(2026), SERVING, [D(2026, 12, 30)], D(2027, 1, 1), MET),
        ("written", year(2026), SERVING, [], D(2026, 12, 31), DUE),
        ("written", year(2026), SERVING, [], D(2027, 1, 1), OVERDUE),
        ("written", year(2026), Tenure(D(2020, 1, 1), D(2026, 9, 30)), [], D(2027, 1, 1), PARTIAL),
    ],
)
def test_reports(kind, period, tenure, dates, today, status):
    result = rules.report_status(kind, period, tenure=tenure, report_dates=dates, today=today)
    assert result.status == status
    assert_cites_source(result.verdict, "R-EX-09")
    assert str(rules.REPORT_LABELS[kind]) in result.verdict.detail


@pytest.mark.parametrize(
    ("kind", "period", "message"),
    [
        ("oral", year(2026), "按半年计算"),
        ("written", H1, "按年度计算"),
        ("sung", H1, "未知的述职方式"),
    ],
)
def test_report_refuses_wrong_period_or_kind(kind, period, message):
    with pytest.raises(rules.RuleError, match=message):
        rules.report_status(kind, period, tenure=SERVING, report_dates=[], today=D(2026, 7, 1))


# R-EX-10 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "meetings", "today", "active_since", "status", "flagged"),
    [
        ("township", [D(2026, 3, 8)], D(2026, 7, 1), None, MET, False),
        ("village", [D(2026, 6, 30)], D(2026, 7, 1), None, MET, False),
        ("village", [], D(2026, 6, 30), None, DUE, False),
        ("village", [], D(2026, 7, 1), None, OVERDUE, True),
        ("township", [D(2025, 12, 20), D(2026, 7, 1)], D(2026, 7, 2), None, OVERDUE, True),
        ("village", [], D(2026, 7, 1), D(2026, 4, 1), PARTIAL, False),  # founded in the half
        ("village", [], D(2026, 7, 1), D(2026, 1, 1), OVERDUE, True),
        ("county", [], D(2026, 7, 1), None, NOT_REQUIRED, False),
        ("grassroots", [], D(2026, 7, 1), None, NOT_REQUIRED, False),
    ],
)
def test_executive_meeting_every_half_year(level, meetings, today, active_since, status, flagged):
    check = rules.executive_meeting_check(
        level=level, period=H1, meeting_dates=meetings, today=today, active_since=active_since
    )
    assert (check.status, check.flagged) == (status, flagged)
    assert_cites_source(check.verdict, "R-EX-10")


def test_executive_meeting_period_is_a_half_year():
    with pytest.raises(rules.RuleError, match="按半年计算"):
        rules.executive_meeting_check(
            level="village", period=quarter(2026, 1), meeting_dates=[], today=D(2026, 7, 1)
        )


# R-EX-11 -----------------------------------------------------------------------------

TERM = (D(2023, 10, 1), D(2028, 9, 30))


@pytest.mark.parametrize(
    ("trainings", "today", "status", "trained", "untrained"),
    [
        ({"a": [D(2024, 3, 1)], "b": [D(2025, 5, 1)]}, D(2026, 1, 1), MET, 2, ()),
        ({"a": [D(2024, 3, 1)], "b": []}, D(2026, 1, 1), DUE, 1, ("b",)),
        ({"a": [D(2024, 3, 1)], "b": []}, D(2028, 9, 30), DUE, 1, ("b",)),
        ({"a": [D(2024, 3, 1)], "b": []}, D(2028, 10, 1), OVERDUE, 1, ("b",)),
        ({"a": [D(2023, 9, 30)], "b": [D(2023, 10, 1)]}, D(2026, 1, 1), DUE, 1, ("a",)),  # before
        ({"a": [D(2028, 10, 1)]}, D(2028, 10, 2), OVERDUE, 0, ("a",)),  # after the term
        ({"a": [D(2026, 6, 1)]}, D(2026, 1, 1), DUE, 0, ("a",)),  # planned, not yet held
        ({}, D(2026, 1, 1), NOT_REQUIRED, 0, ()),
    ],
)
def test_training_coverage(trainings, today, status, trained, untrained):
    coverage = rules.training_coverage(
        term_start=TERM[0], term_end=TERM[1], trainings=trainings, today=today
    )
    assert (coverage.status, coverage.trained, coverage.untrained) == (status, trained, untrained)
    assert coverage.members == len(trainings)
    assert_cites_source(coverage.verdict, "R-EX-11")


def test_training_share_and_detail():
    trainings = {n: ([D(2024, 1, 1)] if n < 12 else []) for n in range(15)}
    coverage = rules.training_coverage(
        term_start=TERM[0], term_end=None, trainings=trainings, today=D(2026, 1, 1)
    )
    assert str(coverage.share) == "4/5"
    assert coverage.verdict.detail == "本届执委15人，已培训12人（80%），未培训3人"
    empty = rules.training_coverage(
        term_start=TERM[0], term_end=None, trainings={}, today=D(2026, 1, 1)
    )
    assert empty.share is None
