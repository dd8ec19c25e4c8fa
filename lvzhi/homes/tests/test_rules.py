"""R-HM-01…05 at their boundaries, as RULES.md and CQ-FN read them."""

import datetime as dt

import pytest

from lvzhi.core.periods import CHINA_TZ
from lvzhi.homes import rules
from lvzhi.homes.calendar import china_calendar

# R-HM-02: 10% of the district's homes, rounded up; exactly 10% meets it.


@pytest.mark.parametrize(
    ("homes", "designated", "needed", "outcome"),
    [
        (100, 9, 10, "unmet"),
        (100, 10, 10, "met"),  # exactly 10%
        (100, 11, 10, "met"),
        (99, 9, 10, "unmet"),  # 9.9 rounds up to 10
        (99, 10, 10, "met"),
        (99, 11, 10, "met"),
        (1, 0, 1, "unmet"),
        (0, 0, 0, "none"),
    ],
)
def test_district_target(homes, designated, needed, outcome):
    assert rules.target_needed(homes) == needed
    verdict = rules.district_target_verdict(homes=homes, designated=designated)
    assert (verdict.rule_id, verdict.source, verdict.outcome) == ("R-HM-02", "CQ-FN 二", outcome)
    if outcome == "unmet":
        assert f"还差 {needed - designated} 个" in verdict.detail


# R-HM-03 on the platform's China calendar (statutory holidays, 调休, ordinary weekends).


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CHINA_TZ)


@pytest.fixture
def cn(db):
    return china_calendar(dt.date(2025, 12, 1), dt.date(2027, 2, 1))


@pytest.mark.parametrize(
    ("day", "is_open", "why"),
    [
        (dt.date(2026, 10, 1), False, "国庆节"),  # statutory holiday (Thursday)
        (dt.date(2026, 10, 4), False, "国庆节"),  # a Sunday inside 国庆 10月1日至7日
        (dt.date(2026, 10, 7), False, "国庆节"),
        (dt.date(2026, 10, 8), True, ""),
        (dt.date(2026, 10, 10), True, ""),  # make-up working day (Saturday 调休上班)
        (dt.date(2026, 11, 29), True, ""),  # an ordinary Sunday: not a holiday
        (dt.date(2026, 11, 28), True, ""),  # an ordinary Saturday
        (dt.date(2026, 1, 3), False, "元旦"),  # Saturday ending 元旦 1月1日至3日
        (dt.date(2026, 1, 4), True, ""),  # make-up working Sunday after 元旦
        (dt.date(2026, 6, 21), False, "端午节"),  # the weekend of 端午 6月19日至21日
    ],
)
def test_open_days(cn, day, is_open, why):
    opened, reason = rules.day_opens(day, cn, {})
    assert opened is is_open
    assert why in reason


@pytest.mark.parametrize(
    ("hour", "minute", "is_open", "next_opening"),
    [
        (8, 59, False, at(dt.date(2026, 11, 30), 9)),
        (9, 0, True, None),  # opens at 9:00 exactly
        (11, 59, True, None),
        (12, 0, False, at(dt.date(2026, 11, 30), 14)),  # closed at 12:00 exactly
        (14, 0, True, None),  # opens at 14:00 exactly
        (17, 0, False, at(dt.date(2026, 12, 1), 9)),  # closed at 17:00 exactly
    ],
)
def test_sessions_on_an_ordinary_monday(cn, hour, minute, is_open, next_opening):
    state = rules.open_state(at(dt.date(2026, 11, 30), hour, minute), cn)
    assert state.open is is_open
    assert state.next_opening == next_opening
    assert (state.verdict.rule_id, state.verdict.source) == ("R-HM-03", "CQ-FN 附件1 二, 四")
    assert state.verdict.outcome == ("open" if is_open else "closed")


def test_open_on_an_ordinary_sunday_at_ten(cn):
    state = rules.open_state(at(dt.date(2026, 11, 29), 10), cn)
    assert state.open and state.closes_at == at(dt.date(2026, 11, 29), 12)


def test_open_on_a_make_up_working_day(cn):
    assert rules.open_state(at(dt.date(2026, 10, 10), 15), cn).open


def test_closed_on_a_statutory_holiday_with_the_next_opening_after_it(cn):
    state = rules.open_state(at(dt.date(2026, 10, 1), 10), cn)
    assert not state.open
    assert state.next_opening == at(dt.date(2026, 10, 8), 9)
    assert "国庆节" in state.reason
    assert "2026-10-08 09:00" in state.verdict.detail


def test_federation_exceptions_close_and_open(cn):
    monday, holiday = dt.date(2026, 11, 30), dt.date(2026, 10, 2)
    closed = rules.open_state(at(monday, 10), cn, {monday: False})
    assert not closed.open and closed.reason == "妇联安排闭馆"
    assert closed.next_opening == at(dt.date(2026, 12, 1), 9)
    opened = rules.open_state(at(holiday, 10), cn, {holiday: True})
    assert opened.open
    # the day before, the next opening is the exceptional day
    before = rules.open_state(at(dt.date(2026, 10, 1), 18), cn, {holiday: True})
    assert before.next_opening == at(holiday, 9)


def test_a_platform_override_makes_a_weekday_a_holiday(db):
    from lvzhi.core.models import WorkdayOverride

    WorkdayOverride.objects.create(date=dt.date(2026, 12, 2), is_workday=False, note="临时放假")
    cal = china_calendar(dt.date(2026, 11, 1), dt.date(2027, 1, 1))
    assert not rules.day_opens(dt.date(2026, 12, 2), cal, {})[0]
    assert rules.day_opens(dt.date(2026, 12, 3), cal, {})[0]


def fake_calendar(holidays: set, workdays_on_weekend: set = frozenset()):
    def day(d):
        if d in holidays:
            return rules.Day(workday=False, holiday=True, name="节")
        if d in workdays_on_weekend:
            return rules.Day(workday=True, holiday=False)
        return rules.Day(workday=d.weekday() < 5, holiday=False)

    return day


def test_a_weekend_beside_a_holiday_is_in_its_period_but_not_one_a_workday_away():
    friday = dt.date(2026, 11, 27)
    cal = fake_calendar({friday})
    assert rules.holiday_name(dt.date(2026, 11, 29), cal) == "节"  # Fri–Sun rest run
    assert rules.holiday_name(dt.date(2026, 12, 5), cal) is None  # next weekend


# R-HM-04: updated every half-year.


@pytest.mark.parametrize(
    ("last", "today", "outcome"),
    [
        (dt.date(2026, 5, 29), dt.date(2026, 11, 28), "ok"),
        (dt.date(2026, 5, 29), dt.date(2026, 11, 29), "ok"),  # exactly half a year: due today
        (dt.date(2026, 5, 29), dt.date(2026, 11, 30), "stale"),
        (dt.date(2026, 8, 31), dt.date(2027, 2, 28), "ok"),  # no 31 February: month's end
        (dt.date(2026, 8, 31), dt.date(2027, 3, 1), "stale"),
        (None, dt.date(2026, 11, 29), "stale"),
    ],
)
def test_board_staleness(last, today, outcome):
    verdict = rules.board_verdict(board="妇工园地", last_update=last, today=today)
    assert (verdict.rule_id, verdict.source, verdict.outcome) == (
        "R-HM-04",
        "CQ-FN 附件1 六",
        outcome,
    )
    assert "妇工园地" in verdict.detail


# R-HM-01: the six standards as data.


def test_checklist_has_the_six_standards_and_their_parts():
    standards = rules.checklist()
    assert [s.name for s in standards] == [
        "有明显标识",
        "有固定场所",
        "有制度档案",
        "有工作展示",
        "有丰富活动",
        "有工作人员",
    ]
    activities = next(s for s in standards if s.code == "activities")
    assert len(activities.parts) == 6  # six service functions
    codes = rules.part_codes()
    assert len(codes) == len(set(codes)) == 21
    assert "中国妇女报" in next(s for s in standards if s.code == "venue").parts[1].name


def test_checklist_verdict():
    codes = rules.part_codes()
    assert rules.checklist_verdict(dict.fromkeys(codes, True)).outcome == "met"
    one_failed = {**dict.fromkeys(codes, True), "rota": False}
    v = rules.checklist_verdict(one_failed)
    assert (v.rule_id, v.outcome) == ("R-HM-01", "unmet") and "轮职值班" in v.detail
    assert rules.checklist_verdict({"sign_board": True}).outcome == "pending"


# R-HM-05: the lending register.


@pytest.mark.parametrize(
    ("returned_on", "today", "overdue"),
    [
        (None, dt.date(2026, 11, 30), False),  # due today
        (None, dt.date(2026, 12, 1), True),
        (dt.date(2026, 12, 5), dt.date(2026, 12, 9), False),
    ],
)
def test_loan_overdue(returned_on, today, overdue):
    assert (
        rules.loan_overdue(due_date=dt.date(2026, 11, 30), returned_on=returned_on, today=today)
        is overdue
    )


def test_stale_before_agrees_with_the_verdict_every_day_of_two_years():
    today = dt.date(2026, 1, 1)
    while today < dt.date(2028, 1, 1):
        cutoff = rules.board_stale_before(today)
        for last in (cutoff - dt.timedelta(days=1), cutoff):
            stale = rules.board_verdict(board="b", last_update=last, today=today).outcome
            assert (stale == "stale") is (last < cutoff), (today, last)
        today += dt.timedelta(days=1)
