"""Working days across the 2026 Spring Festival and National Day, as the State Council
arranged them (国务院办公厅关于2026年部分节假日安排的通知, 2025年11月4日):

  春节：2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
  国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
  (also 中秋节 9月25日（周五）至27日（周日）放假)

The ``holidays`` package agrees with the notice (checked below), so no override is
needed for 2026; a ``WorkdayOverride`` row still comes first.
"""

import datetime as dt

import holidays
import pytest

from lvzhi.core.models import WorkdayOverride
from lvzhi.core.workdays import add_workdays, is_workday, workdays_between


def d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(n) for n in range((end - start).days + 1)]


SPRING_FESTIVAL = days(d(2, 15), d(2, 23))
NATIONAL_DAY = days(d(10, 1), d(10, 7))
MID_AUTUMN = days(d(9, 25), d(9, 27))
MAKE_UP_DAYS = [d(1, 4), d(2, 14), d(2, 28), d(5, 9), d(9, 20), d(10, 10)]


def test_the_holidays_package_matches_the_state_council_notice():
    china = holidays.China(years=2026)
    for day in SPRING_FESTIVAL + NATIONAL_DAY + MID_AUTUMN:
        assert not china.is_working_day(day), day
    for day in MAKE_UP_DAYS:
        assert day.weekday() >= 5 and china.is_working_day(day), day
    # The days off of the two holidays that are not weekends are holidays of the package.
    assert {day for day in SPRING_FESTIVAL if day.weekday() < 5} <= set(china)
    assert {day for day in NATIONAL_DAY if day.weekday() < 5} <= set(china)


# ---------------------------------------------------------------- is_workday


@pytest.mark.django_db
@pytest.mark.parametrize("day", SPRING_FESTIVAL + NATIONAL_DAY + MID_AUTUMN)
def test_holiday_days_are_not_working_days(day):
    assert is_workday(day) is False


@pytest.mark.django_db
@pytest.mark.parametrize("day", MAKE_UP_DAYS)
def test_make_up_weekends_are_working_days(day):
    assert day.weekday() >= 5  # a Saturday or a Sunday…
    assert is_workday(day) is True  # …on which people go to work (调休上班)


@pytest.mark.django_db
def test_ordinary_days_around_the_holidays():
    assert is_workday(d(2, 13)) is True  # Friday before the Spring Festival
    assert is_workday(d(2, 24)) is True  # first day back
    assert is_workday(d(2, 21)) is False  # an ordinary Saturday inside the break
    assert is_workday(d(3, 1)) is False  # Sunday after the make-up Saturday
    assert is_workday(d(9, 19)) is False  # Saturday before the make-up Sunday
    assert is_workday(d(10, 8)) is True and is_workday(d(10, 9)) is True
    assert is_workday(d(10, 11)) is False  # Sunday after the make-up Saturday


# ---------------------------------------------------------------- add_workdays


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Spring Festival: Friday 13 → Saturday 14 (make-up) → Tuesday 24 …
        (d(2, 12), 1, d(2, 13)),
        (d(2, 13), 1, d(2, 14)),
        (d(2, 13), 2, d(2, 24)),
        (d(2, 13), 5, d(2, 27)),
        (d(2, 13), 6, d(2, 28)),  # the make-up Saturday counts
        (d(2, 13), 7, d(3, 2)),
        (d(2, 14), 1, d(2, 24)),
        (d(2, 16), 1, d(2, 24)),  # from inside the break: the first day back
        (d(2, 10), 9, d(2, 28)),  # 11, 12, 13, 14, 24, 25, 26, 27, 28
        # National Day: Friday 18 → Sunday 20 (make-up) → Monday 21 …
        (d(9, 18), 1, d(9, 20)),
        (d(9, 18), 2, d(9, 21)),
        (d(9, 24), 1, d(9, 28)),  # Mid-Autumn 25–27
        (d(9, 25), 5, d(10, 9)),  # the service tests' deadline: 28, 29, 30, 8, 9
        (d(9, 30), 1, d(10, 8)),
        (d(9, 30), 3, d(10, 10)),  # the make-up Saturday counts
        (d(9, 30), 4, d(10, 12)),
        (d(10, 3), 0, d(10, 3)),
    ],
)
def test_add_workdays_across_the_holidays(start, count, expected):
    assert add_workdays(start, count) == expected


@pytest.mark.django_db
def test_add_workdays_refuses_a_negative_count():
    with pytest.raises(ValueError):
        add_workdays(d(2, 13), -1)


# ---------------------------------------------------------------- workdays_between


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (d(2, 13), d(2, 23), 1),  # only the make-up Saturday 14
        (d(2, 14), d(2, 23), 0),  # the nine days off
        (d(2, 13), d(2, 28), 6),  # 14, 24, 25, 26, 27, 28
        (d(2, 1), d(2, 28), 16),  # February: 20 weekdays − 6 days off + 2 make-up Saturdays
        (d(9, 30), d(10, 7), 0),
        (d(9, 19), d(10, 10), 11),  # 20, 21–24, 28–30, 8, 9, 10
        (d(10, 1), d(10, 1), 0),
        (d(10, 10), d(10, 1), 0),  # end before start
    ],
)
def test_workdays_between(start, end, expected):
    assert workdays_between(start, end) == expected


@pytest.mark.django_db
def test_between_and_add_agree_across_2026():
    start = d(1, 1)
    for count in (1, 5, 20, 40, 100, 200, 240):
        end = add_workdays(start, count)
        assert workdays_between(start, end) == count
        assert is_workday(end)


@pytest.mark.django_db
def test_2026_has_the_expected_number_of_working_days():
    # 261 weekdays − 19 weekday holidays and days off (1.1–2, 2.16–20, 2.23, 4.6, 5.1, 5.4–5,
    # 6.19, 9.25, 10.1–2, 10.5–7) + 6 make-up weekend days.
    assert workdays_between(dt.date(2025, 12, 31), dt.date(2026, 12, 31)) == 261 - 19 + 6


# ---------------------------------------------------------------- overrides first


@pytest.mark.django_db
def test_an_override_comes_before_the_statutory_calendar():
    # A local day off on the make-up Saturday, and local work on a holiday.
    WorkdayOverride.objects.create(date=d(2, 28), is_workday=False, note="本地调整")
    WorkdayOverride.objects.create(date=d(10, 7), is_workday=True, note="值班")
    assert is_workday(d(2, 28)) is False
    assert is_workday(d(10, 7)) is True
    assert add_workdays(d(2, 13), 6) == d(3, 2)  # 28 no longer counts
    assert add_workdays(d(9, 30), 1) == d(10, 7)
    assert workdays_between(d(9, 30), d(10, 8)) == 2
    assert workdays_between(d(2, 13), d(2, 28)) == 5
    # Without the rows the statutory calendar answers again.
    WorkdayOverride.objects.all().delete()
    assert is_workday(d(2, 28)) is True and is_workday(d(10, 7)) is False


@pytest.mark.django_db
def test_an_override_on_a_deadline_moves_it():
    start = d(1, 5)
    plain = add_workdays(start, 60)
    WorkdayOverride.objects.create(date=plain, is_workday=False)
    assert add_workdays(start, 60) > plain
