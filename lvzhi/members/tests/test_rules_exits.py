"""R-MB-08/09/10: exit recommendations with evidence and clause; nothing decides."""

import datetime as dt

import pytest

from lvzhi.core import rulesets
from lvzhi.members import rules
from lvzhi.members.rules import ABSENT, EXCUSED, PRESENT, MeetingAttendance

D = dt.date


def assert_recommends(rec, rule_id):
    assert rec.verdict.rule_id == rule_id
    assert rec.verdict.outcome == "recommend"
    assert rec.clause == rulesets.load_ruleset()[rule_id].source
    assert rec.evidence in rec.verdict.detail


# R-MB-08: "1年以上" includes one year to the day -------------------------------------------


@pytest.mark.parametrize(
    ("away_since", "today", "recommended"),
    [
        (D(2025, 3, 10), D(2026, 3, 9), False),  # the day before the anniversary
        (D(2025, 3, 10), D(2026, 3, 10), True),  # exactly one year: 以上 includes the bound
        (D(2025, 3, 10), D(2026, 3, 11), True),  # the day after
        (D(2025, 3, 10), D(2025, 3, 10), False),
        (D(2024, 2, 29), D(2025, 2, 27), False),  # no 2月29日 in 2025: the year ends on 2月28日
        (D(2024, 2, 29), D(2025, 2, 28), True),
        (D(2024, 2, 29), D(2025, 3, 1), True),
        (D(2023, 12, 31), D(2024, 12, 30), False),
        (D(2023, 12, 31), D(2024, 12, 31), True),
    ],
)
def test_away_one_year_or_more(away_since, today, recommended):
    assert rules.away_period_reached(away_since, today) is recommended
    recs = rules.self_release_recommendations(today=today, away_since=away_since)
    assert [r.ground for r in recs] == (["away"] if recommended else [])
    for rec in recs:
        assert rec.kind == "self_release"
        assert_recommends(rec, "R-MB-08")


def test_away_evidence_names_the_dates_and_reading():
    (rec,) = rules.self_release_recommendations(today=D(2026, 3, 10), away_since=D(2025, 3, 10))
    assert rec.evidence == (
        "自2025年3月10日起未在本地区工作、生活，至2026年3月10日已满1年（“1年以上”含本数）"
    )
    assert rec.verdict.detail.startswith("建议自行卸免：")


@pytest.mark.parametrize(
    ("kwargs", "grounds", "fragment"),
    [
        ({"resignation_approved_on": D(2026, 4, 2)}, ["resigned"], "2026年4月2日获批准"),
        (
            {"personal_reason": "  长期照护家人 "},
            ["personal"],
            "因个人原因不能继续履行执委职务：长期照护家人",
        ),
        ({"personal_reason": "   "}, [], None),
        ({}, [], None),
    ],
)
def test_resignation_and_personal_reasons(kwargs, grounds, fragment):
    recs = rules.self_release_recommendations(today=D(2026, 5, 1), **kwargs)
    assert [r.ground for r in recs] == grounds
    if fragment:
        assert fragment in recs[0].evidence
        assert_recommends(recs[0], "R-MB-08")


# R-MB-09 ------------------------------------------------------------------------------------

F, P = "不合格", "合格"


@pytest.mark.parametrize(
    ("evaluations", "years", "evidence"),
    [
        ({2025: F, 2026: F}, [2025, 2026], "2025、2026 年度评议不合格"),
        ({2024: F, 2025: F, 2026: F}, [2024, 2025, 2026], "2024、2025、2026 年度评议不合格"),
        ({2023: F, 2024: F, 2025: P, 2026: F}, [2023, 2024], "2023、2024 年度评议不合格"),
        ({2022: F, 2023: F, 2025: F, 2026: F}, [2025, 2026], "2025、2026 年度评议不合格"),
        ({2024: F, 2026: F}, None, None),  # 2025 missing: not consecutive
        ({2024: F, 2025: P, 2026: F}, None, None),
        ({2024: F, 2025: "基本合格", 2026: F}, None, None),
        ({2026: F}, None, None),
        ({2025: "优秀", 2026: P}, None, None),
        ({}, None, None),
    ],
)
def test_failed_evaluations_two_consecutive_years(evaluations, years, evidence):
    assert rules.failed_evaluation_years(evaluations) == years
    recs = rules.advised_resignation_recommendations(evaluations=evaluations)
    if evidence is None:
        assert recs == []
    else:
        (rec,) = recs
        assert (rec.kind, rec.ground, rec.evidence) == (
            "advised",
            "failed_evaluations",
            evidence,
        )
        assert_recommends(rec, "R-MB-09")


def meetings(*statuses):
    return [
        MeetingAttendance(f"第{i + 1}次执委会", D(2025, 1, 15) + dt.timedelta(days=90 * i), s)
        for i, s in enumerate(statuses)
    ]


A = ABSENT


@pytest.mark.parametrize(
    ("attendance", "run"),
    [
        (meetings(A, A, A), [1, 2, 3]),
        (meetings(PRESENT, A, A, A), [2, 3, 4]),
        (meetings(A, A, A, A), [1, 2, 3, 4]),
        (meetings(A, A, A, PRESENT, A), [1, 2, 3]),
        (meetings(A, A, EXCUSED, A), None),  # an excused absence breaks the run
        (meetings(A, A, PRESENT, A), None),  # so does presence
        (meetings(A, A), None),
        (meetings(EXCUSED, EXCUSED, EXCUSED), None),
        (meetings(), None),
        (list(reversed(meetings(A, A, A, PRESENT))), [1, 2, 3]),  # read in date order
        (list(reversed(meetings(PRESENT, A, A, EXCUSED))), None),
    ],
)
def test_three_consecutive_unexcused_absences(attendance, run):
    found = rules.unexcused_absence_run(attendance)
    assert ([int(r.meeting[1]) for r in found] if found else None) == run
    recs = rules.advised_resignation_recommendations(attendance=attendance)
    assert [r.ground for r in recs] == (["absences"] if run else [])
    if run:
        assert_recommends(recs[0], "R-MB-09")
        for number in run:
            assert f"第{number}次执委会" in recs[0].evidence


def test_absence_evidence_names_the_three_meetings():
    (rec,) = rules.advised_resignation_recommendations(attendance=meetings(A, A, A))
    assert rec.evidence == (
        "无故连续3次不出席执委会：第1次执委会（2025年1月15日）、"
        "第2次执委会（2025年4月15日）、第3次执委会（2025年7月14日）"
    )


def test_unknown_attendance_status_is_refused():
    with pytest.raises(rules.RuleError, match="未知的出席情况"):
        rules.unexcused_absence_run([MeetingAttendance("第1次执委会", D(2026, 1, 1), "late")])


def test_below_requirements_after_training():
    (rec,) = rules.advised_resignation_recommendations(below_requirements_after_training=True)
    assert rec.ground == "below_requirements"
    assert_recommends(rec, "R-MB-09")


# R-MB-10 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ground",
    ["nationality", "penalty", "party_expulsion", "improper_business", "misconduct"],
)
def test_termination_grounds(ground):
    (rec,) = rules.termination_recommendations([ground])
    assert (rec.kind, rec.ground) == ("termination", ground)
    assert rec.evidence == rules.termination_grounds()[ground]
    assert_recommends(rec, "R-MB-10")


def test_termination_note_duplicates_and_unknown_ground():
    (rec,) = rules.termination_recommendations(["penalty", "penalty"], note="2026年3月行政拘留")
    assert rec.evidence.endswith("（2026年3月行政拘留）")
    with pytest.raises(rules.RuleError, match="不在第十三条所列范围内"):
        rules.termination_recommendations(["late_for_meetings"])


def test_all_recommendations_for_one_member():
    recs = rules.exit_recommendations(
        today=D(2026, 12, 1),
        away_since=D(2025, 6, 1),
        evaluations={2025: F, 2026: F},
        attendance=meetings(A, A, A),
        termination=["misconduct"],
    )
    assert [(r.kind, r.ground) for r in recs] == [
        ("termination", "misconduct"),
        ("advised", "failed_evaluations"),
        ("advised", "absences"),
        ("self_release", "away"),
    ]
    assert [r.verdict.rule_id for r in recs] == ["R-MB-10", "R-MB-09", "R-MB-09", "R-MB-08"]
    assert rules.exit_recommendations(today=D(2026, 12, 1)) == []
