"""Core helpers: PII, search text, periods, working days, rule sets."""

import datetime as dt

import pytest

from lvzhi.core import periods, pii, rulesets, search, workdays
from lvzhi.core.models import WorkdayOverride


def test_pii_round_trip_and_masks():
    token = pii.encrypt("11010519491231002X")
    assert "1101" not in token
    assert pii.decrypt(token) == "11010519491231002X"
    assert pii.encrypt("same") != pii.encrypt("same")  # randomized encryption
    assert pii.blind_index("11010519491231002x") == pii.blind_index("11010519491231002X")
    assert pii.mask_id_number("12010119900101002X") == "**************002X"
    assert pii.mask_phone("13812345678") == "138****5678"


def test_pii_wrong_key_is_refused(settings):
    token = pii.encrypt("13812345678")
    settings.PII_KEY = "another-key"
    with pytest.raises(ValueError, match="无法解密"):
        pii.decrypt(token)


def test_search_text_pairs():
    assert search.build_search_text("杭州道街道") == "杭州 州道 道街 街道"
    assert search.build_search_text("BH-FL 妇联") == "bh fl 妇联"
    assert search.query_phrases("新河 街道") == ["新河", "街道"]
    assert search.query_phrases("新河街") == ["新河 河街"]


def test_periods_in_china_time():
    # 2026-03-31 20:00 UTC is already 1 April in Shanghai: Q2
    now = dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC)
    today = periods.today_local(now)
    assert today == dt.date(2026, 4, 1)
    q = periods.period_of("quarter", today)
    assert (q.start, q.end, q.label) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 6, 30),
        "2026年第二季度",
    )
    h = periods.period_of("half", dt.date(2026, 7, 1))
    assert (h.start, h.end, h.code) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31), "2026H2")
    assert periods.period_of("quarter", dt.date(2026, 1, 1)).previous().code == "2025Q4"
    assert [
        p.code for p in periods.periods_between("half", dt.date(2026, 5, 1), dt.date(2027, 1, 2))
    ] == ["2026H1", "2026H2", "2027H1"]


@pytest.mark.django_db
def test_workdays_spring_festival_and_national_day_2026():
    # 2026 Spring Festival: 2/15–2/23 off, Saturday 2/14 and 2/28 are make-up working days
    assert workdays.is_workday(dt.date(2026, 2, 14)) is True
    assert workdays.is_workday(dt.date(2026, 2, 17)) is False
    assert workdays.is_workday(dt.date(2026, 2, 23)) is False
    assert workdays.is_workday(dt.date(2026, 2, 28)) is True
    # from Friday 2/13: 1 → Sat 2/14 (make-up), 2 → Tue 2/24 after the holiday
    assert workdays.add_workdays(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 14)
    assert workdays.add_workdays(dt.date(2026, 2, 13), 2) == dt.date(2026, 2, 24)
    # National Day: 10/1–10/7 off
    assert workdays.is_workday(dt.date(2026, 10, 5)) is False
    assert workdays.add_workdays(dt.date(2026, 9, 30), 1) > dt.date(2026, 10, 7)


@pytest.mark.django_db
def test_workday_override_wins():
    day = dt.date(2026, 12, 1)  # a Tuesday
    assert workdays.is_workday(day)
    WorkdayOverride.objects.create(date=day, is_workday=False, note="区里统一安排")
    assert not workdays.is_workday(day)
    assert workdays.workdays_between(dt.date(2026, 11, 30), dt.date(2026, 12, 2)) == 1


def test_rule_set_loads_every_rule_with_source():
    ruleset = rulesets.load_ruleset("cq2019")
    assert len(ruleset.rules) == 64
    assert ruleset["R-OR-08"].source.startswith("CQ-4X")
    verdict = rulesets.verdict("R-OR-08", "overdue", "逾期")
    assert verdict.as_dict()["rule_id"] == "R-OR-08"
    with pytest.raises(LookupError):
        rulesets.load_ruleset("no-such-set")
