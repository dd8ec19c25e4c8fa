"""Election arithmetic (R-OR-05): the chosen method's majority, strictly exceeded, at its
boundaries; ballots returned ≤ issued ≤ present ≤ expected; seats and ties."""

import pytest

from lvzhi.grassroots import rules


@pytest.mark.parametrize(
    ("votes", "elected", "line"),
    [
        (51, True, "得票 51 > 应到 100 的半数 50：当选"),
        (50, False, "得票 50 ≤ 应到 100 的半数 50：未当选"),  # 超过 excludes the bound
        (57, True, "得票 57 > 应到 100 的半数 50：当选"),
    ],
)
def test_majority_of_expected(votes, elected, line):
    (result,) = rules.election_results(
        method="expected",
        expected=100,
        present=80,
        tallies=[rules.Tally("王芳", "member", votes)],
        seats={"member": None},
    )
    assert result.elected is elected
    assert result.verdict.detail == line
    assert result.verdict.rule_id == "R-OR-05"


@pytest.mark.parametrize(("votes", "elected"), [(49, False), (50, True)])
def test_majority_of_present_odd_base(votes, elected):
    passed, line = rules.majority_line(method="present", expected=120, present=99, votes_for=votes)
    assert passed is elected
    assert "实到 99 的半数 49.5" in line


def test_unknown_method_refused():
    with pytest.raises(rules.RuleError):
        rules.majority_line(method="hands", expected=10, present=10, votes_for=6)


@pytest.mark.parametrize(
    ("counts", "fields"),
    [
        ({"expected": 100, "present": 90, "issued": 90, "returned": 90}, set()),
        ({"expected": 100, "present": 90, "issued": 90, "returned": 91}, {"ballots_returned"}),
        ({"expected": 100, "present": 90, "issued": 91, "returned": 90}, {"ballots_issued"}),
        ({"expected": 100, "present": 101, "issued": 90, "returned": 90}, {"present"}),
        ({"expected": 0, "present": 0, "issued": 0, "returned": 0}, {"expected"}),
    ],
)
def test_round_counts(counts, fields):
    assert set(rules.round_errors(**counts)) == fields


def test_candidate_counts_within_returned():
    tally = rules.Tally("李娜", "member", 40, 5, 3, 2)  # 50
    assert rules.tally_error(tally, returned=50) is None
    assert "多于收回选票49张" in rules.tally_error(tally, returned=49)


def test_seats_most_votes_win_and_a_tie_at_the_last_place_is_elected_by_neither():
    tallies = [
        rules.Tally("甲", "vice_chair", 9),
        rules.Tally("乙", "vice_chair", 8),
        rules.Tally("丙", "vice_chair", 7),
        rules.Tally("丁", "vice_chair", 7),
        rules.Tally("戊", "chair", 10),
        rules.Tally("己", "vice_chair", 3),
    ]
    results = rules.election_results(
        method="expected",
        expected=11,
        present=11,
        tallies=tallies,
        seats={"vice_chair": 3, "chair": 1},
    )
    outcome = {r.tally.name: r.verdict.outcome for r in results}
    assert outcome == {
        "甲": "elected",
        "乙": "elected",
        "丙": "tie",
        "丁": "tie",
        "戊": "elected",
        "己": "not_elected",
    }
    four = rules.election_results(
        method="expected",
        expected=11,
        present=11,
        tallies=[*tallies[:3], rules.Tally("丁", "vice_chair", 6)],
        seats={"vice_chair": 3},
    )
    assert [r.verdict.outcome for r in four] == ["elected", "elected", "elected", "over"]
