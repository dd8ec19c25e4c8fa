"""The ``clock`` fixture freezes every clock the code reads, in China time."""

import datetime as dt
import time

from django.utils import timezone

from lvzhi.core.periods import CHINA_TZ, today_local


def test_the_clock_starts_frozen_on_the_tree_day(clock):
    assert today_local() == dt.date(2026, 11, 29) == clock.today
    assert timezone.now() == dt.datetime(2026, 11, 29, 2, tzinfo=dt.UTC)
    time.sleep(0.01)
    assert timezone.now() == dt.datetime(2026, 11, 29, 2, tzinfo=dt.UTC)  # it does not tick


def test_a_date_means_ten_in_the_morning_in_china(clock):
    clock.set(dt.date(2031, 1, 1))
    assert timezone.now() == dt.datetime(2031, 1, 1, 2, tzinfo=dt.UTC)
    assert dt.date.today() == dt.date(2031, 1, 1)
    assert today_local() == dt.date(2031, 1, 1)
    assert clock.now() == dt.datetime(2031, 1, 1, 10, tzinfo=CHINA_TZ)
    assert time.time() == dt.datetime(2031, 1, 1, 2, tzinfo=dt.UTC).timestamp()


def test_china_today_differs_from_utc_today_after_midnight_in_china(clock):
    clock.set(dt.datetime(2030, 6, 30, 23, 30))  # naive: China time
    clock.advance(hours=1)
    assert today_local() == dt.date(2030, 7, 1)
    assert timezone.now().date() == dt.date(2030, 6, 30)  # still 30 June in UTC


def test_advance_moves_by_days(clock):
    clock.set(dt.date(2028, 12, 31))
    clock.advance(days=1)
    assert today_local() == dt.date(2029, 1, 1)
    assert clock.advance(days=-2, minutes=5) == dt.datetime(2028, 12, 30, 10, 5, tzinfo=CHINA_TZ)


def test_without_the_fixture_the_clock_is_real_and_ticks():
    before = timezone.now()
    time.sleep(0.01)
    assert timezone.now() > before
    assert before != dt.datetime(2026, 11, 29, 2, tzinfo=dt.UTC)
