"""R-MB-11 procedure, R-MB-12 nominations, R-MB-13 the vote, R-MB-14 scrutineers and counters.

Over 400 lines: worked boundaries and properties of four rules that share thresholds.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lvzhi.core import rulesets
from lvzhi.members import rules
from lvzhi.members.rules import Ballot


def assert_cites_source(v, rule_id):
    assert v.rule_id == rule_id
    assert v.source == rulesets.load_ruleset()[rule_id].source


# R-MB-11 ------------------------------------------------------------------------------------

P, A, V, N = "proposal", "party_approval", "plenary_vote", "announcement"


@pytest.mark.parametrize(
    ("change", "done", "step", "allowed", "missing", "effective"),
    [
        ("addition", [], P, True, (), False),
        ("addition", [], A, False, (P,), False),
        ("addition", [], V, False, (P, A), False),
        ("addition", [P], A, True, (), False),
        ("addition", [P], V, False, (A,), False),
        ("addition", [P, A], V, True, (), True),
        ("addition", [P, A], P, False, (), False),  # already done
        ("addition", [P, A, V], A, False, (), False),
        ("addition", [A, P], V, False, (), False),  # recorded out of order
        ("replacement", [P, A], V, True, (), True),
        ("release", [A], V, False, (P,), False),
        ("termination", [], A, False, (P,), False),
        ("termination", [P], A, True, (), True),  # effective on party approval (第十七条)
        ("termination", [P, A], N, True, (), False),  # announced at the next meeting
        ("termination", [P], N, False, (A,), False),
    ],
)
def test_procedure_order(change, done, step, allowed, missing, effective):
    check = rules.check_procedure_step(change, done=done, step=step)
    assert (check.allowed, check.missing, check.effective) == (allowed, missing, effective)
    assert check.verdicts[0].outcome == ("allowed" if allowed else "refused")
    assert_cites_source(check.verdicts[0], "R-MB-11")
    extra = [(v.rule_id, v.outcome) for v in check.verdicts[1:]]
    if change == "termination" and allowed:
        assert extra == [("R-MB-10", "effective" if step == A else "announce")]
        for v in check.verdicts[1:]:
            assert_cites_source(v, "R-MB-10")
    else:
        assert extra == []


@pytest.mark.parametrize(
    ("change", "done", "step", "fragment"),
    [
        ("addition", [], V, "还缺少：同级妇联组织提出建议、同级党组织批准同意"),
        ("addition", [P, A], V, "可以进行“召开执委会全体会议表决通过”，完成后生效"),
        ("addition", [P], P, "“同级妇联组织提出建议”已经完成"),
        ("addition", [A, P], V, "已记录的步骤顺序不符合规定"),
        ("termination", [P], A, "可以进行“同级党组织批准同意”，完成后生效"),
    ],
)
def test_procedure_details(change, done, step, fragment):
    assert fragment in rules.check_procedure_step(change, done=done, step=step).verdicts[0].detail


def test_procedure_steps_and_refusals():
    assert rules.procedure_steps("addition") == (P, A, V)
    assert rules.procedure_steps("termination") == (P, A, N)
    with pytest.raises(rules.RuleError, match="没有“召开执委会全体会议表决通过”这一步骤"):
        rules.check_procedure_step("termination", done=[P, A], step=V)
    with pytest.raises(rules.RuleError, match="未知的执委变动类型"):
        rules.procedure_steps("promotion")


# R-MB-12 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "threshold"),
    [(1, 1), (3, 1), (9, 3), (10, 4), (12, 4), (13, 5), (15, 5), (25, 9), (29, 10)],
)
def test_masses_threshold_is_one_third_or_more(size, threshold):
    """三分之一以上 includes the bound: ⌈size / 3⌉ members are enough, one fewer is not."""
    assert rules.masses_member_threshold(size) == threshold
    assert threshold * 3 >= size > (threshold - 1) * 3


@pytest.mark.parametrize(
    ("channel", "kwargs", "ready", "missing"),
    [
        ("party", {}, True, ()),
        ("masses", {"committee_size": 15, "supporting_members": 5, "party_review": True}, True, ()),
        ("masses", {"committee_size": 15, "supporting_members": 5}, False, ("同级党组织审议通过",)),
        (
            "masses",
            {"committee_size": 15, "supporting_members": 4, "party_review": True},
            False,
            ("推荐人数不足",),
        ),
        ("masses", {"committee_size": 12, "supporting_members": 4, "party_review": True}, True, ()),
        (
            "masses",
            {"committee_size": 12, "supporting_members": 3, "party_review": True},
            False,
            ("推荐人数不足",),
        ),
        ("masses", {"committee_size": 10, "supporting_members": 4, "party_review": True}, True, ()),
        (
            "masses",
            {"committee_size": 10, "supporting_members": 3, "party_review": True},
            False,
            ("推荐人数不足",),
        ),
        ("masses", {"committee_size": 25, "supporting_members": 9, "party_review": True}, True, ()),
        (
            "masses",
            {"committee_size": 25, "supporting_members": 8, "party_review": True},
            False,
            ("推荐人数不足",),
        ),
        ("masses", {"committee_size": 15, "supporting_women": 20, "party_review": True}, True, ()),
        (
            "masses",
            {"committee_size": 15, "supporting_women": 19, "party_review": True},
            False,
            ("推荐人数不足",),
        ),
        (
            "masses",
            {"committee_size": 15, "supporting_women": 19},
            False,
            ("推荐人数不足", "同级党组织审议通过"),
        ),
        ("self", {}, False, ("本级妇联组织初审", "同级党组织审议通过")),
        ("self", {"initial_review": True}, False, ("同级党组织审议通过",)),
        ("self", {"party_review": True}, False, ("本级妇联组织初审",)),
        ("self", {"initial_review": True, "party_review": True}, True, ()),
    ],
)
def test_nominations(channel, kwargs, ready, missing):
    check = rules.nomination_check(channel, **kwargs)
    assert check.ready is ready
    assert len(check.missing) == len(missing)
    for text, start in zip(check.missing, missing, strict=True):
        assert text.startswith(start)
    assert check.verdict.outcome == ("ready" if ready else "pending")
    assert_cites_source(check.verdict, "R-MB-12")


def test_nomination_shortfall_says_both_routes():
    check = rules.nomination_check(
        "masses", committee_size=15, supporting_members=4, supporting_women=12
    )
    assert check.missing[0] == (
        "推荐人数不足：需三分之一以上执委（5人，现4人）或20名以上妇女群众（现12人）"
    )


@pytest.mark.parametrize(
    ("channel", "kwargs", "message"),
    [
        ("masses", {"committee_size": 0, "supporting_women": 25}, "群众推荐须提供执委会人数"),
        ("masses", {"committee_size": 10, "supporting_members": 11}, "不能多于执委会人数"),
        ("masses", {"committee_size": 10, "supporting_women": -1}, "推荐妇女群众人数不能为负数"),
        ("neighbours", {}, "未知的推荐方式"),
    ],
)
def test_nomination_refusals(channel, kwargs, message):
    with pytest.raises(rules.RuleError, match=message):
        rules.nomination_check(channel, **kwargs)


# R-MB-13 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "min_present", "min_yes"),
    [
        (12, 9, 7),
        (15, 11, 8),
        (25, 17, 13),
        (1, 1, 1),
        (3, 3, 2),
        (5, 4, 3),
        (6, 5, 4),
        (29, 20, 15),
    ],
)
def test_vote_thresholds(expected, min_present, min_yes):
    assert rules.vote_thresholds(expected) == (min_present, min_yes)


# Worked boundaries of RULES.md, at and around each bound.
VOTE_CASES = [
    (15, 10, 10, False, False),  # 10 is not more than 2/3 × 15 = 10
    (15, 11, 8, True, True),
    (15, 11, 7, True, False),  # 7 is not more than 15 / 2 = 7.5
    (15, 15, 7, True, False),
    (15, 15, 8, True, True),
    (15, 11, 6, True, False),  # 6 > 11 / 2, but the base is expected, not present
    (12, 8, 8, False, False),
    (12, 9, 7, True, True),
    (12, 9, 6, True, False),  # 6 is exactly half of 12: not more than half
    (12, 12, 7, True, True),
    (25, 16, 16, False, False),
    (25, 17, 13, True, True),
    (25, 17, 12, True, False),
    (25, 25, 13, True, True),
]


@pytest.mark.parametrize(("expected", "present", "yes", "valid", "elected"), VOTE_CASES)
def test_vote_at_the_worked_boundaries(expected, present, yes, valid, elected):
    result = rules.count_vote(
        expected=expected, present=present, ballots=[Ballot("张三", yes, present - yes, 0)]
    )
    assert result.valid is valid
    assert result.verdict.outcome == ("valid" if valid else "invalid")
    assert result.elected == (("张三",) if elected else ())
    (candidate,) = result.candidates
    assert candidate.verdict.outcome == ("elected" if elected else "not_elected")
    assert_cites_source(result.verdict, "R-MB-13")
    assert_cites_source(candidate.verdict, "R-MB-13")


@pytest.mark.parametrize(
    ("expected", "present", "text"),
    [
        (15, 11, "应到15人，实到11人，超过应到人数的三分之二（10人），可以进行选举"),
        (15, 10, "应到15人，实到10人，未超过应到人数的三分之二（10人，须至少11人），不能进行选举"),
        (12, 9, "应到12人，实到9人，超过应到人数的三分之二（8人），可以进行选举"),
        (12, 8, "应到12人，实到8人，未超过应到人数的三分之二（8人，须至少9人），不能进行选举"),
        (25, 17, "应到25人，实到17人，超过应到人数的三分之二（16.67人），可以进行选举"),
        (
            25,
            16,
            "应到25人，实到16人，未超过应到人数的三分之二（16.67人，须至少17人），不能进行选举",
        ),
    ],
)
def test_session_arithmetic_in_chinese(expected, present, text):
    assert rules.count_vote(expected=expected, present=present, ballots=[]).verdict.detail == text


@pytest.mark.parametrize(
    ("expected", "present", "ballot", "text"),
    [
        (
            15,
            11,
            Ballot("张三", 8, 2, 1),
            "张三：赞成8票、反对2票、弃权1票，超过应到人数的半数（7.5人），当选",
        ),
        (
            15,
            11,
            Ballot("李四", 7, 3, 1),
            "李四：赞成7票、反对3票、弃权1票，未超过应到人数的半数（7.5人，须至少8票），未当选",
        ),
        (
            12,
            9,
            Ballot("王五", 6, 3),
            "王五：赞成6票、反对3票、弃权0票，未超过应到人数的半数（6人，须至少7票），未当选",
        ),
        (15, 10, Ballot("赵六", 10), "赵六：赞成10票、反对0票、弃权0票；实到人数不足，选举无效"),
    ],
)
def test_candidate_arithmetic_in_chinese(expected, present, ballot, text):
    (candidate,) = rules.count_vote(expected=expected, present=present, ballots=[ballot]).candidates
    assert candidate.verdict.detail == text


def test_several_candidates():
    result = rules.count_vote(
        expected=15,
        present=13,
        ballots=[Ballot("甲", 12, 1), Ballot("乙", 7, 5, 1), Ballot("丙", 8, 0, 5)],
    )
    assert result.elected == ("甲", "丙")
    assert (result.min_present, result.min_yes) == (11, 8)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"expected": 15, "present": 16}, r"实到人数（16人）不能多于应到人数（15人）"),
        (
            {"expected": 15, "present": 11, "ballots": [Ballot("张三", 8, 3, 1)]},
            "候选人张三的赞成、反对、弃权票合计12票，多于实到人数11人",
        ),
        ({"expected": -1, "present": 0}, "应到人数不能为负数"),
        ({"expected": 0, "present": 0}, "应到人数须至少为1人"),
        ({"expected": 15, "present": -1}, "实到人数不能为负数"),
        (
            {"expected": 15, "present": 11, "ballots": [Ballot("张三", -1)]},
            "候选人张三的赞成票数不能为负数",
        ),
        (
            {"expected": 15, "present": 11, "ballots": [Ballot("张三", 1, -1)]},
            "候选人张三的反对票数不能为负数",
        ),
        (
            {"expected": 15, "present": 11, "ballots": [Ballot("张三", 1, 0, -2)]},
            "候选人张三的弃权票数不能为负数",
        ),
        ({"expected": 15.0, "present": 11}, "应到人数须为整数"),
        ({"expected": 15, "present": True}, "实到人数须为整数"),
        (
            {"expected": 15, "present": 11, "ballots": [Ballot("张三", 8), Ballot("张三", 9)]},
            "候选人张三重复计票",
        ),
    ],
)
def test_impossible_counts_are_refused(kwargs, message):
    kwargs.setdefault("ballots", [])
    with pytest.raises(rules.RuleError, match=message):
        rules.count_vote(**kwargs)


@st.composite
def vote_counts(draw):
    expected = draw(st.integers(min_value=1, max_value=60))
    present = draw(st.integers(min_value=0, max_value=expected))
    yes = draw(st.integers(min_value=0, max_value=present))
    no = draw(st.integers(min_value=0, max_value=present - yes))
    abstain = draw(st.integers(min_value=0, max_value=present - yes - no))
    return expected, present, yes, no, abstain


@given(vote_counts())
def test_vote_arithmetic_property(counts):
    expected, present, yes, no, abstain = counts
    result = rules.count_vote(
        expected=expected, present=present, ballots=[Ballot("甲", yes, no, abstain)]
    )
    # strictly more than 2/3 and than 1/2 of the expected members, in whole numbers
    assert result.valid is (3 * present > 2 * expected)
    assert result.candidates[0].elected is (result.valid and 2 * yes > expected)
    # the thresholds are the smallest whole numbers that pass
    assert 3 * result.min_present > 2 * expected >= 3 * (result.min_present - 1)
    assert 2 * result.min_yes > expected >= 2 * (result.min_yes - 1)
    assert result.valid is (present >= result.min_present)
    assert result.candidates[0].elected is (result.valid and yes >= result.min_yes)
    assert result.min_present <= expected and result.min_yes <= expected


@given(st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=10))
def test_more_present_than_expected_is_always_refused(expected, surplus):
    with pytest.raises(rules.RuleError):
        rules.count_vote(expected=expected, present=expected + surplus, ballots=[])


# R-MB-14 ------------------------------------------------------------------------------------

PRESENT_MEMBERS = {"甲", "乙", "丙"}
STAFF = {"干事A", "干事B", "干事C"}


@pytest.mark.parametrize(
    ("scrutineers", "counters", "approved", "problems"),
    [
        (["甲"], ["干事A"], True, ()),
        (["甲", "乙"], ["干事A", "干事B"], True, ()),
        ([], ["干事A"], True, ("监票员应为1—2名，现0名",)),
        (["甲", "乙", "丙"], ["干事A"], True, ("监票员应为1—2名，现3名",)),
        (["丁"], ["干事A"], True, ("监票员丁不是出席会议的执委",)),
        (["甲"], ["干事A"], False, ("监票员须经执委会审议通过",)),
        (["甲", "甲"], ["干事A"], True, ("监票员有重复人员",)),
        (["甲"], [], True, ("计票员应为1—2名，现0名",)),
        (["甲"], ["干事A", "干事B", "干事C"], True, ("计票员应为1—2名，现3名",)),
        (["甲"], ["乙"], True, ("计票员乙不是本级妇联组织指派的工作人员",)),
        (
            ["丁", "戊", "己"],
            ["甲"],
            False,
            (
                "监票员应为1—2名，现3名",
                "监票员丁不是出席会议的执委",
                "监票员戊不是出席会议的执委",
                "监票员己不是出席会议的执委",
                "监票员须经执委会审议通过",
                "计票员甲不是本级妇联组织指派的工作人员",
            ),
        ),
    ],
)
def test_scrutineers_and_counters(scrutineers, counters, approved, problems):
    check = rules.vote_officers_check(
        scrutineers=scrutineers,
        counters=counters,
        present_members=PRESENT_MEMBERS,
        federation_staff=STAFF,
        scrutineers_approved=approved,
    )
    assert check.problems == problems
    assert check.ok is (not problems)
    assert check.verdict.outcome == ("error" if problems else "ok")
    assert_cites_source(check.verdict, "R-MB-14")
