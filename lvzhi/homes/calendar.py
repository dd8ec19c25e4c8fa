"""The calendar R-HM-03 reads: China's statutory holidays and adjusted working days (the
``holidays`` package, as ``lvzhi.core.workdays``), with the platform's ``WorkdayOverride``
rows first. A rest day an override adds on a weekday is a holiday (a new State Council
notice the package does not know yet)."""

import datetime as dt
from functools import lru_cache

import holidays

from lvzhi.core.models import WorkdayOverride

from .rules import Day

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Chinese New Year's Eve": "春节",
    "Chinese New Year (Spring Festival)": "春节",
    "Tomb-Sweeping Day": "清明节",
    "Labor Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-Autumn Festival": "中秋节",
    "National Day": "国庆节",
}


@lru_cache(maxsize=16)
def _china(year: int):
    return holidays.China(years=year)


def _name(raw: str) -> str:
    for english, chinese in HOLIDAY_NAMES.items():
        if raw.startswith(english):
            return chinese
    return ""


def china_calendar(start: dt.date, end: dt.date):
    """A calendar function for ``rules.open_state`` over [start, end] (overrides read in
    one query; dates outside still answer, from the package alone)."""
    overrides = dict(
        WorkdayOverride.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", "is_workday"
        )
    )

    def day(date: dt.date) -> Day:
        cn = _china(date.year)
        listed = cn.get(date)
        if date in overrides:
            workday = overrides[date]
            holiday = not workday and (listed is not None or date.weekday() < 5)
        else:
            workday = cn.is_working_day(date)
            holiday = listed is not None and not workday
        name = _name(listed.split(";")[0]) if listed else ""
        return Day(workday=workday, holiday=holiday, name=name)

    return day


def calendar_around(now: dt.datetime, days: int = 60):
    today = now.date()
    return china_calendar(today - dt.timedelta(days=14), today + dt.timedelta(days=days + 14))
