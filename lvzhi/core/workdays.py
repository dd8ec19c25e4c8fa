"""China's working-day calendar: ``WorkdayOverride`` rows first, then the State Council
holidays and adjusted working days (调休) from the ``holidays`` package."""

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _china(year: int):
    return holidays.China(years=year)


def _statutory_workday(day: dt.date) -> bool:
    return _china(day.year).is_working_day(day)


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    from lvzhi.core.models import WorkdayOverride

    return dict(
        WorkdayOverride.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", "is_workday"
        )
    )


def is_workday(day: dt.date, overrides: dict[dt.date, bool] | None = None) -> bool:
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    return _statutory_workday(day)


def add_workdays(start: dt.date, count: int) -> dt.date:
    """The date ``count`` working days after ``start`` (start itself not counted).

    A deadline of 5 working days from a Friday before National Day lands after the
    holiday; a make-up Saturday (调休上班) counts."""
    if count < 0:
        raise ValueError("工作日数不能为负")
    horizon = start + dt.timedelta(days=count * 3 + 30)
    overrides = _overrides(start, horizon)
    day = start
    remaining = count
    while remaining:
        day += dt.timedelta(days=1)
        if day > horizon:
            horizon = day + dt.timedelta(days=60)
            overrides.update(_overrides(day, horizon))
        if is_workday(day, overrides):
            remaining -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days have passed since ``start``."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_workday(day, overrides):
            count += 1
    return count
