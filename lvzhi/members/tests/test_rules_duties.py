"""七个一 (R-EX-01..07): statuses per member, rule and period; periods; reminders. No database."""

import datetime as dt

import pytest

from lvzhi.core import rulesets
from lvzhi.core.periods import CHINA_TZ, half, quarter, year
from lvzhi.members import rules
from lvzhi.members.rules import DUE, MET, NOT_REQUIRED, OVERDUE, PARTIAL, MemberActivities, Tenure

D = dt.date
SERVING = Tenure(D(2020, 1, 1))
Q1 = quarter(2026, 1)  # 2026-01-01 … 2026-03-31


def assert_cites_source(v):
    assert v.source == rulesets.load_ruleset()[v.rule_id].source
    assert v.source


@pytest.mark.parametrize(
    ("activity", "rule_id", "count", "period"),
    [
        ("contact", "R-EX-01", 1, "quarter"),
        ("lecture", "R-EX-02", 1, "quarter"),
        ("survey", "R-EX-03", 1, "half"),
        ("suggestion", "R-EX-04", 1, "half"),
        ("assistance", "R-EX-05", 1, "year"),
        ("public_service", "R-EX-06", 1, "year"),
        ("work_record", "R-EX-07", 1, "year"),
    ],
)
def test_activity_kinds_map_to_rules_with_params(activity, rule_id, count, period):
    rule = rules.rule_for_activity(activity)
    assert (rule.id, rule.params["count"], rule.params["period"]) == (rule_id, count, period)
    assert activity in rules.ACTIVITY_LABELS


def test_seven_rules_in_order_and_unknown_activity():
    assert [r.id for r in rules.duty_rules()] == [f"R-EX-0{i}" for i in range(1, 8)]
    with pytest.raises(rules.RuleError, match="未知的履职活动类型"):
        rules.rule_for_activity("dancing")


@pytest.mark.parametrize(
    ("rule_id", "codes"),
    [
        ("R-EX-01", ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]),
        ("R-EX-02", ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]),
        ("R-EX-03", ["2026H1", "2026H2"]),
        ("R-EX-04", ["2026H1", "2026H2"]),
        ("R-EX-05", ["2026"]),
        ("R-EX-06", ["2026"]),
        ("R-EX-07", ["2026"]),
    ],
)
def test_rule_periods_of_a_year(rule_id, codes):
    assert [p.code for p in rules.rule_periods(rule_id, 2026)] == codes


# (case, tenure, activity dates, today) → (status, done) for R-EX-01 in 2026 Q1.
STATUS_CASES = [
    ("met during the quarter", SERVING, [D(2026, 2, 10)], D(2026, 2, 11), MET, 1),
    ("met twice counts 2", SERVING, [D(2026, 1, 5), D(2026, 3, 5)], D(2026, 4, 1), MET, 2),
    ("met on the first day", SERVING, [D(2026, 1, 1)], D(2026, 1, 1), MET, 1),
    ("met on the last day", SERVING, [D(2026, 3, 31)], D(2026, 4, 1), MET, 1),
    ("not met, last day of the quarter", SERVING, [], D(2026, 3, 31), DUE, 0),
    ("not met, day after the quarter", SERVING, [], D(2026, 4, 1), OVERDUE, 0),
    ("quarter not begun", SERVING, [], D(2025, 12, 31), DUE, 0),
    ("activity in the previous quarter", SERVING, [D(2025, 12, 31)], D(2026, 4, 1), OVERDUE, 0),
    ("activity in the next quarter", SERVING, [D(2026, 4, 1)], D(2026, 4, 2), OVERDUE, 0),
    ("activity dated after today", SERVING, [D(2026, 3, 20)], D(2026, 3, 10), DUE, 0),
    (
        "elected on the first day: whole quarter",
        Tenure(D(2026, 1, 1)),
        [],
        D(2026, 4, 1),
        OVERDUE,
        0,
    ),
    (
        "left on the last day: whole quarter",
        Tenure(D(2020, 1, 1), D(2026, 3, 31)),
        [],
        D(2026, 4, 1),
        OVERDUE,
        0,
    ),
    ("elected on the second day: partial", Tenure(D(2026, 1, 2)), [], D(2026, 4, 1), PARTIAL, 0),
    ("elected mid-quarter: partial", Tenure(D(2026, 2, 15)), [], D(2026, 4, 1), PARTIAL, 0),
    ("elected mid-quarter, open quarter", Tenure(D(2026, 2, 15)), [], D(2026, 3, 1), PARTIAL, 0),
    ("elected mid-quarter but met", Tenure(D(2026, 2, 15)), [D(2026, 3, 1)], D(2026, 4, 1), MET, 1),
    (
        "activity before her election not counted",
        Tenure(D(2026, 2, 15)),
        [D(2026, 2, 14)],
        D(2026, 4, 1),
        PARTIAL,
        0,
    ),
    (
        "left mid-quarter: partial",
        Tenure(D(2020, 1, 1), D(2026, 2, 15)),
        [],
        D(2026, 4, 1),
        PARTIAL,
        0,
    ),
    (
        "activity after she left not counted",
        Tenure(D(2020, 1, 1), D(2026, 2, 15)),
        [D(2026, 3, 1)],
        D(2026, 4, 1),
        PARTIAL,
        0,
    ),
    ("elected after the quarter", Tenure(D(2026, 4, 1)), [], D(2026, 5, 1), NOT_REQUIRED, 0),
    (
        "left before the quarter",
        Tenure(D(2020, 1, 1), D(2025, 12, 31)),
        [D(2026, 1, 5)],
        D(2026, 4, 1),
        NOT_REQUIRED,
        0,
    ),
]


@pytest.mark.parametrize(
    ("case", "tenure", "dates", "today", "status", "done"),
    STATUS_CASES,
    ids=[c[0] for c in STATUS_CASES],
)
def test_duty_status_quarter(case, tenure, dates, today, status, done):
    result = rules.duty_status("R-EX-01", Q1, tenure=tenure, activity_dates=dates, today=today)
    assert (result.status, result.done) == (status, done)
    assert result.required == (0 if status == NOT_REQUIRED else 1)
    assert result.owed == (1 if status in (DUE, OVERDUE) else 0)
    assert result.verdict.outcome == status
    assert result.verdict.rule_id == "R-EX-01"
    assert_cites_source(result.verdict)
    assert result.period == Q1


@pytest.mark.parametrize(
    ("tenure", "dates", "today", "fragment"),
    [
        (SERVING, [D(2026, 2, 10)], D(2026, 4, 1), "2026年第一季度联系：应完成1次，已完成1次"),
        (SERVING, [], D(2026, 3, 1), "应完成1次，已完成0次，2026年3月31日前还需1次"),
        (SERVING, [], D(2026, 4, 1), "应完成1次，仅完成0次，2026年3月31日已截止"),
        (
            Tenure(D(2026, 2, 15)),
            [],
            D(2026, 4, 1),
            "2026年第一季度仅部分时间在任（2026年2月15日至2026年3月31日），不计为未完成",
        ),
        (Tenure(D(2026, 4, 1)), [], D(2026, 4, 1), "2026年第一季度不在任，不要求联系"),
    ],
)
def test_duty_status_detail_in_chinese(tenure, dates, today, fragment):
    result = rules.duty_status("R-EX-01", Q1, tenure=tenure, activity_dates=dates, today=today)
    assert fragment in result.verdict.detail


def test_member_elected_in_may_owes_nothing_for_q1_or_h1():
    """RULES.md: a member elected in May owes nothing for Q1 or H1."""
    may = Tenure(D(2026, 5, 10))
    after_h1 = D(2026, 7, 1)
    q1 = rules.duty_status("R-EX-01", Q1, tenure=may, activity_dates=[], today=after_h1)
    q2 = rules.duty_status(
        "R-EX-01", quarter(2026, 2), tenure=may, activity_dates=[], today=after_h1
    )
    h1 = rules.duty_status("R-EX-03", half(2026, 1), tenure=may, activity_dates=[], today=after_h1)
    y = rules.duty_status("R-EX-05", year(2026), tenure=may, activity_dates=[], today=D(2027, 1, 1))
    assert (q1.status, q2.status, h1.status, y.status) == (NOT_REQUIRED, PARTIAL, PARTIAL, PARTIAL)
    assert all(s.owed == 0 for s in (q1, q2, h1, y))


@pytest.mark.parametrize(
    ("rule_id", "period", "on_time", "late"),
    [
        ("R-EX-03", half(2026, 1), D(2026, 6, 30), D(2026, 7, 1)),
        ("R-EX-04", half(2026, 2), D(2026, 12, 31), D(2027, 1, 1)),
        ("R-EX-05", year(2026), D(2026, 12, 31), D(2027, 1, 1)),
        ("R-EX-06", year(2026), D(2026, 12, 31), D(2027, 1, 1)),
        ("R-EX-07", year(2026), D(2026, 12, 31), D(2027, 1, 1)),
    ],
)
def test_half_and_year_rules_due_until_last_day(rule_id, period, on_time, late):
    def status(today, dates=()):
        return rules.duty_status(
            rule_id, period, tenure=SERVING, activity_dates=dates, today=today
        ).status

    assert status(on_time) == DUE
    assert status(late) == OVERDUE
    assert status(late, [period.end]) == MET


def test_datetimes_are_read_in_china_time():
    # 2026-03-31 17:00 UTC is 2026-04-01 01:00 in Chongqing: a Q2 activity.
    late_evening_utc = dt.datetime(2026, 3, 31, 17, 0, tzinfo=dt.UTC)
    result = rules.duty_status(
        "R-EX-01", Q1, tenure=SERVING, activity_dates=[late_evening_utc], today=D(2026, 4, 2)
    )
    assert result.status == OVERDUE
    local = dt.datetime(2026, 3, 31, 23, 0, tzinfo=CHINA_TZ)
    result = rules.duty_status(
        "R-EX-01", Q1, tenure=SERVING, activity_dates=[local], today=D(2026, 4, 2)
    )
    assert result.status == MET


def test_period_of_another_kind_is_refused():
    with pytest.raises(rules.RuleError, match="按季度计算"):
        rules.duty_status(
            "R-EX-01", half(2026, 1), tenure=SERVING, activity_dates=[], today=D(2026, 1, 1)
        )


def test_tenure_cannot_end_before_it_starts():
    with pytest.raises(rules.RuleError, match="离任日期不能早于任职日期"):
        Tenure(D(2026, 2, 1), D(2026, 1, 31))


def test_seven_ones_for_a_year():
    statuses = rules.seven_ones_for_year(
        tenure=SERVING,
        activities={
            "contact": [D(2026, 1, 3), D(2026, 5, 3)],
            "assistance": (d for d in [D(2026, 8, 1)]),
        },
        year=2026,
        today=D(2027, 1, 1),
    )
    assert len(statuses) == 4 + 4 + 2 + 2 + 1 + 1 + 1
    by_key = {(s.rule_id, s.period.code): s.status for s in statuses}
    assert by_key[("R-EX-01", "2026Q1")] == MET
    assert by_key[("R-EX-01", "2026Q2")] == MET
    assert by_key[("R-EX-01", "2026Q3")] == OVERDUE
    assert by_key[("R-EX-05", "2026")] == MET  # a generator is read once per rule, not per period
    assert by_key[("R-EX-07", "2026")] == OVERDUE


def test_another_rule_set_changes_counts_and_periods_without_code(tmp_path, monkeypatch):
    (tmp_path / "variant.toml").write_text(
        """
[meta]
code = "variant"
[[rules]]
id = "R-EX-01"
text = "contact women twice a half-year"
source = "某省 2024 第三条"
[rules.params]
activity = "contact"
count = 2
period = "half"
""",
        encoding="utf-8",
    )
    monkeypatch.setattr(rulesets, "RULESET_DIR", tmp_path)
    rulesets.load_ruleset.cache_clear()
    try:
        h1 = half(2026, 1)
        assert [p.code for p in rules.rule_periods("R-EX-01", 2026, "variant")] == [
            "2026H1",
            "2026H2",
        ]
        one = rules.duty_status(
            "R-EX-01",
            h1,
            tenure=SERVING,
            activity_dates=[D(2026, 2, 1)],
            today=D(2026, 7, 1),
            ruleset="variant",
        )
        assert (one.required, one.done, one.status) == (2, 1, OVERDUE)
        assert one.verdict.source == "某省 2024 第三条"
        two = rules.duty_status(
            "R-EX-01",
            h1,
            tenure=SERVING,
            activity_dates=[D(2026, 2, 1), D(2026, 6, 1)],
            today=D(2026, 7, 1),
            ruleset="variant",
        )
        assert two.status == MET
    finally:
        rulesets.load_ruleset.cache_clear()


# Reminders ---------------------------------------------------------------------------------

MEMBERS = [
    MemberActivities("owes", SERVING),
    MemberActivities("done", SERVING, (D(2026, 2, 1),)),
    MemberActivities("elected in March", Tenure(D(2026, 3, 1))),
    MemberActivities("left in 2025", Tenure(D(2020, 1, 1), D(2025, 12, 31))),
]


@pytest.mark.parametrize(
    ("today", "days_before", "targets"),
    [
        (D(2026, 3, 23), None, []),  # 8 days before the end
        (D(2026, 3, 24), None, ["owes"]),  # 7 days before: the first reminder day
        (D(2026, 3, 31), None, ["owes"]),  # the last day
        (D(2026, 4, 1), None, []),  # Q2 has begun; its window opens on 6月23日
        (D(2026, 3, 20), 10, []),
        (D(2026, 3, 21), 10, ["owes"]),
        (D(2026, 3, 31), 0, ["owes"]),
        (D(2026, 3, 30), 0, []),
    ],
)
def test_reminder_targets_window(today, days_before, targets):
    reminders = rules.reminder_targets("R-EX-01", MEMBERS, today=today, days_before=days_before)
    assert [r.member_id for r in reminders] == targets
    for reminder in reminders:
        assert reminder.duty.status == DUE and reminder.duty.owed == 1
        assert reminder.remind_on == D(2026, 3, 31) - dt.timedelta(
            days=7 if days_before is None else days_before
        )
        assert_cites_source(reminder.duty.verdict)


@pytest.mark.parametrize(
    ("rule_id", "today", "targets"),
    [
        ("R-EX-03", D(2026, 6, 23), ["owes"]),  # "elected in March" holds H1 partly: not owed
        ("R-EX-03", D(2026, 6, 22), []),
        ("R-EX-05", D(2026, 12, 24), ["owes"]),
        ("R-EX-05", D(2026, 12, 23), []),
    ],
)
def test_reminders_for_half_and_year_rules(rule_id, today, targets):
    reminders = rules.reminder_targets(rule_id, MEMBERS, today=today)
    assert [r.member_id for r in reminders] == targets


def test_negative_reminder_lead_is_refused():
    with pytest.raises(rules.RuleError, match="提前提醒天数不能为负数"):
        rules.reminder_targets("R-EX-01", MEMBERS, today=D(2026, 3, 31), days_before=-1)
